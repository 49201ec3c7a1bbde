"""HTTP: the content type, validators computed without rendering, and 304 Not Modified."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.http import http_date

from bookings.ical import http
from bookings.ical.tokens import feed_token_renew
from bookings.lifecycle import booking_cancel
from tests.ical.conftest import NOW, parse

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2026, 11, 25)


@pytest.fixture
def url(room) -> str:
    return reverse("ical:space", args=[room.pk])


@pytest.fixture
def booking(booking_on):
    return booking_on(WEDNESDAY)


def test_headers_of_a_public_feed(client, url, booking):
    response = client.get(url)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('W/"') and response["ETag"].endswith('"')
    assert response["Last-Modified"] == http_date(NOW.timestamp())
    assert response["Cache-Control"] == "public, max-age=300"
    assert "X-Robots-Tag" not in response


def test_headers_of_a_private_feed(client, booking, personal_token):
    response = client.get(reverse("ical:personal", args=[personal_token.token]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_same_state_gives_the_same_etag_and_bytes(client, url, booking):
    first, second = client.get(url), client.get(url)

    assert first["ETag"] == second["ETag"]
    assert first.content == second.content


def test_if_none_match_gives_304_without_rendering(client, url, booking, monkeypatch):
    etag = client.get(url)["ETag"]
    monkeypatch.setattr("bookings.ical.http.render_feed", _refuse)

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "Last-Modified" in response


def test_if_modified_since_gives_304(client, url, booking):
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304


def test_a_change_gives_a_new_etag_and_a_later_last_modified(client, url, booking, citizen, clock):
    before = client.get(url)
    clock.advance(minutes=5)
    booking_cancel(booking=booking, by=citizen)

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])

    assert by_etag.status_code == by_date.status_code == 200
    assert by_etag["ETag"] != before["ETag"]
    assert by_date["Last-Modified"] == http_date(clock.now.timestamp())
    assert parse(by_etag).walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_the_etag_moves_at_midnight_when_the_window_does(client, url, booking, clock):
    before = client.get(url)
    clock.advance(hours=2)
    same_day = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    clock.advance(days=1)
    next_day = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])

    assert same_day.status_code == 304
    assert next_day.status_code == 200
    # Last-Modified is never before the midnight that anchors the window.
    assert next_day["Last-Modified"] == http_date(
        dt.datetime(2026, 11, 23, 23, tzinfo=dt.UTC).timestamp()
    )


def test_an_empty_feed_is_valid_and_conditional_too(client, url):
    response = client.get(url)

    assert parse(response).walk("VEVENT") == []
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_language_changes_the_words_and_the_etag(client, url, booking):
    danish = client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url, HTTP_IF_NONE_MATCH=danish["ETag"])

    assert english.status_code == 200
    assert parse(english).walk("VEVENT")[0]["SUMMARY"] == "Booked"


def test_head_works_and_other_methods_do_not(client, url, booking):
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_unknown_space_and_building_answer_404(client):
    assert client.get(reverse("ical:space", args=[999999])).status_code == 404
    assert client.get(reverse("ical:building", args=[999999])).status_code == 404


def _refuse(*args, **kwargs):
    raise AssertionError("the feed was rendered")


def test_one_rendering_serves_every_subscriber_of_a_version(
    client, url, booking, citizen, clock, monkeypatch
):
    rendered, real = [], http.render_feed

    def counting(*args, **kwargs):
        rendered.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr("bookings.ical.http.render_feed", counting)

    first, second = client.get(url), client.get(url)
    clock.advance(minutes=5)
    booking_cancel(booking=booking, by=citizen)
    third, fourth = client.get(url), client.get(url)

    assert first.content == second.content
    assert third.content == fourth.content != first.content
    assert len(rendered) == 2


def test_public_and_private_feeds_never_share_a_rendering(
    client, room, club_booking, personal_token, association_token
):
    club_booking(WEDNESDAY, title="Bestyrelsesmøde", description="Regnskab")
    private = [
        client.get(reverse("ical:personal", args=[personal_token.token])),
        client.get(reverse("ical:association", args=[association_token.token])),
    ]

    public = client.get(reverse("ical:space", args=[room.pk]))

    assert all(b"Bestyrelsesm" in response.content for response in private)
    assert b"Bestyrelsesm" not in public.content and b"Regnskab" not in public.content


def test_a_renewed_link_names_itself_in_source(client, citizen, booking, personal_token):
    client.get(reverse("ical:personal", args=[personal_token.token]))
    renewed = feed_token_renew(owner=citizen, by=citizen)

    calendar = parse(client.get(reverse("ical:personal", args=[renewed.token])))

    assert calendar["SOURCE"] == f"http://127.0.0.1:8000/ical/personal/{renewed.token}.ics"
