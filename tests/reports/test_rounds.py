"""The round report (reports/rounds.py) on a small round worked out by hand.

The round world of tests/bookings/rounds/conftest.py, with two changes: Klasse 2 may not be
used outside opening hours (the school closes at 16, so it has no evening to allocate), Lille
hal is not for associations, and the hall closes at 20 on Fridays. Evening hours to allocate,
per week (Monday–Friday 17–22):
    Gymnastiksal 25, Klasse 1 25, Klasse 2 0, Store hal 4 × 5 + 3 = 23, Lille hal 0 → 73;
    Monday–Thursday 15 each, Friday 13.

Wishes (first choice → result):
    football (children and youth)
        U10   Tue 17–19 gym               → Tue 17–19 gym (first choice)
        U12   Mon 16–18 big hall          → Mon 18–20 big hall (its alternative)
    fitness (adults)
        Motion Tue 17–19 gym              → not met
        Yoga   Sat 10–12 big hall         → Sat 10–12 big hall (first choice)
    chess (adults)
        Skak  Wed 19:00–22:30 any classroom → Wed 19:00–22:30 Klasse 1 (first choice)
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bookings.models import WishResult
from facilities.models import Association, Membership, OpeningHours, SpacePolicy
from reports.rounds import Hours, round_report
from tests.bookings.rounds import conftest as rounds_conftest
from tests.bookings.rounds.conftest import FRIDAY, MONDAY, SATURDAY, TUESDAY, WEDNESDAY, local, t

pytestmark = pytest.mark.django_db

# The round world's fixtures, shared with the round tests.
round_world = rounds_conftest.round_world
apply = rounds_conftest.apply


@pytest.fixture(autouse=True)
def english():
    """Category and kind labels in English (the Danish catalogue is the translator's)."""
    with translation.override("en"):
        yield


def allocated(wish, space, weekday, starts, ends):
    return WishResult.objects.create(
        wish=wish,
        outcome=WishResult.Outcome.ALLOCATED,
        space=space,
        weekday=weekday,
        starts=t(starts),
        ends=t(ends),
    )


def not_allocated(wish):
    return WishResult.objects.create(wish=wish, outcome=WishResult.Outcome.NOT_ALLOCATED)


@pytest.fixture
def world(round_world, apply):
    w = round_world
    SpacePolicy.objects.filter(space=w.classroom_25).update(outside_hours_allowed=False)
    SpacePolicy.objects.filter(space=w.small_hall).update(
        bookable_by_associations=False, bookable_by_citizens=True
    )
    OpeningHours.objects.filter(building=w.hall, weekday=FRIDAY).update(closes=dt.time(20))
    football = apply(
        w.football,
        w.youth,
        [
            {"activity": "U10", "options": [(TUESDAY, "17:00", "19:00", w.gym)]},
            {
                "activity": "U12",
                "options": [
                    (MONDAY, "16:00", "18:00", w.big_hall),
                    (MONDAY, "18:00", "20:00", w.big_hall),
                ],
            },
        ],
    )
    fitness = apply(
        w.fitness,
        w.adults,
        [
            {"activity": "Motion", "options": [(TUESDAY, "17:00", "19:00", w.gym)]},
            {"activity": "Yoga", "options": [(SATURDAY, "10:00", "12:00", w.big_hall)]},
        ],
    )
    chess = apply(
        w.chess,
        w.adults,
        [
            {
                "activity": "Skak",
                "space_kind": "classroom",
                "options": [(WEDNESDAY, "19:00", "22:30")],
            }
        ],
    )
    return w, football, fitness, chess


@pytest.fixture
def proposed(world):
    w, football, fitness, chess = world
    u10, u12 = football.wishes.order_by("position")
    motion, yoga = fitness.wishes.order_by("position")
    (skak,) = chess.wishes.all()
    allocated(u10, w.gym, TUESDAY, "17:00", "19:00")
    allocated(u12, w.big_hall, MONDAY, "18:00", "20:00")
    not_allocated(motion)
    allocated(yoga, w.big_hall, SATURDAY, "10:00", "12:00")
    allocated(skak, w.classroom_30, WEDNESDAY, "19:00", "22:30")
    w.round.allocated_at = local(2027, 4, 20, 12)
    w.round.save()
    return w


def test_evening_supply_demand_and_allocation_per_weekday(proposed):
    report = round_report(round=proposed.round)

    assert [(line.weekday, line.hours) for line in report.evenings] == [
        (MONDAY, Hours(supply=15, demand=1, allocated=2)),  # U12 wished 16–18, got 18–20
        (TUESDAY, Hours(supply=15, demand=4, allocated=2)),  # U10 and Motion wished the gym
        (WEDNESDAY, Hours(supply=15, demand=3, allocated=3)),  # Skak until 22:00 of 22:30
        (3, Hours(supply=15, demand=0, allocated=0)),
        (FRIDAY, Hours(supply=13, demand=0, allocated=0)),
    ]
    assert report.evenings_total == Hours(supply=73, demand=8, allocated=7)
    assert report.evenings[TUESDAY].hours.pressure == pytest.approx(4 / 15)
    assert report.evenings[WEDNESDAY].hours.taken == pytest.approx(3 / 15)


def test_per_space_with_first_choices_naming_no_space_apart(proposed):
    report = round_report(round=proposed.round)

    lines = {line.name: line for line in report.spaces}
    assert list(lines) == ["Lille hal", "Store hal", "Gymnastiksal", "Klasse 1", "Klasse 2"]
    assert lines["Gymnastiksal"].evening == Hours(supply=25, demand=4, allocated=2)
    assert lines["Klasse 1"].evening == Hours(supply=25, demand=0, allocated=3)
    assert lines["Klasse 2"].evening == Hours(supply=0, demand=0, allocated=0)
    assert lines["Klasse 2"].evening.pressure is None
    assert lines["Lille hal"].evening == Hours(supply=0, demand=0, allocated=0)
    assert lines["Store hal"].evening == Hours(supply=23, demand=1, allocated=2)
    assert (lines["Store hal"].week_demand, lines["Store hal"].week_allocated) == (4, 4)
    assert (lines["Klasse 1"].week_demand, lines["Klasse 1"].week_allocated) == (0, 3.5)
    ((kind),) = report.kinds
    assert (kind.kind, kind.label, kind.wishes) == ("classroom", "Classroom", 1)
    assert (kind.evening_demand, kind.week_demand) == (3, 3.5)
    # The total counts the unnamed first choice too: the same demand as the evenings.
    assert report.spaces_total == Hours(supply=73, demand=8, allocated=7)
    assert (report.week_demand, report.week_allocated) == (11.5, 9.5)


def test_wishes_met_per_priority_category(proposed):
    report = round_report(round=proposed.round)

    youth, adults, other = report.categories
    assert (youth.name, adults.name, other.name) == (
        "Children and youth associations",
        "Adult associations",
        "Other associations",
    )
    assert (youth.wishes, youth.first_choice, youth.alternative, youth.not_met) == (2, 1, 1, 0)
    assert (youth.hours_wished, youth.hours_allocated) == (4, 4)
    assert (youth.share_met, youth.share_hours) == (1, 1)
    assert (adults.wishes, adults.first_choice, adults.alternative, adults.not_met) == (3, 2, 0, 1)
    assert (adults.hours_wished, adults.hours_allocated) == (7.5, 5.5)
    assert adults.share_met == pytest.approx(2 / 3)
    assert adults.share_hours == pytest.approx(5.5 / 7.5)
    assert (other.wishes, other.share_met, other.share_hours) == (0, None, None)
    total = report.total
    assert (total.wishes, total.first_choice, total.alternative, total.not_met) == (5, 3, 1, 1)
    assert (total.hours_wished, total.hours_allocated, total.share_met) == (11.5, 9.5, 0.8)


def test_wishes_met_per_association_in_priority_order(proposed):
    report = round_report(round=proposed.round)

    rows = [
        (
            row.name,
            row.category,
            row.wishes,
            row.first_choice,
            row.alternative,
            row.not_met,
            row.hours_wished,
            row.hours_allocated,
        )
        for row in report.associations
    ]
    assert rows == [
        ("Testrup Ungdomsfodbold", "Children and youth associations", 2, 1, 1, 0, 4, 4),
        ("Testrup Motionsklub", "Adult associations", 2, 1, 0, 1, 4, 2),
        ("Testrup Skakklub", "Adult associations", 1, 1, 0, 0, 3.5, 3.5),
    ]
    assert report.associations[1].share_met == 0.5


def test_a_slot_moved_by_a_manager_is_met_by_an_alternative(proposed):
    WishResult.objects.filter(wish__activity="U10").update(
        starts=t("17:30"), ends=t("19:30"), changed_by_manager=True
    )

    youth = round_report(round=proposed.round).categories[0]

    assert (youth.first_choice, youth.alternative, youth.not_met) == (0, 2, 0)


def test_before_the_allocation_only_demand_shows(world):
    w = world[0]

    report = round_report(round=w.round)

    assert report.allocated is False
    assert report.evenings_total == Hours(supply=73, demand=8, allocated=0)
    youth = report.categories[0]
    assert (youth.wishes, youth.hours_wished) == (2, 4)
    assert (youth.first_choice, youth.alternative, youth.not_met, youth.hours_allocated) == (
        None,
        None,
        None,
        None,
    )
    assert (youth.share_met, youth.share_hours) == (None, None)


def test_the_same_figures_after_publishing(proposed):
    before = round_report(round=proposed.round)
    proposed.round.published_at = local(2027, 5, 3, 10)
    proposed.round.save()

    after = round_report(round=proposed.round)

    assert after.allocated is True
    assert (after.evenings, after.spaces, after.categories, after.associations) == (
        before.evenings,
        before.spaces,
        before.categories,
        before.associations,
    )


def test_a_fixed_number_of_queries_whatever_the_number_of_applications(proposed, apply):
    with CaptureQueriesContext(connection) as few:
        round_report(round=proposed.round)
    w = proposed
    for n in range(8):
        club = Association.objects.create(
            municipality=w.football.municipality, name=f"Klub {n}", org_number=f"4444444{n}"
        )
        Membership.objects.create(association=club, user=w.chess_admin, role="admin")
        application = apply(club, w.other, [{"options": [(FRIDAY, "17:00", "18:00", w.gym)]}] * 3)
        for wish in application.wishes.all():
            allocated(wish, w.gym, FRIDAY, "17:00", "18:00")

    with CaptureQueriesContext(connection) as many:
        report = round_report(round=proposed.round)

    assert report.total.wishes == 5 + 24
    assert len(many) == len(few)
