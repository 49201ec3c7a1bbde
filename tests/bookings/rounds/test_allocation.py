"""The allocation proposal: priorities, the turn order, alternatives, best fit, and reasons.

The round world (conftest.py): the school is open Monday–Friday 08–16 and its spaces allow use
outside those hours with a responsible adult; the hall is open every day 07–22 and does not.
"""

# S311: seeded random.Random makes the generated rounds reproducible; nothing secret here.
# ruff: noqa: S311

import dataclasses
import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bookings.errors import BookingError
from bookings.models import Booking, BookingStatus
from bookings.models.rounds import AllocationRound, Application, PriorityCategory, WishResult
from bookings.rounds import reasons
from bookings.rounds.allocation import (
    ApplicationData,
    OptionData,
    Problem,
    WishData,
    allocate,
    allocation_propose,
    load_problem,
    summarize,
)
from bookings.rounds.slots import SeasonCalendar, SpaceInfo, minutes
from facilities.models import Association, Membership
from tests.bookings.rounds.conftest import (
    AFTER,
    BEFORE,
    CLOSES,
    DURING,
    FRIDAY,
    MONDAY,
    SATURDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    local,
    t,
)

pytestmark = pytest.mark.django_db

EARLY = local(2027, 3, 2, 10, 0)
LATE = local(2027, 3, 20, 10, 0)


def propose(world, now=AFTER):
    return allocation_propose(round=world.round, now=now)


def result_of(application, position=1) -> WishResult:
    return WishResult.objects.get(wish__application=application, wish__position=position)


def slot(result: WishResult) -> tuple:
    if result.outcome != WishResult.Outcome.ALLOCATED:
        return None
    return (result.space.name, result.weekday, f"{result.starts:%H:%M}", f"{result.ends:%H:%M}")


def codes(result: WishResult) -> list[tuple[int, str]]:
    return [(r["rank"], r["code"]) for r in result.reasons]


def set_policy(space, **fields):
    policy = space.policy
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()


def book(space, start: dt.datetime, end: dt.datetime, *, buffer=0, status=BookingStatus.CONFIRMED):
    from accounts.models import User

    booker, _ = User.objects.get_or_create(username="enkeltbooker")
    return Booking.objects.create(
        space=space,
        start=start,
        end=end,
        blocked_until=end + dt.timedelta(minutes=buffer),
        status=status,
        booker=booker,
        booker_kind="citizen",
        title="Fødselsdag",
    )


# -- the round's stage ------------------------------------------------------------------------


@pytest.mark.parametrize("now", [BEFORE, DURING, CLOSES - dt.timedelta(seconds=1)])
def test_a_round_that_has_not_closed_is_refused(round_world, now):
    with pytest.raises(BookingError) as caught:
        propose(round_world, now=now)
    assert caught.value.code == "round_not_closed"
    round_world.round.refresh_from_db()
    assert round_world.round.allocated_at is None


def test_the_allocation_may_be_made_the_moment_the_window_closes(round_world, apply):
    apply(round_world.fitness, round_world.adults, [{"options": [(TUESDAY, "17:00", "19:00")]}])
    summary = propose(round_world, now=CLOSES)
    assert (summary.wishes, summary.allocated) == (1, 1)
    round_world.round.refresh_from_db()
    assert round_world.round.allocated_at == CLOSES
    assert round_world.round.stage(AFTER) == AllocationRound.Stage.PROPOSED


def test_a_published_round_is_not_allocated_again(round_world, apply):
    apply(round_world.fitness, round_world.adults, [{"options": [(TUESDAY, "17:00", "19:00")]}])
    propose(round_world)
    round_world.round.published_at = AFTER
    round_world.round.save()
    before = list(WishResult.objects.values_list("pk", "space_id"))
    with pytest.raises(BookingError) as caught:
        propose(round_world, now=AFTER + dt.timedelta(days=1))
    assert caught.value.code == "round_published"
    assert list(WishResult.objects.values_list("pk", "space_id")) == before


def test_only_someone_who_runs_the_round_may_allocate(round_world, apply):
    with pytest.raises(BookingError) as caught:
        allocation_propose(round=round_world.round, now=AFTER, user=round_world.fitness_admin)
    assert caught.value.code == "not_round_manager"
    allocation_propose(round=round_world.round, now=AFTER, user=round_world.manager)


