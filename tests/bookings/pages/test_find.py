"""/find/: one search over every building, the time against opening hours, field errors."""

import datetime as dt

import pytest
from django.urls import reverse

from facilities.models import Amenity, Space
from tests.bookings.conftest import local

pytestmark = pytest.mark.django_db

FIND = reverse("bookings:find")


def make_space(building, name, *, capacity=10, **fields):
    policy_fields = {
        key: fields.pop(key)
        for key in list(fields)
        if key in {"approval", "outside_hours_allowed", "bookable_by_citizens", "buffer_minutes"}
    }
    space = Space.objects.create(
        building=building,
        name=name,
        kind=fields.pop("kind", Space.Kind.MEETING_ROOM),
        capacity=capacity,
        area_m2=fields.pop("area_m2", 30),
        **fields,
    )
    if policy_fields:
        for key, value in policy_fields.items():
            setattr(space.policy, key, value)
        space.policy.save()
    return space


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages speak Danish by default; these tests read the English text."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def search(client, **params):
    query = {"date": "2026-11-25", "start": "10:00", "end": "11:00", "attendees": "1", **params}
    return client.get(FIND, query)


def found(response) -> list[str]:
    return [result.space.name for result in response.context["results"]]


def test_an_empty_search_shows_the_form_with_today_and_the_next_hour(client, clock, room):
    response = client.get(FIND)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'value="2026-11-23"' in html
    assert 'value="10:00"' in html and 'value="11:00"' in html
    assert 'role="alert"' not in html
    assert "errorlist" not in html


def test_the_search_finds_a_free_room_and_leaves_out_a_booked_one(client, clock, room, book):
    free_room = make_space(room.building, "Mødelokale 2")
    book(local(2026, 11, 25, 10), local(2026, 11, 25, 12))

    response = search(client, attendees="5")

    assert found(response) == [free_room.name]
    html = response.content.decode()
    space_url = reverse("bookings:space", args=[free_room.pk])
    book_url = reverse("bookings:book", args=[free_room.pk])
    assert f'href="{space_url}"' in html
    assert (
        f'href="{book_url}?date=2026-11-25&amp;start=10:00&amp;end=11:00&amp;attendees=5"' in html
    )
    assert reverse("bookings:book", args=[room.pk]) not in html


def test_a_booking_that_ends_when_the_search_starts_leaves_the_room_free(client, clock, room, book):
    book(local(2026, 11, 25, 8), local(2026, 11, 25, 10))

    assert found(search(client)) == [room.name]


def test_a_room_too_small_is_left_out(client, clock, room):
    big = make_space(room.building, "Salen", capacity=80)

    assert found(search(client, attendees="50")) == [big.name]


def test_amenities_step_free_access_kind_and_building_narrow_the_search(
    client, clock, room, make_building
):
    projector = Amenity.objects.create(name="Projektor", code="projector")
    with_projector = make_space(room.building, "Med projektor", step_free_access=True)
    with_projector.amenities.add(projector)
    elsewhere = make_space(make_building("Biblioteket"), "Læsesalen", kind=Space.Kind.CLASSROOM)

    assert found(search(client, amenities="projector")) == [with_projector.name]
    assert found(search(client, step_free_access="on")) == [with_projector.name]
    assert found(search(client, kind="classroom")) == [elsewhere.name]
    assert found(search(client, building=str(elsewhere.building_id))) == [elsewhere.name]
    assert set(found(search(client))) == {room.name, with_projector.name, elsewhere.name}


def test_each_result_says_whether_the_time_is_inside_the_opening_hours(client, clock, room):
    inside = search(client, start="10:00", end="11:00")
    outside = search(client, start="17:00", end="19:00")
    partly = search(client, start="15:00", end="17:00")

    assert [r.hours for r in inside.context["results"]] == ["inside"]
    assert "Inside opening hours" in inside.content.decode()
    assert [r.hours for r in outside.context["results"]] == ["outside"]
    assert "Outside opening hours" in outside.content.decode()
    assert [r.hours for r in partly.context["results"]] == ["partly_outside"]
    assert "Partly outside opening hours" in partly.content.decode()


