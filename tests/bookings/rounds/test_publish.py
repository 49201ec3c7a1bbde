"""Publishing a round (bookings/rounds/publish.py): series for the season, confirmed, and one
e-mail per association administrator.

The round world of conftest.py: season 1 August 2027 – 30 June 2028. The school is open
Monday–Friday 08–16, so its evening slots are outside opening hours and its policy (approval
outside hours) makes requests, which publishing approves; the hall is open 07–22 every day, so
its evening slots are confirmed at once. NOW is Monday 3 May 2027, 10:00: the season's last
weeks are more than 365 days ahead (the default "latest booking: days ahead").

The results are written straight into WishResult, as the allocation would leave them.
"""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.models import User
from bookings.errors import BookingError
from bookings.models import (
    BookerKind,
    Booking,
    BookingStatus,
    Series,
    TimelineEntry,
    WishResult,
)
from bookings.rounds import publish, reasons
from bookings.rounds.publish import CLOSURE, HOLIDAY, SkippedDay, round_publish
from bookings.series import CLASH
from bookings.services import booking_create
from facilities.models import Membership, OpeningException, SpacePolicy
from tests.bookings.rounds.conftest import MONDAY, TUESDAY, WEDNESDAY, local, t

pytestmark = pytest.mark.django_db

NOW = local(2027, 5, 3, 10, 0)
PROPOSED_AT = local(2027, 4, 20, 12, 0)


def allocate(wish, space, weekday, starts, ends, *, note=""):
    return WishResult.objects.create(
        wish=wish,
        outcome=WishResult.Outcome.ALLOCATED,
        option=wish.options.order_by("rank").first(),
        space=space,
        weekday=weekday,
        starts=t(starts),
        ends=t(ends),
        changed_by_manager=bool(note),
        manager_note=note,
    )


def refuse(wish, *reason_list, note=""):
    return WishResult.objects.create(
        wish=wish,
        outcome=WishResult.Outcome.NOT_ALLOCATED,
        reasons=list(reason_list),
        changed_by_manager=bool(note),
        manager_note=note,
    )


@pytest.fixture
def proposed(round_world, apply):
    """Football (youth) gets the gym Tuesday 17–19 (its first choice) and the small hall
    Monday 18–20 (its alternative); fitness gets the big hall Wednesday 19–21 as moved by the
    manager and is refused its second wish; chess applied and got nothing."""
    w = round_world
    football = apply(
        w.football,
        w.youth,
        [
            {"activity": "U10 fodbold", "options": [(TUESDAY, "17:00", "19:00", w.gym)]},
            {
                "activity": "U12 fodbold",
                "options": [
                    (MONDAY, "17:00", "19:00", w.big_hall),
                    (MONDAY, "18:00", "20:00", w.small_hall),
                ],
            },
        ],
        submitted_at=local(2027, 3, 2, 9),
    )
    fitness = apply(
        w.fitness,
        w.adults,
        [
            {"activity": "Motion", "options": [(WEDNESDAY, "18:00", "20:00", w.big_hall)]},
            {"activity": "Yoga", "options": [(TUESDAY, "17:00", "19:00", w.gym)]},
        ],
        submitted_at=local(2027, 3, 3, 9),
    )
    chess = apply(
        w.chess,
        w.adults,
        [{"activity": "Skak", "options": [(TUESDAY, "17:30", "19:30", w.gym)]}],
        submitted_at=local(2027, 3, 4, 9),
    )
    u10, u12 = football.wishes.order_by("position")
    motion, yoga = fitness.wishes.order_by("position")
    (skak,) = chess.wishes.all()
    allocate(u10, w.gym, TUESDAY, "17:00", "19:00")
    allocate(u12, w.small_hall, MONDAY, "18:00", "20:00")
    allocate(motion, w.big_hall, WEDNESDAY, "19:00", "21:00", note="Flyttet en time for rengøring")
    refuse(
        yoga,
        reasons.reason(
            0,
            reasons.TAKEN_HIGHER_PRIORITY,
            space="Gymnastiksal",
            category_default="children_youth",
        ),
    )
    refuse(skak, reasons.reason(0, reasons.TAKEN_HIGHER_PRIORITY, space="Gymnastiksal"))
    OpeningException.objects.create(
        building=w.school,
        start_date=dt.date(2027, 10, 11),
        end_date=dt.date(2027, 10, 17),
        kind=OpeningException.Kind.CLOSED,
        reason="Efterårsferie",
    )
    w.round.allocated_at = PROPOSED_AT
    w.round.save()
    return w