# -- priorities and the turn order --------------------------------------------------------------


def test_a_youth_application_beats_an_earlier_adult_one_for_the_same_slot(round_world, apply):
    w = round_world
    adults = apply(
        w.fitness,
        w.adults,
        [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}],
        submitted_at=EARLY,
    )
    youth = apply(
        w.football,
        w.youth,
        [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}],
        submitted_at=LATE,
    )
    propose(w)
    assert slot(result_of(youth)) == ("Lille hal", TUESDAY, "17:00", "19:00")
    lost = result_of(adults)
    assert lost.outcome == WishResult.Outcome.NOT_ALLOCATED
    assert lost.reasons == [
        reasons.reason(
            0,
            reasons.TAKEN_HIGHER_PRIORITY,
            space="Lille hal",
            space_id=w.small_hall.id,
            weekday=TUESDAY,
            starts="17:00",
            ends="19:00",
            category_position=1,
            category_default="children_youth",
            category_name="",
        )
    ]
    with translation.override("en"):
        assert reasons.reason_text(lost.reasons[0]) == (
            "Lille hal was taken by an applicant with a higher priority "
            "(Children and youth associations)."
        )


def test_every_wish_of_a_higher_category_goes_before_any_of_a_lower_one(round_world, apply):
    w = round_world
    # The youth club's second wish still beats the adults' first.
    youth = apply(
        w.football,
        w.youth,
        [
            {"options": [(MONDAY, "17:00", "19:00", w.small_hall)]},
            {"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]},
        ],
        submitted_at=LATE,
    )
    adults = apply(
        w.fitness,
        w.adults,
        [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}],
        submitted_at=EARLY,
    )
    propose(w)
    assert slot(result_of(youth, 2)) == ("Lille hal", TUESDAY, "17:00", "19:00")
    assert codes(result_of(adults)) == [(0, reasons.TAKEN_HIGHER_PRIORITY)]


def test_within_a_category_the_earlier_application_comes_first(round_world, apply):
    w = round_world
    later = apply(
        w.chess,
        w.adults,
        [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}],
        submitted_at=LATE,
    )
    earlier = apply(
        w.fitness,
        w.adults,
        [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}],
        submitted_at=EARLY,
    )
    propose(w)
    assert slot(result_of(earlier)) == ("Lille hal", TUESDAY, "17:00", "19:00")
    assert codes(result_of(later)) == [(0, reasons.TAKEN_SAME_PRIORITY)]
    with translation.override("en"):
        assert reasons.reason_text(result_of(later).reasons[0]) == (
            "Lille hal was taken by an applicant in the same priority group, who came first "
            "in the order."
        )


