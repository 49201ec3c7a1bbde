"""Series: a per-occurrence report (free / clash / policy), then book the free ones or all."""

import datetime as dt
from dataclasses import asdict, fields
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from bookings import errors, services
from bookings import series as series_module
from bookings.errors import BookingError
from bookings.models import BookerKind, Booking, BookingStatus, Series
from bookings.recurrence import Rule
from bookings.series import (
    BOOKED,
    CLASH,
    FREE,
    POLICY,
    SERIES_NOT_FREE,
    SERIES_NOTHING_FREE,
    Clash,
    SeriesNotBooked,
    series_create,
    series_preview,
)
from facilities.models import Association, Building, OpeningException, OpeningHours, Space
from facilities.opening_hours import split_minutes

CPH = ZoneInfo("Europe/Copenhagen")
# Frozen: Thursday 1 October 2026, 10:00 in Copenhagen, two weeks before the season starts.
NOW = dt.datetime(2026, 10, 1, 10, tzinfo=CPH)
TWO_HOURS = dt.timedelta(hours=2)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


def season(**changes) -> Rule:
    """Wednesdays 19:00–21:00 from 14 Oct 2026 to 13 Jan 2027: 14 occurrences, one DST change."""
    fields_ = {
        "frequency": Series.Frequency.WEEKLY,
        "first_start": local(2026, 10, 14, 19),
        "duration": TWO_HOURS,
        "until": dt.date(2027, 1, 13),
        **changes,
    }
    return Rule(**fields_)


@pytest.fixture
def culture_house(building: Building) -> Building:
    """Open Monday–Friday 08–22; closed over Christmas; only 08–16 on 11 November."""
    for weekday in range(5):
        OpeningHours.objects.create(
            building=building, weekday=weekday, opens=dt.time(8), closes=dt.time(22)
        )
    OpeningException.objects.create(
        building=building,
        start_date=dt.date(2026, 12, 23),
        end_date=dt.date(2026, 12, 31),
        kind=OpeningException.Kind.CLOSED,
        reason="Juleferie",
    )
    OpeningException.objects.create(
        building=building,
        start_date=dt.date(2026, 11, 11),
        end_date=dt.date(2026, 11, 11),
        kind=OpeningException.Kind.SPECIAL_HOURS,
        opens=dt.time(8),
        closes=dt.time(16),
        reason="Personalemøde",
    )
    return building


@pytest.fixture
def hall(culture_house: Building) -> Space:
    space = Space.objects.create(
        building=culture_house,
        name="Salen",
        kind=Space.Kind.ASSEMBLY_HALL,
        capacity=60,
        area_m2=120,
    )
    policy = space.policy
    policy.bookable_by_citizens = True
    policy.approval = policy.Approval.NEVER
    policy.outside_hours_allowed = False
    policy.min_notice_minutes = 60
    policy.max_advance_days = 365
    policy.save()
    return space


@pytest.fixture
def anna(db) -> User:
    return User.objects.create_user(username="anna", email="anna@example.org")


@pytest.fixture
def bo(db) -> User:
    return User.objects.create_user(
        username="bo", email="bo.bookersen@example.org", first_name="Bo", last_name="Bookersen"
    )


@pytest.fixture
def bos_booking(hall: Space, bo: User) -> Booking:
    """Bo's private party on the first Wednesday after the clocks go back."""
    return services.booking_create(
        space=hall,
        start=local(2026, 10, 28, 18),
        end=local(2026, 10, 28, 20),
        booker=bo,
        title="Bos hemmelige fest",
        now=NOW,
    )


def as_anna(hall: Space, anna: User, **changes) -> dict:
    return {
        "space": hall,
        "booker": anna,
        "booker_kind": BookerKind.CITIZEN,
        "title": "Kor",
        "rule": season(),
        "attendees": 30,
        "now": NOW,
        **changes,
    }


