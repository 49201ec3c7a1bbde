"""Every operation in the OpenAPI schema has a row in a permission matrix, and no row is stale."""

import re

from drf_spectacular.generators import SchemaGenerator

from tests.bookings.api import test_permissions as bookings_matrix
from tests.facilities.api import test_permissions as facilities_matrix

MATRICES = [facilities_matrix.MATRIX, bookings_matrix.MATRIX]
# Not about roles: anyone may try; the token tests cover who gets one.
OUTSIDE_THE_MATRIX = {("POST", "/api/v1/auth/token/"), ("DELETE", "/api/v1/auth/token/")}


def operation(method: str, path: str) -> tuple[str, str]:
    return method.upper(), re.sub(r"\{[^}]+\}", "{}", path.split("?")[0])


def test_the_matrices_cover_every_operation_of_the_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        operation(method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    in_matrices = {operation(row.method, row.path) for rows in MATRICES for row in rows}

    assert documented - {operation(*o) for o in OUTSIDE_THE_MATRIX} - in_matrices == set()
    assert in_matrices - documented == set()
