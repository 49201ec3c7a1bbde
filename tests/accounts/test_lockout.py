"""Login throttling (django-axes): wrong passwords lock out one username from one address."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests.django_process import run_django

pytestmark = pytest.mark.django_db

PASSWORD = "et-godt-kodeord-42"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def karen() -> User:
    return User.objects.create_user(username="karen", password=PASSWORD, email="k@example.org")


def log_in(client: Client, password: str, username: str = "karen", url: str = "/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def fail(client: Client, times: int, username: str = "karen") -> None:
    for _ in range(times):
        assert log_in(client, "forkert", username).status_code == 200


def test_the_settings_are_the_documented_defaults():
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_MINUTES) == (5, 15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_the_limit_th_wrong_password_locks_out_even_the_right_one(client, karen):
    fail(client, LIMIT - 1)

    locked = log_in(client, "forkert")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    page = locked.content.decode()
    assert 'role="alert"' in page
    assert f"{settings.AXES_COOLOFF_MINUTES} minut" in page
    assert reverse("password_reset") in page

    assert log_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_locked_out_page_speaks_english_when_chosen(client, karen):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fail(client, LIMIT - 1)

    page = log_in(client, "forkert").content.decode()

    assert "Too many attempts to log in" in page
    assert f"wrong {LIMIT} times in a row" in page
    assert f"paused for {settings.AXES_COOLOFF_MINUTES} minutes" in page


def test_fewer_failures_than_the_limit_then_success_resets_the_count(client, karen):
    fail(client, LIMIT - 1)

    assert log_in(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.post(reverse("logout"))

    fail(client, LIMIT - 1)  # a fresh allowance: these would have locked without the reset
    assert log_in(client, PASSWORD).status_code == 302


def test_the_spelling_of_the_username_gives_no_extra_tries(client, karen):
    spellings = ["KAREN", " Karen", "kAren ", "karen"]
    for index in range(LIMIT - 1):
        fail(client, 1, spellings[index % len(spellings)])

    assert log_in(client, "Karen").status_code == 429


def test_the_lock_is_per_username_and_address(client, karen):
    anna = User.objects.create_user(username="anna", password=PASSWORD)
    fail(client, LIMIT - 1)
    assert log_in(client, "forkert").status_code == 429

    assert log_in(client, PASSWORD, "anna").status_code == 302  # another user, same address
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert log_in(other_address, PASSWORD).status_code == 302  # same user, another address
    assert other_address.session["_auth_user_id"] == str(karen.pk)
    assert client.session["_auth_user_id"] == str(anna.pk)


def test_the_lock_ends_after_the_cool_off(client, karen, settings):
    fail(client, LIMIT - 1)
    assert log_in(client, "forkert").status_code == 429

    # As if the cool-off had passed: the failures are older than it.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - 2 * settings.AXES_COOLOFF_TIME
    )

    assert log_in(client, PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too_and_still_works(client, karen):
    karen.is_staff = karen.is_superuser = True
    karen.save()
    admin_login = reverse("admin:login")

    assert log_in(client, PASSWORD, url=admin_login).status_code == 302
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        assert log_in(client, "forkert", url=admin_login).status_code == 200
    assert log_in(client, "forkert", url=admin_login).status_code == 429


def test_the_api_token_endpoint_still_works_and_counts_failures(karen):
    api = APIClient()
    url = "/api/v1/auth/token/"

    assert api.post(url, {"username": "karen", "password": PASSWORD}).status_code == 200
    for _ in range(LIMIT):
        assert api.post(url, {"username": "karen", "password": "forkert"}).status_code == 400

    # Locked out there too: the right password no longer gets the token from this address.
    assert api.post(url, {"username": "karen", "password": PASSWORD}).status_code == 400
    assert log_in(Client(), PASSWORD).status_code == 429


def test_authenticate_without_a_request_is_not_throttled(karen):
    """A management command or the shell has no address to lock."""
    assert authenticate(username="karen", password=PASSWORD) == karen
    assert authenticate(username="karen", password="forkert") is None


@pytest.mark.parametrize(
    ("variable", "value"), [("AXES_FAILURE_LIMIT", "0"), ("AXES_COOLOFF_MINUTES", "x")]
)
def test_a_bad_throttle_setting_stops_the_start(variable, value):
    result = run_django("import django; django.setup()", {variable: value})

    assert result.returncode != 0
    assert variable in result.stderr
