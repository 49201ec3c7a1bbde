"""seed_demo makes an open seasonal round, so the demo logins can try issue 10 at once."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings.models import AllocationRound
from bookings.rounds.setup import may_run_round
from facilities.opening_hours import local_zone

pytestmark = pytest.mark.django_db

TODAY = "2026-11-26"


def seed() -> None:
    call_command("seed_demo", "--today", TODAY, stdout=io.StringIO())


def test_the_demo_round_is_open_for_the_managers_buildings_and_made_once(django_user_model):
    seed()
    seed()

    demo_round = AllocationRound.objects.get()
    manager = django_user_model.objects.get(username="demo-driftsleder")
    opens = dt.datetime(2026, 11, 26, 8, tzinfo=local_zone())
    assert demo_round.stage(opens + dt.timedelta(hours=1)) == AllocationRound.Stage.OPEN
    assert (demo_round.season_start, demo_round.season_end) == (
        dt.date(2027, 8, 1),
        dt.date(2028, 6, 30),
    )
    assert set(demo_round.buildings.all()) == set(manager.managed_buildings.all())
    assert may_run_round(manager, demo_round)
    assert [c.default for c in demo_round.categories.order_by("position")] == [
        "children_youth",
        "adults",
        "other",
    ]


def test_the_demo_association_admin_finds_it_among_the_season_applications(
    client, django_user_model
):
    seed()
    client.force_login(django_user_model.objects.get(username="demo-foreningsadmin"))
    html = client.get(reverse("bookings:applications")).content.decode()
    assert AllocationRound.objects.get().name in html
