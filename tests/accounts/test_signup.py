"""Sign-up: a citizen's own account, logged in at once; every bad input a field error, no user."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.forms import PHONE_INVALID
from accounts.models import User
from accounts.services import EMAIL_TAKEN, USERNAME_TAKEN

pytestmark = pytest.mark.django_db

URL = reverse("signup")
PASSWORD = "et-sikkert-kodeord-42"


def details(**changes: str) -> dict[str, str]:
    return {
        "username": "karen",
        "first_name": "Karen",
        "last_name": "Borger",
        "email": "karen@example.org",
        "phone": "+45 12 34 56 78",
        "language": "en",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **changes,
    }


def field_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_the_form_has_a_labelled_field_for_everything_asked(client):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    for name in ("username", "first_name", "last_name", "email", "phone", "password1", "password2"):
        assert f'<label for="id_{name}"' in page, name
    assert 'type="tel"' in page
    assert page.count('type="radio" name="language"') == 2  # one per language, Danish chosen
    assert response.context["form"]["language"].value() == "da"


def test_signing_up_creates_the_account_logs_in_and_welcomes(client):
    response = client.post(URL, details())

    assert response.status_code == 302
    assert response.url == reverse("bookings:mine")
    user = User.objects.get()
    assert (user.username, user.first_name, user.last_name) == ("karen", "Karen", "Borger")
    assert (user.email, user.phone, user.language) == ("karen@example.org", "+45 12 34 56 78", "en")
    assert user.check_password(PASSWORD)
    assert not (user.is_staff or user.is_superuser or user.is_municipal_administrator)
    assert client.session["_auth_user_id"] == str(user.pk)
    page = client.get(reverse("home")).content.decode()
    assert "Karen" in page  # the welcome message, and the footer's "logged in as"


def test_the_phone_is_optional(client):
    client.post(URL, details(phone=""))

    assert User.objects.get().phone == ""


def test_a_safe_next_is_followed(client):
    response = client.post(URL + "?next=/bookings/find/", details())

    assert response.url == "/bookings/find/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "\\\\evil"]
)
def test_an_unsafe_next_is_ignored(client, next_url):
    response = client.post(URL, {**details(), "next": next_url})

    assert response.url == reverse("bookings:mine")


def test_an_unsafe_next_is_not_put_back_into_the_form(client):
    response = client.get(URL, {"next": "https://evil.example/"})

    assert 'value="https://evil.example/"' not in response.content.decode()
    assert response.context["next"] == ""


def test_a_logged_in_user_is_sent_on(client):
    client.force_login(User.objects.create_user(username="anna"))

    assert client.get(URL).url == reverse("bookings:mine")
    assert client.get(URL, {"next": "/bookings/find/"}).url == "/bookings/find/"
    assert client.post(URL, details()).url == reverse("bookings:mine")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "KAREN@Example.org"}, "email", EMAIL_TAKEN),
        ({"email": " karen@example.org "}, "email", EMAIL_TAKEN),
        ({"username": "Taken", "email": "ny@example.org"}, "username", USERNAME_TAKEN),
    ],
)
def test_a_taken_address_or_username_whatever_its_case_is_a_field_error(
    client, changes, field, message
):
    User.objects.create_user(username="taken", email="karen@example.org")

    response = client.post(URL, details(**({"username": "ny"} | changes)))

    assert response.status_code == 200
    with translation.override("da"):
        assert field_errors(response) == {field: [str(message)]}
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password2": "et-andet-kodeord-99"}, "password2"),  # mismatched
        ({"password1": "12345678", "password2": "12345678"}, "password2"),  # common, numeric
        ({"password1": "kort", "password2": "kort"}, "password2"),  # too short
        ({"password1": "karenborger", "password2": "karenborger"}, "password2"),  # like the name
        ({"email": "karen-at-example.org"}, "email"),
        ({"email": ""}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"last_name": " "}, "last_name"),
        ({"username": ""}, "username"),
        ({"username": "karen borger"}, "username"),
        ({"phone": "ring til mig"}, "phone"),
        ({"phone": "1234"}, "phone"),
        ({"language": "sv"}, "language"),
    ],
)
def test_every_bad_input_is_a_field_error_and_creates_no_user(client, changes, field):
    response = client.post(URL, details(**changes))

    assert response.status_code == 200
    assert list(field_errors(response)) == [field]
    assert not User.objects.exists()
    page = response.content.decode()
    assert 'role="alert"' in page
    assert f'id="id_{field}_error"' in page or f'id="id_{field}"' in page
    assert 'aria-invalid="true"' in page


def test_the_phone_error_says_what_is_expected(client):
    response = client.post(URL, details(phone="1234"))

    assert field_errors(response) == {"phone": [str(PHONE_INVALID)]}


def test_what_was_typed_is_kept_but_not_the_passwords(client):
    response = client.post(URL, details(password2="noget-andet-99"))

    page = response.content.decode()
    assert 'value="karen@example.org"' in page
    assert PASSWORD not in page