def series_of(wish_activity: str) -> Series:
    return WishResult.objects.get(wish__activity=wish_activity).series


def local_starts(series: Series) -> list[dt.datetime]:
    zone = local(2027, 1, 1).tzinfo
    return [b.start.astimezone(zone) for b in series.occurrences.order_by("start")]


# --- Series -------------------------------------------------------------------------------


def test_one_series_per_allocated_slot_linked_to_its_result(proposed):
    report = round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    assert Series.objects.count() == 3
    linked = WishResult.objects.filter(series__isnull=False)
    assert sorted(linked.values_list("wish__activity", flat=True)) == [
        "Motion",
        "U10 fodbold",
        "U12 fodbold",
    ]
    assert {slot.series_id for slot in report.slots} == set(
        Series.objects.values_list("pk", flat=True)
    )
    proposed.round.refresh_from_db()
    assert proposed.round.published_at == NOW


def test_series_is_the_associations_with_the_wish_and_application_details(proposed):
    round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    series = series_of("U10 fodbold")
    assert series.space == proposed.gym
    assert series.booker == proposed.football_admin
    assert series.booker_kind == BookerKind.ASSOCIATION
    assert series.association == proposed.football
    assert series.title == "U10 fodbold"
    assert series.attendees == 20
    assert series.frequency == Series.Frequency.WEEKLY
    assert series.until == dt.date(2028, 6, 30)
    booking = series.occurrences.first()
    assert (booking.responsible_name, booking.responsible_phone) == ("Ole Træner", "20304050")


def test_a_tuesday_17_slot_stays_17_local_in_winter_and_summer(proposed):
    round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    starts = local_starts(series_of("U10 fodbold"))
    assert starts[0] == local(2027, 8, 3, 17, 0)  # the season's first Tuesday, summer time
    assert starts[-1] == local(2028, 6, 27, 17, 0)  # its last, over a year after NOW
    assert {(s.weekday(), s.hour, s.minute) for s in starts} == {(TUESDAY, 17, 0)}
    utc_hours = {s.astimezone(dt.UTC).hour for s in starts}
    assert utc_hours == {15, 16}  # 17:00 is 15:00 UTC in summer, 16:00 UTC in winter
    winter = next(s for s in starts if s.date() == dt.date(2028, 1, 4))
    assert winter.astimezone(dt.UTC).hour == 16
    durations = {b.end - b.start for b in series_of("U10 fodbold").occurrences.all()}
    assert durations == {dt.timedelta(hours=2)}


def test_public_holidays_and_closure_days_are_skipped_exactly(proposed):
    report = round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    # Monday in the small hall (the hall has no closure): 2. påskedag 17 April 2028 and
    # 2. pinsedag 5 June 2028 (also Grundlovsdag; the first name is kept).
    monday = series_of("U12 fodbold")
    mondays = [s.date() for s in local_starts(monday)]
    assert dt.date(2028, 4, 17) not in mondays and dt.date(2028, 6, 5) not in mondays
    assert dt.date(2028, 4, 24) in mondays
    assert monday.exception_dates == ["2028-04-17", "2028-06-05"]
    slot = next(s for s in report.slots if s.series_id == monday.pk)
    assert slot.skipped == (
        SkippedDay(dt.date(2028, 4, 17), HOLIDAY, "2. påskedag"),
        SkippedDay(dt.date(2028, 6, 5), HOLIDAY, "2. pinsedag"),
    )

    # Tuesday in the gym: the school's autumn closure 11–17 October 2027 takes 12 October.
    tuesday = series_of("U10 fodbold")
    assert tuesday.exception_dates == ["2027-10-12"]
    tuesdays = [s.date() for s in local_starts(tuesday)]
    assert dt.date(2027, 10, 12) not in tuesdays
    assert dt.date(2027, 10, 5) in tuesdays and dt.date(2027, 10, 19) in tuesdays
    slot = next(s for s in report.slots if s.series_id == tuesday.pk)
    assert slot.skipped == (SkippedDay(dt.date(2027, 10, 12), CLOSURE, "Efterårsferie"),)
    # 48 Tuesdays from 3 August 2027 to 27 June 2028, less the closed one.
    assert (slot.booked, slot.first, slot.last) == (47, dt.date(2027, 8, 3), dt.date(2028, 6, 27))


