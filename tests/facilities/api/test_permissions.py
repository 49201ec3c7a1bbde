"""Permission matrix: every endpoint of this part of the API × every role (tests/api_world.py)."""

import pytest

from tests.api_world import ROLES, Row, call, matrix_cases
from tests.facilities.api.conftest import (
    add_christmas_closure,
    add_guest_member,
    add_monday_hours,
    add_unit,
)


def statuses(*codes: int) -> dict[str, int]:
    """In the order of ROLES: anonymous, citizen, member, association_admin, other_manager,
    manager, administrator."""
    return dict(zip(ROLES, codes, strict=True))


EVERYONE = statuses(200, 200, 200, 200, 200, 200, 200)
LOGGED_IN = statuses(401, 200, 200, 200, 200, 200, 200)
MANAGERS_ONLY = statuses(401, 403, 403, 403, 403, 200, 200)
MANAGERS_DELETE = statuses(401, 403, 403, 403, 403, 204, 204)
ASSOCIATION_ADMINS = statuses(401, 403, 403, 200, 403, 403, 200)
# Another member's membership: invisible (404) to all but the association's admins.
GUEST_MEMBERSHIP = statuses(401, 404, 404, 200, 404, 404, 200)


MATRIX: list[Row] = [
    Row("GET", "/api/v1/me/", LOGGED_IN),
    Row("GET", "/api/v1/buildings/", EVERYONE),
    Row("GET", "/api/v1/buildings/{building}/", EVERYONE),
    Row("GET", "/api/v1/units/", EVERYONE, setup=add_unit),
    Row("GET", "/api/v1/units/{unit}/", EVERYONE, setup=add_unit),
    # Weekly opening hours
    Row("GET", "/api/v1/opening-hours/", EVERYONE),
    Row("GET", "/api/v1/opening-hours/{hours}/", EVERYONE, setup=add_monday_hours),
    Row(
        "POST",
        "/api/v1/opening-hours/",
        statuses(401, 403, 403, 403, 403, 201, 201),
        body=lambda w: {
            "building": w.building.pk,
            "weekday": 5,
            "opens": "10:00",
            "closes": "14:00",
        },
    ),
    Row(
        "PATCH",
        "/api/v1/opening-hours/{hours}/",
        MANAGERS_ONLY,
        body=lambda w: {"closes": "17:00"},
        setup=add_monday_hours,
    ),
    Row("DELETE", "/api/v1/opening-hours/{hours}/", MANAGERS_DELETE, setup=add_monday_hours),
    # Closures and special hours
    Row("GET", "/api/v1/opening-exceptions/", EVERYONE, setup=add_christmas_closure),
    Row("GET", "/api/v1/opening-exceptions/{exception}/", EVERYONE, setup=add_christmas_closure),
    Row(
        "POST",
        "/api/v1/opening-exceptions/",
        statuses(401, 403, 403, 403, 403, 201, 201),
        body=lambda w: {
            "building": w.building.pk,
            "start_date": "2026-12-31",
            "end_date": "2026-12-31",
            "kind": "special_hours",
            "opens": "08:00",
            "closes": "12:00",
            "reason": "Nytårsaftensdag",
        },
    ),
    Row(
        "PATCH",
        "/api/v1/opening-exceptions/{exception}/",
        MANAGERS_ONLY,
        body=lambda w: {"end_date": "2026-12-27"},
        setup=add_christmas_closure,
    ),
    Row(
        "DELETE",
        "/api/v1/opening-exceptions/{exception}/",
        MANAGERS_DELETE,
        setup=add_christmas_closure,
    ),
    # Associations and memberships
    Row("GET", "/api/v1/associations/", EVERYONE),
    Row("GET", "/api/v1/associations/{association}/", EVERYONE),
    Row(
        "PATCH",
        "/api/v1/associations/{association}/",
        ASSOCIATION_ADMINS,
        body=lambda w: {"contact_phone": "+45 12 34 56 78"},
    ),
    Row("GET", "/api/v1/memberships/", LOGGED_IN),
    Row("GET", "/api/v1/memberships/{membership}/", GUEST_MEMBERSHIP, setup=add_guest_member),
    Row(
        "POST",
        "/api/v1/memberships/",
        statuses(401, 403, 403, 201, 403, 403, 201),
        body=lambda w: {"association": w.association.pk, "user": "borger", "role": "member"},
    ),
    Row(
        "PATCH",
        "/api/v1/memberships/{membership}/",
        GUEST_MEMBERSHIP,
        body=lambda w: {"role": "admin"},
        setup=add_guest_member,
    ),
    Row(
        "DELETE",
        "/api/v1/memberships/{membership}/",
        statuses(401, 404, 404, 204, 404, 404, 204),
        setup=add_guest_member,
    ),
]


@pytest.mark.parametrize(("row", "role", "expected"), matrix_cases(MATRIX))
def test_permission_matrix(world, row, role, expected):
    response = call(world, row, role)

    assert response.status_code == expected, response.content
