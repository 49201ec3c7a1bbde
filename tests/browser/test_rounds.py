"""A seasonal round in a browser: a manager creates it, proposes the allocation once the window
has closed, and moves a slot; at desktop (1280) and phone (390) width, saved for people to look
at (var/screenshots/rounds-*.png). The screenshot helper fails a page that sticks out sideways.

The pages read the real clock, so the round is made for dates after today and its window is
then moved into the past in the database, as if the weeks had gone by.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bookings.models import AllocationRound
from tests.bookings.rounds import conftest as rounds_conftest
from tests.bookings.rounds.conftest import TUESDAY
from tests.browser.booking_world import PASSWORD, log_in
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}

round_world = rounds_conftest.round_world
apply = rounds_conftest.apply


def show(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    expect(page.locator("main h1")).to_have_count(1)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_manager_creates_a_round_proposes_and_moves_a_slot(
    new_page, screenshot, round_world, apply, size
):
    world = round_world
    world.manager.set_password(PASSWORD)
    world.manager.save()
    page = new_page(DESKTOP if size == "desktop" else PHONE_390, language="en")
    log_in(page, world.manager)

    def save(name: str) -> None:
        screenshot(f"rounds-{name}-{size}", of=page)

    show(page, "/rounds/")
    page.get_by_role("link", name="Create a round").click()
    today = timezone.localdate()
    season_start = dt.date(today.year + 1, 8, 1)
    page.fill("#id_name", "Sæson næste år")
    page.fill("#id_season_start", season_start.isoformat())
    page.fill("#id_season_end", dt.date(today.year + 2, 6, 30).isoformat())
    page.fill("#id_applications_open", f"{today + dt.timedelta(days=1):%Y-%m-%d}T09:00")
    page.fill("#id_applications_close", f"{today + dt.timedelta(days=20):%Y-%m-%d}T12:00")
    page.get_by_label("Testrup Skole", exact=True).check()
    page.get_by_label("Testrup Hallen", exact=True).check()
    save("new")
    page.get_by_role("button", name="Create the round").click()

    expect(page.locator("main h1")).to_have_text("Sæson næste år")
    expect(page.locator("main .status").first).to_have_text("Not open yet")
    created = AllocationRound.objects.get(name="Sæson næste år")
    # The English names, left as they were, are the defaults (named in each reader's language).
    assert [c.default for c in created.categories.all()] == ["children_youth", "adults", "other"]

    # The window has come and gone, and two associations applied for the same Tuesday.
    now = timezone.now()
    AllocationRound.objects.filter(pk=created.pk).update(
        applications_open=now - dt.timedelta(days=20), applications_close=now - dt.timedelta(1)
    )
    youth, adults, _other = created.categories.all()
    wanted = [(TUESDAY, "17:00", "19:00", world.big_hall)]
    apply(
        world.fitness,
        adults,
        [{"activity": "Zumba", "options": wanted}],
        allocation_round=created,
        submitted_at=now - dt.timedelta(days=10),
    )
    apply(
        world.football,
        youth,
        [{"activity": "U12 træning", "options": wanted}],
        allocation_round=created,
        submitted_at=now - dt.timedelta(days=5),
    )
    page.reload()
    expect(page.locator("main .applications-table tbody tr")).to_have_count(2)
    save("round")
    page.get_by_role("button", name="Propose allocation").click()

    # Children and youth first: football gets the Tuesday, fitness does not.
    expect(page.locator("main h1")).to_contain_text("Proposed allocation")
    expect(page.locator(".slot-list .slot-item")).to_have_count(1)
    expect(page.locator(".slot-list")).to_contain_text("Testrup Ungdomsfodbold")
    expect(page.locator(".unmet-list > li")).to_have_count(1)
    expect(page.locator(".unmet-list")).to_contain_text("higher priority")
    if size == "desktop":
        expect(page.locator(".week-chart .block.slot")).to_have_count(1)
    else:
        expect(page.locator(".week-chart").first).to_be_hidden()
    save("proposal")

    # The manager gives fitness Wednesday instead, then moves football half an hour.
    page.locator(".unmet-list").get_by_role("link", name="Give a slot by hand").click()
    page.select_option("#id_slot-weekday", str(TUESDAY + 1))
    page.fill("#id_slot-note", "Onsdag i stedet")
    page.get_by_role("button", name="Give the slot").click()
    expect(page.locator(".messages")).to_contain_text("The wish has a slot.")

    page.locator(".slot-list").get_by_role("link", name="Move or remove").first.click()
    page.fill("#id_slot-starts", "17:30")
    page.fill("#id_slot-ends", "19:30")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("The slot is moved.")
    expect(page.locator(".slot-list .slot-item")).to_have_count(2)
    expect(page.locator(".slot-list .tag")).to_have_count(2)  # both changed by a manager
    expect(page.locator(".slot-item", has_text="17:30–19:30")).to_contain_text("Ungdomsfodbold")
    save("proposal-changed")

    # A move onto the other slot is refused and says why.
    page.locator(".slot-list").get_by_role("link", name="Move or remove").first.click()
    page.select_option("#id_slot-weekday", str(TUESDAY + 1))
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("#form-errors")).to_contain_text("Testrup Motionsklub")
    save("slot-conflict")
