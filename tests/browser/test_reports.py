"""The report pages in a browser: a facility manager compares their buildings, sorts by a figure,
opens one building, tries a move, and mistypes a period; at desktop (1280) and phone (390)
width, saved for people to look at (var/screenshots/reports-*.png). The screenshot helper fails
a page that sticks out sideways (the wide tables and charts scroll inside their own box).

The data is the hand-computed week of tests/reports/conftest.py.
"""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.booking_world import PASSWORD, log_in
from tests.browser.conftest import DESKTOP
from tests.reports.conftest import DST_WEEK, ReportWorld, report_world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}
WEEK = f"first={DST_WEEK.first.isoformat()}&last={DST_WEEK.last.isoformat()}"


@pytest.fixture
def world(request) -> ReportWorld:
    return request.getfixturevalue("report_world")


@pytest.fixture
def manager(world: ReportWorld) -> User:
    """Manages both buildings, so the comparison has rows to sort."""
    user = User.objects.create_user(
        username="driftsleder", password=PASSWORD, first_name="Dorte", last_name="Drift"
    )
    world.town_hall.managers.add(user)
    world.library.managers.add(user)
    return user


def show(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status, path
    expect(page.locator("main h1")).to_have_count(1)
    for field in page.locator("main input:visible:not([type=hidden]):not([type=radio])").all():
        assert field.evaluate("e => e.labels.length") >= 1, (path, field.get_attribute("name"))


def first_building(page: Page):
    return expect(page.locator("#buildings tbody tr").first.locator("th"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_manager_compares_sorts_and_opens_a_building(new_page, screenshot, world, manager, size):
    page = new_page(DESKTOP if size == "desktop" else PHONE_390)
    log_in(page, manager)

    def save(name: str) -> None:
        screenshot(f"reports-{name}-{size}", of=page)

    show(page, f"/reports/?{WEEK}")
    expect(page.locator("#buildings tbody tr")).to_have_count(2)
    first_building(page).to_have_text("Biblioteket")  # by name at first
    expect(page.locator("#buildings tfoot th")).to_have_count(1)
    expect(page.locator("main svg")).to_have_count(1)
    save("comparison")

    # Sorting by utilisation: the largest first, then turned round.
    utilisation = page.locator('#buildings thead a[href*="sort=utilisation"]')
    utilisation.click()
    expect(page.locator('#buildings th[aria-sort="descending"] a')).to_have_attribute(
        "href", f"?{WEEK}&sort=utilisation&dir=asc#buildings"
    )
    first_building(page).to_have_text("Rådhuset")  # 28.6 % before 14.3 %
    page.locator('#buildings thead a[href*="sort=utilisation"]').click()
    expect(
        page.locator('#buildings th[aria-sort="ascending"] a[href*="sort=utilisation"]')
    ).to_have_count(1)
    first_building(page).to_have_text("Biblioteket")
    save("comparison-sorted")

    # The building's page keeps the period.
    page.locator("#buildings tbody a", has_text="Rådhuset").click()
    expect(page).to_have_url(
        f"{page.url.split('/reports/')[0]}/reports/buildings/{world.town_hall.pk}/?{WEEK}"
        "&sort=utilisation&dir=asc"
    )
    expect(page.locator("main h1")).to_contain_text("Rådhuset")
    expect(page.locator("#spaces tbody tr")).to_have_count(2)
    expect(page.locator("main figure svg")).to_have_count(4)
    page.locator("details.definitions summary").click()
    expect(page.locator("details.definitions dl")).to_be_visible()
    save("building")

    # The what-if: the town hall into the library.
    show(
        page,
        f"/reports/colocation/?a={world.town_hall.pk}&b={world.library.pk}&{WEEK}",
    )
    expect(page.locator("#result")).to_be_visible()
    expect(page.locator("table.misses tbody tr")).not_to_have_count(0)
    save("colocation")

    # A period that ends before it begins: the form says so, at the top and at the field.
    show(page, "/reports/?first=2026-03-29&last=2026-03-23", status=400)
    expect(page.locator(".form-errors[role=alert] a[href='#id_last']")).to_be_visible()
    expect(page.locator("#id_last")).to_have_attribute("aria-invalid", "true")
    save("errors")