def test_the_same_submission_time_falls_back_to_the_lowest_application_id(round_world, apply):
    w = round_world
    first = apply(w.chess, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    second = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    assert first.submitted_at == second.submitted_at and first.pk < second.pk
    propose(w)
    assert result_of(first).outcome == WishResult.Outcome.ALLOCATED
    assert result_of(second).outcome == WishResult.Outcome.NOT_ALLOCATED


def test_associations_take_turns_so_two_with_the_same_two_wishes_get_one_each(round_world, apply):
    w = round_world
    both = [
        {"options": [(WEDNESDAY, "17:00", "19:00", w.small_hall)]},
        {"options": [(WEDNESDAY, "19:00", "21:00", w.small_hall)]},
    ]
    fitness = apply(w.fitness, w.adults, both, submitted_at=EARLY)
    chess = apply(w.chess, w.adults, both, submitted_at=LATE)
    summary = propose(w)
    # Turn 1: the earlier application (fitness) gets 17–19. Turn 2: chess has 0 hours, fitness 2,
    # so chess goes: its first wish is taken, then (still 0 hours) its second: 19–21.
    assert slot(result_of(fitness, 1)) == ("Lille hal", WEDNESDAY, "17:00", "19:00")
    assert codes(result_of(chess, 1)) == [(0, reasons.TAKEN_SAME_PRIORITY)]
    assert slot(result_of(chess, 2)) == ("Lille hal", WEDNESDAY, "19:00", "21:00")
    assert codes(result_of(fitness, 2)) == [(0, reasons.TAKEN_SAME_PRIORITY)]
    assert (summary.wishes, summary.allocated) == (4, 2)


def test_fewest_hours_so_far_wins_the_turn_over_the_earlier_application(round_world, apply):
    w = round_world
    # Fitness (earlier) gets 3 hours with its first wish, chess 1 hour with its first: chess then
    # has fewer hours and takes the contested Thursday before fitness's second wish.
    fitness = apply(
        w.fitness,
        w.adults,
        [
            {"options": [(MONDAY, "17:00", "20:00", w.small_hall)]},
            {"options": [(THURSDAY, "18:00", "20:00", w.small_hall)]},
        ],
        submitted_at=EARLY,
    )
    chess = apply(
        w.chess,
        w.adults,
        [
            {"options": [(TUESDAY, "17:00", "18:00", w.small_hall)]},
            {"options": [(THURSDAY, "18:00", "20:00", w.small_hall)]},
        ],
        submitted_at=LATE,
    )
    propose(w)
    assert slot(result_of(chess, 2)) == ("Lille hal", THURSDAY, "18:00", "20:00")
    assert codes(result_of(fitness, 2)) == [(0, reasons.TAKEN_SAME_PRIORITY)]


# -- alternatives and best fit ------------------------------------------------------------------


def test_an_alternative_is_used_when_the_first_choice_is_taken_and_says_why(round_world, apply):
    w = round_world
    apply(w.football, w.youth, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    fitness = apply(
        w.fitness,
        w.adults,
        [
            {
                "options": [
                    (TUESDAY, "17:00", "19:00", w.small_hall),
                    (TUESDAY, "18:00", "20:00", w.small_hall),
                    (THURSDAY, "17:00", "19:00", w.small_hall),
                    (FRIDAY, "17:00", "19:00", w.small_hall),
                ]
            }
        ],
    )
    summary = propose(w)
    result = result_of(fitness)
    assert slot(result) == ("Lille hal", THURSDAY, "17:00", "19:00")
    assert result.option.rank == 2
    assert codes(result) == [(0, reasons.TAKEN_HIGHER_PRIORITY), (1, reasons.TAKEN_HIGHER_PRIORITY)]
    assert summary.alternatives_used == 1


def test_best_fit_a_group_of_20_gets_the_25_room_not_the_30_room(round_world, apply):
    w = round_world
    small = apply(
        w.fitness,
        w.adults,
        [{"options": [(MONDAY, "09:00", "11:00")], "attendees": 20, "space_kind": "classroom"}],
    )
    bigger = apply(
        w.chess,
        w.adults,
        [{"options": [(MONDAY, "09:00", "11:00")], "attendees": 26, "space_kind": "classroom"}],
        submitted_at=LATE,
    )
    propose(w)
    assert slot(result_of(small)) == ("Klasse 2", MONDAY, "09:00", "11:00")
    assert slot(result_of(bigger)) == ("Klasse 1", MONDAY, "09:00", "11:00")


def test_best_fit_over_every_kind_and_the_next_best_when_the_best_is_taken(round_world, apply):
    w = round_world
    first = apply(w.fitness, w.adults, [{"options": [(MONDAY, "09:00", "11:00")], "attendees": 20}])
    second = apply(
        w.chess,
        w.adults,
        [{"options": [(MONDAY, "10:00", "12:00")], "attendees": 20}],
        submitted_at=LATE,
    )
    propose(w)
    # 25 < 30 < 40 < 60 < 200.
    assert slot(result_of(first))[0] == "Klasse 2"
    assert slot(result_of(second))[0] == "Klasse 1"


def test_amenities_and_kind_narrow_the_candidates(round_world, apply):
    w = round_world
    app = apply(
        w.fitness,
        w.adults,
        [
            {
                "options": [(SATURDAY, "10:00", "12:00")],
                "attendees": 30,
                "amenities": [w.sports_floor],
            },
            {"options": [(MONDAY, "10:00", "12:00")], "attendees": 10, "space_kind": "gym"},
        ],
    )
    propose(w)
    # The school is closed on Saturday (outside hours is fine there with a responsible adult),
    # but the small hall (40) is the best fit with a sports floor: 40 < 60.
    assert slot(result_of(app, 1))[0] == "Lille hal"
    assert slot(result_of(app, 2))[0] == "Gymnastiksal"


# -- what holds a slot --------------------------------------------------------------------------


def test_an_existing_one_off_booking_in_the_season_blocks_the_weekly_slot(round_world, apply):
    w = round_world
    book(w.small_hall, local(2027, 10, 12, 17, 30), local(2027, 10, 12, 18, 30))  # a Tuesday
    app = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    propose(w)
    result = result_of(app)
    assert result.outcome == WishResult.Outcome.NOT_ALLOCATED
    assert result.reasons[0]["code"] == reasons.TAKEN_EXISTING_BOOKING
    assert result.reasons[0]["params"]["date"] == "2027-10-12"
    with translation.override("en"):
        assert reasons.reason_text(result.reasons[0]) == (
            "Lille hal is already booked at this time on Oct. 12, 2027."
        )


def test_bookings_outside_the_season_or_cancelled_do_not_block(round_world, apply):
    w = round_world
    book(w.small_hall, local(2027, 7, 27, 17, 0), local(2027, 7, 27, 19, 0))  # before
    book(w.small_hall, local(2028, 7, 4, 17, 0), local(2028, 7, 4, 19, 0))  # after
    book(
        w.small_hall,
        local(2027, 10, 12, 17, 0),
        local(2027, 10, 12, 19, 0),
        status=BookingStatus.CANCELLED,
    )
    book(w.small_hall, local(2027, 10, 13, 17, 0), local(2027, 10, 13, 19, 0))  # a Wednesday
    app = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    propose(w)
    assert slot(result_of(app)) == ("Lille hal", TUESDAY, "17:00", "19:00")


def test_an_existing_booking_s_buffer_is_kept(round_world, apply):
    w = round_world
    # Booked with a 30-minute buffer until 17:00: the slot may start at 17:30, not 17:00.
    book(w.small_hall, local(2027, 9, 7, 15, 0), local(2027, 9, 7, 17, 0), buffer=30)
    set_policy(w.small_hall, buffer_minutes=30)
    blocked = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    fits = apply(
        w.chess,
        w.adults,
        [{"options": [(TUESDAY, "17:30", "19:00", w.small_hall)]}],
        submitted_at=LATE,
    )
    propose(w)
    assert codes(result_of(blocked)) == [(0, reasons.TAKEN_EXISTING_BOOKING)]
    assert slot(result_of(fits)) == ("Lille hal", TUESDAY, "17:30", "19:00")


@pytest.mark.parametrize(
    ("starts", "ends", "allocated"),
    [
        ("19:00", "21:00", False),  # within the 30 minutes after 17–19
        ("19:29", "21:00", False),
        ("19:30", "21:00", True),
        ("15:00", "16:31", False),  # its buffer reaches into 17:00
        ("15:00", "16:30", True),
    ],
)
def test_allocated_slots_keep_the_space_s_buffer(round_world, apply, starts, ends, allocated):
    w = round_world
    set_policy(w.small_hall, buffer_minutes=30)
    apply(w.football, w.youth, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    app = apply(w.fitness, w.adults, [{"options": [(TUESDAY, starts, ends, w.small_hall)]}])
    propose(w)
    result = result_of(app)
    assert (result.outcome == WishResult.Outcome.ALLOCATED) is allocated
    if not allocated:
        assert codes(result) == [(0, reasons.TAKEN_HIGHER_PRIORITY)]


def test_a_slot_allocated_in_another_unpublished_round_blocks(round_world, apply):
    w = round_world
    other = AllocationRound.objects.create(
        name="Vinter 2027",
        season_start=dt.date(2027, 10, 1),
        season_end=dt.date(2028, 3, 31),
        applications_open=w.round.applications_open,
        applications_close=w.round.applications_close,
        created_by=w.manager,
    )
    other.buildings.set([w.hall])
    category = PriorityCategory.objects.create(round=other, position=1, name="Alle")
    theirs = apply(
        w.chess,
        category,
        [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}],
        allocation_round=other,
    )
    allocation_propose(round=other, now=AFTER)
    assert result_of(theirs).outcome == WishResult.Outcome.ALLOCATED
    ours = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "18:00", "20:00", w.small_hall)]}])
    propose(w)
    assert codes(result_of(ours)) == [(0, reasons.TAKEN_OTHER_ROUND)]
    # The other round's result is untouched by this round's allocation.
    assert result_of(theirs).outcome == WishResult.Outcome.ALLOCATED