def test_every_booking_is_confirmed_by_the_publisher_whatever_the_policy(proposed):
    report = round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CONFIRMED}
    assert Booking.objects.count() == report.bookings == 47 + 46 + 48
    # The gym's evening is outside the school's hours, where its policy wants approval: the
    # allocation is the approval, made by the manager who published, naming the round.
    gym_booking = series_of("U10 fodbold").occurrences.order_by("start").first()
    entries = list(gym_booking.timeline.values_list("from_status", "to_status", "actor", "at"))
    assert entries == [("", BookingStatus.CONFIRMED, proposed.manager.pk, NOW)]
    assert proposed.round.name in gym_booking.timeline.get().reason
    assert gym_booking.access_code  # outside opening hours
    hall_booking = series_of("Motion").occurrences.first()
    assert list(hall_booking.timeline.values_list("from_status", "to_status", "actor")) == [
        ("", BookingStatus.CONFIRMED, proposed.manager.pk)
    ]


def test_the_whole_season_is_booked_beyond_the_spaces_booking_window(proposed):
    """The last Tuesday is 421 days after NOW, past the default 365 days ahead and the notice;
    the allocation books it anyway, and the policies are as they were afterwards."""
    SpacePolicy.objects.filter(space=proposed.gym).update(max_advance_days=30)
    before = list(
        SpacePolicy.objects.order_by("pk").values_list("min_notice_minutes", "max_advance_days")
    )

    report = round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    assert report.missed == []
    assert local_starts(series_of("U10 fodbold"))[-1] == local(2028, 6, 27, 17, 0)
    after = list(
        SpacePolicy.objects.order_by("pk").values_list("min_notice_minutes", "max_advance_days")
    )
    assert after == before
    assert SpacePolicy.objects.get(space=proposed.gym).max_advance_days == 30


def test_a_date_booked_since_the_allocation_is_reported_not_dropped(proposed):
    taken = booking_create(
        space=proposed.small_hall,
        start=local(2027, 11, 8, 19, 0),
        end=local(2027, 11, 8, 21, 0),
        booker=proposed.chess_admin,
        booker_kind=BookerKind.ASSOCIATION,
        association=proposed.chess,
        title="Turnering",
        now=NOW,
        notify=False,
    )

    report = round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    ((slot, missed),) = report.missed
    assert slot.series_id == series_of("U12 fodbold").pk
    assert (missed.local_start, missed.local_end, missed.verdict) == (
        local(2027, 11, 8, 18, 0),
        local(2027, 11, 8, 20, 0),
        CLASH,
    )
    assert slot.booked == 45
    assert Booking.objects.get(pk=taken.pk).status == BookingStatus.CONFIRMED


def test_publishing_after_the_season_began_books_from_the_next_date(proposed):
    now = local(2027, 9, 8, 12, 0)  # a Wednesday

    report = round_publish(round=proposed.round, user=proposed.manager, now=now)

    assert local_starts(series_of("U10 fodbold"))[0] == local(2027, 9, 14, 17, 0)
    assert local_starts(series_of("Motion"))[0] == local(2027, 9, 8, 19, 0)  # still ahead today
    assert report.missed == []


# --- When it may be published ---------------------------------------------------------------


def test_not_before_a_proposal(proposed):
    proposed.round.allocated_at = None
    proposed.round.save()

    with pytest.raises(BookingError) as raised:
        round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    assert raised.value.code == "round_not_proposed"
    assert raised.value.message == str(publish.ROUND_NOT_PROPOSED)
    assert not Series.objects.exists()


