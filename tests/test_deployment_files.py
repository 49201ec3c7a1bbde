"""docker-compose.yml, Dockerfile and .env.example agree with what backend/settings.py needs.

No Docker engine is needed: the files are read as data, and compose's ${VAR} interpolation is
reproduced for the forms the compose file uses.
"""

import json
import re
from urllib.parse import urlsplit

import pytest
import yaml

from tests.django_process import REPO_ROOT, run_django

# Variables the production settings refuse to start without (or must be set to be production).
PRODUCTION_REQUIRED = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "BH_ENVIRONMENT", "DEBUG"}
# In .env.example for the database container only; backend/settings.py does not read them.
COMPOSE_ONLY = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
# Read by the settings but fixed in the image: static files are collected at build time.
NOT_PASSED_TO_WEB = {"STATIC_ROOT"}

# What a filled-in .env could hold.
SAMPLE_DOTENV = {
    "POSTGRES_DB": "huse",
    "POSTGRES_USER": "huse_app",
    "POSTGRES_PASSWORD": "s3cret-pw",
    "SECRET_KEY": "a-long-random-secret-key-for-the-deployment-test-only",
    "ALLOWED_HOSTS": "booking.example.dk",
}

_INTERPOLATION = re.compile(
    r"\$\$"
    r"|\$\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|\$(?P<bare>[A-Za-z_]\w*)"
)


class MissingVariableError(Exception):
    pass


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$."""

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg = match.group("op"), match.group("arg") or ""
        current = env.get(name)
        missing = current is None or (op is not None and op.startswith(":") and current == "")
        if op and op.endswith("?") and missing:
            raise MissingVariableError(f"{name}: {arg}")
        if op and op.endswith("-") and missing:
            return arg
        return current or ""

    return _INTERPOLATION.sub(substitute, value)


def settings_variables() -> set[str]:
    source = (REPO_ROOT / "backend" / "settings.py").read_text()
    return set(re.findall(r"\benv_\w+\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))


def dotenv_example() -> dict[str, str]:
    values = {}
    for line in (REPO_ROOT / ".env.example").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep, f"not NAME=value: {line!r}"
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), name
        values[name] = value.strip().strip("\"'")
    return values


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def web_environment(compose) -> dict[str, str]:
    """The web container's environment for a typical .env."""
    raw = compose["services"]["web"]["environment"]
    return {name: interpolate(str(value), SAMPLE_DOTENV) for name, value in raw.items()}


def test_database_service_is_postgres_16_with_volume_and_healthcheck(compose):
    db = compose["services"]["db"]

    assert db["image"].split(":") == ["postgres", "16"]
    data_volume = next(v for v in db["volumes"] if v.endswith(":/var/lib/postgresql/data"))
    assert data_volume.split(":")[0] in compose["volumes"]  # named, so data survives rebuilds
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"} <= set(db["environment"])


def test_web_waits_for_a_healthy_database(compose):
    web = compose["services"]["web"]

    build = web["build"]
    assert (build if isinstance(build, str) else build["context"]) == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(str(port).endswith("8000") for port in web["ports"])


def test_web_command_migrates_then_starts_gunicorn(compose):
    command = compose["services"]["web"]["command"]
    command = command if isinstance(command, str) else " ".join(command)

    assert "manage.py migrate --noinput" in command
    assert "gunicorn backend.wsgi:application" in command
    assert command.index("migrate") < command.index("gunicorn")


def test_web_sets_every_variable_production_requires(compose, web_environment):
    assert set(compose["services"]["web"]["environment"]) >= PRODUCTION_REQUIRED
    assert web_environment["BH_ENVIRONMENT"] == "production"
    assert web_environment["DEBUG"] == "false"
    assert web_environment["SECRET_KEY"] == SAMPLE_DOTENV["SECRET_KEY"]
    assert web_environment["ALLOWED_HOSTS"] == SAMPLE_DOTENV["ALLOWED_HOSTS"]


def test_web_passes_through_every_setting(compose):
    assert set(compose["services"]["web"]["environment"]) == (
        settings_variables() - NOT_PASSED_TO_WEB
    )


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"])
def test_compose_refuses_to_run_without_secrets(compose, variable):
    incomplete = {k: v for k, v in SAMPLE_DOTENV.items() if k != variable}
    raw = compose["services"]["web"]["environment"]

    with pytest.raises(MissingVariableError, match=variable):
        for value in raw.values():
            interpolate(str(value), incomplete)


def test_database_url_points_at_the_db_service(compose, web_environment):
    url = urlsplit(web_environment["DATABASE_URL"])
    db_env = {
        name: interpolate(str(value), SAMPLE_DOTENV)
        for name, value in compose["services"]["db"]["environment"].items()
    }

    assert url.scheme in ("postgres", "postgresql")
    assert url.hostname == "db"
    assert url.hostname in compose["services"]
    assert url.port in (None, 5432)
    assert url.username == db_env["POSTGRES_USER"]
    assert url.password == db_env["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == db_env["POSTGRES_DB"]


def test_web_environment_passes_the_production_settings_checks(web_environment):
    """The container's environment, as compose builds it, lets backend.settings start."""
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.DATABASES['default']['ENGINE'], "
        "s.DATABASES['default']['HOST'], s.ALLOWED_HOSTS]))"
    )
    result = run_django(probe, web_environment)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        False,
        "django.db.backends.postgresql",
        "db",
        ["booking.example.dk"],
    ]


def test_env_example_documents_exactly_the_variables_settings_read():
    documented = set(dotenv_example())

    assert documented - COMPOSE_ONLY == settings_variables()
    assert documented >= COMPOSE_ONLY


def test_env_example_compose_only_variables_are_used_by_compose():
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    for name in COMPOSE_ONLY:
        assert f"${{{name}" in text, name


def test_env_example_comments_every_variable():
    lines = (REPO_ROOT / ".env.example").read_text().splitlines()
    for index, line in enumerate(lines):
        if re.match(r"[A-Z][A-Z0-9_]*=", line):
            assert lines[index - 1].startswith("#"), f"no comment above {line!r}"


def test_env_example_secret_placeholder_is_refused_by_settings():
    # Copying .env.example unchanged must not yield a running production site.
    assert len(dotenv_example()["SECRET_KEY"]) < 32


def test_dockerfile_builds_a_non_root_image_with_static_files():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b"):
        assert package in dockerfile
    assert "pip install ." in dockerfile
    assert "collectstatic --noinput" in dockerfile
    user = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