# -- the space's policy -------------------------------------------------------------------------


def test_the_school_gym_in_the_evening_needs_a_responsible_adult(round_world, apply):
    w = round_world
    named = apply(
        w.football, w.youth, [{"options": [(TUESDAY, "18:00", "20:00", w.gym)]}], responsible=True
    )
    unnamed = apply(
        w.fitness,
        w.adults,
        [{"options": [(WEDNESDAY, "18:00", "20:00", w.gym)]}],
        responsible=False,
    )
    propose(w)
    assert slot(result_of(named)) == ("Gymnastiksal", TUESDAY, "18:00", "20:00")
    assert codes(result_of(unnamed)) == [(0, reasons.RESPONSIBLE_ADULT_MISSING)]
    assert result_of(unnamed).reasons[0]["params"]["building"] == "Testrup Skole"


def test_the_school_gym_in_the_evening_is_refused_when_its_policy_does_not_allow_it(
    round_world, apply
):
    w = round_world
    set_policy(w.gym, outside_hours_allowed=False)
    evening = apply(w.football, w.youth, [{"options": [(TUESDAY, "18:00", "20:00", w.gym)]}])
    partly = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "15:00", "17:00", w.gym)]}])
    daytime = apply(w.chess, w.adults, [{"options": [(TUESDAY, "14:00", "16:00", w.gym)]}])
    propose(w)
    assert codes(result_of(evening)) == [(0, reasons.NOT_ALLOWED_OUTSIDE_HOURS)]
    assert codes(result_of(partly)) == [(0, reasons.NOT_ALLOWED_OUTSIDE_HOURS)]
    assert slot(result_of(daytime)) == ("Gymnastiksal", TUESDAY, "14:00", "16:00")


