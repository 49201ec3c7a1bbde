"""The app container's health check (docker-compose.yml): GET /healthz/ from this instance's
gunicorn the way the proxy sends it, and exit 0 on a 200. It goes through Django, a database
query and a cache round trip (backend/health.py), so a worker pool that hangs, a lost database
or a lost Redis shows as unhealthy.

    python deploy/healthcheck.py [--port 8000]

Standard library only: it runs every 30 s and must start fast.
"""

import argparse
import http.client
import os
import sys


def public_host() -> str:
    """A host name from ALLOWED_HOSTS (Django answers 400 to any other), not a wildcard."""
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip()
        if host and "*" not in host and not host.startswith("."):
            return host
    return "localhost"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    port = parser.parse_args().port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        # As from the proxy over HTTPS, or production would redirect to https://.
        connection.request(
            "GET", "/healthz/", headers={"Host": public_host(), "X-Forwarded-Proto": "https"}
        )
        status = connection.getresponse().status
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"unhealthy: GET /healthz/ answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
