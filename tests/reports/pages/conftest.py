"""People around the report world of tests/reports/conftest.py, and the week's query string.

The town hall (Rådhuset) has a manager; the library (Biblioteket) has another; the
municipality has an administrator; a citizen and an association's administrator manage nothing.
"""

import pytest
from django.conf import settings

from accounts.models import User
from facilities.models import Membership
from tests.reports.conftest import DST_WEEK

# The hand-computed week, as the pages' query string.
WEEK = {"first": DST_WEEK.first.isoformat(), "last": DST_WEEK.last.isoformat()}


@pytest.fixture
def town_manager(report_world) -> User:
    user = User.objects.create_user(username="driftsleder", email="drift@example.org")
    report_world.town_hall.managers.add(user)
    return user


@pytest.fixture
def library_manager(report_world) -> User:
    user = User.objects.create_user(username="bibliotekar", email="bib@example.org")
    report_world.library.managers.add(user)
    return user


@pytest.fixture
def administrator(db) -> User:
    return User.objects.create_user(
        username="kommunen", email="kommune@example.org", is_municipal_administrator=True
    )


@pytest.fixture
def association_admin(report_world) -> User:
    user = User.objects.create_user(username="formand", email="formand@example.org")
    Membership.objects.create(
        association=report_world.association, user=user, role=Membership.Role.ADMIN
    )
    return user


@pytest.fixture
def english(client):
    """The client reads the pages in English (the Danish catalogue comes later)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
