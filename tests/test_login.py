import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen() -> User:
    return User.objects.create_user(username="borger", password="et-godt-kodeord-42")


def test_a_citizen_logs_in_on_the_sites_own_page_and_reaches_the_subscriptions(client, citizen):
    response = client.get(reverse("ical:subscriptions"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

    response = client.post(
        reverse("login"),
        {
            "username": "borger",
            "password": "et-godt-kodeord-42",
            "next": response.url.split("next=")[1],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("ical:subscriptions")


def test_a_wrong_password_is_a_form_error_in_danish(client, citizen):
    response = client.post(reverse("login"), {"username": "borger", "password": "forkert"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "korrekt brugernavn og adgangskode" in response.content.decode()


def test_logout_is_a_post_and_leads_home(client, citizen):
    client.force_login(citizen)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_password_reset_sends_an_email(client, citizen, mailoutbox):
    citizen.email = "borger@example.org"
    citizen.save()

    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "borger@example.org"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body
