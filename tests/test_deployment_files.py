"""docker-compose.yml, deploy/, Dockerfile and .env.example agree with what the app needs.

No Docker engine is needed: the files are read as data, and compose's ${VAR} interpolation is
reproduced for the forms the compose file uses. The deployment: PostgreSQL, Redis, a one-shot
migration, two or more app instances behind an nginx proxy, and a scheduler for the periodic
jobs (docs/deployment.md).
"""

import json
import re
import runpy
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

from tests.django_process import REPO_ROOT, run_django

# Variables the production settings refuse to start without (or must be set to be production).
PRODUCTION_REQUIRED = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "BH_ENVIRONMENT", "DEBUG"}
# In .env.example for compose only (the database and proxy containers); settings do not read them.
COMPOSE_ONLY = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "TLS_CERT_DIR"}
# Read by deploy/gunicorn.conf.py in each app instance.
GUNICORN_VARIABLES = {"GUNICORN_WORKERS", "GUNICORN_TIMEOUT"}
# Read by the settings but fixed in the image: static files are collected at build time.
NOT_PASSED_TO_WEB = {"STATIC_ROOT"}

# What a filled-in .env could hold.
SAMPLE_DOTENV = {
    "POSTGRES_DB": "huse",
    "POSTGRES_USER": "huse_app",
    "POSTGRES_PASSWORD": "s3cret-pw",
    "SECRET_KEY": "a-long-random-secret-key-for-the-deployment-test-only",
    "ALLOWED_HOSTS": "booking.example.dk",
    "TLS_CERT_DIR": "/etc/ssl/huse",
}
# The app containers: one image and one environment (docker-compose.yml's x-app anchor).
APP_SERVICES = ("migrate", "web1", "web2", "scheduler")

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
def services(compose) -> dict:
    return compose["services"]


def environment_of(service: dict, dotenv: dict[str, str] = SAMPLE_DOTENV) -> dict[str, str]:
    """A container's environment as compose builds it from `dotenv`."""
    return {name: interpolate(str(value), dotenv) for name, value in service["environment"].items()}


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def web_instances(services: dict) -> list[str]:
    """The app instances serving requests: built from the app, running the image's gunicorn."""
    return sorted(
        name
        for name, service in services.items()
        if service.get("build") and "command" not in service
    )


@pytest.fixture(scope="module")
def web_environment(services) -> dict[str, str]:
    """An app instance's environment for a typical .env."""
    return environment_of(services["web1"])


@pytest.fixture(scope="module")
def nginx_conf() -> str:
    return (REPO_ROOT / "deploy" / "nginx.conf").read_text()


# --- The services -----------------------------------------------------------------------------


def test_database_service_is_postgres_16_with_volume_and_healthcheck(compose, services):
    db = services["db"]

    assert db["image"].split(":") == ["postgres", "16"]
    data_volume = next(v for v in db["volumes"] if v.endswith(":/var/lib/postgresql/data"))
    assert data_volume.split(":")[0] in compose["volumes"]  # named, so data survives rebuilds
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"} <= set(db["environment"])


def test_redis_is_the_shared_cache_of_every_app_container(services):
    redis = services["redis"]

    assert redis["image"].split(":")[0] == "redis"
    assert "ping" in " ".join(redis["healthcheck"]["test"])
    assert "ports" not in redis  # reachable from the app containers only
    for name in APP_SERVICES:
        url = urlsplit(environment_of(services[name])["REDIS_URL"])
        assert url.scheme == "redis", name
        assert url.hostname == "redis" and url.hostname in services, name


def test_two_or_more_app_instances_from_one_image_and_environment(services):
    instances = web_instances(services)

    assert len(instances) >= 2
    for name in APP_SERVICES:
        service = services[name]
        build = service["build"]
        assert (build if isinstance(build, str) else build["context"]) == "."
        assert service["image"] == services["web1"]["image"], name
        assert service["environment"] == services["web1"]["environment"], name
    for name in instances:
        assert "ports" not in services[name], f"{name} is reached through the proxy only"
        assert "deploy/healthcheck.py" in " ".join(services[name]["healthcheck"]["test"])


def test_migrations_run_once_before_the_instances_and_the_scheduler(services):
    migrate = services["migrate"]

    assert "manage.py migrate --noinput" in command_of(migrate)
    assert migrate["restart"] == "no"  # a one-shot: done, it stays done
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    for name in [*web_instances(services), "scheduler"]:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        assert "migrate" not in command_of(services[name]), name


