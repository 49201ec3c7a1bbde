"""Reply deadlines in working days, the alarm to managers, and the two periodic commands.

Time is frozen by passing `now` to the services (and --now to the commands).
Easter 2027: Skærtorsdag 25 March, Langfredag 26 March, 2. påskedag 29 March; summer time
starts the night of 28 March.
"""

import datetime as dt
import io
import logging
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bookings import services
from bookings.deadline_alarms import send_deadline_alarms
from bookings.deadlines import add_working_days
from bookings.lifecycle import booking_approve
from bookings.models import Booking, BookingStatus
from bookings.services import booking_create
from facilities.models import Building, OpeningHours, Space

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
ACCESS_CODE = "493817"


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


FRIDAY = local(2027, 3, 19, 10)  # an ordinary Friday before Easter
EASTER_WEDNESDAY = local(2027, 3, 24, 10)  # the day before Skærtorsdag


@pytest.fixture(autouse=True)
def fixed_access_code(monkeypatch):
    monkeypatch.setattr(services, "new_access_code", lambda: ACCESS_CODE)


def make_house(make_building, name: str, *managers: User, **fields) -> Building:
    house = make_building(name, **fields)
    for weekday in range(5):
        OpeningHours.objects.create(
            building=house, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    house.managers.add(*managers)
    return house


def make_room(building: Building, name: str = "Sal A", **policy_fields) -> Space:
    """A room where every booking is a request, unless the policy says otherwise."""
    space = Space.objects.create(
        building=building, name=name, kind=Space.Kind.MEETING_ROOM, capacity=20, area_m2=40
    )
    policy = space.policy
    policy.bookable_by_citizens = True
    policy.outside_hours_allowed = True
    policy.approval = policy.Approval.ALWAYS
    for field, value in policy_fields.items():
        setattr(policy, field, value)
    policy.save()
    return space


def make_user(username: str, language: str = "da", email: str | None = None) -> User:
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.org" if email is None else email,
        first_name=username.capitalize(),
        language=language,
    )


def request(space: Space, booker: User, start: dt.datetime, *, now: dt.datetime, **fields):
    return booking_create(
        space=space,
        start=start,
        end=start + dt.timedelta(hours=2),
        booker=booker,
        title=fields.pop("title", "Generalforsamling"),
        responsible_name="Ole Olsen",
        responsible_phone="12345678",
        now=now,
        **fields,
    )


@pytest.fixture
def mette(db) -> User:
    return make_user("mette", "da")


@pytest.fixture
def alex(db) -> User:
    return make_user("alex", "en")


@pytest.fixture
def karen(db) -> User:
    return make_user("karen", "da")


@pytest.fixture
def house(make_building, mette) -> Building:
    return make_house(make_building, "Kulturhuset", mette)


@pytest.fixture
def room(house) -> Space:
    return make_room(house)


# --- Working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "days", "due"),
    [
        (FRIDAY, 3, local(2027, 3, 24, 10)),  # Friday + 3 = Wednesday
        (local(2027, 3, 20, 15), 3, local(2027, 3, 24, 15)),  # Saturday counts from Monday
        # Skærtorsdag, Langfredag and 2. påskedag are skipped, and 10:00 stays 10:00 across
        # the change to summer time (09:00 UTC before, 08:00 UTC after).
        (EASTER_WEDNESDAY, 3, local(2027, 4, 1, 10)),
        (local(2027, 3, 26, 10), 3, local(2027, 4, 1, 10)),  # made on Langfredag itself
        (local(2027, 12, 23, 12), 1, local(2027, 12, 27, 12)),  # Christmas Eve to 2. juledag
    ],
    ids=["friday", "saturday", "easter-wednesday", "langfredag", "christmas"],
)
def test_add_working_days_skips_weekends_and_danish_public_holidays(made, days, due):
    result = add_working_days(made, days)

    assert result == due
    assert result.tzinfo == dt.UTC


def test_friday_plus_three_working_days_is_wednesday():
    assert add_working_days(FRIDAY, 3).astimezone(CPH).strftime("%A %H:%M") == "Wednesday 10:00"


# --- The alarm ---------------------------------------------------------------------------------


