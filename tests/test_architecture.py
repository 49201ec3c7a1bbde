"""The apps depend on each other in one direction only (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = {"accounts", "facilities", "bookings", "kiosk", "reports"}
ALLOWED = {
    "accounts": set(),
    "facilities": {"accounts"},
    "bookings": {"accounts", "facilities"},
    "kiosk": {"accounts", "facilities", "bookings"},
    "reports": {"accounts", "facilities", "bookings"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # Lazy model references such as ForeignKey("bookings.Booking") count too.
            head = node.value.split(".")[0]
            if (
                head in APPS
                and node.value.count(".") == 1
                and node.value.split(".")[1][:1].isupper()
            ):
                names.add(head)
    return names & APPS


@pytest.mark.parametrize("app", sorted(APPS))
def test_app_imports_only_what_the_architecture_allows(app):
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - ALLOWED[app] - {app})
        for path in (ROOT / app).rglob("*.py")
    }

    assert {path: apps for path, apps in offending.items() if apps} == {}


def test_the_rule_catches_a_forbidden_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from bookings.models import Booking\nx = 'kiosk.Sign'\n")

    assert imported_apps(module) == {"bookings", "kiosk"}
