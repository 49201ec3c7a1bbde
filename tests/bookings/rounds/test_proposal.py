"""A manager's changes to a proposed allocation: move, remove, give a slot by hand.

The world (tests/bookings/rounds/conftest.py): Store hal and Lille hal (open 07–22 every day,
nothing outside hours), the school's Gymnastiksal and classrooms (open Monday–Friday 08–16,
outside hours allowed with a responsible adult). The allocation is written straight into
WishResult rows here, so these tests do not depend on the allocation service.
"""

import datetime as dt

import pytest
from django.utils import translation

from accounts.models import User
from bookings.errors import BookingError, PolicyViolations
from bookings.models import AllocationRound, BookerKind, Booking, BookingStatus, WishResult
from bookings.rounds import proposal, reasons
from bookings.rounds.proposal import slot_allocate, slot_move, slot_remove
from bookings.rounds.setup import NOT_ROUND_MANAGER
from facilities.models import Space
from tests.bookings.rounds.conftest import (
    AFTER,
    SATURDAY,
    SEASON_END,
    SEASON_START,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    local,
    t,
)

pytestmark = pytest.mark.django_db

NOW = AFTER + dt.timedelta(days=1)  # the proposal was made at AFTER


@pytest.fixture(autouse=True)
def english():
    """Messages compared in English (the site's default language is Danish)."""
    with translation.override("en"):
        yield


def allocate(wish, space: Space, weekday: int, starts: str, ends: str, **fields) -> WishResult:
    option = wish.options.filter(rank=0).first()
    return WishResult.objects.create(
        wish=wish,
        outcome=WishResult.Outcome.ALLOCATED,
        option=option,
        space=space,
        weekday=weekday,
        starts=t(starts),
        ends=t(ends),
        **fields,
    )


def unmet(wish, *reason_list: dict) -> WishResult:
    return WishResult.objects.create(
        wish=wish, outcome=WishResult.Outcome.NOT_ALLOCATED, reasons=list(reason_list)
    )


@pytest.fixture
def world(round_world, apply):
    """Proposed at AFTER: fitness has Tuesday 17–19 in Store hal (its first choice), football
    Tuesday 19–21 in Store hal; chess's wish (Thursday 18–20 in Lille hal) is not met."""
    w = round_world
    fitness = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.big_hall)]}])
    football = apply(w.football, w.youth, [{"options": [(TUESDAY, "19:00", "21:00", w.big_hall)]}])
    chess = apply(
        w.chess,
        w.adults,
        [{"attendees": 12, "options": [(THURSDAY, "18:00", "20:00", w.small_hall)]}],
    )
    w.fitness_slot = allocate(fitness.wishes.get(), w.big_hall, TUESDAY, "17:00", "19:00")
    w.football_slot = allocate(football.wishes.get(), w.big_hall, TUESDAY, "19:00", "21:00")
    w.chess_result = unmet(
        chess.wishes.get(),
        reasons.reason(
            0, reasons.TAKEN_HIGHER_PRIORITY, space="Lille hal", category="Børn og unge"
        ),
    )
    AllocationRound.objects.filter(pk=w.round.pk).update(allocated_at=AFTER)
    w.round.refresh_from_db()
    return w


def move(result: WishResult, user: User, space: Space, weekday: int, starts: str, ends: str, **kw):
    return slot_move(
        result=result,
        space=space,
        weekday=weekday,
        starts=t(starts),
        ends=t(ends),
        user=user,
        now=kw.pop("now", NOW),
        **kw,
    )


def codes(excinfo) -> list[str]:
    error = excinfo.value
    return (
        [v.code for v in error.violations] if isinstance(error, PolicyViolations) else [error.code]
    )


def unchanged(result: WishResult) -> None:
    before = (result.outcome, result.space_id, result.weekday, result.starts, result.ends)
    result.refresh_from_db()
    assert (result.outcome, result.space_id, result.weekday, result.starts, result.ends) == before
    assert result.changed_by_manager is False


