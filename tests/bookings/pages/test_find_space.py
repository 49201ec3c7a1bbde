"""/spaces/<id>/: the facts, the week of free/busy, opening hours, the policy in plain words."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from bookings.lifecycle import booking_cancel
from bookings.week_grid import BUSY, CLOSED, FREE, PARTLY, week_grid
from facilities.models import Amenity, OpeningException
from tests.bookings.conftest import NOW, local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages speak Danish by default; these tests read the English text."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def page(client, space, **params):
    return client.get(reverse("bookings:space", args=[space.pk]), params)


def cell_classes(html: str) -> list[str]:
    return re.findall(r'<td class="(free|busy|partly|closed)(?: past)?">', html)


def test_the_page_shows_the_facts_the_rules_and_the_book_button(client, clock, room):
    room.floor = 2
    room.step_free_access = True
    room.save()
    room.amenities.add(Amenity.objects.create(name="Projektor", code="projector"))

    response = page(client, room)

    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Mødelokale 1", "Testrup Rådhus", "Torvet 1, 9999 Testrup", "Meeting room"):
        assert text in html
    assert "20 people" in html and "40 m²" in html and "Floor 2" in html
    assert "Projektor" in html and "Step-free access" in html
    assert "It can be booked by associations, citizens and municipal units." in html
    assert f'href="{reverse("bookings:book", args=[room.pk])}"' in html
    assert "Book this room" in html


def test_the_page_offers_the_space_calendar_feed(client, clock, room):
    html = page(client, room).content.decode()

    assert f"webcal://testserver/ical/space/{room.pk}.ics" in html or (
        f"/ical/space/{room.pk}.ics" in html and "webcal://" in html
    )


def test_an_unbookable_space_says_so_instead_of_the_button(client, clock, room):
    room.bookable = False
    room.save()

    html = page(client, room).content.decode()

    assert "This room cannot be booked at the moment." in html
    assert reverse("bookings:book", args=[room.pk]) not in html
    assert "Book this room" not in html


def test_an_unknown_space_is_404(client, clock, room):
    assert client.get(reverse("bookings:space", args=[room.pk + 1000])).status_code == 404


def test_the_week_grid_marks_a_booked_hour_busy_and_never_shows_who_or_what(
    client, clock, room, book
):
    book(
        local(2026, 11, 25, 10),
        local(2026, 11, 25, 12),
        title="Hemmeligt møde",
        description="Om naboen",
        responsible_name="Ole Ansvarlig",
        responsible_phone="12345678",
    )

    response = page(client, room)

    html = response.content.decode()
    grid = response.context["grid"]
    wednesday = [row.cells[2].state for row in grid.rows]
    assert wednesday[10 - 7] == BUSY and wednesday[11 - 7] == BUSY
    assert wednesday[9 - 7] == FREE and wednesday[12 - 7] == FREE
    assert cell_classes(html).count("busy") == 2
    for secret in ("Hemmeligt", "naboen", "Ole Ansvarlig", "12345678", "Karen", "borger@"):
        assert secret not in html


def test_the_week_grid_shades_hours_outside_opening_hours(clock, room):
    grid = week_grid(room, dt.date(2026, 11, 23), now=NOW)

    by_hour = {row.hour: [cell.state for cell in row.cells] for row in grid.rows}
    assert by_hour[7] == [CLOSED] * 7  # the town hall opens at 08
    assert by_hour[10] == [FREE] * 5 + [CLOSED] * 2  # closed at the weekend
    assert by_hour[16] == [CLOSED] * 7  # and closes at 16
    assert [cell.past for cell in grid.rows[8 - 7].cells][:2] == [True, False]  # Mon 08–09 passed


def test_a_booking_covering_part_of_an_hour_marks_it_partly_booked(clock, room, book):
    book(local(2026, 11, 25, 10, 30), local(2026, 11, 25, 11))

    grid = week_grid(room, dt.date(2026, 11, 23), now=NOW)

    assert grid.rows[10 - 7].cells[2].state == PARTLY


def test_a_cancelled_booking_frees_the_hour(clock, room, book, citizen):
    booking = book(local(2026, 11, 25, 10), local(2026, 11, 25, 11))
    booking_cancel(booking=booking, by=citizen, now=NOW)

    grid = week_grid(room, dt.date(2026, 11, 23), now=NOW)

    assert grid.rows[10 - 7].cells[2].state == FREE


def test_the_week_links_move_a_week_at_a_time(client, clock, room, book):
    book(local(2026, 12, 2, 10), local(2026, 12, 2, 11))

    this_week = page(client, room)
    next_week = page(client, room, week="2026-12-02")  # any day picks its week
    nonsense = page(client, room, week="next tuesday")

    assert 'href="?week=2026-11-30#week"' in this_week.content.decode()
    assert 'href="?week=2026-11-16#week"' in this_week.content.decode()
    assert next_week.context["grid"].monday == dt.date(2026, 11, 30)
    assert cell_classes(next_week.content.decode()).count("busy") == 1
    assert cell_classes(this_week.content.decode()).count("busy") == 0
    assert nonsense.status_code == 200
    assert nonsense.context["grid"].monday == dt.date(2026, 11, 23)


def test_the_page_shows_the_weekly_hours_and_upcoming_closures(client, clock, room):
    building = room.building
    OpeningException.objects.create(
        building=building,
        start_date=dt.date(2026, 12, 24),
        end_date=dt.date(2026, 12, 26),
        reason="Jul",
    )
    OpeningException.objects.create(
        building=building,
        start_date=dt.date(2026, 12, 31),
        end_date=dt.date(2026, 12, 31),
        kind=OpeningException.Kind.SPECIAL_HOURS,
        opens=dt.time(9),
        closes=dt.time(12),
        reason="Nytårsaften",
    )
    OpeningException.objects.create(
        building=building,
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 2),
        reason="Allerede forbi",
    )

    html = page(client, room).content.decode()

    assert "08:00–16:00" in html
    assert html.count(">Closed<") >= 2  # Saturday and Sunday, and the closure
    assert "Jul" in html and "December 24 – Dec. 26, 2026" in html
    assert "Nytårsaften" in html and "Open 09:00–12:00" in html
    assert "Allerede forbi" not in html


@pytest.mark.parametrize(
    ("approval", "text"),
    [
        ("never", "Bookings are confirmed at once; no approval is needed."),
        ("always", "Every booking is a request until the building's staff approve it"),
        ("outside_hours", "Bookings inside the building's opening hours are confirmed at once"),
    ],
)
def test_the_page_tells_the_approval_rule(client, clock, room, approval, text):
    room.policy.approval = approval
    room.policy.save()

    html = page(client, room).content.decode().replace("&#x27;", "'")

    assert text in html


def test_the_space_page_query_count_does_not_grow_with_bookings(
    client, clock, room, book, django_assert_num_queries
):
    OpeningException.objects.create(
        building=room.building,
        start_date=dt.date(2026, 12, 24),
        end_date=dt.date(2026, 12, 24),
        reason="Jul",
    )
    room.amenities.add(Amenity.objects.create(name="Projektor", code="projector"))
    book(local(2026, 11, 24, 10), local(2026, 11, 24, 11))
    with django_assert_num_queries(7) as few:
        page(client, room)

    for day in (25, 26, 27):
        for hour in (9, 11, 13):
            book(local(2026, 11, day, hour), local(2026, 11, day, hour + 1))
    with django_assert_num_queries(len(few.captured_queries)):
        response = page(client, room)
    assert cell_classes(response.content.decode()).count("busy") == 10


def test_a_logged_in_visitor_sees_the_same_free_busy(client, clock, room, book, other_citizen):
    book(local(2026, 11, 25, 10), local(2026, 11, 25, 11), title="Hemmeligt møde")
    client.force_login(other_citizen)

    html = page(client, room).content.decode()

    assert cell_classes(html).count("busy") == 1
    assert "Hemmeligt" not in html
