"""The system Chromium the browser tests drive (never a downloaded one): where it is, how it is
started, and where screenshots go (var/screenshots/, which git ignores)."""

import os
import shutil
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Date and time inputs take their format from the browser's language, not the page's.
    "--lang=da-DK",
]


def require_chromium() -> None:
    """Fail, never skip: CI installs chromium; a browser test that did not run proves nothing."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: install it (apt-get install chromium).")
