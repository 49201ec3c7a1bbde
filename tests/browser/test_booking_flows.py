"""The booking flows end to end in Chromium, against the live server and the real clock:
a citizen finds and books a room; an association requests an evening series, the facility
manager refuses one occurrence with alternatives and the association reads why; the language
switch on the booking pages.

Selectors survive translation (field names and ids, URLs, data from the database); texts are
compared only after switching to English, or as Django translates them in this process.
"""

import datetime as dt
import re

import pytest
from django.utils import formats, translation
from playwright.sync_api import Page, expect

from bookings.models import Alternative, Booking, BookingStatus, Series
from bookings.services import booking_create
from tests.browser.booking_world import (
    CLASHING,
    EVENING,
    OCCURRENCES,
    World,
    at,
    build_world,
    log_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Salen er lånt ud til kommunens valgmøde den aften."


@pytest.fixture
def world(transactional_db) -> World:
    return build_world()


def test_a_citizen_finds_a_free_room_and_books_it(page: Page, world: World):
    day = world.tuesdays[0]
    log_in(page, world.citizen)

    page.locator(".site-nav a[href='/find/']").click()
    expect(page).to_have_url(re.compile(r"/find/$"))
    page.fill("#id_date", day.isoformat())
    page.fill("#id_start", "10:00")
    page.fill("#id_end", "11:00")
    page.fill("#id_attendees", "4")
    page.locator("form.find-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/find/\?date={day.isoformat()}&start=10%3A00"))

    result = page.locator("#results li.result").filter(
        has=page.locator(f"h3 a[href='/spaces/{world.room.pk}/']")
    )
    expect(result).to_have_count(1)
    expect(result.locator("h3")).to_have_text(world.room.name)
    result.locator(f"a[href^='/spaces/{world.room.pk}/book/?']").click()

    # The search's time and head count come along to the booking form.
    expect(page).to_have_url(re.compile(rf"/spaces/{world.room.pk}/book/\?"))
    expect(page.locator("#id_date")).to_have_value(day.isoformat())
    expect(page.locator("#id_start")).to_have_value("10:00")
    expect(page.locator("#id_end")).to_have_value("11:00")
    expect(page.locator("#id_attendees")).to_have_value("4")
    page.fill("#id_title", "Møde i grundejerforeningen")
    page.locator("#book-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/bookings/\d+/$"))
    booking = Booking.objects.get(booker=world.citizen)
    assert page.url.endswith(f"/bookings/{booking.pk}/")
    expect(page.locator("main h1")).to_have_text("Møde i grundejerforeningen")
    expect(page.locator(".status-line .status-confirmed")).to_be_visible()
    expect(page.locator(".messages .success")).to_be_visible()

    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 1
    assert booking.status == BookingStatus.CONFIRMED
    assert (booking.space, booking.booker, booking.attendees) == (world.room, world.citizen, 4)
    assert (booking.start, booking.end) == (at(day, dt.time(10)), at(day, dt.time(11)))


