"""Integrations get a token for a username and password, use it, and can revoke it."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import User

URL = "/api/v1/auth/token/"


@pytest.fixture
def karen(db) -> User:
    return User.objects.create_user(username="karen", password="kodeord-123")


@pytest.fixture
def few_attempts(monkeypatch):
    cache.clear()
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "3/minute")
    yield
    cache.clear()


def test_the_right_password_gives_the_users_token(karen):
    response = APIClient().post(URL, {"username": "karen", "password": "kodeord-123"})

    assert response.status_code == 200
    assert response.data == {"token": Token.objects.get(user=karen).key}


def test_asking_again_gives_the_same_token(karen):
    client = APIClient()
    first = client.post(URL, {"username": "karen", "password": "kodeord-123"}).data["token"]

    assert client.post(URL, {"username": "karen", "password": "kodeord-123"}).data["token"] == first


def test_a_wrong_password_is_refused_with_the_error_body(karen):
    response = APIClient().post(URL, {"username": "karen", "password": "forkert"})

    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert list(response.data["fields"]) == ["non_field_errors"]
    assert not Token.objects.exists()


def test_missing_credentials_name_the_fields(db):
    response = APIClient().post(URL, {})

    assert response.status_code == 400
    assert set(response.data["fields"]) == {"username", "password"}


def test_a_revoked_token_no_longer_opens_the_api(karen):
    token = Token.objects.create(user=karen)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.delete(URL).status_code == 204
    response = client.delete(URL)

    assert response.status_code == 401
    assert response.data["code"] == "authentication_failed"
    assert not Token.objects.filter(user=karen).exists()


def test_revoking_needs_a_login(db):
    response = APIClient().delete(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_password_guessing_is_throttled_per_address(karen, few_attempts):
    client = APIClient()
    for _ in range(3):
        assert client.post(URL, {"username": "karen", "password": "gæt"}).status_code == 400

    response = client.post(URL, {"username": "karen", "password": "kodeord-123"})

    assert response.status_code == 429
    assert response.data["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
