"""The booking page: one booking, a series in two steps, field errors, alternatives, who may
book in which name. NOW is Monday 23 November 2026, 09:00; the town hall is open Mon–Fri 08–16."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from bookings import errors
from bookings.models import BookerKind, Booking, BookingStatus, Series
from bookings.pages.book_forms import UNTIL_REQUIRED
from bookings.series import SERIES_NOT_FREE
from facilities.models import Association, Membership, Space, Unit
from tests.bookings.conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(room):
    return reverse("bookings:book", kwargs={"space_id": room.pk})


@pytest.fixture(autouse=True)
def english(client, settings):
    """The tests read the English texts; the pages are Danish unless the visitor chooses."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def citizen_client(client, citizen, clock):
    client.force_login(citizen)
    return client


def form_data(**fields):
    data = {
        "title": "Læseklub",
        "date": "2026-11-25",
        "start": "10:00",
        "end": "12:00",
        "attendees": "6",
        "booking_for": "me",
        "description": "",
        "repeat": "none",
        "until": "",
        "exceptions": "",
        "responsible_name": "",
        "responsible_phone": "",
    }
    data.update(fields)
    return data


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


# --- Access -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_and_back(client, url):
    response = client.get(url + "?date=2026-11-25")

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")
    assert "/book/" in response.url


def test_unknown_space_is_404(citizen_client):
    response = citizen_client.get(reverse("bookings:book", kwargs={"space_id": 999999}))

    assert response.status_code == 404


def test_a_space_not_let_out_says_so(citizen_client, room, url):
    room.bookable = False
    room.save()

    response = citizen_client.get(url)

    assert response.status_code == 404
    assert "This space cannot be booked" in response.content.decode()


def test_a_space_for_associations_only_tells_a_citizen_without_one(citizen_client, room, url):
    room.policy.bookable_by_citizens = False
    room.policy.save()

    response = citizen_client.get(url)

    assert response.status_code == 403
    assert "any name you may use" in response.content.decode()
    assert citizen_client.post(url, form_data()).status_code == 403
    assert not Booking.objects.exists()


# --- The form -----------------------------------------------------------------------------------


def test_the_search_page_link_prefills_the_form(citizen_client, url):
    response = citizen_client.get(url + "?date=2026-11-25&start=10:00&end=12:30&attendees=7")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="date" value="2026-11-25"' in html
    assert 'name="start" value="10:00"' in html
    assert 'name="end" value="12:30"' in html
    assert 'name="attendees" value="7"' in html


def test_a_bad_query_string_is_dropped_not_reported(citizen_client, url):
    response = citizen_client.get(url + "?date=25-11&start=25:00&end=12:00&attendees=-3")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="end" value="12:00"' in html
    assert 'name="date" value="25-11"' not in html
    assert "errorlist" not in html


def test_the_form_shows_the_opening_hours_and_the_outside_hours_fields(citizen_client, url):
    html = citizen_client.get(url).content.decode()

    assert 'id="outside-hours"' in html
    assert "08:00–16:00" in html
    assert 'name="responsible_name"' in html


def test_no_outside_hours_fields_where_outside_use_is_not_allowed(citizen_client, room, url):
    room.policy.outside_hours_allowed = False
    room.policy.save()

    html = citizen_client.get(url).content.decode()

    assert 'name="responsible_name"' not in html
    assert "only be booked within the building's opening hours" in html


# --- One booking --------------------------------------------------------------------------------


def test_a_citizen_books_a_free_room_and_lands_on_the_booking(citizen_client, url, citizen, room):
    response = citizen_client.post(url, form_data(public="on", description="Kaffe"))

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("bookings:detail", kwargs={"booking_id": booking.pk})
    assert texts(response) == ["Your booking is confirmed."]
    assert booking.status == BookingStatus.CONFIRMED
    assert (booking.space, booking.booker, booking.booker_kind) == (
        room,
        citizen,
        BookerKind.CITIZEN,
    )
    assert (booking.start, booking.end) == (local(2026, 11, 25, 10), local(2026, 11, 25, 12))
    assert (booking.title, booking.attendees, booking.public, booking.description) == (
        "Læseklub",
        6,
        True,
        "Kaffe",
    )


def test_a_request_says_when_the_answer_is_due(citizen_client, url, room):
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()

    response = citizen_client.post(url, form_data())

    booking = Booking.objects.get()
    assert booking.status == BookingStatus.REQUESTED
    [message] = texts(response)
    assert message.startswith("Your request is sent. The building will answer by ")
    assert "2026" in message


def test_every_broken_rule_is_a_field_error_and_nothing_is_saved(citizen_client, url):
    response = citizen_client.post(
        url, form_data(date="2026-11-20", start="10:00", end="10:10", attendees="50")
    )

    assert response.status_code == 200
    assert field_errors(response, "start") == [str(errors.IN_THE_PAST)]
    assert field_errors(response, "end") == [str(errors.TOO_SHORT) % {"minutes": 30}]
    assert field_errors(response, "attendees") == [str(errors.OVER_CAPACITY) % {"capacity": 20}]
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert not Booking.objects.exists()