@pytest.mark.django_db
def test_report_marks_each_occurrence_free_clash_or_policy(hall, anna, bos_booking):
    report = series_preview(**as_anna(hall, anna))

    by_date = {o.local_start.date(): o for o in report.occurrences}
    assert len(by_date) == 14
    verdicts = {day: o.verdict for day, o in by_date.items() if o.verdict != FREE}
    assert verdicts == {
        dt.date(2026, 10, 28): CLASH,  # Bo's booking 18–20
        dt.date(2026, 11, 11): POLICY,  # special hours 08–16
        dt.date(2026, 12, 23): POLICY,  # Christmas closure
        dt.date(2026, 12, 30): POLICY,
    }
    assert len(report.free) == 10
    assert len(report.not_free) == 4

    clash = by_date[dt.date(2026, 10, 28)]
    assert [c.booking_id for c in clash.clashes] == [bos_booking.pk]
    assert clash.clashes[0].local_start == local(2026, 10, 28, 18)
    assert clash.clashes[0].local_end == local(2026, 10, 28, 20)
    assert clash.clashes[0].label == str(BOOKED)
    assert clash.violations == ()

    closed = by_date[dt.date(2026, 12, 23)]
    assert [(v.code, v.message) for v in closed.violations] == [
        ("outside_hours_not_allowed", str(errors.OUTSIDE_HOURS_NOT_ALLOWED))
    ]
    assert (closed.minutes_inside, closed.minutes_outside) == (0, 120)
    assert by_date[dt.date(2026, 11, 11)].violations[0].code == "outside_hours_not_allowed"


@pytest.mark.django_db
def test_report_keeps_local_times_and_splits_minutes_as_split_minutes_does(hall, anna):
    report = series_preview(**as_anna(hall, anna))

    for occurrence in report.occurrences:
        assert (occurrence.local_start.hour, occurrence.local_end.hour) == (19, 21)
        assert occurrence.local_start == occurrence.start
        assert occurrence.start.tzinfo == dt.UTC
        assert (occurrence.minutes_inside, occurrence.minutes_outside) == split_minutes(
            hall.building_id, occurrence.start, occurrence.end
        )
    assert report.occurrences[1].start.hour == 17  # 21 Oct, summer time
    assert report.occurrences[2].start.hour == 18  # 28 Oct, winter time


@pytest.mark.django_db
def test_report_clash_includes_the_buffer(hall, anna, bo):
    hall.policy.buffer_minutes = 30
    hall.policy.save()
    # Ends 18:45: Anna's 19:00 start is within the 30-minute buffer after it.
    services.booking_create(
        space=hall,
        start=local(2026, 10, 21, 17),
        end=local(2026, 10, 21, 18, 45),
        booker=bo,
        title="Før koret",
        now=NOW,
    )

    report = series_preview(**as_anna(hall, anna))

    assert [o.local_start.date() for o in report.occurrences if o.verdict == CLASH] == [
        dt.date(2026, 10, 21)
    ]


@pytest.mark.django_db
def test_report_never_shows_another_bookers_name_or_title(hall, anna, bos_booking):
    report = series_preview(**as_anna(hall, anna))

    shown = repr(report) + repr(asdict(report))
    for secret in ("Bookersen", "bo.bookersen@example.org", "Bos hemmelige fest", "fest"):
        assert secret not in shown
    assert {f.name for f in fields(Clash)} == {"booking_id", "local_start", "local_end"}


