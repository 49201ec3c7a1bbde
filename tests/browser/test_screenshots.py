"""The account pages and the front page at desktop and phone width: saved for people to look at
(var/screenshots/), and checked for what a screenshot alone would not prove."""

import pytest
from playwright.sync_api import expect

from facilities.models import Building
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password_reset/",
}


@pytest.fixture
def buildings(make_building) -> None:
    make_building("Testrup Rådhus", kind=Building.Kind.TOWN_HALL)
    make_building("Testrup Bibliotek med et meget langt navn til telefonens smalle skærm")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_account_pages_and_the_front_page(new_page, screenshot, buildings, size):
    page = new_page(DESKTOP if size == "desktop" else PHONE)
    for name, path in PAGES.items():
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("main h1")).to_have_count(1)
        # Every visible form field has a label the browser ties to it.
        for field in page.locator("main input:visible:not([type=hidden]):not([type=radio])").all():
            assert field.evaluate("e => e.labels.length") >= 1, (path, field.get_attribute("name"))
        screenshot(f"accounts-{name}-{size}", of=page)


def test_the_sign_up_errors_and_the_locked_out_page(new_page, screenshot, settings):
    page = new_page(PHONE)
    page.goto("/accounts/signup/")
    page.fill("#id_password1", "123")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".form-errors[role=alert]")).to_be_visible()
    screenshot("accounts-signup-errors-phone", of=page)

    page.goto("/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_username", "nogen")
        page.fill("#id_password", "forkert")
        page.locator("main button[type=submit]").click()
    expect(page.locator("main .actions a")).to_have_count(2)
    screenshot("accounts-locked-out-phone", of=page)