def test_the_hall_is_not_used_after_closing_even_with_a_responsible_adult(round_world, apply):
    w = round_world
    app = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "21:00", "23:00", w.big_hall)]}])
    propose(w)
    assert codes(result_of(app)) == [(0, reasons.NOT_ALLOWED_OUTSIDE_HOURS)]


def test_durations_and_associations_follow_the_space_s_policy(round_world, apply):
    w = round_world
    set_policy(w.small_hall, min_duration_minutes=60, max_duration_minutes=180)
    set_policy(w.big_hall, bookable_by_associations=False)
    app = apply(
        w.fitness,
        w.adults,
        [
            {"options": [(MONDAY, "17:00", "17:30", w.small_hall)]},
            {"options": [(MONDAY, "08:00", "12:00", w.small_hall)]},
            {"options": [(MONDAY, "17:00", "19:00", w.big_hall)]},
        ],
    )
    propose(w)
    too_short, too_long, not_allowed = (result_of(app, n) for n in (1, 2, 3))
    assert too_short.reasons[0]["code"] == reasons.DURATION_NOT_ALLOWED
    assert too_short.reasons[0]["params"]["min_minutes"] == 60
    assert too_long.reasons[0]["params"]["max_minutes"] == 180
    assert codes(not_allowed) == [(0, reasons.ASSOCIATIONS_NOT_ALLOWED)]
    with translation.override("en"):
        assert reasons.reason_text(too_short.reasons[0]) == (
            "A booking of Lille hal must last at least 60 minutes."
        )
        assert reasons.reason_text(too_long.reasons[0]) == (
            "A booking of Lille hal may last at most 180 minutes."
        )
        assert reasons.reason_text(not_allowed.reasons[0]) == (
            "Store hal cannot be booked by associations."
        )


def test_a_space_that_refuses_is_passed_over_for_one_that_allows(round_world, apply):
    w = round_world
    set_policy(w.classroom_25, bookable_by_associations=False)
    app = apply(w.fitness, w.adults, [{"options": [(MONDAY, "09:00", "11:00")], "attendees": 20}])
    propose(w)
    assert slot(result_of(app))[0] == "Klasse 1"