def test_a_room_closed_outside_hours_is_shown_without_a_book_button_then(client, clock, room):
    room.policy.outside_hours_allowed = False
    room.policy.save()

    response = search(client, start="17:00", end="18:00")

    html = response.content.decode()
    assert found(response) == [room.name]
    assert response.context["usable"] == []
    assert "0 free rooms" in html
    assert "1 more room is free then, but only for use inside opening hours" in html
    assert "can only be used inside the building" in html
    assert reverse("bookings:book", args=[room.pk]) not in html


def test_each_result_says_whether_the_booking_needs_approval(client, clock, room):
    room.policy.approval = room.policy.Approval.OUTSIDE_HOURS
    room.policy.save()

    assert "Confirmed at once." in search(client, start="10:00", end="11:00").content.decode()
    assert (
        "request until the staff approve"
        in search(client, start="17:00", end="18:00").content.decode()
    )


def test_without_an_end_the_search_lasts_one_hour(client, clock, room):
    # The home page's short form sends only date, start and people.
    response = client.get(FIND, {"date": "2026-11-25", "start": "14:00", "attendees": "3"})

    assert found(response) == [room.name]
    assert "end=15:00" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"end": "09:00"}, "end", "The end must be after the start."),
        ({"end": "10:00"}, "end", "The end must be after the start."),
        ({"date": "2026-11-20"}, "date", "That date has passed"),
        ({"date": "2026-11-23", "start": "08:00", "end": "10:00"}, "start", "already passed"),
        ({"building": "999999"}, "building", "Select a valid choice"),
        ({"attendees": "0"}, "attendees", "greater than or equal to 1"),
        ({"attendees": "-3"}, "attendees", "greater than or equal to 1"),
        ({"date": "i morgen"}, "date", "Enter a valid date"),
        ({"start": "25:00"}, "start", "Enter a valid time"),
        ({"start": ""}, "start", "This field is required"),
        ({"amenities": "teleporter"}, "amenities", "Select a valid choice"),
    ],
)
def test_bad_input_gives_a_field_error_and_no_results(client, clock, room, params, field, message):
    response = search(client, **params)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"] is None
    assert message in " ".join(response.context["form"].errors[field])
    assert 'role="alert"' in html
    assert f'id="id_{field}_error"' in html or 'aria-invalid="true"' in html


def test_a_search_late_in_the_evening_without_an_end_past_midnight_asks_for_it(client, clock, room):
    response = search(client, start="23:30", end="")

    assert "Choose when it ends." in response.context["form"].errors["end"]


def test_the_default_search_late_at_night_is_tomorrow_morning(client, monkeypatch, room):
    late = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC)  # 23:30 in Copenhagen
    monkeypatch.setattr("django.utils.timezone.now", lambda: late)

    form = client.get(FIND).context["form"]

    assert form.initial["date"] == dt.date(2026, 11, 24)
    assert form.initial["start"] == dt.time(9)


def test_busy_rooms_never_show_who_booked_them(client, clock, room, book):
    book(local(2026, 11, 25, 10), local(2026, 11, 25, 11), title="Hemmeligt møde")

    html = search(client, start="09:00", end="12:00").content.decode()

    assert "Hemmeligt" not in html
    assert "Karen" not in html


def test_the_query_count_does_not_grow_with_the_results(
    client, clock, room, make_building, django_assert_num_queries
):
    amenity = Amenity.objects.create(name="Projektor", code="projector")

    def add_spaces(prefix, count):
        for n in range(count):
            building = make_building(f"{prefix} {n}")
            space = make_space(building, f"Lokale {n}", buffer_minutes=15)
            space.amenities.add(amenity)

    add_spaces("Hus", 2)
    with django_assert_num_queries(8) as few:
        response = search(client, start="15:00", end="17:00", amenities="projector")
    assert len(response.context["results"]) == 2

    add_spaces("Flere huse", 8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = search(client, start="15:00", end="17:00", amenities="projector")
    assert len(response.context["results"]) == 10


def test_every_mistake_is_reported_at_once(client, clock, room):
    response = search(client, date="2026-11-20", start="12:00", end="10:00", attendees="0")

    assert set(response.context["form"].errors) == {"date", "end", "attendees"}
