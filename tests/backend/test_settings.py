"""Settings from the environment: the strict helpers, and how backend.settings starts or refuses.

Each start-up case runs in a subprocess with a controlled environment, because settings are read
once at import and the test process already has its own.
"""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from backend.env import env_bool, env_choice, env_int, env_list, env_redis_url, env_str
from tests.django_process import REPO_ROOT, run_django

LONG_KEY = "k" * 20 + "-not-a-real-secret-but-long-enough"

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "TIME_ZONE": s.TIME_ZONE,
    "LANGUAGE_CODE": s.LANGUAGE_CODE,
    "USE_TZ": s.USE_TZ,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "STATICFILES_BACKEND": s.STORAGES["staticfiles"]["BACKEND"],
    "CACHES": s.CACHES,
    "NUM_PROXIES": s.REST_FRAMEWORK["NUM_PROXIES"],
}))
"""


def start_django(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the real settings and set Django up in a fresh interpreter with only `env`."""
    return run_django(PROBE, env)


def started(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The ImproperlyConfigured message the process died with."""
    assert result.returncode != 0, result.stdout
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: "), result.stderr
    return last_line


# --- Starting up ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param({"DEBUG": "false"}, "SECRET_KEY", id="no-debug-default-key"),
        pytest.param({"DEBUG": "false", "SECRET_KEY": "too-short"}, "SECRET_KEY", id="short-key"),
        pytest.param(
            {
                "BH_ENVIRONMENT": "production",
                "DEBUG": "true",
                "SECRET_KEY": LONG_KEY,
                "ALLOWED_HOSTS": "booking.example.dk",
            },
            "DEBUG is on in production",
            id="production-with-debug",
        ),
        pytest.param(
            {"BH_ENVIRONMENT": "production", "SECRET_KEY": LONG_KEY},
            "ALLOWED_HOSTS",
            id="production-without-hosts",
        ),
        pytest.param({"DEBUG": "maybe"}, "DEBUG must be a boolean", id="bad-boolean"),
        pytest.param(
            {"REDIS_URL": "http://redis:6379/0"}, "REDIS_URL must start with", id="not-redis"
        ),
        pytest.param({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT", id="negative-proxies"),
    ],
)
def test_unsafe_or_invalid_settings_refuse_to_start(env, expected):
    assert expected in refusal(start_django(**env))


def test_production_starts_with_long_key_and_hosts():
    settings = started(
        start_django(
            BH_ENVIRONMENT="production",
            SECRET_KEY=LONG_KEY,
            ALLOWED_HOSTS="booking.example.dk, www.booking.example.dk",
        )
    )

    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["booking.example.dk", "www.booking.example.dk"]
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["STATICFILES_BACKEND"].startswith("whitenoise.")


def test_development_starts_with_no_variables_at_all():
    settings = started(start_django())

    assert settings["DEBUG"] is True
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(settings["NAME"]) == REPO_ROOT / "var" / "db.sqlite3"
    assert settings["TIME_ZONE"] == "Europe/Copenhagen"
    assert settings["LANGUAGE_CODE"] == "da"
    assert settings["USE_TZ"] is True
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_without_redis_url_the_cache_is_local_memory():
    settings = started(start_django())

    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    # Room for every door page and feed of a large municipality, not Django's 300.
    assert settings["CACHES"]["default"]["OPTIONS"]["MAX_ENTRIES"] == 5000
    assert settings["NUM_PROXIES"] == 0  # X-Forwarded-For is not trusted unless told


def test_redis_url_gives_the_shared_redis_cache():
    settings = started(start_django(REDIS_URL="redis://redis:6379/1", TRUSTED_PROXY_COUNT="1"))

    assert settings["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis:6379/1",
        "KEY_PREFIX": "bh",
    }
    assert settings["NUM_PROXIES"] == 1


# --- backend.env helpers --------------------------------------------------------------------

VAR = "BH_TEST_SETTING"


@pytest.fixture
def unset(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)


def test_env_str_returns_value_or_default(monkeypatch, unset):
    assert env_str(VAR, "fallback") == "fallback"
    monkeypatch.setenv(VAR, "value")
    assert env_str(VAR, "fallback") == "value"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        (" TRUE ", True),
        ("yes", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_accepts_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, default=not expected) is expected


def test_env_bool_unset_uses_default(unset):
    assert env_bool(VAR, default=True) is True
    assert env_bool(VAR, default=False) is False


def test_env_bool_rejects_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv(VAR, "maybe")
    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be a boolean.*'maybe'"):
        env_bool(VAR, default=False)


def test_env_int_parses_or_uses_default(monkeypatch, unset):
    assert env_int(VAR, 25) == 25
    monkeypatch.setenv(VAR, "  ")
    assert env_int(VAR, 25) == 25
    monkeypatch.setenv(VAR, "587")
    assert env_int(VAR, 25) == 587


def test_env_int_rejects_non_integers_naming_the_variable(monkeypatch):
    monkeypatch.setenv(VAR, "25.5")
    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be an integer"):
        env_int(VAR, 25)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch, unset):
    assert env_list(VAR, ["default"]) == ["default"]
    monkeypatch.setenv(VAR, " a.example.dk, ,b.example.dk ,")
    assert env_list(VAR, ["default"]) == ["a.example.dk", "b.example.dk"]
    monkeypatch.setenv(VAR, "")
    assert env_list(VAR, ["default"]) == []


def test_env_choice_normalises_case_and_whitespace(monkeypatch, unset):
    choices = ("development", "production")
    assert env_choice(VAR, "development", choices) == "development"
    monkeypatch.setenv(VAR, " Production ")
    assert env_choice(VAR, "development", choices) == "production"


def test_env_choice_rejects_unknown_values_listing_the_choices(monkeypatch):
    monkeypatch.setenv(VAR, "staging")
    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be one of development, production"):
        env_choice(VAR, "development", ("development", "production"))


@pytest.mark.parametrize(
    "url",
    [
        "redis://redis:6379/0",
        "redis://redis",
        "redis://:pass-word@redis:6379/2",
        "rediss://cache.example.dk:6380/0",
        "unix:///run/redis/redis.sock",
    ],
)
def test_env_redis_url_accepts_redis_urls(monkeypatch, url):
    monkeypatch.setenv(VAR, url)
    assert env_redis_url(VAR) == url


def test_env_redis_url_unset_or_blank_is_no_redis(monkeypatch, unset):
    assert env_redis_url(VAR) == ""
    monkeypatch.setenv(VAR, "  ")
    assert env_redis_url(VAR) == ""


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("redis:6379", "must start with redis://, rediss://, unix://"),
        ("memcached://cache:11211", "must start with"),
        ("redis://:6379/0", "names no host"),
        ("redis://redis:6379/cache", "must end with a database number"),
        ("redis://redis:port/0", "is not a valid URL"),
        ("unix://", "names no socket path"),
    ],
)
def test_env_redis_url_rejects_other_values_naming_the_variable(monkeypatch, url, problem):
    monkeypatch.setenv(VAR, url)
    with pytest.raises(ImproperlyConfigured, match=f"{VAR} {problem}"):
        env_redis_url(VAR)


def test_env_redis_url_error_does_not_show_the_password(monkeypatch):
    monkeypatch.setenv(VAR, "redis://:hunter2-secret@redis:6379/db")
    with pytest.raises(ImproperlyConfigured) as refused:
        env_redis_url(VAR)
    assert "hunter2" not in str(refused.value)
    assert "redis://:***@redis:6379/db" in str(refused.value)