def test_no_space_with_room_kind_or_amenities(round_world, apply):
    w = round_world
    app = apply(
        w.fitness,
        w.adults,
        [
            {"options": [(MONDAY, "17:00", "19:00")], "attendees": 250},
            {"options": [(MONDAY, "17:00", "19:00", w.gym)], "attendees": 80},
            {
                "options": [(MONDAY, "17:00", "19:00")],
                "attendees": 10,
                "space_kind": "gym",
                "amenities": [w.projector],
            },
        ],
    )
    propose(w)
    crowd, named, kind = (result_of(app, n) for n in (1, 2, 3))
    assert codes(crowd) == [(0, reasons.NO_SPACE_CAPACITY)]
    assert codes(named) == [(0, reasons.NO_SPACE_CAPACITY)]
    assert kind.reasons[0]["params"]["amenities"] == ["Projektor"]
    with translation.override("en"):
        assert reasons.reason_text(crowd.reasons[0]) == (
            "No space in the round has room for 250 people."
        )
        assert reasons.reason_text(named.reasons[0]) == (
            "Gymnastiksal holds at most 60 people, not 80."
        )
        assert reasons.reason_text(kind.reasons[0]) == (
            "No gym in the round has room for 10 people and Projektor."
        )


def test_a_named_space_outside_the_round(round_world, apply, make_building):
    w = round_world
    w.round.spaces.set([w.small_hall, w.big_hall])
    app = apply(w.fitness, w.adults, [{"options": [(MONDAY, "09:00", "11:00", w.gym)]}])
    propose(w)
    assert codes(result_of(app)) == [(0, reasons.SPACE_NOT_IN_ROUND)]
    with translation.override("en"):
        assert reasons.reason_text(result_of(app).reasons[0]) == (
            "Gymnastiksal is not part of this allocation round."
        )


# -- re-running, results, queries -------------------------------------------------------------


def test_re_running_replaces_the_results(round_world, apply):
    w = round_world
    app = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    propose(w)
    first = result_of(app)
    first.changed_by_manager = True
    first.save()
    # A booking made since: the re-run sees it, and the wish has one result, afresh.
    book(w.small_hall, local(2027, 9, 7, 18, 0), local(2027, 9, 7, 19, 0))
    later = AFTER + dt.timedelta(days=2)
    propose(w, now=later)
    assert WishResult.objects.filter(wish__application=app).count() == 1
    again = result_of(app)
    assert again.pk != first.pk and not again.changed_by_manager
    assert codes(again) == [(0, reasons.TAKEN_EXISTING_BOOKING)]
    w.round.refresh_from_db()
    assert w.round.allocated_at == later


def test_re_running_does_not_meet_its_own_earlier_proposal(round_world, apply):
    w = round_world
    app = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    propose(w)
    propose(w, now=AFTER + dt.timedelta(hours=1))
    assert slot(result_of(app)) == ("Lille hal", TUESDAY, "17:00", "19:00")


def _applications(world, apply, count):
    """`count` associations, every other one children/youth, two wishes each."""
    Application.objects.filter(round=world.round).delete()
    Association.objects.filter(name__startswith="Klub ").delete()
    for n in range(count):
        club = Association.objects.create(
            municipality=world.football.municipality, name=f"Klub {n}", org_number=f"5{n:07d}"
        )
        Membership.objects.create(
            association=club, user=world.chess_admin, role=Membership.Role.ADMIN
        )
        apply(
            club,
            world.adults if n % 2 else world.youth,
            [
                {
                    "options": [
                        (n % 7, "17:00", "19:00", world.small_hall),
                        (n % 7, "19:00", "21:00"),
                    ],
                    "amenities": [world.sports_floor],
                },
                {"options": [(n % 5, "09:00", "10:00")], "space_kind": "classroom"},
            ],
            submitted_at=EARLY + dt.timedelta(minutes=n),
        )


def test_the_query_count_does_not_grow_with_the_applications(round_world, apply):
    w = round_world
    book(w.small_hall, local(2027, 9, 7, 18, 0), local(2027, 9, 7, 19, 0))
    _applications(w, apply, 2)
    with CaptureQueriesContext(connection) as few:
        assert propose(w).wishes == 4
    _applications(w, apply, 10)
    with CaptureQueriesContext(connection) as many:
        assert propose(w, now=AFTER + dt.timedelta(hours=1)).wishes == 20
    assert len(many) == len(few)
    assert len(few) <= 16