def test_the_alarm_fires_only_after_the_working_days_and_exactly_once(
    room, mette, karen, mailoutbox
):
    booking = request(room, karen, local(2027, 4, 20, 18), now=FRIDAY)
    assert booking.reply_due_at == local(2027, 3, 24, 10)

    assert send_deadline_alarms(now=local(2027, 3, 23, 10)) == 0  # Tuesday: 2 working days
    assert send_deadline_alarms(now=local(2027, 3, 24, 9, 59)) == 0
    assert mailoutbox == []

    assert send_deadline_alarms(now=local(2027, 3, 24, 10)) == 1
    (alarm,) = mailoutbox
    assert alarm.to == ["mette@example.org"]
    booking.refresh_from_db()
    assert booking.deadline_alarm_sent_at == local(2027, 3, 24, 10)

    assert send_deadline_alarms(now=local(2027, 3, 24, 11)) == 0
    assert send_deadline_alarms(now=local(2027, 4, 10, 11)) == 0
    assert len(mailoutbox) == 1


def test_the_alarm_counts_working_days_across_easter(room, karen, mailoutbox):
    request(room, karen, local(2027, 4, 20, 18), now=EASTER_WEDNESDAY)

    # Wednesday 31 March is only two working days later (Tuesday 30, Wednesday 31).
    assert send_deadline_alarms(now=local(2027, 3, 31, 23)) == 0
    assert send_deadline_alarms(now=local(2027, 4, 1, 10)) == 1
    assert len(mailoutbox) == 1


def test_requests_answered_in_time_raise_no_alarm(room, mette, karen, mailoutbox):
    answered = request(room, karen, local(2027, 4, 20, 18), now=FRIDAY)
    booking_approve(booking=answered, by=mette, now=local(2027, 3, 22, 9))

    assert send_deadline_alarms(now=local(2027, 3, 30, 10)) == 0
    assert mailoutbox == []


def test_one_email_per_building_lists_its_overdue_requests_in_each_managers_language(
    make_building, house, room, mette, alex, karen, mailoutbox
):
    house.managers.add(alex)
    other_manager = make_user("ib", "da")
    other_house = make_house(make_building, "Skolen", other_manager)
    other_room = make_room(other_house, "Gymnastiksal")
    request(room, karen, local(2027, 4, 20, 18), now=FRIDAY, title="Korprøve")
    request(room, karen, local(2027, 4, 21, 18), now=FRIDAY, title="Bestyrelsesmøde")
    request(other_room, karen, local(2027, 4, 20, 18), now=FRIDAY, title="Badminton")
    request(room, karen, local(2027, 4, 22, 18), now=local(2027, 3, 23, 10), title="Ikke forfalden")

    assert send_deadline_alarms(now=local(2027, 3, 24, 12)) == 3

    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "alex@example.org",
        "ib@example.org",
        "mette@example.org",
    ]
    (to_mette,) = [mail for mail in mailoutbox if mail.to == ["mette@example.org"]]
    (to_alex,) = [mail for mail in mailoutbox if mail.to == ["alex@example.org"]]
    (to_ib,) = [mail for mail in mailoutbox if mail.to == ["ib@example.org"]]

    assert to_mette.subject == "Svarfristen er overskredet: 2 anmodninger i Kulturhuset"
    assert "svarfrist på 3 arbejdsdage" in to_mette.body
    assert "1. Booking: Korprøve\n" in to_mette.body
    assert "2. Booking: Bestyrelsesmøde\n" in to_mette.body
    assert "Tidspunkt: tirsdag 20. april 2027 kl. 18:00–20:00" in to_mette.body
    assert "Svarfrist: onsdag 24. marts 2027 kl. 10:00" in to_mette.body
    assert "Ikke forfalden" not in to_mette.body
    assert "Badminton" not in to_mette.body

    assert to_alex.subject == "Reply deadline passed: 2 requests in Kulturhuset"
    assert "When: Tuesday 20 April 2027, 18:00–20:00" in to_alex.body
    assert "Reply by: Wednesday 24 March 2027, 10:00" in to_alex.body

    assert to_ib.subject == "Svarfristen er overskredet: 1 anmodning i Skolen"
    assert "Badminton" in to_ib.body
    assert "Korprøve" not in to_ib.body

    for mail in mailoutbox:
        assert ACCESS_CODE not in mail.body  # these requests are outside hours and have a code
    assert Booking.objects.filter(deadline_alarm_sent_at__isnull=True).get().title == (
        "Ikke forfalden"
    )