def test_scheduler_runs_the_periodic_jobs_in_a_loop_with_a_health_check(services):
    scheduler = services["scheduler"]

    assert command_of(scheduler) == "python manage.py run_periodic_jobs"  # the loop, not --once
    assert "run_periodic_jobs --check" in " ".join(scheduler["healthcheck"]["test"])
    # docker stop waits for a round being published rather than killing it mid-way.
    assert scheduler["stop_grace_period"] in ("2m", "3m", "5m")


def test_proxy_is_the_only_way_in_and_serves_deploy_nginx_conf(services):
    proxy = services["proxy"]
    published = [
        name for name, service in services.items() if "ports" in service and name != "proxy"
    ]

    assert proxy["image"].split(":")[0] == "nginx"
    assert sorted(str(port) for port in proxy["ports"]) == ["443:443", "80:80"]
    assert published == []
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert any(v.endswith(":/etc/nginx/certs:ro") for v in proxy["volumes"])
    assert set(proxy["depends_on"]) == set(web_instances(services))


# --- The proxy's configuration ----------------------------------------------------------------


def test_nginx_spreads_requests_over_every_app_instance(services, nginx_conf):
    upstream = re.search(r"upstream app \{(.*?)\}", nginx_conf, re.DOTALL).group(1)
    servers = re.findall(r"^\s*server\s+([\w.-]+):8000\b", upstream, re.MULTILINE)

    assert sorted(servers) == web_instances(services)
    assert "proxy_pass http://app;" in nginx_conf


def test_nginx_tells_the_app_the_client_and_the_scheme(nginx_conf):
    assert "proxy_set_header Host $host;" in nginx_conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx_conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx_conf
    assert "return 301 https://$host$request_uri;" in nginx_conf  # plain HTTP goes to HTTPS


def test_nginx_timeouts_body_limit_and_compression(nginx_conf):
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx_conf).group(1))
    gunicorn = runpy.run_path(str(REPO_ROOT / "deploy" / "gunicorn.conf.py"))

    # The app ends a slow request (and says so in its log) before the proxy gives up on it.
    assert read_timeout > gunicorn["timeout"]
    assert re.search(r"client_max_body_size \d+m;", nginx_conf)
    assert "gzip on;" in nginx_conf
    assert "application/json" in nginx_conf and "text/calendar" in nginx_conf


def test_the_proxy_count_the_app_trusts_is_nginx(web_environment):
    assert web_environment["TRUSTED_PROXY_COUNT"] == "1"


# --- gunicorn and the image -------------------------------------------------------------------


def gunicorn_settings(**env: str) -> subprocess.CompletedProcess[str]:
    probe = (
        "import json, runpy; c = runpy.run_path('deploy/gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in "
        "('bind', 'workers', 'timeout', 'accesslog', 'access_log_format')}))"
    )
    return subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_gunicorn_config_reads_workers_and_timeout_and_logs_request_time():
    default = json.loads(gunicorn_settings().stdout)
    tuned = json.loads(gunicorn_settings(GUNICORN_WORKERS="9", GUNICORN_TIMEOUT="45").stdout)

    assert (default["bind"], default["workers"], default["timeout"]) == ("0.0.0.0:8000", 3, 30)
    assert (tuned["workers"], tuned["timeout"]) == (9, 45)
    assert default["accesslog"] == "-"
    assert "%(M)s" in default["access_log_format"]  # milliseconds per request
    assert "x-forwarded-for" in default["access_log_format"]


@pytest.mark.parametrize("value", ["many", "0"])
def test_gunicorn_config_refuses_a_bad_worker_count(value):
    result = gunicorn_settings(GUNICORN_WORKERS=value)

    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be" in result.stderr


def test_dockerfile_builds_a_non_root_image_with_static_files_and_the_gunicorn_config():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b"):
        assert package in dockerfile
    assert "pip install ." in dockerfile
    assert "collectstatic --noinput" in dockerfile
    user = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    cmd = json.loads(re.findall(r"^CMD\s+(\[.*\])$", dockerfile, re.MULTILINE)[-1])
    assert cmd == ["gunicorn", "--config", "deploy/gunicorn.conf.py", "backend.wsgi:application"]
    assert "deploy" not in (REPO_ROOT / ".dockerignore").read_text().split()