def season_booking(space: Space, day: dt.date, starts: str, ends: str, user: User) -> Booking:
    start = local(day.year, day.month, day.day, *map(int, starts.split(":")))
    end = local(day.year, day.month, day.day, *map(int, ends.split(":")))
    return Booking.objects.create(
        space=space,
        start=start,
        end=end,
        blocked_until=end + dt.timedelta(minutes=space.policy.buffer_minutes),
        status=BookingStatus.CONFIRMED,
        booker=user,
        booker_kind=BookerKind.CITIZEN,
        title="Fødselsdag",
    )


# Moving


def test_moving_to_a_free_slot_moves_it_and_marks_it_changed_with_the_note(world):
    result = move(
        world.fitness_slot,
        world.manager,
        world.small_hall,
        WEDNESDAY,
        "18:00",
        "20:00",
        note="Store hal er lukket for gulvslibning om onsdagen",
    )

    result.refresh_from_db()
    assert result.outcome == WishResult.Outcome.ALLOCATED
    assert (result.space, result.weekday, result.starts, result.ends) == (
        world.small_hall,
        WEDNESDAY,
        t("18:00"),
        t("20:00"),
    )
    assert result.changed_by_manager is True
    assert result.manager_note == "Store hal er lukket for gulvslibning om onsdagen"
    assert result.option is None  # no longer the slot the association asked for


def test_moving_onto_one_of_the_wishs_own_options_links_that_option(world, apply):
    application = apply(
        world.fitness,
        world.adults,
        [
            {
                "options": [
                    (TUESDAY, "10:00", "12:00", world.big_hall),
                    (WEDNESDAY, "10:00", "12:00"),  # any suitable space
                ]
            }
        ],
        allocation_round=AllocationRound.objects.create(
            name="Anden runde",
            season_start=SEASON_START,
            season_end=SEASON_END,
            applications_open=world.round.applications_open,
            applications_close=world.round.applications_close,
            created_by=world.manager,
            allocated_at=AFTER,
        ),
    )
    application.round.buildings.set([world.school, world.hall])
    wish = application.wishes.get()
    result = allocate(wish, world.big_hall, TUESDAY, "10:00", "12:00")

    move(result, world.manager, world.small_hall, WEDNESDAY, "10:00", "12:00")

    result.refresh_from_db()
    assert result.option == wish.options.get(rank=1)


def test_a_slot_may_move_onto_part_of_its_own_old_place(world):
    move(world.fitness_slot, world.manager, world.big_hall, TUESDAY, "16:30", "18:30")

    world.fitness_slot.refresh_from_db()
    assert (world.fitness_slot.starts, world.fitness_slot.ends) == (t("16:30"), t("18:30"))


def test_moving_onto_another_allocated_slot_is_refused_naming_its_association(world):
    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.big_hall, TUESDAY, "18:00", "20:00")

    assert codes(excinfo) == ["taken_by_slot"]
    assert excinfo.value.violations[0].message == (
        "Store hal is allocated to Testrup Ungdomsfodbold on Tuesday 19:00–21:00."
    )
    unchanged(world.fitness_slot)


def test_moving_onto_an_existing_booking_on_one_date_of_the_season_is_refused(world):
    # One Wednesday in October is enough: the series would have a hole there.
    season_booking(world.small_hall, dt.date(2027, 10, 13), "17:00", "18:30", world.chess_admin)

    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.small_hall, WEDNESDAY, "18:00", "20:00")

    assert codes(excinfo) == ["taken_by_booking"]
    message = excinfo.value.violations[0].message
    assert "Lille hal is booked 17:00–18:30 on Wednesday" in message
    assert "2027" in message
    unchanged(world.fitness_slot)


def test_a_booking_outside_the_season_does_not_hold_the_slot(world):
    season_booking(world.small_hall, dt.date(2028, 7, 5), "18:00", "20:00", world.chess_admin)

    move(world.fitness_slot, world.manager, world.small_hall, WEDNESDAY, "18:00", "20:00")

    world.fitness_slot.refresh_from_db()
    assert world.fitness_slot.space == world.small_hall


