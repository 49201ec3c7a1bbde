"""PostgreSQL for a benchmark: a throwaway cluster when none is given, a fresh database in it,
and Django configured with the project's settings against that database.

    ensure_postgres()               # re-runs this script under scripts/with-postgres if needed
    name = fresh_database()         # CREATE DATABASE <name>_bench (dropped first if it exists)
    configure(name)                 # the project's settings, DEBUG off, that database
    ...
    drop_database(name)
"""

import os
import sys
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
WITH_POSTGRES = ROOT / "scripts" / "with-postgres"
REEXEC_MARK = "BENCH_UNDER_WITH_POSTGRES"


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0] in ("postgres", "postgresql", "pgsql")


def ensure_postgres() -> None:
    """Run the current script again under scripts/with-postgres unless DATABASE_URL already
    names a PostgreSQL database. Does not return when it re-runs."""
    if is_postgres(os.environ.get("DATABASE_URL")):
        return
    if os.environ.get(REEXEC_MARK):
        sys.exit("bench: scripts/with-postgres did not provide a PostgreSQL DATABASE_URL")
    print("bench: no PostgreSQL DATABASE_URL; starting a throwaway cluster", file=sys.stderr)
    os.environ[REEXEC_MARK] = "1"
    sys.stdout.flush()
    script = str(Path(sys.argv[0]).resolve())
    os.execv(WITH_POSTGRES, [str(WITH_POSTGRES), sys.executable, script, *sys.argv[1:]])  # noqa: S606


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)


def fresh_database(suffix: str = "bench") -> str:
    """An empty database beside DATABASE_URL's, so the benchmark never touches real data."""
    base = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
    name = f"{base}_{suffix}"
    with _admin_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    with _admin_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def configure(database_name: str) -> None:
    """Django with the project's settings (DATABASES from DATABASE_URL), on that database."""
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    from backend import settings as project

    values = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    database = dict(project.DATABASES["default"], NAME=database_name, CONN_MAX_AGE=None)
    values.update(
        DEBUG=False,
        DATABASES={"default": database},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOGGING_CONFIG=None,
    )
    settings.configure(**values)
    django.setup()
