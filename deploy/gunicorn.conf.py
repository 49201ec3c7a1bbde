"""gunicorn's settings for an app instance (the Dockerfile: gunicorn -c deploy/gunicorn.conf.py).

Read from the environment, like the Django settings; see .env.example. Sync workers: each request
has a process to itself, and the database does the waiting. Size GUNICORN_WORKERS to the cores
of the machine running the instance (2 × cores + 1 is gunicorn's rule of thumb; the figures for
this app are in docs/benchmarks.md).
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}.") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, got {value}.")
    return value


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("GUNICORN_WORKERS", 3)
# A request still running after this many seconds has its worker killed and gets a 502 from the
# proxy: long work (publishing a seasonal round) goes to the periodic jobs instead.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy, docker stop) the requests under way get this long to finish.
graceful_timeout = 30
# Recycle each worker after about this many requests, so a slow leak cannot grow for weeks; the
# jitter keeps the workers from restarting all at once.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file on tmpfs: on Docker's overlay file system a slow disk can make gunicorn
# take a healthy worker for a stuck one.
worker_tmp_dir = "/dev/shm"  # noqa: S108

# One line per request on stdout: the client (from the proxy's X-Forwarded-For), the request,
# status, size, and the time the app took in milliseconds (%(M)s), for the benchmarks and for
# finding slow pages in production.
accesslog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
