"""Every failure has the same body: a stable code, a message, and fields where input was bad."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.test import APIClient

from backend.api.errors import exception_handler, flatten_field_errors
from bookings import errors
from bookings.errors import BookingConflict, BookingError, PolicyViolations


def handle(exc):
    return exception_handler(exc, {})


def test_a_conflict_is_409_with_its_code():
    response = handle(BookingConflict([7]))

    assert response.status_code == 409
    assert response.data == {"code": "conflict", "message": str(errors.CONFLICT)}


def test_booking_in_a_name_one_may_not_use_is_403_and_names_the_field():
    response = handle(BookingError(errors.NOT_A_MEMBER, code="not_a_member", field="association"))

    assert response.status_code == 403
    assert response.data["fields"] == {"association": [str(errors.NOT_A_MEMBER)]}


def test_several_broken_rules_are_all_reported():
    response = handle(
        PolicyViolations(
            [
                BookingError(
                    errors.OVER_CAPACITY, code="over_capacity", field="attendees", capacity=4
                ),
                BookingError(errors.IN_THE_PAST, code="in_the_past", field="start"),
            ]
        )
    )

    assert response.status_code == 400
    assert response.data["code"] == "over_capacity"
    assert [rule["code"] for rule in response.data["errors"]] == ["over_capacity", "in_the_past"]
    assert set(response.data["fields"]) == {"attendees", "start"}


def test_a_model_validation_error_reads_like_input_errors():
    response = handle(DjangoValidationError({"end_date": ["Before the first day."]}))

    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert response.data["fields"] == {"end_date": ["Before the first day."]}


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.PermissionDenied(), 403, "permission_denied"),
        (exceptions.NotFound(), 404, "not_found"),
        (exceptions.Throttled(wait=30), 429, "throttled"),
    ],
)
def test_other_failures_have_a_code_and_a_message(exc, status, code):
    response = handle(exc)

    assert response.status_code == status
    assert response.data["code"] == code
    assert response.data["message"]


def test_nested_field_errors_get_dotted_names():
    flat = flatten_field_errors(
        {"alternatives": [{}, {"space": ["Not free."]}], "reason": ["Give one."]}
    )

    assert flat == {"alternatives.1.space": ["Not free."], "reason": ["Give one."]}


def test_the_api_answers_in_the_language_the_client_asks_for(db):
    english = APIClient().post("/api/v1/auth/token/", {}, HTTP_ACCEPT_LANGUAGE="en")
    danish = APIClient().post("/api/v1/auth/token/", {})

    assert english.data["message"] == "Some of the input is not valid; see the fields."
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    assert danish["Content-Language"] == "da"


def test_a_model_error_of_no_single_field_is_a_non_field_error():
    response = handle(DjangoValidationError("The closure overlaps another."))

    assert response.data["fields"] == {"non_field_errors": ["The closure overlaps another."]}


def test_an_api_path_no_view_answers_gets_the_error_body_not_a_page(db):
    response = APIClient().get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found."}


@pytest.mark.parametrize("size", ["0", "201", "x", "null", "-1", "٣"])
def test_a_bad_page_size_is_refused(db, size):
    response = APIClient().get("/api/v1/buildings/", {"page_size": size})

    assert response.status_code == 400
    assert list(response.data["fields"]) == ["page_size"]


@pytest.mark.parametrize("page", ["", "0", "x", "last", "-1"])
def test_a_bad_page_number_is_refused(db, page):
    response = APIClient().get("/api/v1/buildings/", {"page": page})

    assert response.status_code == 400
    assert list(response.data["fields"]) == ["page"]


def test_a_page_past_the_end_is_not_found(db):
    assert APIClient().get("/api/v1/buildings/", {"page": "2"}).status_code == 404
