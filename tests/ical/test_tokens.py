"""Private feed links: unguessable, revocable and renewable by their owner, and the page for it."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.models import User
from bookings.ical.links import building_feed_links, space_feed_links
from bookings.ical.tokens import (
    TOKEN_BYTES,
    FeedTokenError,
    can_manage_feed,
    feed_token_active,
    feed_token_renew,
    feed_token_revoke,
)
from bookings.models import FeedToken
from tests.ical.conftest import NOW, events

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2026, 11, 25)


def personal_url(token: FeedToken) -> str:
    return reverse("ical:personal", args=[token.token])


def association_url(token: FeedToken) -> str:
    return reverse("ical:association", args=[token.token])


def test_a_token_is_at_least_128_random_bits_and_url_safe(personal_token, citizen):
    others = {feed_token_renew(owner=citizen, by=citizen).token for _ in range(5)}

    assert TOKEN_BYTES * 8 >= 128
    assert len(personal_token.token) >= 43  # 32 bytes in URL-safe base64
    assert set(personal_token.token) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    assert len(others | {personal_token.token}) == 6
    assert str(personal_token).count(personal_token.token) == 0


def test_renewing_kills_the_old_link_and_the_new_one_works(
    client, booking_on, citizen, personal_token
):
    booking_on(WEDNESDAY)
    assert len(events(client.get(personal_url(personal_token)))) == 1

    renewed = feed_token_renew(owner=citizen, by=citizen)

    assert client.get(personal_url(personal_token)).status_code == 404
    assert len(events(client.get(personal_url(renewed)))) == 1
    assert feed_token_active(owner=citizen) == renewed
    assert FeedToken.objects.filter(user=citizen, revoked_at__isnull=True).count() == 1
    personal_token.refresh_from_db()
    assert personal_token.revoked_at == NOW


def test_a_revoked_link_answers_404(
    client, citizen, personal_token, association, association_token
):
    assert feed_token_revoke(owner=citizen, by=citizen) == 1
    assert feed_token_revoke(owner=association, by=citizen) == 1

    assert client.get(personal_url(personal_token)).status_code == 404
    assert client.get(association_url(association_token)).status_code == 404
    assert feed_token_active(owner=citizen) is None
    assert feed_token_revoke(owner=citizen, by=citizen) == 0


def test_unknown_tokens_and_the_wrong_kind_answer_404(client, personal_token, association_token):
    assert client.get(reverse("ical:personal", args=["A" * 43])).status_code == 404
    assert client.get(reverse("ical:association", args=[personal_token.token])).status_code == 404
    assert client.get(reverse("ical:personal", args=[association_token.token])).status_code == 404
    assert client.get(f"/ical/personal/{personal_token.token[:20]}.ics").status_code == 404


def test_a_deactivated_persons_feed_answers_404(client, citizen, personal_token):
    citizen.is_active = False
    citizen.save()

    assert client.get(personal_url(personal_token)).status_code == 404


@pytest.mark.parametrize(
    ("who", "allowed"), [("citizen", True), ("member", False), ("manager", False)]
)
def test_only_association_admins_manage_its_link(association, who, allowed, request):
    # citizen is the association's admin (tests/bookings/conftest.py); member is a plain member.
    user = request.getfixturevalue(who)

    assert can_manage_feed(user, association) is allowed
    if not allowed:
        with pytest.raises(FeedTokenError) as error:
            feed_token_renew(owner=association, by=user)
        assert error.value.code == "not_permitted"


def test_only_the_person_manages_their_own_link(citizen, other_citizen):
    assert can_manage_feed(citizen, citizen)
    assert not can_manage_feed(other_citizen, citizen)
    with pytest.raises(FeedTokenError):
        feed_token_revoke(owner=citizen, by=other_citizen)


# --- the subscriptions page -----------------------------------------------------------------


def test_the_page_needs_a_login(client):
    response = client.get(reverse("ical:subscriptions"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_shows_https_and_webcal_links_for_me_and_my_associations(
    client, citizen, association, personal_token, association_token
):
    client.force_login(citizen)

    page = client.get(reverse("ical:subscriptions")).content.decode()

    for token, kind in ((personal_token, "personal"), (association_token, "association")):
        path = f"127.0.0.1:8000/ical/{kind}/{token.token}.ics"
        assert f'href="webcal://{path}"' in page
        assert f'value="http://{path}"' in page
    assert association.name in page
    assert reverse("ical:association_revoke", args=[association.pk]) in page


def test_a_plain_member_sees_the_association_link_but_no_buttons(
    client, member, association, association_token
):
    client.force_login(member)

    page = client.get(reverse("ical:subscriptions")).content.decode()

    assert association_token.token in page
    assert reverse("ical:association_renew", args=[association.pk]) not in page


def test_making_renewing_and_revoking_my_link_from_the_page(client, citizen):
    client.force_login(citizen)

    made = client.post(reverse("ical:personal_renew"))
    first = feed_token_active(owner=citizen)
    client.post(reverse("ical:personal_renew"))
    second = feed_token_active(owner=citizen)
    revoked = client.post(reverse("ical:personal_revoke"))

    assert made.status_code == revoked.status_code == 302
    assert first and second and first.token != second.token
    assert feed_token_active(owner=citizen) is None
    assert client.get(personal_url(second)).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("citizen", 302), ("member", 403), ("manager", 404)])
def test_association_link_buttons_admin_member_outsider(client, association, who, status, request):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("ical:association_renew", args=[association.pk]))

    assert response.status_code == status
    assert (feed_token_active(owner=association) is not None) is (status == 302)


def test_buttons_are_post_only_and_need_the_csrf_token(citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)

    assert browser.get(reverse("ical:personal_renew")).status_code == 405
    assert browser.post(reverse("ical:personal_renew")).status_code == 403
    assert feed_token_active(owner=citizen) is None


def test_the_include_offers_both_links_for_a_space_and_a_building(room, town_hall):
    html = render_to_string("ical/subscribe_links.html", {"feed": space_feed_links(room)})
    links = building_feed_links(town_hall)

    assert f'href="webcal://127.0.0.1:8000/ical/space/{room.pk}.ics"' in html
    assert f'value="http://127.0.0.1:8000/ical/space/{room.pk}.ics"' in html
    assert links.webcal == f"webcal://127.0.0.1:8000/ical/building/{town_hall.pk}.ics"


def test_a_person_has_no_link_until_they_make_one(citizen):
    assert feed_token_active(owner=citizen) is None
    assert not FeedToken.objects.exists()
    assert isinstance(citizen, User)