def test_the_rooms_buffer_keeps_time_free_after_another_slot(world):
    policy = world.big_hall.policy
    policy.buffer_minutes = 30
    policy.save()

    # Football ends 21:00 and keeps the hall until 21:30.
    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.big_hall, TUESDAY, "21:00", "22:00")
    assert codes(excinfo) == ["taken_by_slot"]
    assert "keeps 30 minutes free between uses" in excinfo.value.violations[0].message
    unchanged(world.fitness_slot)

    # Ending 18:40 would leave football's 19:00 start inside this slot's buffer.
    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.big_hall, TUESDAY, "16:00", "18:40")
    assert codes(excinfo) == ["taken_by_slot"]

    # Ending 18:30 leaves exactly the buffer.
    move(world.fitness_slot, world.manager, world.big_hall, TUESDAY, "16:00", "18:30")
    world.fitness_slot.refresh_from_db()
    assert world.fitness_slot.ends == t("18:30")


def test_the_buffer_of_an_existing_booking_counts_too(world):
    policy = world.small_hall.policy
    policy.buffer_minutes = 15
    policy.save()
    season_booking(world.small_hall, dt.date(2027, 9, 1), "16:00", "18:00", world.chess_admin)

    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.small_hall, WEDNESDAY, "18:00", "20:00")
    assert codes(excinfo) == ["taken_by_booking"]
    assert "keeps 15 minutes free" in excinfo.value.violations[0].message

    move(world.fitness_slot, world.manager, world.small_hall, WEDNESDAY, "18:15", "20:00")


def test_a_slot_allocated_in_another_unpublished_round_holds_the_room(world, apply):
    other = AllocationRound.objects.create(
        name="Sommer",
        season_start=dt.date(2028, 5, 1),
        season_end=dt.date(2028, 8, 31),
        applications_open=world.round.applications_open,
        applications_close=world.round.applications_close,
        created_by=world.manager,
        allocated_at=AFTER,
    )
    other.buildings.set([world.hall])
    application = apply(
        world.chess,
        world.adults,
        [{"options": [(SATURDAY, "10:00", "12:00", world.small_hall)]}],
        allocation_round=other,
    )
    allocate(application.wishes.get(), world.small_hall, SATURDAY, "10:00", "12:00")

    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.small_hall, SATURDAY, "11:00", "13:00")

    assert codes(excinfo) == ["taken_in_other_round"]


@pytest.mark.parametrize(
    ("space", "weekday", "starts", "ends", "code", "field"),
    [
        # The hall is open 07–22 and allows nothing outside its hours.
        ("big_hall", WEDNESDAY, "21:00", "23:00", reasons.NOT_ALLOWED_OUTSIDE_HOURS, "starts"),
        # Longer than the default maximum of 8 hours.
        ("big_hall", WEDNESDAY, "07:00", "16:00", reasons.DURATION_NOT_ALLOWED, "ends"),
        # Shorter than the default minimum of 30 minutes.
        ("big_hall", WEDNESDAY, "10:00", "10:15", reasons.DURATION_NOT_ALLOWED, "ends"),
        # Klasse 2 holds 25; the fitness wish is for 20, the chess-sized 30 is tested below.
    ],
)
def test_the_rooms_policy_is_checked(world, space, weekday, starts, ends, code, field):
    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, getattr(world, space), weekday, starts, ends)

    assert [(v.code, v.field) for v in excinfo.value.violations] == [(code, field)]
    unchanged(world.fitness_slot)


def test_a_room_too_small_for_the_attendees_is_refused(world):
    wish = world.fitness_slot.wish
    wish.attendees = 28
    wish.save()

    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.classroom_25, WEDNESDAY, "10:00", "12:00")

    assert [(v.code, v.field) for v in excinfo.value.violations] == [("over_capacity", "space")]
    assert excinfo.value.violations[0].message == (
        "Klasse 2 holds at most 25 people; the wish is for 28."
    )