def test_an_evening_series_is_requested_and_one_occurrence_refused(
    page: Page, new_page, world: World
):
    first, last = world.tuesdays[0], world.tuesdays[-1]
    hall = world.hall

    # The association's admin fills the booking form for a weekly evening.
    log_in(page, world.admin)
    page.goto(f"/spaces/{hall.pk}/")
    page.locator(f"main a[href='/spaces/{hall.pk}/book/']").click()
    expect(page).to_have_url(re.compile(rf"/spaces/{hall.pk}/book/$"))
    # Only one name to book in (the association): no choice to make, it is sent hidden.
    expect(page.locator("input[type=hidden][name=booking_for]")).to_have_value(
        f"association-{world.club.pk}"
    )
    page.fill("#id_title", "Skak for unge")
    page.fill("#id_attendees", "12")
    page.fill("#id_date", first.isoformat())
    page.fill("#id_start", "19:00")
    page.fill("#id_end", "21:00")
    page.check("input[name=repeat][value=weekly]")
    page.fill("#id_until", last.isoformat())
    expect(page.locator("#outside-hours")).to_be_visible()
    page.fill("#id_responsible_name", "Ole Formand")
    page.fill("#id_responsible_phone", "20 30 40 50")
    page.locator("#book-form button[type=submit]").click()

    # The per-occurrence report: four Tuesdays, the third taken; nothing booked yet.
    rows = page.locator("table.series-report tbody tr")
    expect(rows).to_have_count(OCCURRENCES)
    expect(page.locator("table.series-report tr.verdict-free")).to_have_count(OCCURRENCES - 1)
    expect(rows.nth(CLASHING)).to_have_class(re.compile(r"\bverdict-clash\b"))
    for row, day in zip(rows.all(), world.tuesdays, strict=True):
        expect(row.locator("th")).to_contain_text(_short_date(day))
        expect(row.locator("td").first).to_have_text("19:00–21:00")
    assert not Series.objects.exists()
    assert Booking.objects.count() == 1  # the darts club's evening only

    page.locator("button[name=take][value=free]").click()
    expect(page).to_have_url(re.compile(r"/series/\d+/$"))
    series = Series.objects.get()
    assert page.url.endswith(f"/series/{series.pk}/")
    occurrences = list(series.occurrences.order_by("start"))
    assert [b.start for b in occurrences] == [
        at(day, EVENING[0]) for i, day in enumerate(world.tuesdays) if i != CLASHING
    ]
    assert {b.status for b in occurrences} == {BookingStatus.REQUESTED}
    assert {b.association for b in occurrences} == {world.club}
    assert all(b.responsible_name == "Ole Formand" and b.minutes_inside == 0 for b in occurrences)
    expect(page.locator("main table .status-requested")).to_have_count(OCCURRENCES - 1)

    # The facility manager, in a browser of their own, refuses the first occurrence.
    refused = occurrences[0]
    manager = new_page()
    log_in(manager, world.manager)
    manager.locator(".site-nav a[href='/manage/']").click()
    expect(manager).to_have_url(re.compile(r"/manage/$"))
    waiting = OCCURRENCES - 1 + 1  # the series' three and the darts club's evening
    expect(manager.locator("table.queue-table tbody tr")).to_have_count(waiting)
    manager.locator(f"a[href='/manage/bookings/{refused.pk}/']").click()
    expect(manager).to_have_url(re.compile(rf"/manage/bookings/{refused.pk}/$"))
    expect(manager.locator("main h1")).to_have_text("Skak for unge")
    offered = manager.locator("input[name=refuse-alternatives]")
    expect(offered.first).to_be_visible()
    chosen = [offered.nth(0).get_attribute("value"), offered.nth(1).get_attribute("value")]
    offered.nth(0).check()
    offered.nth(1).check()
    manager.fill("#id_refuse-reason", REASON)
    manager.locator("button[name=action][value=refuse]").click()
    expect(manager).to_have_url(re.compile(r"/manage/$"))
    expect(manager.locator(".messages .success")).to_contain_text("Skak for unge")
    expect(manager.locator("table.queue-table tbody tr")).to_have_count(waiting - 1)

    refused.refresh_from_db()
    assert refused.status == BookingStatus.REFUSED
    alternatives = list(Alternative.objects.filter(booking=refused).order_by("rank"))
    # The two chosen, in order (the form's values are "space|UTC start|UTC end").
    assert [
        f"{a.space_id}|{a.start.isoformat()}|{a.end.isoformat()}" for a in alternatives
    ] == chosen
    assert series.occurrences.filter(status=BookingStatus.REQUESTED).count() == OCCURRENCES - 2

    # The association's admin reads the refusal, its timeline and the alternatives.
    page.goto(f"/bookings/{refused.pk}/")
    expect(page.locator(".status-line .status-refused")).to_be_visible()
    expect(page.locator("section.decision .reason")).to_have_text(REASON)
    entries = page.locator("ol.timeline > li")
    expect(entries).to_have_count(2)
    requested, refused_label = _danish(BookingStatus.REQUESTED), _danish(BookingStatus.REFUSED)
    expect(entries.nth(0)).to_contain_text(requested)
    expect(entries.nth(1)).to_contain_text(f"{requested} → {refused_label}")
    expect(entries.nth(1).locator(".reason")).to_contain_text(REASON)
    offers = page.locator("ul.alternatives > li")
    expect(offers).to_have_count(2)
    for offer, alternative in zip(offers.all(), alternatives, strict=True):
        expect(offer.locator("strong")).to_have_text(alternative.space.name)
        expect(offer.locator("a.button")).to_have_attribute(
            "href", re.compile(rf"^/spaces/{alternative.space_id}/book/\?date=")
        )
    expect(page.locator("section.complaint")).to_be_visible()


def test_the_language_switch_turns_the_booking_pages_english_and_back(page: Page, world: World):
    day = world.tuesdays[0]
    booking = booking_create(
        space=world.room,
        start=at(day, dt.time(12)),
        end=at(day, dt.time(13)),
        booker=world.citizen,
        title="Frokostmøde",
        notify=False,
    )
    log_in(page, world.citizen)
    page.goto("/find/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.locator(".language-switch button[value=en]").click()
    expect(page).to_have_url(re.compile(r"/find/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Find a room", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Search")).to_be_visible()

    page.goto(f"/bookings/{booking.pk}/")  # the choice sticks
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Details", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline", level=2)).to_be_visible()
    expect(page.locator(".status-line")).to_have_text(re.compile(r"Status:\s+Confirmed"))

    page.locator(".language-switch button[value=da]").click()
    expect(page).to_have_url(re.compile(rf"/bookings/{booking.pk}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", name="Details", level=2)).to_have_count(0)
    expect(page.locator(".status-line .status-confirmed")).to_have_text(
        _danish(BookingStatus.CONFIRMED)
    )
    page.goto("/find/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", name="Find a room", level=1)).to_have_count(0)


def _danish(status: BookingStatus) -> str:
    """A status as the (Danish) page shows it: translated by this process's catalogue, the one
    the live server uses too, so the translator's edits do not break the test."""
    with translation.override("da"):
        return str(status.label)


def _short_date(day: dt.date) -> str:
    with translation.override("da"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")