@pytest.mark.django_db(transaction=True)
def test_healthcheck_passes_on_a_serving_instance_and_fails_without_one(live_server):
    script = [sys.executable, str(REPO_ROOT / "deploy" / "healthcheck.py")]
    port = urlsplit(live_server.url).port
    env = {"PATH": "/usr/bin:/bin", "ALLOWED_HOSTS": "*.example.dk, localhost"}

    serving = subprocess.run([*script, "--port", str(port)], env=env, check=False)
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        nobody = unused.getsockname()[1]
    down = subprocess.run(
        [*script, "--port", str(nobody)], env=env, capture_output=True, text=True, check=False
    )

    assert serving.returncode == 0
    assert down.returncode == 1
    assert "unhealthy" in down.stderr


# --- Environment and secrets ------------------------------------------------------------------


def test_web_sets_every_variable_production_requires(services, web_environment):
    assert set(services["web1"]["environment"]) >= PRODUCTION_REQUIRED
    assert web_environment["BH_ENVIRONMENT"] == "production"
    assert web_environment["DEBUG"] == "false"
    assert web_environment["SECRET_KEY"] == SAMPLE_DOTENV["SECRET_KEY"]
    assert web_environment["ALLOWED_HOSTS"] == SAMPLE_DOTENV["ALLOWED_HOSTS"]


def test_web_passes_through_every_setting(services):
    assert (
        set(services["web1"]["environment"])
        == (settings_variables() - NOT_PASSED_TO_WEB) | GUNICORN_VARIABLES
    )


@pytest.mark.parametrize(
    "variable", ["SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD", "TLS_CERT_DIR"]
)
def test_compose_refuses_to_run_without_secrets(services, variable):
    incomplete = {k: v for k, v in SAMPLE_DOTENV.items() if k != variable}
    values = [
        str(value)
        for service in services.values()
        for value in [*service.get("environment", {}).values(), *service.get("volumes", [])]
    ]

    with pytest.raises(MissingVariableError, match=variable):
        for value in values:
            interpolate(value, incomplete)


@pytest.mark.parametrize("secret", ["SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"])
def test_no_secret_has_a_default_value_in_compose(secret):
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    uses = re.findall(r"\$\{" + secret + r"(:?[-?])?([^}]*)\}", text)

    assert uses, secret
    for op, default in uses:
        # Required (:?), or empty by default (only the e-mail password may be absent).
        assert op.endswith("?") or default == "", (secret, op, default)


def test_database_url_points_at_the_db_service(services, web_environment):
    url = urlsplit(web_environment["DATABASE_URL"])
    db_env = environment_of(services["db"])

    assert url.scheme in ("postgres", "postgresql")
    assert url.hostname == "db"
    assert url.hostname in services
    assert url.port in (None, 5432)
    assert url.username == db_env["POSTGRES_USER"]
    assert url.password == db_env["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == db_env["POSTGRES_DB"]


def test_web_environment_passes_the_production_settings_checks(web_environment):
    """The container's environment, as compose builds it, lets backend.settings start."""
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.DATABASES['default']['ENGINE'], "
        "s.DATABASES['default']['HOST'], s.ALLOWED_HOSTS, s.CACHES['default']['BACKEND'], "
        "s.REST_FRAMEWORK['NUM_PROXIES'], s.SECURE_PROXY_SSL_HEADER]))"
    )
    result = run_django(probe, web_environment)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        False,
        "django.db.backends.postgresql",
        "db",
        ["booking.example.dk"],
        "django.core.cache.backends.redis.RedisCache",
        1,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


def test_env_example_documents_exactly_the_variables_settings_read():
    documented = set(dotenv_example())

    assert documented - COMPOSE_ONLY - GUNICORN_VARIABLES == settings_variables()
    assert documented >= COMPOSE_ONLY | GUNICORN_VARIABLES


def test_gunicorn_variables_are_the_ones_its_config_reads():
    source = (REPO_ROOT / "deploy" / "gunicorn.conf.py").read_text()
    read = set(re.findall(r"[\"'](GUNICORN_[A-Z_]+)[\"']", source))

    assert read - {"GUNICORN_BIND"} == GUNICORN_VARIABLES  # the bind is the image's own


def test_env_example_compose_only_variables_are_used_by_compose():
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    for name in COMPOSE_ONLY | GUNICORN_VARIABLES:
        assert f"${{{name}" in text, name


def test_env_example_comments_every_variable():
    lines = (REPO_ROOT / ".env.example").read_text().splitlines()
    for index, line in enumerate(lines):
        if re.match(r"[A-Z][A-Z0-9_]*=", line):
            assert lines[index - 1].startswith("#"), f"no comment above {line!r}"


def test_env_example_secret_placeholder_is_refused_by_settings():
    # Copying .env.example unchanged must not yield a running production site.
    assert len(dotenv_example()["SECRET_KEY"]) < 32