def test_outside_the_schools_hours_needs_the_applications_responsible_adult(world):
    application = world.fitness_slot.wish.application
    application.responsible_name = application.responsible_phone = ""
    application.save()

    with pytest.raises(PolicyViolations) as excinfo:
        move(world.fitness_slot, world.manager, world.gym, WEDNESDAY, "17:00", "19:00")
    assert codes(excinfo) == [reasons.RESPONSIBLE_ADULT_MISSING]

    application.responsible_name, application.responsible_phone = "Ole Træner", "20304050"
    application.save()
    move(world.fitness_slot, world.manager, world.gym, WEDNESDAY, "17:00", "19:00")


def test_a_room_outside_the_round_is_refused(world, make_building):
    elsewhere = Space.objects.create(
        building=make_building("Biblioteket"),
        name="Læsesal",
        kind=Space.Kind.MEETING_ROOM,
        capacity=50,
        area_m2=80,
    )

    with pytest.raises(BookingError) as excinfo:
        move(world.fitness_slot, world.manager, elsewhere, WEDNESDAY, "10:00", "12:00")

    assert (excinfo.value.code, excinfo.value.field) == ("space_not_in_round", "space")
    unchanged(world.fitness_slot)


def test_the_end_must_be_after_the_start(world):
    with pytest.raises(BookingError) as excinfo:
        move(world.fitness_slot, world.manager, world.big_hall, WEDNESDAY, "12:00", "12:00")

    assert (excinfo.value.code, excinfo.value.field) == ("invalid_range", "ends")


def test_an_unmet_wish_cannot_be_moved(world):
    with pytest.raises(BookingError) as excinfo:
        move(world.chess_result, world.manager, world.big_hall, WEDNESDAY, "10:00", "12:00")

    assert excinfo.value.code == "not_allocated"


# Removing


def test_removing_needs_a_note(world):
    for note in ("", "   "):
        with pytest.raises(BookingError) as excinfo:
            slot_remove(result=world.fitness_slot, user=world.manager, now=NOW, note=note)
        assert (excinfo.value.code, excinfo.value.field) == ("note_required", "note")
        assert excinfo.value.message == str(proposal.NOTE_REQUIRED)
    unchanged(world.fitness_slot)


def test_removing_leaves_the_wish_unmet_with_the_reason_and_the_note(world):
    slot_remove(
        result=world.fitness_slot,
        user=world.manager,
        now=NOW,
        note="Hallen bruges til skolernes idrætsdag",
    )

    result = WishResult.objects.get(pk=world.fitness_slot.pk)
    assert result.outcome == WishResult.Outcome.NOT_ALLOCATED
    assert (result.space, result.weekday, result.starts, result.ends, result.option) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert result.reasons == [{"rank": 0, "code": reasons.REMOVED_BY_MANAGER, "params": {}}]
    assert result.changed_by_manager is True
    assert result.manager_note == "Hallen bruges til skolernes idrætsdag"


def test_a_removed_slot_frees_the_room_for_another_wish(world):
    slot_remove(result=world.fitness_slot, user=world.manager, now=NOW, note="Flyttes")

    move(world.football_slot, world.manager, world.big_hall, TUESDAY, "17:00", "19:00")


# Giving an unmet wish a slot by hand


def test_an_unmet_wish_gets_a_slot_by_hand_keeping_the_reasons_for_its_options(world):
    result = slot_allocate(
        result=world.chess_result,
        space=world.small_hall,
        weekday=WEDNESDAY,
        starts=t("18:00"),
        ends=t("20:00"),
        user=world.manager,
        now=NOW,
        note="Onsdag i stedet for torsdag",
    )

    result.refresh_from_db()
    assert result.outcome == WishResult.Outcome.ALLOCATED
    assert (result.space, result.weekday, result.starts, result.ends) == (
        world.small_hall,
        WEDNESDAY,
        t("18:00"),
        t("20:00"),
    )
    assert result.changed_by_manager is True
    assert result.manager_note == "Onsdag i stedet for torsdag"
    assert [r["code"] for r in result.reasons] == [reasons.TAKEN_HIGHER_PRIORITY]


