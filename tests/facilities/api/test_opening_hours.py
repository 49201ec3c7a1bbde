"""Opening hours and exceptions through the API: managers change their own buildings, the
models' rules come back as 400 with field messages, and nothing half-valid is saved."""

import pytest

from facilities.api.fields import WALL_CLOCK_INVALID
from facilities.api.opening_hours import BUILDING_IS_FIXED
from facilities.models import OpeningException, OpeningHours
from facilities.models.buildings import (
    EXCEPTION_CLOSED_WITH_HOURS,
    EXCEPTION_END_BEFORE_START,
    EXCEPTION_OVERLAP,
    EXCEPTION_SPECIAL_NEEDS_HOURS,
    HOURS_CLOSE_BEFORE_OPEN,
    HOURS_OVERLAP,
)
from tests.facilities.api.conftest import add_christmas_closure

EXCEPTIONS = "/api/v1/opening-exceptions/"
HOURS = "/api/v1/opening-hours/"


def closure(world, **fields) -> dict:
    return {
        "building": world.building.pk,
        "start_date": "2026-12-31",
        "end_date": "2026-12-31",
        "kind": "closed",
        "reason": "Nytårsaftensdag",
        **fields,
    }


def test_a_manager_closes_their_building_for_a_day(world):
    response = world.client("manager").post(EXCEPTIONS, closure(world))

    assert response.status_code == 201, response.content
    saved = OpeningException.objects.get(pk=response.json()["id"])
    assert (saved.building, str(saved.start_date), saved.kind) == (
        world.building,
        "2026-12-31",
        "closed",
    )
    assert saved.opens is None


def test_special_hours_are_local_wall_clock_times(world):
    body = closure(world, kind="special_hours", opens="08:00", closes="12:00")

    response = world.client("manager").post(EXCEPTIONS, body)

    assert response.status_code == 201, response.content
    assert (response.json()["opens"], response.json()["closes"]) == ("08:00", "12:00")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_date": "2026-12-30"}, "end_date", EXCEPTION_END_BEFORE_START),
        ({"opens": "10:00", "closes": "12:00"}, "opens", EXCEPTION_CLOSED_WITH_HOURS),
        ({"kind": "special_hours", "opens": "10:00"}, "opens", EXCEPTION_SPECIAL_NEEDS_HOURS),
        (
            {"kind": "special_hours", "opens": "12:00", "closes": "10:00"},
            "closes",
            HOURS_CLOSE_BEFORE_OPEN,
        ),
        (
            {"kind": "special_hours", "opens": "10:00Z", "closes": "12:00"},
            "opens",
            WALL_CLOCK_INVALID,
        ),
    ],
)
def test_an_invalid_exception_is_400_with_a_field_message_and_nothing_is_saved(
    world, fields, field, message
):
    response = world.client("manager").post(EXCEPTIONS, closure(world, **fields))

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"][field] == [str(message)]
    assert not OpeningException.objects.exists()


def test_an_exception_over_days_already_covered_is_refused(world):
    add_christmas_closure(world)

    response = world.client("manager").post(
        EXCEPTIONS, closure(world, start_date="2026-12-26", end_date="2026-12-27")
    )

    assert response.status_code == 400
    assert list(response.json()["fields"].values()) == [[str(EXCEPTION_OVERLAP)]]
    assert OpeningException.objects.count() == 1


def test_a_change_that_breaks_a_rule_leaves_the_exception_as_it_was(world):
    add_christmas_closure(world)
    exception = world.extra["exception"]

    response = world.client("manager").patch(
        f"{EXCEPTIONS}{exception.pk}/", {"end_date": "2026-12-01"}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"end_date": [str(EXCEPTION_END_BEFORE_START)]}
    exception.refresh_from_db()
    assert str(exception.end_date) == "2026-12-26"


def test_the_manager_of_another_building_may_not_close_this_one(world):
    response = world.client("other_manager").post(EXCEPTIONS, closure(world))

    assert response.status_code == 403
    assert not OpeningException.objects.exists()


def test_hours_cannot_be_moved_to_another_building(world):
    hours = world.building.opening_hours.get(weekday=0)

    response = world.client("administrator").patch(
        f"{HOURS}{hours.pk}/", {"building": world.other_building.pk}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"building": [str(BUILDING_IS_FIXED)]}


def test_overlapping_weekly_hours_are_refused(world):
    body = {"building": world.building.pk, "weekday": 0, "opens": "15:00", "closes": "18:00"}

    response = world.client("manager").post(HOURS, body)

    assert response.status_code == 400
    assert list(response.json()["fields"].values()) == [[str(HOURS_OVERLAP)]]
    assert world.building.opening_hours.filter(weekday=0).count() == 1


def test_evening_hours_until_midnight(world):
    body = {"building": world.building.pk, "weekday": 0, "opens": "18:00", "closes": "00:00"}

    response = world.client("manager").post(HOURS, body)

    assert response.status_code == 201, response.content
    assert world.building.opening_hours.filter(weekday=0).count() == 2


def test_a_manager_changes_and_removes_weekly_hours(world):
    hours = world.building.opening_hours.get(weekday=4)
    client = world.client("manager")

    changed = client.patch(f"{HOURS}{hours.pk}/", {"closes": "14:00"})
    removed = client.delete(f"{HOURS}{hours.pk}/")

    assert changed.status_code == 200
    assert changed.json()["closes"] == "14:00"
    assert removed.status_code == 204
    assert not OpeningHours.objects.filter(pk=hours.pk).exists()


def test_exceptions_are_listed_when_a_day_falls_in_the_period(world, make_building):
    add_christmas_closure(world)  # 24–26 December

    def listed(query: str) -> int:
        return world.client("anonymous").get(f"{EXCEPTIONS}?{query}").json()["count"]

    assert listed("from=2026-12-26&to=2026-12-31") == 1
    assert listed("from=2026-12-01&to=2026-12-24") == 1
    assert listed("from=2026-12-27") == 0
    assert listed("to=2026-12-23") == 0
    assert listed(f"building={world.other_building.pk}") == 0


@pytest.mark.parametrize(
    "query", ["from=2026-13-01", "to=", "building=x", "building=99999999999999999999", "kind=open"]
)
def test_bad_filters_are_400(world, query):
    response = world.client("anonymous").get(f"{EXCEPTIONS}?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_weekly_hours_filter_by_building_and_weekday(world):
    response = world.client("anonymous").get(f"{HOURS}?building={world.building.pk}&weekday=0")

    assert [(row["opens"], row["closes"]) for row in response.json()["results"]] == [
        ("08:00", "16:00")
    ]
