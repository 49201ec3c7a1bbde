"""Setting up a round: the default priority categories, every problem with the input at once,
the round's spaces, and who runs a round. NOW is Monday 23 November 2026, 09:00."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from accounts.models import User
from bookings.errors import BookingError, PolicyViolations
from bookings.models import AllocationRound, PriorityCategory
from bookings.rounds import setup
from bookings.rounds.setup import (
    may_run_round,
    round_create,
    round_spaces,
    round_update,
    rounds_managed_by,
)
from facilities.models import Space
from tests.bookings.conftest import NOW, local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are read in English; the default language is Danish."""
    with translation.override("en"):
        yield


@pytest.fixture
def gym(town_hall):
    return Space.objects.create(
        building=town_hall, name="Gymnastiksal", kind=Space.Kind.GYM, capacity=40, area_m2=200
    )


@pytest.fixture
def other_house(make_building, manager):
    return make_building("Andet Hus")


def create(manager, town_hall, **fields):
    values = {
        "name": "Sæson 2027",
        "season_start": dt.date(2027, 1, 4),
        "season_end": dt.date(2027, 6, 20),
        "applications_open": local(2026, 11, 30, 8),
        "applications_close": local(2026, 12, 15, 12),
        "buildings": [town_hall],
        "created_by": manager,
        "now": NOW,
    }
    return round_create(**{**values, **fields})


def problems(exc_info):
    return [(p.field, p.code) for p in exc_info.value.violations]


# --- Creating ----------------------------------------------------------------------------------


def test_a_round_gets_the_three_default_categories_in_the_law_s_order(manager, town_hall):
    round = create(manager, town_hall)

    categories = list(round.categories.order_by("position"))
    assert [(c.position, c.default, c.name) for c in categories] == [
        (1, "children_youth", ""),
        (2, "adults", ""),
        (3, "other", ""),
    ]
    assert [c.label for c in categories] == [
        "Children and youth associations",
        "Adult associations",
        "Other associations",
    ]
    assert list(round.buildings.all()) == [town_hall]
    assert not round.spaces.exists()
    assert round.created_by == manager


def test_own_categories_in_their_order_and_a_default_s_code_stands_for_it(manager, town_hall):
    round = create(manager, town_hall, categories=["Handicapidræt", "children_youth", " Seniorer "])

    assert [(c.position, c.default, c.name) for c in round.categories.all()] == [
        (1, "", "Handicapidræt"),
        (2, "children_youth", ""),
        (3, "", "Seniorer"),
    ]


def test_every_problem_is_reported_at_once_with_its_field(
    manager, town_hall, other_house, make_building
):
    stranger_room = Space.objects.create(
        building=make_building("Tredje Hus"),
        name="Sal",
        kind=Space.Kind.OTHER,
        capacity=5,
        area_m2=10,
    )
    with pytest.raises(PolicyViolations) as exc_info:
        create(
            manager,
            town_hall,
            name="  ",
            season_start=dt.date(2026, 12, 5),
            season_end=dt.date(2026, 12, 1),
            applications_open=local(2026, 12, 20),
            applications_close=local(2026, 12, 10),
            buildings=[town_hall, other_house],
            spaces=[stranger_room],
            categories=["Voksne", "voksne", ""],
        )

    assert problems(exc_info) == [
        ("name", "name_required"),
        ("season_end", "season_order"),
        ("applications_close", "window_order"),
        ("season_start", "season_before_close"),
        ("buildings", "building_not_managed"),
        ("spaces", "space_not_in_buildings"),
        ("categories", "category_repeated"),
        ("categories", "category_name_required"),
    ]
    messages = [p.message for p in exc_info.value.violations]
    assert "You do not manage Andet Hus." in messages
    assert "Sal is not in one of the round's buildings." in messages
    assert "The priority category voksne appears more than once." in messages
    assert not AllocationRound.objects.exists()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"buildings": []}, [("buildings", "buildings_required")]),
        ({"categories": []}, [("categories", "categories_required")]),
        (
            {"applications_open": local(2026, 11, 1), "applications_close": local(2026, 11, 22)},
            [("applications_close", "window_passed")],
        ),
        # The season must start the day after the window closes, at the earliest.
        ({"season_start": dt.date(2026, 12, 15)}, [("season_start", "season_before_close")]),
        ({"season_end": dt.date(2027, 1, 3)}, [("season_end", "season_order")]),
    ],
)
def test_one_problem_each(manager, town_hall, fields, expected):
    with pytest.raises(PolicyViolations) as exc_info:
        create(manager, town_hall, **fields)

    assert problems(exc_info) == expected


def test_the_limits_themselves_are_allowed(manager, town_hall):
    round = create(
        manager,
        town_hall,
        season_start=dt.date(2026, 12, 16),
        season_end=dt.date(2026, 12, 16),
        applications_open=NOW - dt.timedelta(days=1),
        applications_close=local(2026, 12, 15, 23, 59),
    )

    assert round.stage(NOW) == AllocationRound.Stage.OPEN


def test_a_chosen_space_must_be_bookable(manager, town_hall, room):
    room.bookable = False
    room.save()

    with pytest.raises(PolicyViolations) as exc_info:
        create(manager, town_hall, spaces=[room])

    assert problems(exc_info) == [("spaces", "space_not_bookable")]
    assert exc_info.value.violations[0].message == "Mødelokale 1 cannot be booked."


