"""The season calendar: holds from bookings and allocated slots, buffers, policy, candidates."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bookings.models import Booking, BookingStatus
from bookings.models.rounds import WishResult
from bookings.rounds import reasons
from bookings.rounds.slots import SeasonCalendar, SpaceInfo, clock, minutes
from facilities.models import Space
from tests.bookings.rounds.conftest import (
    MONDAY,
    SATURDAY,
    SUNDAY,
    TUESDAY,
    WEDNESDAY,
    local,
    t,
)

pytestmark = pytest.mark.django_db


def book(space, start, end, *, buffer=0, status=BookingStatus.CONFIRMED):
    booker, _ = User.objects.get_or_create(username="enkeltbooker")
    return Booking.objects.create(
        space=space,
        start=start,
        end=end,
        blocked_until=end + dt.timedelta(minutes=buffer),
        status=status,
        booker=booker,
        booker_kind="citizen",
        title="Fest",
    )


def test_minutes_and_clock():
    assert minutes(t("17:30")) == 1050
    assert minutes(90) == 90
    assert clock(1050) == dt.time(17, 30)
    assert clock(1440) == dt.time(0, 0)


def test_the_round_s_spaces_are_the_bookable_spaces_of_its_buildings(round_world):
    w = round_world
    Space.objects.create(
        building=w.school,
        name="Lærerværelse",
        kind="meeting_room",
        capacity=10,
        area_m2=30,
        bookable=False,
    )
    calendar = SeasonCalendar.load(w.round)
    assert set(calendar.spaces) == {space.id for space in w.spaces}
    gym = calendar.spaces[w.gym.id]
    assert (gym.name, gym.building_name, gym.kind, gym.capacity, gym.area_m2) == (
        "Gymnastiksal",
        "Testrup Skole",
        "gym",
        60,
        180.0,
    )
    assert gym.amenity_ids == {w.sports_floor.id}
    assert gym.outside_hours_allowed and not calendar.spaces[w.big_hall.id].outside_hours_allowed


def test_chosen_spaces_narrow_the_round(round_world):
    w = round_world
    w.round.spaces.set([w.gym, w.small_hall])
    assert set(SeasonCalendar.load(w.round).spaces) == {w.gym.id, w.small_hall.id}


def test_loading_takes_a_fixed_number_of_queries(round_world):
    w = round_world
    book(w.small_hall, local(2027, 9, 7, 17, 0), local(2027, 9, 7, 19, 0))
    with CaptureQueriesContext(connection) as few:
        SeasonCalendar.load(w.round)
    for day in range(1, 29):
        book(w.big_hall, local(2027, 9, day, 10, 0), local(2027, 9, day, 11, 0))
    with CaptureQueriesContext(connection) as many:
        SeasonCalendar.load(w.round)
    assert len(few) == len(many) <= 8


def test_an_empty_round_is_free_everywhere(round_world):
    calendar = SeasonCalendar.load(round_world.round)
    assert calendar.is_free(round_world.gym.id, TUESDAY, t("17:00"), t("19:00"))
    assert calendar.all_holds() == []


def test_a_booking_holds_its_weekday_with_the_first_date_and_its_buffer(round_world):
    w = round_world
    first = book(w.small_hall, local(2027, 9, 7, 17, 0), local(2027, 9, 7, 19, 0), buffer=15)
    book(w.small_hall, local(2027, 9, 14, 17, 0), local(2027, 9, 14, 19, 0), buffer=15)
    calendar = SeasonCalendar.load(w.round)
    (holder,) = calendar.holders(w.small_hall.id, TUESDAY, t("18:00"), t("18:30"))
    assert (holder.booking_id, holder.date) == (first.id, dt.date(2027, 9, 7))
    assert (holder.starts, holder.ends, holder.blocked_until) == (1020, 1140, 1155)
    assert not calendar.is_free(w.small_hall.id, TUESDAY, t("19:10"), t("20:00"))
    assert calendar.is_free(w.small_hall.id, TUESDAY, t("19:15"), t("20:00"))
    assert calendar.is_free(w.small_hall.id, WEDNESDAY, t("18:00"), t("18:30"))
    assert calendar.is_free(w.big_hall.id, TUESDAY, t("18:00"), t("18:30"))


def test_the_space_s_own_buffer_is_kept_before_a_booking(round_world):
    w = round_world
    w.small_hall.policy.buffer_minutes = 30
    w.small_hall.policy.save()
    book(w.small_hall, local(2027, 9, 7, 17, 0), local(2027, 9, 7, 19, 0), buffer=30)
    calendar = SeasonCalendar.load(w.round)
    assert not calendar.is_free(w.small_hall.id, TUESDAY, t("15:00"), t("16:31"))
    assert calendar.is_free(w.small_hall.id, TUESDAY, t("15:00"), t("16:30"))
    assert calendar.is_free(w.small_hall.id, TUESDAY, t("19:30"), t("21:00"))


def test_requested_and_checked_in_bookings_hold_refused_cancelled_and_no_shows_do_not(
    round_world,
):
    w = round_world
    for day, status in zip(
        (6, 7, 8, 9, 10),
        (
            BookingStatus.REQUESTED,
            BookingStatus.CHECKED_IN,
            BookingStatus.REFUSED,
            BookingStatus.CANCELLED,
            BookingStatus.NO_SHOW,
        ),
        strict=True,
    ):
        book(w.small_hall, local(2027, 9, day, 17, 0), local(2027, 9, day, 19, 0), status=status)
    calendar = SeasonCalendar.load(w.round)
    held = [weekday for _, weekday, _ in calendar.all_holds()]
    assert held == [MONDAY, TUESDAY]


def test_the_season_s_first_and_last_days_count_and_no_day_outside(round_world):
    w = round_world
    book(w.small_hall, local(2027, 7, 31, 10, 0), local(2027, 7, 31, 12, 0))  # Saturday before
    book(w.small_hall, local(2027, 8, 1, 10, 0), local(2027, 8, 1, 12, 0))  # Sunday, first day
    book(w.small_hall, local(2028, 6, 30, 10, 0), local(2028, 6, 30, 12, 0))  # Friday, last day
    book(w.small_hall, local(2028, 7, 1, 10, 0), local(2028, 7, 1, 12, 0))  # Saturday after
    calendar = SeasonCalendar.load(w.round)
    held = sorted((weekday, holder.date) for _, weekday, holder in calendar.all_holds())
    assert held == [(4, dt.date(2028, 6, 30)), (SUNDAY, dt.date(2027, 8, 1))]


def test_a_booking_over_midnight_holds_both_weekdays(round_world):
    w = round_world
    book(w.big_hall, local(2027, 9, 11, 22, 0), local(2027, 9, 12, 2, 0))  # Saturday night
    calendar = SeasonCalendar.load(w.round)
    assert not calendar.is_free(w.big_hall.id, SATURDAY, t("21:00"), t("22:30"))
    assert not calendar.is_free(w.big_hall.id, SUNDAY, t("01:00"), t("03:00"))
    assert calendar.is_free(w.big_hall.id, SUNDAY, t("02:00"), t("03:00"))


def test_a_booking_of_a_week_holds_every_weekday(round_world):
    w = round_world
    book(w.big_hall, local(2027, 10, 11, 8, 0), local(2027, 10, 18, 8, 0))
    calendar = SeasonCalendar.load(w.round)
    for weekday in range(7):
        assert not calendar.is_free(w.big_hall.id, weekday, t("09:00"), t("10:00"))


def test_wall_clock_times_across_the_change_to_winter_time(round_world):
    w = round_world
    # 31 October 2027 is the Sunday clocks go back; 17:00 is 17:00 local all the same.
    book(w.big_hall, local(2027, 10, 31, 17, 0), local(2027, 10, 31, 19, 0))
    book(w.big_hall, local(2027, 10, 24, 12, 0), local(2027, 10, 24, 13, 0))  # summer time
    calendar = SeasonCalendar.load(w.round)
    holds = sorted((h.starts, h.ends) for _, _, h in calendar.all_holds())
    assert holds == [(720, 780), (1020, 1140)]


def test_allocated_slots_of_this_round_hold_unless_recomputing(round_world, apply):
    w = round_world
    app = apply(w.fitness, w.adults, [{"options": [(TUESDAY, "17:00", "19:00", w.small_hall)]}])
    wish = app.wishes.get()
    WishResult.objects.create(
        wish=wish,
        outcome=WishResult.Outcome.ALLOCATED,
        option=wish.options.get(),
        space=w.small_hall,
        weekday=TUESDAY,
        starts=t("17:00"),
        ends=t("19:00"),
    )
    calendar = SeasonCalendar.load(w.round)
    (holder,) = calendar.holders(w.small_hall.id, TUESDAY, t("18:00"), t("20:00"))
    assert (holder.wish_id, holder.application_id, holder.association_id) == (
        wish.id,
        app.id,
        w.fitness.id,
    )
    assert (holder.category_position, holder.category_default, holder.round_id) == (
        2,
        "adults",
        w.round.id,
    )
    # A move ignores the wish's own slot.
    assert calendar.is_free(w.small_hall.id, TUESDAY, t("18:00"), t("20:00"), ignore_wish=wish.id)
    assert SeasonCalendar.load(w.round, with_round_results=False).all_holds() == []
    calendar.release(wish.id)
    assert calendar.all_holds() == []


def test_hold_and_copy():
    calendar = SeasonCalendar(
        spaces=[SpaceInfo(1, 1, "Sal", "Hus", "gym", 30, 90.0, buffer_minutes=10)],
        opening_hours={1: {0: [(480, 960)]}},
    )
    other = calendar.copy()
    holder = other.hold(1, MONDAY, t("10:00"), t("11:00"), wish_id=7, category_position=1)
    assert holder.blocked_until == 670
    assert calendar.is_free(1, MONDAY, t("10:00"), t("11:00"))
    assert other.holders(1, MONDAY, t("11:05"), t("12:00")) == [holder]
    assert other.is_free(1, MONDAY, t("11:10"), t("12:00"))
    # Before it: our own buffer of 10 minutes must end by 10:00.
    assert not other.is_free(1, MONDAY, t("09:00"), t("09:55"))
    assert other.is_free(1, MONDAY, t("09:00"), t("09:50"))


def test_a_buffer_past_midnight_reaches_into_the_next_day():
    calendar = SeasonCalendar(
        spaces=[SpaceInfo(1, 1, "Sal", "Hus", "gym", 30, 90.0, buffer_minutes=60)],
        opening_hours={},
    )
    calendar.hold(1, SUNDAY, t("22:00"), t("23:30"), wish_id=1)
    assert not calendar.is_free(1, MONDAY, t("00:00"), t("00:20"))
    assert calendar.is_free(1, MONDAY, t("00:30"), t("01:00"))


def test_minutes_outside_the_weekly_opening_hours(round_world):
    w = round_world
    calendar = SeasonCalendar.load(w.round)
    assert calendar.minutes_outside(w.gym.id, MONDAY, t("15:00"), t("17:00")) == 60
    assert calendar.minutes_outside(w.gym.id, MONDAY, t("09:00"), t("11:00")) == 0
    assert calendar.minutes_outside(w.gym.id, SATURDAY, t("09:00"), t("11:00")) == 120
    assert calendar.minutes_outside(w.big_hall.id, SATURDAY, t("06:00"), t("23:00")) == 120


def test_policy_problems_for_an_association(round_world):
    w = round_world
    calendar = SeasonCalendar.load(w.round)
    gym, hall = w.gym.id, w.big_hall.id
    assert calendar.policy_problems(gym, MONDAY, t("18:00"), t("20:00"), has_responsible=True) == []
    assert calendar.allows(gym, MONDAY, t("18:00"), t("20:00"), has_responsible=True)
    (missing,) = calendar.policy_problems(
        gym, MONDAY, t("18:00"), t("20:00"), has_responsible=False
    )
    assert missing["code"] == reasons.RESPONSIBLE_ADULT_MISSING
    assert not calendar.allows(gym, MONDAY, t("18:00"), t("20:00"), has_responsible=False)
    (outside,) = calendar.policy_problems(
        hall, MONDAY, t("21:00"), t("23:00"), has_responsible=True
    )
    assert outside["code"] == reasons.NOT_ALLOWED_OUTSIDE_HOURS
    assert outside["params"] == {
        "space": "Store hal",
        "space_id": hall,
        "building": "Testrup Hallen",
    }
    codes = [
        p["code"]
        for p in calendar.policy_problems(
            hall, MONDAY, t("09:00"), t("09:15"), has_responsible=True
        )
    ]
    assert codes == [reasons.DURATION_NOT_ALLOWED]  # the default minimum is 30 minutes


def test_candidates_best_fit_first(round_world):
    w = round_world
    calendar = SeasonCalendar.load(w.round)
    names = lambda found: [space.name for space in found]  # noqa: E731
    assert names(calendar.candidates(space_id=None, kind="", attendees=20)) == [
        "Klasse 2",
        "Klasse 1",
        "Lille hal",
        "Gymnastiksal",
        "Store hal",
    ]
    assert names(calendar.candidates(space_id=None, kind="sports_hall", attendees=41)) == [
        "Store hal"
    ]
    assert names(
        calendar.candidates(space_id=None, kind="", attendees=20, amenity_ids=[w.sports_floor.id])
    ) == ["Lille hal", "Gymnastiksal", "Store hal"]
    # A named space: itself when it holds the group, whatever its kind or amenities.
    assert names(
        calendar.candidates(
            space_id=w.classroom_25.id, kind="gym", attendees=25, amenity_ids=[w.sports_floor.id]
        )
    ) == ["Klasse 2"]
    assert calendar.candidates(space_id=w.classroom_25.id, kind="", attendees=26) == []
    assert calendar.candidates(space_id=999_999, kind="", attendees=1) == []


def test_equal_capacity_goes_to_the_smaller_area_then_the_name():
    spaces = [
        SpaceInfo(1, 1, "B", "Hus", "classroom", 30, 60.0),
        SpaceInfo(2, 1, "A", "Hus", "classroom", 30, 60.0),
        SpaceInfo(3, 1, "C", "Hus", "classroom", 30, 50.0),
    ]
    calendar = SeasonCalendar(spaces=spaces, opening_hours={})
    assert [s.id for s in calendar.candidates(space_id=None, kind="", attendees=10)] == [3, 2, 1]
