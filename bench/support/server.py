"""The app under gunicorn on loopback, as production runs it, for load benchmarks.

    with serve(database_name, workers=2) as server:
        ... requests to server.url("/kiosk/...") ...
        server.worker_rss_kib()          # {pid: resident memory in KiB}
    server.request_micros()              # server time per request, from gunicorn's access log

Production-like settings: DEBUG off, a real secret key, PostgreSQL from DATABASE_URL with the
given database name, persistent connections; the API's throttles raised out of the way (a load
test is not an abuse). `settings_module` swaps in a bench-only settings module (for instance
one adding a bare endpoint); `env` adds or overrides variables.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
BENCH_SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(B)s %(D)s"  # method path status bytes microseconds


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    access_log: Path
    worker_pids: list[int] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_rss_kib(self) -> dict[int, int]:
        """Resident memory of each worker now (KiB), from /proc."""
        sizes = {}
        for pid in _children(self.process.pid):
            status = Path(f"/proc/{pid}/status")
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1])
            except FileNotFoundError:
                continue
        return sizes

    def request_micros(self, path_prefix: str = "") -> list[int]:
        """Server time per logged request (µs), for paths starting with `path_prefix`."""
        times = []
        for line in self.access_log.read_text().splitlines():
            parts = line.split()
            if len(parts) == 5 and parts[1].startswith(path_prefix):
                times.append(int(parts[4]))
        return times

    def clear_access_log(self) -> None:
        self.access_log.write_text("")


def bench_environment(database_name: str, **extra: str) -> dict[str, str]:
    """The environment the app runs with: production-like, on `database_name`."""
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    user = url["USER"] or ""
    auth = f"{user}:{url['PASSWORD']}@" if url["PASSWORD"] else (f"{user}@" if user else "")
    host = url["HOST"] or "127.0.0.1"
    database_url = f"postgres://{auth}{host}:{url['PORT'] or 5432}/{database_name}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=BENCH_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DB_CONN_MAX_AGE="600",
        API_THROTTLE_ANON="100000000/minute",
        API_THROTTLE_USER="100000000/minute",
        API_THROTTLE_AUTH="100000000/minute",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


@contextmanager
def serve(
    database_name: str,
    *,
    workers: int = 2,
    threads: int = 1,
    settings_module: str = "backend.settings",
    env: dict[str, str] | None = None,
    timeout_seconds: float = 60,
) -> Iterator[Server]:
    """gunicorn with `workers` sync workers (gthread when threads > 1) on a free loopback port."""
    port = _free_port()
    directory = Path(tempfile.mkdtemp(prefix="bench-gunicorn-"))
    access_log = directory / "access.log"
    access_log.write_text("")
    command = [
        str(GUNICORN),
        "backend.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--access-logfile={access_log}",
        f"--access-logformat={ACCESS_FORMAT}",
        "--log-level=warning",
        "--timeout=120",
    ]
    environment = bench_environment(
        database_name,
        DJANGO_SETTINGS_MODULE=settings_module,
        STATIC_ROOT=str(directory),  # an existing directory: WhiteNoise warns at every start else
        **(env or {}),
    )
    process = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603
    server = Server(port=port, process=process, access_log=access_log)
    try:
        _wait_until_up(server, timeout_seconds, workers)
        server.worker_pids = sorted(_children(process.pid))
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(server: Server, timeout_seconds: float, workers: int) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(server.url("/"), timeout=5):  # noqa: S310 (loopback)
                pass
        except urllib.error.HTTPError:
            pass  # any HTTP answer means a worker is serving
        except OSError:
            time.sleep(0.2)
            continue
        if len(_children(server.process.pid)) >= workers:
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout_seconds:.0f} s")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except FileNotFoundError:
        return []