def test_an_administrator_sets_up_a_round_for_any_building(town_hall, other_house):
    admin = User.objects.create_user(username="admin", is_municipal_administrator=True)

    round = create(admin, town_hall, buildings=[town_hall, other_house])

    assert set(round.buildings.all()) == {town_hall, other_house}


def test_the_messages_are_module_constants():
    assert str(setup.SEASON_BEFORE_CLOSE) == (
        "The season must start after the application window closes."
    )


# --- The round's spaces ------------------------------------------------------------------------


def test_without_chosen_spaces_the_round_has_every_bookable_space_of_its_buildings(
    manager, town_hall, room, gym, other_house
):
    Space.objects.create(
        building=town_hall,
        name="Depot",
        kind=Space.Kind.OTHER,
        capacity=2,
        area_m2=5,
        bookable=False,
    )
    Space.objects.create(
        building=other_house, name="Sal", kind=Space.Kind.OTHER, capacity=5, area_m2=10
    )
    round = create(manager, town_hall)

    assert list(round_spaces(round)) == [gym, room]


def test_chosen_spaces_only_and_one_no_longer_bookable_is_left_out(manager, town_hall, room, gym):
    round = create(manager, town_hall, spaces=[room, gym])
    gym.bookable = False
    gym.save()

    assert list(round_spaces(round)) == [room]


def test_the_round_s_spaces_come_with_building_and_policy(
    manager, town_hall, room, gym, django_assert_num_queries
):
    round = create(manager, town_hall)

    with django_assert_num_queries(2):  # whether spaces were chosen, then the spaces
        spaces = list(round_spaces(round))
        assert [(s.building.name, s.policy.outside_hours_allowed) for s in spaces] == [
            ("Testrup Rådhus", False),
            ("Testrup Rådhus", True),
        ]


# --- Who runs a round --------------------------------------------------------------------------


def test_a_round_is_run_by_the_managers_of_all_its_buildings(
    manager, town_hall, other_house, citizen
):
    admin = User.objects.create_user(username="admin", is_municipal_administrator=True)
    only_town_hall = create(manager, town_hall)
    both = create(admin, town_hall, name="Begge huse", buildings=[town_hall, other_house])
    other_manager = User.objects.create_user(username="anden")
    other_house.managers.add(other_manager)

    assert list(rounds_managed_by(manager)) == [only_town_hall]
    assert not rounds_managed_by(other_manager).exists()
    assert set(rounds_managed_by(admin)) == {only_town_hall, both}
    assert not rounds_managed_by(citizen).exists()
    assert may_run_round(manager, only_town_hall)
    assert not may_run_round(manager, both)
    other_house.managers.add(manager)
    assert may_run_round(manager, both)


def test_anonymous_runs_no_round(manager, town_hall):
    create(manager, town_hall)

    assert not rounds_managed_by(AnonymousUser()).exists()


# --- Changing ----------------------------------------------------------------------------------


def update(round, user, **fields):
    values = {
        "name": round.name,
        "season_start": round.season_start,
        "season_end": round.season_end,
        "applications_open": round.applications_open,
        "applications_close": round.applications_close,
        "buildings": list(round.buildings.all()),
        "spaces": list(round.spaces.all()),
        "user": user,
        "now": NOW,
    }
    return round_update(round=round, **{**values, **fields})


def test_before_the_window_opens_everything_can_change(manager, town_hall, room):
    round = create(manager, town_hall)

    update(round, manager, name="Sæson 2027/28", spaces=[room], categories=["Børn", "Voksne"])

    round.refresh_from_db()
    assert round.name == "Sæson 2027/28"
    assert list(round.spaces.all()) == [room]
    assert [c.name for c in round.categories.all()] == ["Børn", "Voksne"]


def test_categories_none_keeps_them(manager, town_hall):
    round = create(manager, town_hall)
    before = list(round.categories.values_list("pk", flat=True))

    update(round, manager, name="Ny")

    assert list(round.categories.values_list("pk", flat=True)) == before


def test_once_the_window_has_opened_the_round_cannot_change(manager, town_hall):
    round = create(manager, town_hall)

    with pytest.raises(BookingError) as exc_info:
        update(round, manager, name="Ny", now=local(2026, 11, 30, 8))

    assert exc_info.value.code == "round_already_open"
    assert exc_info.value.message == str(setup.ROUND_ALREADY_OPEN)
    round.refresh_from_db()
    assert round.name == "Sæson 2027"


def test_only_who_runs_the_round_changes_it(manager, town_hall, citizen):
    round = create(manager, town_hall)

    with pytest.raises(BookingError) as exc_info:
        update(round, citizen, name="Ny")

    assert exc_info.value.code == "not_round_manager"


def test_a_change_is_checked_like_a_new_round(manager, town_hall):
    round = create(manager, town_hall)

    with pytest.raises(PolicyViolations) as exc_info:
        update(round, manager, season_end=dt.date(2027, 1, 1), categories=[])

    assert problems(exc_info) == [
        ("season_end", "season_order"),
        ("categories", "categories_required"),
    ]
    assert PriorityCategory.objects.filter(round=round).count() == 3