def test_load_problem_reads_the_round_as_plain_data(round_world, apply):
    w = round_world
    app = apply(
        w.football,
        w.youth,
        [
            {
                "options": [
                    (TUESDAY, "17:00", "19:00", w.small_hall),
                    (THURSDAY, "16:30", "18:00"),
                ],
                "attendees": 18,
                "space_kind": "sports_hall",
                "amenities": [w.sports_floor],
            }
        ],
        responsible=False,
    )
    problem = load_problem(w.round)
    (data,) = problem.applications
    assert data.id == app.id
    assert (data.category_position, data.category_default, data.has_responsible) == (
        1,
        "children_youth",
        False,
    )
    (wish,) = data.wishes
    assert (wish.attendees, wish.space_kind, wish.amenity_names) == (
        18,
        "sports_hall",
        ("Sportsgulv",),
    )
    assert [(o.rank, o.weekday, o.starts, o.ends, o.space_id) for o in wish.options] == [
        (0, TUESDAY, 17 * 60, 19 * 60, w.small_hall.id),
        (1, THURSDAY, 16 * 60 + 30, 18 * 60, None),
    ]


# -- the pure core ------------------------------------------------------------------------------


def _calendar(space_count=6) -> SeasonCalendar:
    spaces = [
        SpaceInfo(
            id=n,
            building_id=1 + n % 2,
            name=f"Rum {n:02d}",
            building_name=f"Hus {1 + n % 2}",
            kind="sports_hall" if n % 3 == 0 else "classroom",
            capacity=10 + 10 * (n % 4),
            area_m2=50.0 + n,
            buffer_minutes=15 * (n % 3),
            outside_hours_allowed=n % 2 == 0,
        )
        for n in range(1, space_count + 1)
    ]
    hours = {
        1: {day: [(8 * 60, 16 * 60)] for day in range(5)},
        2: {day: [(7 * 60, 22 * 60)] for day in range(7)},
    }
    return SeasonCalendar(spaces=spaces, opening_hours=hours)


