"""The door and the lobby in a real browser: the system Chromium (never a downloaded one),
driven by Playwright against a live server. Screenshots go to var/screenshots/."""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

from facilities.models import Amenity, Space
from tests.kiosk.conftest import local

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser(monkeypatch):
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: install it (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that the test
    # and the live server's teardown make here are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def busy_building(book, room, town_hall, association):
    room.step_free_access = room.hearing_loop = True
    room.policy.check_in_required = True
    room.policy.save()
    room.save()
    room.amenities.add(Amenity.objects.create(name="Projektor", code="projector"))
    hall = Space.objects.create(
        building=town_hall,
        name="Byrådssalen",
        kind=Space.Kind.ASSEMBLY_HALL,
        capacity=120,
        area_m2=210,
    )
    hall.policy.bookable_by_citizens = True
    hall.policy.approval = hall.policy.Approval.NEVER
    hall.policy.save()
    Space.objects.create(
        building=town_hall, name="Kantinen", kind=Space.Kind.MULTIPURPOSE, capacity=60, area_m2=90
    )
    book(
        local(2026, 11, 23, 9),
        local(2026, 11, 23, 10),
        title="Skak for begyndere",
        booker_kind="association",
        association=association,
        public=True,
    )
    book(local(2026, 11, 23, 10), local(2026, 11, 23, 11, 30), title="Privat møde")
    book(local(2026, 11, 23, 13), local(2026, 11, 23, 15))
    book(local(2026, 11, 24, 8), local(2026, 11, 24, 9, 30))
    book(local(2026, 11, 23, 11), local(2026, 11, 23, 12), space=hall)
    return town_hall


def test_the_door_and_the_lobby_in_chromium(live_server, browser, kiosk_now, busy_building, room):
    kiosk_now(local(2026, 11, 23, 9, 5))  # the live server runs in this process: same clock
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    tablet = browser.new_page(viewport={"width": 1024, "height": 768})
    tablet.goto(live_server.url + reverse("kiosk:space", args=[room.door_sign.code]))
    state = tablet.locator("h1.state")
    assert state.inner_text().endswith(" 11:30")  # booked until (in Danish once translated)
    assert tablet.locator("body.is-busy").count() == 1
    assert tablet.locator(f"a[href='/k/{room.door_sign.code}/check-in/']").count() == 1
    assert "Testrup Skakklub" in tablet.locator(".now").inner_text()
    assert "Privat møde" not in tablet.content()
    # Readable across a corridor: the state is large, and nothing overflows sideways.
    assert float(state.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 60
    assert tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    tablet.screenshot(path=str(SCREENSHOTS / "kiosk.png"), full_page=True)

    lobby = browser.new_page(viewport={"width": 1280, "height": 800})
    lobby.goto(live_server.url + reverse("kiosk:lobby", args=[busy_building.pk]))
    assert lobby.locator("tbody tr").count() == 3
    assert lobby.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    lobby.screenshot(path=str(SCREENSHOTS / "lobby.png"), full_page=True)

    phone = browser.new_page(viewport={"width": 360, "height": 740})
    phone.goto(live_server.url + reverse("kiosk:space", args=[room.door_sign.code]))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.screenshot(path=str(SCREENSHOTS / "kiosk-phone.png"), full_page=True)

    for name in ("kiosk.png", "lobby.png", "kiosk-phone.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000
