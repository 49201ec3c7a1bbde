"""Start Django in a fresh interpreter with a controlled environment,."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_django(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `code` with only PATH, backend.settings and `env` in the environment."""
    controlled = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=controlled,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
