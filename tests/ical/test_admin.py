"""The feed-link admin: read-only, for municipal administrators, and never shows a token."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db) -> User:
    return User.objects.create_user(
        username="kommune", is_staff=True, is_municipal_administrator=True
    )


def test_administrators_see_links_but_not_their_tokens(
    client, administrator, personal_token, association_token
):
    client.force_login(administrator)

    listing = client.get(reverse("admin:bookings_feedtoken_changelist"))
    detail = client.get(reverse("admin:bookings_feedtoken_change", args=[personal_token.pk]))

    assert listing.status_code == detail.status_code == 200
    for page in (listing, detail):
        text = page.content.decode()
        assert personal_token.token not in text
        assert association_token.token not in text
    assert client.get(reverse("admin:bookings_feedtoken_add")).status_code == 403


def test_facility_managers_do_not_see_feed_links(client, manager, personal_token):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)

    response = client.get(reverse("admin:bookings_feedtoken_changelist"))

    assert response.status_code == 403
