"""Permission matrix: every endpoint of this part of the API × every role (tests/api_world.py).

world.booking is a request by `member` for the association in `room` (managed by `manager`);
`other_manager` manages another building. Bodies are valid, so a status tells who may.
"""

import pytest

from tests.api_world import ROLES, Row, World, call, local, matrix_cases
from tests.bookings.api.conftest import a_series, iso


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def logged_in(status: int) -> dict[str, int]:
    return {**everyone(status), "anonymous": 401}


# Who may read world.booking: the booker, the association's admin, the building's staff.
READERS = {
    "anonymous": 401,
    "citizen": 404,
    "member": 200,
    "association_admin": 200,
    "other_manager": 404,
    "manager": 200,
    "administrator": 200,
}
# Who may handle the request: the building's staff; other readers get 403.
HANDLERS = {**READERS, "member": 403, "association_admin": 403}


def booking_body(world: World) -> dict:
    return {
        "space": world.room.pk,
        "start": iso(local(2026, 11, 26, 10)),
        "end": iso(local(2026, 11, 26, 12)),
        "title": "Møde",
    }


def series_body(world: World) -> dict:
    return {
        "space": world.room.pk,
        "start": iso(local(2026, 12, 1, 10)),
        "end": iso(local(2026, 12, 1, 11)),
        "title": "Kor",
        "frequency": "weekly",
        "count": 3,
    }


def add_series(world: World) -> None:
    world.extra["series"] = a_series(world)


BUSY = "?from=2026-11-23T00:00:00%2B01:00&to=2026-11-30T00:00:00%2B01:00"

MATRIX: list[Row] = [
    Row("GET", "/api/v1/spaces/", everyone(200)),
    Row("GET", "/api/v1/spaces/{room}/", everyone(200)),
    Row("GET", "/api/v1/spaces/{room}/busy/" + BUSY, everyone(200)),
    Row("GET", "/api/v1/bookings/", logged_in(200)),
    Row("POST", "/api/v1/bookings/", logged_in(201), body=booking_body),
    Row("GET", "/api/v1/bookings/{booking}/", READERS),
    Row("POST", "/api/v1/bookings/{booking}/cancel/", READERS, body=lambda w: {"reason": "Syg"}),
    Row("POST", "/api/v1/bookings/{booking}/approve/", HANDLERS),
    Row(
        "POST",
        "/api/v1/bookings/{booking}/refuse/",
        HANDLERS,
        body=lambda w: {"reason": "Lukket for rengøring", "alternatives": []},
    ),
    Row("GET", "/api/v1/bookings/{booking}/suggested-alternatives/", HANDLERS),
    Row("GET", "/api/v1/series/", logged_in(200)),
    Row("POST", "/api/v1/series/", logged_in(201), body=series_body),
    Row("POST", "/api/v1/series/preview/", logged_in(200), body=series_body),
    Row("GET", "/api/v1/series/{series}/", READERS, setup=add_series),
]


@pytest.mark.parametrize(("row", "role", "expected"), matrix_cases(MATRIX))
def test_permission_matrix(world, row, role, expected):
    response = call(world, row, role)

    assert response.status_code == expected, response.content