@pytest.mark.django_db
def test_take_free_books_exactly_the_free_occurrences_in_the_series(hall, anna, bos_booking):
    rule = season(exception_dates=(dt.date(2026, 12, 2),))

    series, report = series_create(**as_anna(hall, anna, rule=rule), take="free")

    assert series.rrule == "FREQ=WEEKLY;UNTIL=20270113T225959Z"
    assert series.exception_dates == ["2026-12-02"]
    assert (series.frequency, series.duration_minutes, series.count) == ("weekly", 120, None)
    assert series.until == dt.date(2027, 1, 13)
    bookings = list(Booking.objects.filter(series=series).order_by("start"))
    assert len(bookings) == len(report.free) == 9  # 13 dates, Bo's, 3 outside hours
    assert [b.pk for b in bookings] == [o.booking_id for o in report.free]
    assert all(o.booking_id is None for o in report.not_free)
    assert [b.start for b in bookings] == [o.start for o in report.free]
    for booking in bookings:
        assert booking.start.astimezone(CPH).time() == dt.time(19)
        assert booking.end.astimezone(CPH).time() == dt.time(21)
        assert booking.status == BookingStatus.CONFIRMED
        assert (booking.booker, booking.title, booking.attendees) == (anna, "Kor", 30)
    assert {b.start.hour for b in bookings if b.start < local(2026, 10, 25)} == {17}
    assert {b.start.hour for b in bookings if b.start > local(2026, 10, 25)} == {18}
    assert dt.date(2026, 12, 2) not in {b.start.astimezone(CPH).date() for b in bookings}
    bos_booking.refresh_from_db()
    assert bos_booking.series is None


@pytest.mark.django_db
def test_take_all_with_a_clash_writes_nothing(hall, anna, bos_booking):
    with pytest.raises(SeriesNotBooked) as caught:
        series_create(**as_anna(hall, anna), take="all")

    assert caught.value.code == "series_not_free"
    assert caught.value.message == str(SERIES_NOT_FREE)
    assert len(caught.value.report.not_free) == 4
    assert Series.objects.count() == 0
    assert list(Booking.objects.all()) == [bos_booking]


@pytest.mark.django_db
def test_take_all_books_every_occurrence_when_all_are_free(hall, anna):
    rule = season(until=None, count=3)

    series, report = series_create(**as_anna(hall, anna, rule=rule), take="all")

    assert series.rrule == "FREQ=WEEKLY;COUNT=3"
    assert series.occurrences.count() == 3
    assert [o.verdict for o in report.occurrences] == [FREE] * 3


@pytest.mark.django_db
def test_nothing_free_writes_nothing(hall, anna, bos_booking):
    rule = season(first_start=local(2026, 10, 28, 19), until=None, count=1)

    with pytest.raises(SeriesNotBooked) as caught:
        series_create(**as_anna(hall, anna, rule=rule), take="free")

    assert (caught.value.code, caught.value.message) == (
        "series_nothing_free",
        str(SERIES_NOTHING_FREE),
    )
    assert caught.value.report.occurrences[0].verdict == CLASH
    assert Series.objects.count() == 0
    assert Booking.objects.count() == 1


@pytest.fixture
def racing_bo(monkeypatch, hall, bo):
    """Bo books 4 November right after the series' preview found it free."""
    made = []
    real_preview = series_module.series_preview

    def series_preview(**kwargs):
        report = real_preview(**kwargs)
        made.append(
            services.booking_create(
                space=hall,
                start=local(2026, 11, 4, 19),
                end=local(2026, 11, 4, 21),
                booker=bo,
                title="Bo",
                now=NOW,
            )
        )
        return report

    monkeypatch.setattr(series_module, "series_preview", series_preview)
    return made


@pytest.mark.django_db
def test_a_conflict_during_creation_becomes_a_clash_and_the_rest_stands(hall, anna, racing_bo):
    series, report = series_create(**as_anna(hall, anna), take="free")

    lost = next(o for o in report.occurrences if o.local_start.date() == dt.date(2026, 11, 4))
    assert lost.verdict == CLASH
    assert lost.booking_id is None
    assert [c.booking_id for c in lost.clashes] == [racing_bo[0].pk]
    assert series.occurrences.count() == len(report.free) == 10
    assert Booking.objects.count() == 11


