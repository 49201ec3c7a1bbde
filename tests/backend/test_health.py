"""/healthz/ says whether this instance can serve: 200 when the database and the cache answer,
503 naming what failed otherwise, never cached, and without reading any booking."""

import pytest
from django.db import DatabaseError

from backend import health


@pytest.mark.django_db
def test_healthy_instance_answers_ok_in_one_query(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_lost_database_is_unhealthy(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken)

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.content == b"unhealthy: database\n"


@pytest.mark.django_db
def test_lost_cache_is_unhealthy(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is gone")

    monkeypatch.setattr(health.cache, "set", broken)

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.content == b"unhealthy: cache\n"


@pytest.mark.django_db
def test_only_reading_is_allowed(client):
    assert client.post("/healthz/").status_code == 405
