"""The browser-test harness: the system Chromium (never a downloaded one), driven by Playwright's
sync API against pytest-django's live server.

One browser for the whole of tests/browser (starting Chromium is the slow part); every test gets
a fresh context, so no cookie or session leaks from one test to the next, and a transactional
database, so the live server's thread sees what the test created. Screenshots go to
var/screenshots/ (git ignores var/).

While Playwright's sync API is open, an asyncio event loop is registered in this thread, and
Django would refuse ORM calls made from the test ("async context"); DJANGO_ALLOW_ASYNC_UNSAFE
lifts that for tests/browser only. The ORM calls still run synchronously, one at a time.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require_chromium

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    require_chromium()
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server, transactional_db) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (own cookies) on the live server: new_page(PHONE)."""
    contexts: list[BrowserContext] = []

    def open_page(viewport: dict[str, int] = DESKTOP, language: str | None = None) -> Page:
        # A Danish browser: date and time inputs show as they do for most visitors.
        context = browser.new_context(
            viewport=viewport,
            base_url=live_server.url,
            locale="da-DK",
            timezone_id="Europe/Copenhagen",
        )
        context.set_default_timeout(TIMEOUT_MS)
        if language:
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    """A desktop-sized page on the live server; page.goto("/accounts/login/") works."""
    return new_page()


@pytest.fixture
def screenshot(page) -> Callable[..., Path]:
    """screenshot("login-desktop") saves the page (default: the `page` fixture's) whole, as
    var/screenshots/login-desktop.png, after checking that nothing sticks out sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name: str, of: Page | None = None) -> Path:
        target = of or page
        overflow = target.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name}: {overflow}px wider than the window"
        path = SCREENSHOTS / f"{name}.png"
        target.screenshot(path=str(path), full_page=True)
        return path

    return save
