"""Permission matrix: every endpoint of this part of the API × every role (tests/api_world.py)."""

import pytest

from tests.api_world import Row, call, matrix_cases

MATRIX: list[Row] = []


@pytest.mark.parametrize(("row", "role", "expected"), matrix_cases(MATRIX))
def test_permission_matrix(world, row, role, expected):
    response = call(world, row, role)

    assert response.status_code == expected, response.content
