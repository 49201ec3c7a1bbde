"""Anonymous use of the API is limited per address; a logged-in user has a limit of their own."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

PUBLIC = "/api/v1/buildings/"


@pytest.fixture
def low_rates(monkeypatch):
    cache.clear()
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "4/minute")
    yield
    cache.clear()


def test_an_anonymous_visitor_is_throttled_after_the_anonymous_rate(db, low_rates):
    client = APIClient()
    assert [client.get(PUBLIC).status_code for _ in range(2)] == [200, 200]

    response = client.get(PUBLIC)

    assert response.status_code == 429
    assert response.data["code"] == "throttled"


def test_a_logged_in_user_has_their_own_higher_limit(world, low_rates):
    client = world.client("citizen")

    assert [client.get(PUBLIC).status_code for _ in range(5)] == [200, 200, 200, 200, 429]