def test_giving_back_a_removed_slot_drops_the_removal_reason(world):
    slot_remove(result=world.fitness_slot, user=world.manager, now=NOW, note="Fejl")

    slot_allocate(
        result=world.fitness_slot,
        space=world.big_hall,
        weekday=TUESDAY,
        starts=t("17:00"),
        ends=t("19:00"),
        user=world.manager,
        now=NOW,
    )

    result = WishResult.objects.get(pk=world.fitness_slot.pk)
    assert result.reasons == []
    assert result.option == result.wish.options.get(rank=0)  # what it asked for


def test_giving_a_slot_is_checked_like_a_move(world):
    with pytest.raises(PolicyViolations) as excinfo:
        slot_allocate(
            result=world.chess_result,
            space=world.big_hall,
            weekday=TUESDAY,
            starts=t("18:00"),
            ends=t("20:00"),
            user=world.manager,
            now=NOW,
        )
    assert set(codes(excinfo)) == {"taken_by_slot"}
    assert len(excinfo.value.violations) == 2  # fitness until 19, football from 19
    world.chess_result.refresh_from_db()
    assert world.chess_result.outcome == WishResult.Outcome.NOT_ALLOCATED


def test_a_wish_with_a_slot_is_moved_not_given_another(world):
    with pytest.raises(BookingError) as excinfo:
        slot_allocate(
            result=world.fitness_slot,
            space=world.small_hall,
            weekday=WEDNESDAY,
            starts=t("10:00"),
            ends=t("12:00"),
            user=world.manager,
            now=NOW,
        )
    assert excinfo.value.code == "already_allocated"


# When and by whom


def edits(world):
    yield lambda user, now: move(
        world.fitness_slot, user, world.small_hall, WEDNESDAY, "10:00", "12:00", now=now
    )
    yield lambda user, now: slot_remove(result=world.fitness_slot, user=user, now=now, note="Væk")
    yield lambda user, now: slot_allocate(
        result=world.chess_result,
        space=world.small_hall,
        weekday=WEDNESDAY,
        starts=t("10:00"),
        ends=t("12:00"),
        user=user,
        now=now,
    )


def test_nothing_changes_after_publishing(world):
    AllocationRound.objects.filter(pk=world.round.pk).update(published_at=NOW)

    for edit in edits(world):
        with pytest.raises(BookingError) as excinfo:
            edit(world.manager, NOW + dt.timedelta(hours=1))
        assert excinfo.value.code == "round_published"
    unchanged(world.fitness_slot)
    world.chess_result.refresh_from_db()
    assert world.chess_result.outcome == WishResult.Outcome.NOT_ALLOCATED


def test_nothing_changes_before_the_allocation_is_proposed(world):
    AllocationRound.objects.filter(pk=world.round.pk).update(allocated_at=None)

    for edit in edits(world):
        with pytest.raises(BookingError) as excinfo:
            edit(world.manager, NOW)
        assert excinfo.value.code == "round_not_proposed"
    unchanged(world.fitness_slot)


def test_only_someone_who_runs_the_round_may_change_it(world, make_building):
    only_the_school = User.objects.create_user(username="skoleleder")
    world.school.managers.add(only_the_school)
    elsewhere = User.objects.create_user(username="bibliotekar")
    make_building("Biblioteket").managers.add(elsewhere)

    for user in (world.fitness_admin, elsewhere, only_the_school):
        for edit in edits(world):
            with pytest.raises(BookingError) as excinfo:
                edit(user, NOW)
            assert (excinfo.value.code, excinfo.value.message) == (
                "not_round_manager",
                str(NOT_ROUND_MANAGER),
            )
    unchanged(world.fitness_slot)


def test_a_municipal_administrator_may_change_any_round(world):
    admin = User.objects.create_user(username="kommunen", is_municipal_administrator=True)

    move(world.fitness_slot, admin, world.small_hall, WEDNESDAY, "10:00", "12:00")

    world.fitness_slot.refresh_from_db()
    assert world.fitness_slot.changed_by_manager is True
