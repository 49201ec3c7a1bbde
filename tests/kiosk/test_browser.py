"""The door and the lobby in a real browser: the system Chromium (never a downloaded one),
driven by Playwright against a live server. Screenshots go to var/screenshots/."""

from contextlib import contextmanager

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, sync_playwright

from facilities.models import Amenity, Space
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require_chromium
from tests.kiosk.conftest import local

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def chromium(monkeypatch):
    """The system Chromium. Make every database change before entering: while Playwright's
    sync API runs, an event loop runs in this thread, so Django would open (and leave open) a
    second connection for ORM calls made here."""
    require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # only for that loop's presence
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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


def shoot(browser: Browser, url: str, name: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    # Nothing may stick out sideways (a long room name, a wide table).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    return page


def test_the_door_and_the_lobby_in_chromium(
    live_server, kiosk_now, busy_building, room, monkeypatch
):
    kiosk_now(local(2026, 11, 23, 9, 5))  # the live server runs in this process: same clock
    code = room.door_sign.code
    door = live_server.url + reverse("kiosk:space", args=[code])
    lobby_url = live_server.url + reverse("kiosk:lobby", args=[busy_building.pk])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with chromium(monkeypatch) as browser:
        tablet = shoot(browser, door, "kiosk.png", 1024, 768)
        state = tablet.locator("h1.state")
        assert state.inner_text().endswith(" 11:30")  # booked until (Danish once translated)
        assert tablet.locator("body.is-busy").count() == 1
        assert "Testrup Skakklub" in tablet.locator(".now").inner_text()
        assert "Privat møde" not in tablet.content()
        assert tablet.locator(f"a[href='/k/{code}/check-in/']").count() == 1
        # Readable across a corridor.
        assert state.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 60

        lobby = shoot(browser, lobby_url, "lobby.png", 1280, 800)
        assert lobby.locator("tbody tr").count() == 3
        assert lobby.locator("tbody tr.is-busy").count() == 1

        shoot(browser, door, "kiosk-phone.png", 360, 740)
        shoot(browser, lobby_url, "lobby-phone.png", 360, 740)

    for name in ("kiosk.png", "lobby.png", "kiosk-phone.png", "lobby-phone.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000