@pytest.mark.django_db
def test_a_conflict_during_creation_with_take_all_writes_nothing(hall, anna, racing_bo):
    rule = season(until=None, count=4)

    with pytest.raises(SeriesNotBooked) as caught:
        series_create(**as_anna(hall, anna, rule=rule), take="all")

    assert caught.value.code == "series_not_free"
    assert [o.verdict for o in caught.value.report.occurrences] == [FREE] * 3 + [CLASH]
    assert [o.booking_id for o in caught.value.report.occurrences] == [None] * 4
    assert Series.objects.count() == 0
    assert Booking.objects.count() == 0  # Bo's racing booking was inside our transaction


@pytest.mark.django_db
def test_preview_query_count_does_not_grow_with_the_series(
    hall, anna, bos_booking, django_assert_max_num_queries
):
    rule = season(until=None, count=40)

    with django_assert_max_num_queries(4):
        report = series_preview(**as_anna(hall, anna, rule=rule))

    assert len(report.occurrences) == 40
    assert {o.verdict for o in report.occurrences} == {FREE, CLASH, POLICY}


@pytest.mark.django_db
def test_policy_limits_apply_per_occurrence(hall, anna):
    hall.policy.max_advance_days = 60
    hall.policy.save()

    report = series_preview(**as_anna(hall, anna))

    far = [o for o in report.occurrences if o.start - NOW > dt.timedelta(days=60)]
    assert far
    assert all("too_far_ahead" in {v.code for v in o.violations} for o in far)


@pytest.mark.django_db
def test_booking_for_an_association_needs_membership(hall, anna, municipality):
    hall.policy.bookable_by_associations = True
    hall.policy.save()
    club = Association.objects.create(
        municipality=municipality, name="Testrup Kor", org_number="87654321"
    )

    with pytest.raises(BookingError) as caught:
        series_preview(**as_anna(hall, anna, booker_kind=BookerKind.ASSOCIATION, association=club))

    assert caught.value.code == "not_a_member"


@pytest.mark.django_db
def test_an_invalid_rule_is_refused_before_anything_is_written(hall, anna):
    with pytest.raises(BookingError) as caught:
        series_create(**as_anna(hall, anna, rule=season(count=5)), take="free")

    assert caught.value.code == "until_or_count"
    assert Series.objects.count() == 0


def test_the_series_keeps_its_details_and_gives_them_to_every_occurrence(hall, anna):
    rule = season(until=None, count=3)
    series, _ = series_create(
        **as_anna(hall, anna, rule=rule, attendees=12),
        description="Træning for U12",
        public=True,
        take="all",
    )

    assert (series.attendees, series.description, series.public) == (12, "Træning for U12", True)
    assert {(b.attendees, b.description, b.public) for b in series.occurrences.all()} == {
        (12, "Træning for U12", True)
    }


def test_a_series_sends_one_email_to_the_booker_and_one_to_each_manager(
    hall, anna, bos_booking, mailoutbox, django_capture_on_commit_callbacks
):
    manager = User.objects.create_user(username="mette", email="mette@example.org", language="en")
    hall.building.managers.add(manager)
    hall.policy.approval = hall.policy.Approval.ALWAYS
    hall.policy.save()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _series, report = series_create(**as_anna(hall, anna), take="free")

    to_anna = [m for m in mailoutbox if m.to == ["anna@example.org"]]
    to_manager = [m for m in mailoutbox if m.to == ["mette@example.org"]]
    assert len(mailoutbox) == 2
    assert len(to_anna) == len(to_manager) == 1
    assert f"Booket ({len(report.free)})" in to_anna[0].body
    assert f"Ikke booket ({len(report.not_free)})" in to_anna[0].body
    assert len(report.not_free) >= 2  # Bo's party and the Christmas closure
    assert "Bos" not in to_anna[0].body and "Bookersen" not in to_anna[0].body
    assert to_manager[0].subject.startswith(f"{len(report.free)} requests waiting")


def test_a_series_that_writes_nothing_sends_nothing(
    hall, anna, bos_booking, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SeriesNotBooked):
        series_create(**as_anna(hall, anna), take="all")

    assert mailoutbox == []
