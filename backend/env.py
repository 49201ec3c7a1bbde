"""Strict readers for settings that come from environment variables.

A bad value stops the process with a message naming the variable, rather than
being silently replaced by a default.
"""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false/1/0), got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}.")
    return value


REDIS_SCHEMES = ("redis", "rediss", "unix")


def env_redis_url(name: str) -> str:
    """A Redis URL (redis://host:port/db, rediss:// for TLS, unix:///path.sock), or "" if unset.

    Checked here because redis-py would only complain at the first cache call, long after start.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    # The message shows the URL without its password: start-up errors end up in logs.
    shown = re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", raw)
    try:
        url = urlsplit(raw)
        url.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid URL: {shown!r}.") from exc
    database = url.path.strip("/")
    if url.scheme not in REDIS_SCHEMES or "://" not in raw:
        problem = f"must start with {', '.join(s + '://' for s in REDIS_SCHEMES)}"
    elif url.scheme != "unix" and not url.hostname:
        problem = "names no host"
    elif url.scheme != "unix" and database and not database.isdigit():
        problem = "must end with a database number, e.g. /0"
    elif url.scheme == "unix" and not url.path:
        problem = "names no socket path"
    else:
        return raw
    raise ImproperlyConfigured(f"{name} {problem} (e.g. redis://redis:6379/0), got {shown!r}.")
