"""Schemathesis fuzzes every operation of the OpenAPI schema, as three kinds of caller in turn.

It fails on any 5xx, on a status code the schema does not document, on a response body or
content type that breaks the schema, and on invalid input that is accepted. Bounded: each
operation gets API_FUZZ_EXAMPLES generated cases (default 20) per caller, derandomized so a
CI failure reproduces; raise the number locally to search harder.
"""

import itertools
import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder as JSONEncoder
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from backend.wsgi import application

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))
CALLERS = ("anonymous", "citizen", "administrator")
TURNS = itertools.count()
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
]


@pytest.fixture
def keep_connection():
    """Schemathesis calls the WSGI app directly, and Django closes the database connection at
    the end of each request, taking the test's transaction with it. Django's own test client
    disconnects these handlers for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world) -> dict[str, str | None]:
    return {
        role: Token.objects.get_or_create(user=world.users[role])[0].key
        if world.users[role]
        else None
        for role in CALLERS
    }


def load_schema() -> schemathesis.BaseSchema:
    # Built from the generator rather than fetched: one pytest test per operation needs the
    # schema when the module is collected (schemathesis' lazy loader does not support pytest 9).
    spec = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(spec, cls=JSONEncoder)))
    loaded.app = application
    return loaded


schema = load_schema()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_fails_and_keeps_to_its_schema(case, tokens, keep_connection):
    # The callers take turns, case by case: each operation meets all three over its cases at a
    # third of the cost of calling every case three times.
    role = CALLERS[next(TURNS) % len(CALLERS)]
    headers = {"Authorization": f"Token {tokens[role]}"} if tokens[role] else {}
    case.call_and_validate(headers=headers, checks=CHECKS)
