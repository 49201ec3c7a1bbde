"""Password reset by e-mail: request → e-mail in the user's language → new password → log in."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

OLD, NEW = "det-gamle-kodeord-1", "et-helt-nyt-kodeord-2"


@pytest.fixture
def karen() -> User:
    return User.objects.create_user(
        username="karen",
        email="Karen@Example.org",
        password=OLD,
        first_name="Karen",
        last_name="Borger",
        language="da",
    )


def link_in(mail) -> str:
    (url,) = re.findall(r"https?://\S+/accounts/reset/\S+/", mail.body)
    return url


def request_reset(client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def test_the_whole_flow_from_request_to_logging_in_with_the_new_password(client, karen, mailoutbox):
    assert client.get(reverse("password_reset")).status_code == 200
    response = request_reset(client, "karen@example.ORG")  # any case finds the address
    assert response.url == reverse("password_reset_done")
    assert client.get(response.url).status_code == 200

    (mail,) = mailoutbox
    assert mail.to == [karen.email]
    url = link_in(mail)
    assert url.startswith(settings.SITE_URL + "/accounts/reset/")

    form_page = client.get(url.removeprefix(settings.SITE_URL), follow=True)
    assert form_page.context["validlink"]
    set_password_url = form_page.request["PATH_INFO"]
    mismatch = client.post(
        set_password_url, {"new_password1": NEW, "new_password2": "noget-andet-3"}
    )
    assert mismatch.status_code == 200
    assert list(mismatch.context["form"].errors) == ["new_password2"]

    done = client.post(set_password_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("password_reset_complete")
    assert client.get(done.url).status_code == 200

    assert (
        client.post(reverse("login"), {"username": "karen", "password": OLD}).status_code == 200
    )  # refused: the form again
    logged_in = client.post(reverse("login"), {"username": "karen", "password": NEW})
    assert logged_in.status_code == 302
    assert client.session["_auth_user_id"] == str(karen.pk)

    # The link is used up.
    again = client.get(url.removeprefix(settings.SITE_URL), follow=True)
    assert not again.context["validlink"]
    assert 'role="alert"' in again.content.decode()


def test_the_email_is_in_danish_for_a_danish_user_even_from_english_pages(
    client, karen, mailoutbox
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    request_reset(client, karen.email)

    (mail,) = mailoutbox
    assert mail.subject == "Ny adgangskode til Borgernes Huse"
    assert "Kære Karen Borger" in mail.body
    assert "Vælg en ny adgangskode her:" in mail.body
    assert "Dit brugernavn er: karen" in mail.body
    assert "<" not in mail.body  # plain text, nothing escaped


def test_the_email_is_in_english_for_an_english_user_even_from_danish_pages(
    client, karen, mailoutbox
):
    karen.language = "en"
    karen.save()

    request_reset(client, karen.email)

    (mail,) = mailoutbox
    assert mail.subject == "A new password for Citizens' Houses"
    assert "Choose a new password here:" in mail.body
    assert "Citizens' Houses" in mail.body  # not &#x27;


def test_an_unknown_address_sends_nothing_and_says_the_same(client, karen, mailoutbox):
    response = request_reset(client, "ukendt@example.org")

    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_a_malformed_address_is_a_field_error(client, karen, mailoutbox):
    response = request_reset(client, "karen-example.org")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert mailoutbox == []


def test_a_new_password_lifts_the_login_lock(client, karen, mailoutbox):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "karen", "password": "forkert"})
    assert client.post(reverse("login"), {"username": "karen", "password": OLD}).status_code == 429

    request_reset(client, karen.email)
    form_page = client.get(link_in(mailoutbox[0]).removeprefix(settings.SITE_URL), follow=True)
    client.post(form_page.request["PATH_INFO"], {"new_password1": NEW, "new_password2": NEW})

    assert client.post(reverse("login"), {"username": "karen", "password": NEW}).status_code == 302