def test_an_end_before_the_start_is_an_error_on_the_end(citizen_client, url):
    response = citizen_client.post(url, form_data(start="12:00", end="10:00"))

    assert field_errors(response, "end") == [str(errors.INVALID_RANGE)]
    assert not Booking.objects.exists()


def test_missing_input_gives_field_errors(citizen_client, url):
    response = citizen_client.post(url, form_data(title="", date=""))

    assert field_errors(response, "title")
    assert field_errors(response, "date")
    assert not Booking.objects.exists()


def test_outside_hours_without_a_responsible_adult_is_refused(citizen_client, url):
    response = citizen_client.post(url, form_data(start="17:00", end="19:00"))

    assert field_errors(response, "responsible_name") == [str(errors.RESPONSIBLE_REQUIRED)]
    assert not Booking.objects.exists()


def test_outside_hours_with_a_responsible_adult_is_booked(citizen_client, url):
    response = citizen_client.post(
        url,
        form_data(
            start="17:00", end="19:00", responsible_name="Ole Hansen", responsible_phone="12345678"
        ),
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert booking.minutes_outside == 120
    assert booking.responsible_name == "Ole Hansen"
    assert booking.access_code


# --- A conflict and its alternatives ------------------------------------------------------------


@pytest.fixture
def taken(book, other_citizen):
    return book(
        local(2026, 11, 25, 10), local(2026, 11, 25, 12), booker=other_citizen, title="Hemmeligt"
    )


@pytest.fixture
def second_room(town_hall):
    space = Space.objects.create(
        building=town_hall,
        name="Mødelokale 2",
        kind=Space.Kind.MEETING_ROOM,
        capacity=12,
        area_m2=25,
    )
    space.policy.bookable_by_citizens = True
    space.policy.approval = space.policy.Approval.NEVER
    space.policy.save()
    return space


def test_a_taken_slot_is_a_non_field_error_with_alternatives(
    citizen_client, url, taken, second_room
):
    response = citizen_client.post(url, form_data())

    html = response.content.decode()
    assert response.context["form"].non_field_errors() == [str(errors.CONFLICT)]
    offers = response.context["alternatives"]
    assert 1 <= len(offers) <= 3
    assert any(offer["space"] == second_room for offer in offers)
    assert any(offer["same_space"] for offer in offers)
    assert "Book this instead" in html
    assert "Hemmeligt" not in html  # nothing of the other booking
    assert Booking.objects.count() == 1


def test_an_alternative_books_with_one_click(citizen_client, url, taken, second_room, citizen):
    response = citizen_client.post(url, form_data())
    offer = next(o for o in response.context["alternatives"] if o["space"] == second_room)

    booked = citizen_client.post(offer["action"], dict(offer["fields"]))

    booking = Booking.objects.get(booker=citizen)
    assert booked.status_code == 302
    assert booking.space == second_room
    assert (booking.start, booking.title) == (local(2026, 11, 25, 10), "Læseklub")


# --- In whose name ------------------------------------------------------------------------------


@pytest.fixture
def other_association(municipality, other_citizen):
    club = Association.objects.create(
        municipality=municipality, name="Fremmed Forening", org_number="87654321"
    )
    Membership.objects.create(association=club, user=other_citizen)
    return club


def test_only_own_associations_are_offered(citizen_client, url, association, other_association):
    html = citizen_client.get(url).content.decode()

    assert f'value="association-{association.pk}"' in html
    assert "Testrup Skakklub" in html
    assert "Fremmed Forening" not in html


def test_booking_for_own_association(citizen_client, url, association):
    citizen_client.post(url, form_data(booking_for=f"association-{association.pk}"))

    booking = Booking.objects.get()
    assert (booking.booker_kind, booking.association) == (BookerKind.ASSOCIATION, association)


def test_a_forged_association_is_a_field_error(citizen_client, url, association, other_association):
    response = citizen_client.post(
        url, form_data(booking_for=f"association-{other_association.pk}")
    )

    assert field_errors(response, "booking_for") == [str(errors.NOT_A_MEMBER)]
    assert not Booking.objects.exists()


@pytest.fixture
def unit(municipality):
    return Unit.objects.create(municipality=municipality, name="Borgerservice")


def test_units_are_offered_to_staff_only(client, clock, url, citizen, manager, unit):
    client.force_login(citizen)
    assert f"unit-{unit.pk}" not in client.get(url).content.decode()
    response = client.post(url, form_data(booking_for=f"unit-{unit.pk}"))
    assert field_errors(response, "booking_for")
    assert not Booking.objects.exists()

    client.force_login(manager)
    assert f'value="unit-{unit.pk}"' in client.get(url).content.decode()
    client.post(url, form_data(booking_for=f"unit-{unit.pk}"))
    assert Booking.objects.get().unit == unit


# --- A series -----------------------------------------------------------------------------------


def series_data(**fields):
    return form_data(**{"repeat": "weekly", "until": "2026-12-16", **fields})


@pytest.fixture
def clash(book, other_citizen):
    """Another citizen's booking on the series' second Wednesday."""
    return book(
        local(2026, 12, 2, 11), local(2026, 12, 2, 13), booker=other_citizen, title="Hemmeligt"
    )


def test_a_series_is_first_shown_date_by_date(citizen_client, url, clash):
    response = citizen_client.post(url, series_data())

    html = response.content.decode()
    report = response.context["report"]
    assert [o.verdict for o in report.occurrences] == ["free", "clash", "free", "free"]
    assert "Clashes" in html
    assert "11:00–13:00" in html
    assert "Hemmeligt" not in html and "nabo" not in html
    assert 'name="take" value="free"' in html and 'name="take" value="all"' in html
    assert 'type="hidden" name="until" value="2026-12-16"' in html
    assert Booking.objects.count() == 1
    assert not Series.objects.exists()


def test_the_report_shows_policy_reasons(citizen_client, url):
    response = citizen_client.post(url, series_data(start="15:00", end="17:00"))

    assert [o.verdict for o in response.context["report"].occurrences] == ["policy"] * 4
    with translation.override("en"):
        assert escape(str(errors.RESPONSIBLE_REQUIRED)) in response.content.decode()
    assert 'name="take"' not in response.content.decode()


def test_take_free_books_only_the_free_dates(citizen_client, url, clash, citizen):
    response = citizen_client.post(url, series_data(take="free"))

    series = Series.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("bookings:series", kwargs={"series_id": series.pk})
    starts = sorted(b.start for b in Booking.objects.filter(series=series))
    assert starts == [local(2026, 11, 25, 10), local(2026, 12, 9, 10), local(2026, 12, 16, 10)]
    assert texts(response) == ["The series is booked: 3 of 4 occurrences."]


def test_take_all_with_a_clash_saves_nothing(citizen_client, url, clash):
    response = citizen_client.post(url, series_data(take="all"))

    assert response.status_code == 200
    assert str(SERIES_NOT_FREE) in response.content.decode()
    assert response.context["report"].occurrences[1].verdict == "clash"
    assert not Series.objects.exists()
    assert Booking.objects.count() == 1


def test_take_all_without_a_clash_books_every_date(citizen_client, url):
    response = citizen_client.post(url, series_data(take="all"))

    assert response.status_code == 302
    assert Series.objects.get().occurrences.count() == 4


def test_exception_dates_are_skipped(citizen_client, url):
    response = citizen_client.post(url, series_data(exceptions="2026-12-02, 9.12.2026"))

    starts = [o.local_start.date().isoformat() for o in response.context["report"].occurrences]
    assert starts == ["2026-11-25", "2026-12-16"]


def test_bad_exception_dates_and_a_missing_end_date_are_field_errors(citizen_client, url):
    response = citizen_client.post(url, form_data(repeat="weekly", exceptions="jul, 2026-12-02"))

    assert field_errors(response, "until") == [str(UNTIL_REQUIRED)]
    assert "jul" in field_errors(response, "exceptions")[0]
    assert "report" not in response.context


def test_an_end_date_before_the_start_is_a_field_error(citizen_client, url):
    response = citizen_client.post(url, series_data(until="2026-11-01"))

    assert field_errors(response, "until")
    assert not Series.objects.exists()


def test_change_goes_back_to_the_filled_form(citizen_client, url):
    response = citizen_client.post(url, series_data(edit="1"))

    html = response.content.decode()
    assert "report" not in response.context
    assert 'name="until" value="2026-12-16"' in html
    assert 'value="weekly" required id="id_repeat_1" checked' in html


def test_the_report_costs_the_same_for_2_and_10_dates(citizen_client, url):
    counts = []
    for until, dates in (("2026-12-02", 2), ("2027-01-27", 10)):
        with CaptureQueriesContext(connection) as queries:
            response = citizen_client.post(url, series_data(until=until))
        assert len(response.context["report"].occurrences) == dates
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_form_page_costs_a_fixed_number_of_queries(
    citizen_client, url, association, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        citizen_client.get(url)


def test_with_one_possible_name_the_page_says_which(citizen_client, room, url, association):
    room.policy.bookable_by_citizens = False
    room.policy.save()

    html = citizen_client.get(url).content.decode()

    assert f'type="hidden" name="booking_for" value="association-{association.pk}"' in html
    assert "Testrup Skakklub" in html
    citizen_client.post(url, form_data(booking_for=f"association-{association.pk}"))
    assert Booking.objects.get().association == association
