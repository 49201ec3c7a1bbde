"""The co-location what-if on a week whose right answer is worked out by hand.

Week Monday 2 – Sunday 8 November 2026 (no DST change). Times are local (Copenhagen).

Gamle Skole (A, 1800 m²): Aula (120 people, 200 m², projector), Musiklokale (30, 60 m², piano),
Klasse 1 (25, 50 m²), Kælder (10, 30 m², not bookable). Bookable area 310 m².
Kulturhuset (B, 2500 m²), open Monday–Friday 08–16: Salen (60 people, 120 m², projector, no
buffer) and Lokale 2 (20 people, 40 m², projector, 30 min buffer). B's own bookings:
Tue 09:00–10:30 Lokale 2 (10 people); Fri 09–12 Salen (30); Fri 10:30–11:30 Lokale 2 (10).

A's bookings to move, and where they go:
1. Mon 10–12, 50 people, Aula (association): only Salen holds 50 → Salen.
2. Tue 10–12, 15 people, Klasse 1 (unit): Lokale 2 is busy until 11:00 (10:30 + buffer) →
   Salen.
3. Wed 10–12, 10 people, Musiklokale: B has no piano → no_amenities.
4. Thu 10–12, 80 people, Aula: no space of B holds 80 → no_capacity.
5. Fri 10–11, 10 people, Klasse 1: Salen and Lokale 2 both busy → all_taken.
6. Mon 13–14, 12 people, Klasse 1, requested: both free, the smaller wins → Lokale 2.
7. Tue 14–15, 8 people, Kælder (not bookable, still moved) → Lokale 2.
8. Sat 10–12, 20 people, Klasse 1: B is closed → Lokale 2, outside hours.
Not moved: a cancelled, a refused and a no-show booking, and one on Sunday 1 November.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import User
from bookings.models import BookerKind, Booking, BookingStatus
from facilities.models import Amenity, Association, Building, OpeningHours, Space, Unit
from reports.colocation import what_if
from reports.colocation_result import ALL_TAKEN, NO_AMENITIES, NO_CAPACITY, MovedBooking
from reports.scope import Period, Window

CPH = ZoneInfo("Europe/Copenhagen")
WEEK = Period(dt.date(2026, 11, 2), dt.date(2026, 11, 8))
H = 3600


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


@dataclass
class World:
    a: Building
    b: Building
    aula: Space
    music: Space
    classroom: Space
    cellar: Space
    hall: Space  # Salen
    room: Space  # Lokale 2
    citizen: User
    association: Association
    unit: Unit

    def book(
        self,
        space: Space,
        start: dt.datetime,
        end: dt.datetime,
        attendees: int,
        status: str = BookingStatus.CONFIRMED,
        kind: str = BookerKind.CITIZEN,
        title: str = "Møde",
    ) -> Booking:
        return Booking.objects.create(
            space=space,
            start=start,
            end=end,
            blocked_until=end + dt.timedelta(minutes=space.policy.buffer_minutes),
            status=status,
            booker=self.citizen,
            booker_kind=kind,
            association=self.association if kind == BookerKind.ASSOCIATION else None,
            unit=self.unit if kind == BookerKind.UNIT else None,
            title=title,
            attendees=attendees,
        )

    def run(self, **options):
        return what_if(building_a_id=self.a.pk, building_b_id=self.b.pk, period=WEEK, **options)


def make_space(building, name, capacity, area, amenities=(), buffer=0, bookable=True) -> Space:
    space = Space.objects.create(
        building=building,
        name=name,
        kind=Space.Kind.MULTIPURPOSE,
        capacity=capacity,
        area_m2=area,
        bookable=bookable,
    )
    space.amenities.set(amenities)
    space.policy.buffer_minutes = buffer
    space.policy.save()
    return space


def classrooms(world: World, count: int) -> list[Space]:
    """A's classroom and more like it: bookings at the same time need rooms of their own (the
    database refuses two active bookings of one room at once)."""
    more = [make_space(world.a, f"Klasse {n}", 25, 50) for n in range(2, count + 1)]
    return [world.classroom, *more]


@pytest.fixture
def world(make_building, municipality) -> World:
    projector = Amenity.objects.create(name="projector", code="projector")
    piano = Amenity.objects.create(name="piano", code="piano")
    a = make_building("Gamle Skole", area_m2=1800)
    b = make_building("Kulturhuset", area_m2=2500)
    for weekday in range(5):
        OpeningHours.objects.create(
            building=b, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    citizen = User.objects.create_user(
        username="karen", email="karen@example.org", first_name="Karen", last_name="Hansen"
    )
    return World(
        a=a,
        b=b,
        aula=make_space(a, "Aula", 120, 200, [projector]),
        music=make_space(a, "Musiklokale", 30, 60, [piano]),
        classroom=make_space(a, "Klasse 1", 25, 50),
        cellar=make_space(a, "Kælder", 10, 30, bookable=False),
        hall=make_space(b, "Salen", 60, 120, [projector]),
        room=make_space(b, "Lokale 2", 20, 40, [projector], buffer=30),
        citizen=citizen,
        association=Association.objects.create(
            municipality=municipality, name="Testrup Kor", org_number="12345678"
        ),
        unit=Unit.objects.create(municipality=municipality, name="Skoleforvaltningen"),
    )


@pytest.fixture
def week(world):
    """The crafted week of the module's docstring; returns A's bookings by their number."""
    w = world
    w.book(w.room, local(2026, 11, 3, 9), local(2026, 11, 3, 10, 30), 10)
    w.book(w.hall, local(2026, 11, 6, 9), local(2026, 11, 6, 12), 30)
    w.book(w.room, local(2026, 11, 6, 10, 30), local(2026, 11, 6, 11, 30), 10)
    moved = {
        1: w.book(
            w.aula, local(2026, 11, 2, 10), local(2026, 11, 2, 12), 50, kind=BookerKind.ASSOCIATION
        ),
        2: w.book(
            w.classroom, local(2026, 11, 3, 10), local(2026, 11, 3, 12), 15, kind=BookerKind.UNIT
        ),
        3: w.book(w.music, local(2026, 11, 4, 10), local(2026, 11, 4, 12), 10),
        4: w.book(w.aula, local(2026, 11, 5, 10), local(2026, 11, 5, 12), 80),
        5: w.book(w.classroom, local(2026, 11, 6, 10), local(2026, 11, 6, 11), 10),
        6: w.book(
            w.classroom,
            local(2026, 11, 2, 13),
            local(2026, 11, 2, 14),
            12,
            status=BookingStatus.REQUESTED,
        ),
        7: w.book(
            w.cellar,
            local(2026, 11, 3, 14),
            local(2026, 11, 3, 15),
            8,
            status=BookingStatus.CHECKED_IN,
        ),
        8: w.book(w.classroom, local(2026, 11, 7, 10), local(2026, 11, 7, 12), 20),
    }
    for status in (BookingStatus.CANCELLED, BookingStatus.REFUSED, BookingStatus.NO_SHOW):
        w.book(w.classroom, local(2026, 11, 4, 13), local(2026, 11, 4, 14), 5, status=status)
    w.book(w.classroom, local(2026, 11, 1, 10), local(2026, 11, 1, 12), 5)
    return moved


def where(result) -> dict[int, str]:
    """Booking id → the space of B it went to, or the reason it did not fit."""
    placed = {p.booking.booking_id: p.to_space_name for p in result.placements}
    missed = {m.booking.booking_id: m.reason for m in result.misses}
    return placed | missed


def test_each_booking_goes_where_the_hand_says(world, week):
    result = world.run()

    assert where(result) == {
        week[1].pk: "Salen",
        week[2].pk: "Salen",
        week[3].pk: NO_AMENITIES,
        week[4].pk: NO_CAPACITY,
        week[5].pk: ALL_TAKEN,
        week[6].pk: "Lokale 2",
        week[7].pk: "Lokale 2",
        week[8].pk: "Lokale 2",
    }
    assert (result.total, result.placed, result.not_placed) == (8, 5, 3)
    assert not result.all_fit


def test_placements_and_misses_are_listed_by_start(world, week):
    result = world.run()

    assert [p.booking.booking_id for p in result.placements] == [
        week[n].pk for n in (1, 6, 2, 7, 8)
    ]
    assert [m.booking.booking_id for m in result.misses] == [week[n].pk for n in (3, 4, 5)]


def test_hours_placed_and_not_placed_and_outside_hours(world, week):
    result = world.run()

    assert result.hours_placed == 2 + 2 + 1 + 1 + 2
    assert result.hours_not_placed == 2 + 2 + 1
    assert [p.outside_hours for p in result.placements] == [False, False, False, False, True]
    assert result.outside_hours == 1


def test_a_placement_carries_what_the_page_shows_and_no_name_or_title(world, week):
    Booking.objects.filter(pk=week[1].pk).update(title="Karen Hansens fødselsdag")
    result = world.run()

    first = result.placements[0]
    assert first.booking == MovedBooking(
        booking_id=week[1].pk,
        start=local(2026, 11, 2, 10).astimezone(dt.UTC),
        end=local(2026, 11, 2, 12).astimezone(dt.UTC),
        attendees=50,
        booker_kind=BookerKind.ASSOCIATION,
        group_name="Testrup Kor",
        status=BookingStatus.CONFIRMED,
        from_space_id=world.aula.pk,
        from_space_name="Aula",
    )
    assert (first.to_space_id, first.to_space_name, first.to_space_capacity) == (
        world.hall.pk,
        "Salen",
        60,
    )
    assert result.placements[2].booking.group_name == "Skoleforvaltningen"
    assert result.placements[1].booking.group_name == ""  # a citizen
    assert "Karen" not in repr(result)
    assert "fødselsdag" not in repr(result)


def test_reasons_in_words(world, week):
    with translation.override("en"):
        messages = [miss.message for miss in world.run().misses]

    assert messages == [
        "No space in Kulturhuset with room enough has: piano.",
        "No space in Kulturhuset holds 80 people.",
        "Every suitable space in Kulturhuset is taken at that time.",
    ]


def test_the_summary_sentence(world, week):
    with translation.override("en"):
        assert world.run().summary == "3 of 8 bookings do not fit in Kulturhuset."
        Booking.objects.filter(pk__in=[week[n].pk for n in (3, 4)]).delete()
        assert world.run().summary == "1 of 6 bookings does not fit in Kulturhuset."
        Booking.objects.filter(pk=week[5].pk).delete()
        result = world.run()
        assert result.all_fit
        assert result.summary == "All 5 bookings fit in Kulturhuset."


def test_nothing_to_move(world):
    result = world.run()

    assert (result.total, result.placed, result.not_placed) == (0, 0, 0)
    with translation.override("en"):
        assert result.summary == "Gamle Skole has no bookings to move in the period."


def test_the_amenities_named_are_those_no_big_enough_space_has(world):
    world.room.amenities.set([Amenity.objects.get(code="piano")])  # a piano, for 20 people
    both = make_space(world.a, "Scene", 40, 80, Amenity.objects.all())
    world.book(world.music, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 30)
    # 15 people from a room with piano and projector: each is in some room, never together.
    world.book(both, local(2026, 11, 3, 10), local(2026, 11, 3, 11), 15)

    with translation.override("en"):
        misses = [(m.reason, m.missing_amenities, m.message) for m in world.run().misses]

    assert misses == [
        (NO_AMENITIES, ("piano",), "No space in Kulturhuset with room enough has: piano."),
        (
            NO_AMENITIES,
            ("piano", "projector"),
            "No space in Kulturhuset with room enough has: piano, projector.",
        ),
    ]


def test_too_many_people_is_the_reason_before_missing_amenities(world):
    world.book(world.music, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 61)  # piano too

    assert [m.reason for m in world.run().misses] == [NO_CAPACITY]


def test_the_largest_booking_goes_first(world):
    # Two classes of 15 start earlier and were booked first; a chronological or smallest-first
    # placement would put them in Lokale 2 and Salen and leave the choir of 40 without a room.
    small = [
        world.book(classroom, local(2026, 11, 2, 9, 30), local(2026, 11, 2, 11), 15)
        for classroom in classrooms(world, 2)
    ]
    choir = world.book(world.aula, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 40)

    assert where(world.run()) == {
        choir.pk: "Salen",
        small[0].pk: "Lokale 2",
        small[1].pk: ALL_TAKEN,
    }


def test_among_equal_groups_the_longer_booking_goes_first(world):
    world.book(world.hall, local(2026, 11, 2, 8), local(2026, 11, 2, 16), 30)  # Salen taken
    one, other = classrooms(world, 2)
    short = world.book(one, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 15)
    long = world.book(other, local(2026, 11, 2, 10), local(2026, 11, 2, 13), 15)

    assert where(world.run()) == {long.pk: "Lokale 2", short.pk: ALL_TAKEN}


def test_the_smallest_space_that_holds_the_group_is_chosen(world):
    world.room.capacity = 25  # now as big as needed, still the smaller
    world.room.save()
    booking = world.book(world.classroom, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 25)

    assert where(world.run()) == {booking.pk: "Lokale 2"}


def test_equal_capacities_are_told_apart_by_area_then_name(world):
    Space.objects.filter(pk=world.room.pk).update(capacity=60, area_m2=200)
    booking = world.book(world.classroom, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 5)

    assert where(world.run()) == {booking.pk: "Salen"}  # 120 m² against 200 m²
    Space.objects.filter(pk=world.room.pk).update(area_m2=120)
    assert where(world.run()) == {booking.pk: "Lokale 2"}  # the same area: by name


def test_b_spaces_that_are_not_bookable_take_nothing(world):
    Space.objects.filter(pk=world.hall.pk).update(bookable=False)
    booking = world.book(world.aula, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 50)

    assert where(world.run()) == {booking.pk: NO_CAPACITY}


class TestBuffers:
    """Lokale 2 keeps 30 minutes free after each booking; Salen is kept out of the way."""

    @pytest.fixture(autouse=True)
    def _only_lokale_2(self, world):
        Space.objects.filter(pk=world.hall.pk).update(bookable=False)

    def test_b_bookings_buffer_is_respected(self, world):
        world.book(world.room, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 10)  # to 11:30
        world.book(world.room, local(2026, 11, 3, 10), local(2026, 11, 3, 11), 10)
        too_soon = world.book(
            world.classroom, local(2026, 11, 2, 11, 15), local(2026, 11, 2, 12), 10
        )
        just_after = world.book(
            world.classroom, local(2026, 11, 3, 11, 30), local(2026, 11, 3, 12), 10
        )

        assert where(world.run()) == {too_soon.pk: ALL_TAKEN, just_after.pk: "Lokale 2"}

    def test_the_placed_bookings_own_buffer_is_respected(self, world):
        world.book(world.room, local(2026, 11, 2, 12), local(2026, 11, 2, 13), 10)
        world.book(world.room, local(2026, 11, 3, 12), local(2026, 11, 3, 13), 10)
        too_late = world.book(
            world.classroom, local(2026, 11, 2, 11), local(2026, 11, 2, 11, 45), 10
        )
        just_before = world.book(
            world.classroom, local(2026, 11, 3, 11), local(2026, 11, 3, 11, 30), 10
        )

        assert where(world.run()) == {too_late.pk: ALL_TAKEN, just_before.pk: "Lokale 2"}

    def test_placements_keep_the_buffer_between_each_other(self, world):
        one, other = classrooms(world, 2)
        first = world.book(one, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 10)
        second = world.book(one, local(2026, 11, 2, 11, 15), local(2026, 11, 2, 12), 10)
        third = world.book(other, local(2026, 11, 2, 11, 30), local(2026, 11, 2, 12), 9)

        # 10 people, 60 min first; the second meets its 11:30 buffer; the third starts then.
        assert where(world.run()) == {
            first.pk: "Lokale 2",
            second.pk: ALL_TAKEN,
            third.pk: "Lokale 2",
        }


def test_placements_never_overlap_each_other(world):
    bookings = [
        world.book(classroom, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 15)
        for classroom in classrooms(world, 3)
    ]

    result = world.run()

    assert where(result) == {
        bookings[0].pk: "Lokale 2",
        bookings[1].pk: "Salen",
        bookings[2].pk: ALL_TAKEN,
    }


def test_b_bookings_that_hold_no_slot_do_not_block(world):
    for status in (BookingStatus.CANCELLED, BookingStatus.REFUSED, BookingStatus.NO_SHOW):
        world.book(world.room, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 10, status=status)
    booking = world.book(world.classroom, local(2026, 11, 2, 10), local(2026, 11, 2, 11), 10)

    assert where(world.run()) == {booking.pk: "Lokale 2"}


def test_a_booking_that_runs_past_the_period_is_placed_against_what_follows(world):
    # Sunday 23:00 – Monday 01:00 (after the week): B's Monday booking at 00:30 is in the way.
    world.book(world.room, local(2026, 11, 9, 0, 30), local(2026, 11, 9, 2), 5)
    world.book(world.hall, local(2026, 11, 9, 0, 30), local(2026, 11, 9, 2), 5)
    booking = world.book(world.classroom, local(2026, 11, 8, 23), local(2026, 11, 9, 1), 5)

    assert where(world.run()) == {booking.pk: ALL_TAKEN}


def test_the_same_question_gets_the_same_answer(world, week):
    assert world.run() == world.run()


def test_the_area_freed_by_leaving_a(world, week):
    result = world.run()

    assert result.a_gross_area_m2 == Decimal("1800.0")
    assert result.a_bookable_area_m2 == Decimal("310.0")  # Aula, Musiklokale, Klasse 1


def test_a_and_b_must_differ(world):
    with pytest.raises(ValueError):
        what_if(building_a_id=world.a.pk, building_b_id=world.a.pk, period=WEEK)


def test_an_unknown_building_is_not_found(world):
    with pytest.raises(Building.DoesNotExist):
        what_if(building_a_id=world.a.pk, building_b_id=world.b.pk + 1000, period=WEEK)


# B's utilisation. Opening hours Mon–Fri 08–16: 40 h per space, 80 h together.
# Before: used 1.5 + 3 + 1 = 5.5 h; occupied 10/20 × 1.5 + 30/60 × 3 + 10/20 × 1 = 2.75 h.
# The placements inside the hours: Salen 50/60 × 2 + 15/60 × 2, Lokale 2 12/20 × 1 + 8/20 × 1:
# 6 h used, 3 1/6 occupied hours; the Saturday one is outside the window.


def test_b_before_is_the_utilisation_report(world, week):
    before = world.run().b_before

    assert (before.available, before.used, before.booked) == (80 * H, int(5.5 * H), int(5.5 * H))
    assert before.occupied == pytest.approx(2.75 * H)
    assert before.utilisation == pytest.approx(2.75 / 80)


def test_b_after_adds_the_placed_bookings_inside_the_window(world, week):
    after = world.run().b_after

    occupied = 50 / 60 * 2 + 15 / 60 * 2 + 12 / 20 * 1 + 8 / 20 * 1
    assert occupied == pytest.approx(3 + 1 / 6)
    assert after.available == 80 * H
    assert after.used == int((5.5 + 6) * H)
    assert after.occupied == pytest.approx((2.75 + occupied) * H)
    assert after.utilisation == pytest.approx((2.75 + occupied) / 80)
    assert after.bookings == 3 + 5


def test_b_after_booked_inside_outside_and_by_kind(world, week):
    result = world.run()
    before, after = result.b_before, result.b_after

    # Placed: 2 + 2 + 1 + 1 h inside the hours, Saturday's 2 h outside.
    assert after.booked - before.booked == 8 * H
    assert after.inside - before.inside == 6 * H
    assert after.outside - before.outside == 2 * H
    assert {k: after.by_kind[k] - before.by_kind.get(k, 0) for k in after.by_kind} == {
        "association": 2 * H,
        "unit": 2 * H,
        "citizen": 4 * H,
    }
    assert after.checked_in - before.checked_in == 1 * H  # the checked-in Kælder booking


def test_b_after_per_space(world, week):
    spaces = {change.name: change for change in world.run().b_spaces}

    assert list(spaces) == ["Lokale 2", "Salen"]
    assert (spaces["Salen"].placed, spaces["Lokale 2"].placed) == (2, 3)
    assert spaces["Salen"].after.used - spaces["Salen"].before.used == 4 * H
    assert spaces["Lokale 2"].after.used - spaces["Lokale 2"].before.used == 2 * H
    assert spaces["Lokale 2"].after.booked - spaces["Lokale 2"].before.booked == 4 * H


def test_b_after_in_a_fixed_window_counts_the_saturday_too(world, week):
    result = world.run(window=Window(opens=dt.time(7), closes=dt.time(22)))
    before, after = result.b_before, result.b_after

    # 15 h × 7 days × 2 spaces; Saturday 10–12 is inside 07–22: 20/20 × 2 h occupied.
    assert after.available == before.available == 15 * 7 * 2 * H
    assert after.used - before.used == 8 * H
    occupied = 50 / 60 * 2 + 15 / 60 * 2 + 12 / 20 * 1 + 8 / 20 * 1 + 20 / 20 * 2
    assert after.occupied - before.occupied == pytest.approx(occupied * H)


def test_the_number_of_queries_does_not_grow_with_the_bookings(
    world, week, django_assert_max_num_queries
):
    # Seven of its own (buildings, spaces, amenities, A's bookings, B's busy time, B's hours);
    # the rest are the utilisation report's for B.
    with CaptureQueriesContext(connection) as few:
        world.run()
    # In rooms of their own, clear of the crafted week's bookings.
    a_rooms = [make_space(world.a, f"Værksted {n}", 10, 20) for n in range(3)]
    b_room = make_space(world.b, "Mødelokale 9", 4, 12)
    for day in range(2, 7):
        for hour in range(8, 20):
            space = a_rooms[hour % 3]
            world.book(space, local(2026, 11, day, hour), local(2026, 11, day, hour, 45), 5)
            world.book(b_room, local(2026, 11, day, hour, 50), local(2026, 11, day, hour, 55), 1)

    with django_assert_max_num_queries(25) as many:
        result = world.run()

    assert result.total == 8 + 5 * 12
    assert len(many) == len(few)