def test_the_alarm_takes_the_same_number_of_queries_for_many_buildings(make_building, karen):
    def overdue_requests(buildings: int, per_building: int, now: dt.datetime) -> int:
        for n in range(buildings):
            managers = [make_user(f"m{now:%d}{n}a"), make_user(f"m{now:%d}{n}b", "en")]
            space = make_room(make_house(make_building, f"Hus {now:%d}-{n}", *managers))
            for k in range(per_building):
                request(space, karen, local(2027, 4, 20 + k, 18), now=now)
        with CaptureQueriesContext(connection) as queries:
            assert send_deadline_alarms(now=now + dt.timedelta(days=14)) == buildings * per_building
        return len(queries)

    one = overdue_requests(1, 1, FRIDAY)
    many = overdue_requests(3, 2, local(2027, 3, 22, 10))

    assert one == many


def test_a_building_without_a_reachable_manager_is_logged_and_kept_for_the_next_run(
    make_building, karen, mailoutbox, caplog
):
    nobody = make_user("uden", email="")
    house = make_house(make_building, "Hallen", nobody)
    booking = request(make_room(house), karen, local(2027, 4, 20, 18), now=FRIDAY)

    with caplog.at_level(logging.WARNING):
        assert send_deadline_alarms(now=local(2027, 3, 25, 10)) == 0

    assert mailoutbox == []
    assert f"Building {house.pk} has 1 overdue request(s)" in caplog.text
    booking.refresh_from_db()
    assert booking.deadline_alarm_sent_at is None

    house.managers.add(make_user("ny"))
    assert send_deadline_alarms(now=local(2027, 3, 26, 10)) == 1
    assert [mail.to for mail in mailoutbox] == [["ny@example.org"]]


# --- The commands ------------------------------------------------------------------------------


def test_check_reply_deadlines_command(room, karen, mailoutbox):
    request(room, karen, local(2027, 4, 20, 18), now=FRIDAY)
    out = io.StringIO()

    call_command("check_reply_deadlines", "--now", "2027-03-24T09:00:00+01:00", stdout=out)
    assert out.getvalue() == "Deadline alarm raised for 0 request(s).\n"

    # Without an offset --now is Copenhagen time.
    call_command("check_reply_deadlines", "--now=2027-03-24T10:00", stdout=out)
    assert out.getvalue().endswith("Deadline alarm raised for 1 request(s).\n")
    assert len(mailoutbox) == 1


def test_check_reply_deadlines_command_refuses_a_bad_now(db):
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("check_reply_deadlines", "--now", "next tuesday")


def test_check_reply_deadlines_command_defaults_to_the_current_time(room, karen):
    request(room, karen, local(2020, 3, 20, 18), now=local(2020, 3, 6, 10))
    out = io.StringIO()

    call_command("check_reply_deadlines", stdout=out)  # long after the 2020 deadline

    assert out.getvalue() == "Deadline alarm raised for 1 request(s).\n"


def test_release_no_shows_command(
    house, karen, mette, mailoutbox, django_capture_on_commit_callbacks
):
    room = make_room(house, approval="never", check_in_required=True)
    start = local(2027, 3, 24, 10)
    with django_capture_on_commit_callbacks(execute=True):
        booking = request(room, karen, start, now=FRIDAY)
    assert booking.status == BookingStatus.CONFIRMED
    mailoutbox.clear()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("release_no_shows", "--now", "2027-03-24T10:10:00+01:00", stdout=out)
        call_command("release_no_shows", "--now", "2027-03-24T10:16:00+01:00", stdout=out)
        call_command("release_no_shows", "--now", "2027-03-24T10:30:00+01:00", stdout=out)

    assert out.getvalue().splitlines() == [
        "Released 0 no-show booking(s).",
        "Released 1 no-show booking(s).",
        "Released 0 no-show booking(s).",
    ]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert booking.timeline.last().at == local(2027, 3, 24, 10, 16)
    (mail,) = mailoutbox
    assert mail.to == [karen.email]
    assert "Status: Udeblevet" in mail.body
