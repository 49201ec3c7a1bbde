"""Signing up, logging in and out, the language switch and the login lock, in Chromium."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "et-godt-kodeord-42"


@pytest.fixture
def karen(transactional_db) -> User:
    return User.objects.create_user(
        username="karen", password=PASSWORD, first_name="Karen", last_name="Borger"
    )


def log_in(page: Page, password: str, username: str = "karen") -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()


def test_signing_up_logs_the_citizen_in(page: Page):
    page.goto("/")
    page.locator(".site-nav a[href='/accounts/signup/']").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))

    # A mistake first: the error is shown at the field, and nothing is created.
    page.fill("#id_first_name", "Karen")
    page.fill("#id_last_name", "Borger")
    page.fill("#id_email", "karen@example.org")
    page.fill("#id_phone", "12 34 56 78")
    page.check("input[name=language][value=en]")
    page.fill("#id_username", "karen")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", "noget-andet-99")
    page.locator("main button[type=submit]").click()
    expect(page.locator("#id_password2")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_password2_error")).to_be_visible()
    expect(page.locator("#id_email")).to_have_value("karen@example.org")

    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/bookings/$"))
    page.goto("/")
    expect(page.locator(".site-footer")).to_contain_text("Karen Borger")
    expect(page.locator(".site-nav a[href='/accounts/login/']")).to_have_count(0)
    assert User.objects.get().language == "en"


def test_the_welcome_message_shows_where_next_leads(page: Page):
    page.goto("/accounts/signup/?next=/")
    page.fill("#id_first_name", "Karen")
    page.fill("#id_last_name", "Borger")
    page.fill("#id_email", "karen@example.org")
    page.fill("#id_username", "karen")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages .success")).to_contain_text("Karen")


def test_logging_in_and_out(page: Page, karen):
    page.goto("/")
    page.locator(".site-nav a[href='/accounts/login/']").click()
    log_in(page, "forkert")
    expect(page.locator(".form-errors[role=alert]")).to_be_visible()

    log_in(page, PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".site-footer")).to_contain_text("Karen Borger")

    page.locator(".site-footer form[action='/accounts/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".site-nav a[href='/accounts/login/']")).to_be_visible()
    expect(page.locator(".site-footer")).not_to_contain_text("Karen Borger")


@pytest.mark.parametrize(
    ("path", "danish", "english"),
    [("/", "Borgernes Huse", "Citizens' Houses"), ("/accounts/login/", "Log ind", "Log in")],
)
def test_the_language_switch_turns_the_page_english_and_back(page: Page, path, danish, english):
    page.goto(path)
    heading = page.locator("main h1")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(heading).to_have_text(danish)

    page.locator(".language-switch button[value=en]").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))  # the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_text(english)

    page.goto("/accounts/signup/")  # the choice sticks to later pages
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(path)
    page.locator(".language-switch button[value=da]").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(heading).to_have_text(danish)


def test_repeated_wrong_passwords_lock_the_login(new_page, karen):
    page = new_page(language="en")
    page.goto("/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(page, "forkert")
        expect(page.locator(".form-errors[role=alert]")).to_be_visible()

    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        log_in(page, "forkert")
    assert answer.value.status == 429
    expect(page.locator("main h1")).to_have_text("Too many attempts to log in")
    expect(page.locator("[role=alert]")).to_contain_text(f"{settings.AXES_COOLOFF_MINUTES} minutes")

    # Even the right password is refused now.
    page.goto("/accounts/login/")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        log_in(page, PASSWORD)
    assert answer.value.status == 429
    page.goto("/")
    expect(page.locator(".site-footer")).not_to_contain_text("Karen Borger")