def _generated(seed: int, count: int, space_count: int = 6) -> Problem:
    rng = random.Random(seed)
    calendar = _calendar(space_count)
    # A few one-off bookings held on weekdays (an existing booking is a hold with a booking id).
    for n in range(count // 3):
        space_id = rng.randint(1, space_count)
        start = rng.choice(range(8 * 60, 21 * 60, 30))
        calendar.hold(
            space_id,
            rng.randint(0, 6),
            start,
            start + 60,
            booking_id=1000 + n,
            date=dt.date(2027, 9, 1),
        )
    applications = []
    option_id = wish_id = 0
    for app_id in range(1, count + 1):
        wishes = []
        for position in range(1, rng.randint(1, 3) + 1):
            wish_id += 1
            options = []
            for rank in range(rng.randint(1, 4)):
                option_id += 1
                start = rng.choice(range(8 * 60, 21 * 60, 30))
                options.append(
                    OptionData(
                        id=option_id,
                        rank=rank,
                        weekday=rng.randint(0, 6),
                        starts=start,
                        ends=min(start + rng.choice((60, 90, 120)), 23 * 60),
                        space_id=rng.choice((None, None, rng.randint(1, space_count))),
                    )
                )
            wishes.append(
                WishData(
                    id=wish_id,
                    position=position,
                    attendees=rng.randint(5, 45),
                    options=tuple(options),
                    space_kind=rng.choice(("", "", "classroom", "sports_hall")),
                )
            )
        applications.append(
            ApplicationData(
                id=app_id,
                association_id=app_id,
                category_position=rng.randint(1, 3),
                submitted_at=EARLY + dt.timedelta(minutes=rng.randint(0, 5)),
                wishes=tuple(wishes),
                has_responsible=rng.random() < 0.5,
            )
        )
    return Problem(calendar=calendar, applications=tuple(applications))


def _shuffled(problem: Problem, seed: int) -> Problem:
    rng = random.Random(seed)
    applications = []
    for application in problem.applications:
        wishes = []
        for wish in application.wishes:
            options = list(wish.options)
            rng.shuffle(options)
            wishes.append(dataclasses.replace(wish, options=tuple(options)))
        rng.shuffle(wishes)
        applications.append(dataclasses.replace(application, wishes=tuple(wishes)))
    rng.shuffle(applications)
    return Problem(calendar=problem.calendar, applications=tuple(applications))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_input_gives_the_same_result_in_any_input_order(seed):
    problem = _generated(seed, 60)
    first = allocate(problem)
    assert allocate(problem) == first
    assert allocate(_shuffled(problem, seed)) == first
    assert summarize(first).allocated > 0


@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_no_overlaps_in_the_result_or_with_existing_bookings(seed):
    problem = _generated(seed, 80)
    outcomes = allocate(problem)
    calendar = problem.calendar
    spaces = calendar.spaces
    placed = [o for o in outcomes if o.allocated]
    assert placed
    for n, one in enumerate(placed):
        buffer = spaces[one.space_id].buffer_minutes
        # Not over any hold that was there before (existing bookings), buffers both ways.
        assert calendar.is_free(one.space_id, one.weekday, one.starts, one.ends)
        for other in placed[n + 1 :]:
            if (other.space_id, other.weekday) != (one.space_id, one.weekday):
                continue
            assert other.starts >= one.ends + buffer or one.starts >= other.ends + buffer
        # The policy allows it, and the space fits the wish.
        application = next(a for a in problem.applications if a.id == one.application_id)
        wish = next(w for w in application.wishes if w.id == one.wish_id)
        assert spaces[one.space_id].capacity >= wish.attendees
        assert calendar.allows(
            one.space_id,
            one.weekday,
            one.starts,
            one.ends,
            has_responsible=application.has_responsible,
        )
    # allocate() works on a copy: the caller's calendar gained no holds.
    assert all(holder.booking_id for _, _, holder in calendar.all_holds())


@pytest.mark.parametrize("seed", [8, 9])
def test_every_unmet_wish_has_a_reason_per_option_that_renders_in_danish_and_english(seed):
    problem = _generated(seed, 80)
    outcomes = allocate(problem)
    wishes = {w.id: w for a in problem.applications for w in a.wishes}
    unmet = [o for o in outcomes if not o.allocated]
    assert unmet
    seen_codes = set()
    for outcome in outcomes:
        wish = wishes[outcome.wish_id]
        expected = len(wish.options) if not outcome.allocated else outcome.rank
        assert [r["rank"] for r in outcome.reasons] == list(range(expected))
        for reason in outcome.reasons:
            assert reason["code"] in reasons.CODES
            seen_codes.add(reason["code"])
            for language in ("da", "en"):
                with translation.override(language):
                    text = reasons.reason_text(reason)
                assert text and "%(" not in text
    assert {reasons.TAKEN_EXISTING_BOOKING, reasons.TAKEN_SAME_PRIORITY} <= seen_codes


def test_every_reason_code_renders_in_danish_and_english():
    examples = [
        reasons.reason(
            0,
            code,
            space="Lille hal",
            building="Testrup Hallen",
            date="2027-10-12",
            attendees=12,
            min_minutes=60,
            category_default="adults",
        )
        for code in reasons.CODES
    ]
    examples.append(reasons.reason(1, reasons.DURATION_NOT_ALLOWED, space="X", max_minutes=90))
    examples.append(reasons.reason(1, "something_new"))
    for reason in examples:
        for language in ("da", "en"):
            with translation.override(language):
                text = reasons.reason_text(reason)
            assert text and "%(" not in text, (reason, language)


def test_allocate_names_the_option_times_in_its_reasons():
    calendar = _calendar(1)  # one classroom of 20, open 08–16 (building 2: 07–22)
    calendar.hold(1, MONDAY, 600, 660, booking_id=1, date=dt.date(2027, 8, 2))
    wish = WishData(
        id=1,
        position=1,
        attendees=5,
        options=(OptionData(id=1, rank=0, weekday=MONDAY, starts=630, ends=690),),
    )
    problem = Problem(
        calendar=calendar,
        applications=(ApplicationData(1, 1, 1, EARLY, (wish,)),),
    )
    (outcome,) = allocate(problem)
    assert not outcome.allocated
    assert outcome.reasons == (
        reasons.reason(
            0,
            reasons.TAKEN_EXISTING_BOOKING,
            date="2027-08-02",
            space="Rum 01",
            space_id=1,
            weekday=MONDAY,
            starts="10:30",
            ends="11:30",
        ),
    )
    assert minutes(t("10:30")) == 630


def test_option_text_takes_times_or_a_reason_s_strings():
    with translation.override("en"):
        assert reasons.option_text(TUESDAY, t("17:00"), t("19:00")) == "Tuesday 17:00–19:00"
        reason = reasons.reason(
            0, reasons.TAKEN_SAME_PRIORITY, weekday=1, starts="17:00", ends="19:00"
        )
        params = reason["params"]
        assert reasons.option_text(params["weekday"], params["starts"], params["ends"]) == (
            "Tuesday 17:00–19:00"
        )