def test_not_twice(proposed, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(round=proposed.round, user=proposed.manager, now=NOW)
    sent = len(mailoutbox)

    with pytest.raises(BookingError) as raised, django_capture_on_commit_callbacks(execute=True):
        round_publish(round=proposed.round, user=proposed.manager, now=NOW + dt.timedelta(hours=1))

    assert raised.value.code == "round_published"
    assert Series.objects.count() == 3
    assert len(mailoutbox) == sent


def test_only_by_someone_who_may_run_the_round(proposed, other_manager):
    with pytest.raises(BookingError) as raised:
        round_publish(round=proposed.round, user=other_manager, now=NOW)
    assert raised.value.code == "not_round_manager"
    with pytest.raises(BookingError):
        round_publish(round=proposed.round, user=proposed.football_admin, now=NOW)
    assert not Series.objects.exists()


def test_not_after_the_season(proposed):
    with pytest.raises(BookingError) as raised:
        round_publish(round=proposed.round, user=proposed.manager, now=local(2028, 7, 1, 9))
    assert raised.value.code == "season_over"


def test_a_failure_midway_writes_nothing_and_sends_nothing(
    proposed, django_capture_on_commit_callbacks, mailoutbox
):
    """The first slot (football's gym Tuesday) is booked before the hall slot fails: since the
    allocation, the big hall stopped taking associations, so no Wednesday can be booked."""
    SpacePolicy.objects.filter(space=proposed.big_hall).update(
        bookable_by_associations=False, bookable_by_citizens=True
    )
    policies = list(SpacePolicy.objects.order_by("pk").values())

    with (
        pytest.raises(BookingError) as raised,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    assert raised.value.code == "slot_not_bookable"
    assert "Motion (Testrup Motionsklub)" in raised.value.message
    assert callbacks == [] and mailoutbox == []
    assert not Series.objects.exists()
    assert not Booking.objects.exists()
    assert not TimelineEntry.objects.exists()
    assert not WishResult.objects.filter(series__isnull=False).exists()
    proposed.round.refresh_from_db()
    assert proposed.round.published_at is None
    assert list(SpacePolicy.objects.order_by("pk").values()) == policies


# --- E-mails --------------------------------------------------------------------------------


@pytest.fixture
def published(proposed, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        report = round_publish(round=proposed.round, user=proposed.manager, now=NOW)
    return report


def mail_to(mailoutbox, address):
    (message,) = [m for m in mailoutbox if m.to == [address]]
    return message


def test_one_email_per_association_admin_and_no_other(proposed, published, mailoutbox):
    """No e-mail per series, per approval, nor to the managers about requests."""
    assert sorted(m.to[0] for m in mailoutbox) == [
        "fodbold@example.org",
        "motion@example.org",
        "skak@example.org",
    ]
    assert published.emails == 3


def test_every_admin_of_an_association_gets_it(
    round_world, proposed, django_capture_on_commit_callbacks, mailoutbox
):
    second = User.objects.create_user(username="kasserer", email="kasserer@example.org")
    Membership.objects.create(
        association=proposed.football, user=second, role=Membership.Role.ADMIN
    )
    member = User.objects.create_user(username="spiller", email="spiller@example.org")
    Membership.objects.create(association=proposed.football, user=member)

    with django_capture_on_commit_callbacks(execute=True):
        report = round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    recipients = sorted(m.to[0] for m in mailoutbox)
    assert "kasserer@example.org" in recipients and "spiller@example.org" not in recipients
    assert report.emails == len(mailoutbox) == 4


def test_danish_email_lists_slots_skipped_dates_unmet_wishes_and_complaint(published, mailoutbox):
    football = mail_to(mailoutbox, "fodbold@example.org")
    assert football.subject == (
        "Fordeling af lokaler, Sæson 2027/28: Testrup Ungdomsfodbold har fået 2 af 2 ønskede tider"
    )
    body = football.body
    assert "1. U10 fodbold: tirsdag kl. 17:00–19:00" in body
    assert "Gymnastiksal, Testrup Skole, Torvet 1, 9999 Testrup" in body
    assert "Det er jeres førsteønske." in body
    assert "Fra tirsdag 3. august 2027 til tirsdag 27. juni 2028: 47 gange, alle bekræftet." in body
    assert "- 12. oktober 2027: bygningen er lukket (Efterårsferie)" in body
    assert "2. U12 fodbold: mandag kl. 18:00–20:00" in body
    assert "Det er jeres 1. alternativ." in body
    assert "- 17. april 2028: helligdag (2. påskedag)" in body
    assert "- 5. juni 2028: helligdag (2. pinsedag)" in body
    assert "Adgangskoden til hver gang står på bookingen" in body
    assert "Klagevejledning\nDu kan klage over afgørelsen til Testrup Kommune." in body
    assert "inden 4 uger" in body
    assert "Ikke tildelt" not in body

    fitness = mail_to(mailoutbox, "motion@example.org").body
    assert "1. Motion: onsdag kl. 19:00–21:00" in fitness
    assert "Det er en anden tid end de ønskede, valgt af kommunen." in fitness
    assert "Kommunens bemærkning: Flyttet en time for rengøring" in fitness
    assert "Ikke tildelt (1)\n\n1. Yoga\n- Førsteønske, tirsdag 17:00–19:00: " in fitness


def test_unmet_reasons_are_the_allocations_reason_texts(published, mailoutbox):
    with translation.override("da"):
        expected = reasons.reason_text(
            reasons.reason(0, reasons.TAKEN_HIGHER_PRIORITY, space="Gymnastiksal")
        )
    chess = mail_to(mailoutbox, "skak@example.org")
    assert "0 af 1 ønskede tider" in chess.subject
    assert expected in chess.body
    assert "Tildelt (" not in chess.body
    assert "Klagevejledning" in chess.body


def test_english_email_for_an_english_reader(
    proposed, django_capture_on_commit_callbacks, mailoutbox
):
    proposed.fitness_admin.language = "en"
    proposed.fitness_admin.save()

    with django_capture_on_commit_callbacks(execute=True):
        round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    message = mail_to(mailoutbox, "motion@example.org")
    assert message.subject == (
        "Allocation of spaces, Sæson 2027/28: Testrup Motionsklub has 1 of 2 wished times"
    )
    body = message.body
    assert body.startswith("Dear motion\n")
    assert "1. Motion: Wednesday, 19:00–21:00" in body
    assert "This is another time than those you asked for, chosen by the municipality." in body
    assert (
        "From Wednesday 4 August 2027 to Wednesday 28 June 2028: 48 times, all confirmed." in body
    )
    assert "The municipality's note: Flyttet en time for rengøring" in body
    assert (
        "1. Yoga\n- First choice, Tuesday 17:00–19:00: Gymnastiksal was taken by an applicant "
        "with a higher priority (Children and youth associations)." in body
    )
    assert "How to complain\nYou can complain about this decision to Testrup Kommune." in body
    assert "within 4 weeks" in body
    # The Danish reader of the same round still reads Danish.
    assert "Klagevejledning" in mail_to(mailoutbox, "fodbold@example.org").body


def test_a_clashing_date_is_in_the_email(proposed, django_capture_on_commit_callbacks, mailoutbox):
    booking_create(
        space=proposed.small_hall,
        start=local(2027, 11, 8, 19, 0),
        end=local(2027, 11, 8, 21, 0),
        booker=proposed.chess_admin,
        booker_kind=BookerKind.ASSOCIATION,
        association=proposed.chess,
        title="Turnering",
        now=NOW,
        notify=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    body = mail_to(mailoutbox, "fodbold@example.org").body
    assert (
        "Ikke booket:\n- mandag 8. november 2027 kl. 18:00–20:00: lokalet er allerede booket"
        in body
    )


def test_a_slot_removed_by_a_manager_is_explained_with_the_note(
    proposed, django_capture_on_commit_callbacks, mailoutbox
):
    WishResult.objects.filter(wish__activity="Skak").update(
        reasons=[reasons.reason(0, reasons.REMOVED_BY_MANAGER)],
        changed_by_manager=True,
        manager_note="Salen renoveres om onsdagen",
    )

    with django_capture_on_commit_callbacks(execute=True):
        round_publish(round=proposed.round, user=proposed.manager, now=NOW)

    with translation.override("da"):
        removed = str(reasons.MSG_REMOVED_BY_MANAGER)
    body = mail_to(mailoutbox, "skak@example.org").body
    assert (
        f"1. Skak\n- Førsteønske, tirsdag 17:30–19:30: {removed}\n"
        "Kommunens bemærkning: Salen renoveres om onsdagen\n" in body
    )


def test_the_command_publishes_a_round_too_big_for_a_web_request(proposed, mailoutbox):
    out = io.StringIO()
    call_command(
        "publish_round",
        str(proposed.round.pk),
        "--as",
        proposed.manager.username,
        "--now",
        NOW.isoformat(),
        stdout=out,
        stderr=io.StringIO(),
    )
    proposed.round.refresh_from_db()
    assert proposed.round.published_at == NOW
    assert f"{Booking.objects.count()} bookings" in out.getvalue()


def test_the_command_refuses_with_the_services_reason(proposed, other_manager):
    with pytest.raises(CommandError, match="not_round_manager"):
        call_command(
            "publish_round",
            str(proposed.round.pk),
            "--as",
            other_manager.username,
            stderr=io.StringIO(),
        )
    assert not Booking.objects.exists()
