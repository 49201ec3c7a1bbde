"""The round report's page, /reports/rounds/<id>/: who may see it, what it shows, its queries.

The hand-worked round of tests/reports/test_rounds.py. Its manager manages both of the round's
buildings; someone managing only one of them, or another building, may not run the round.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bookings.models import WishResult
from facilities.models import Association, Membership
from tests.bookings.rounds import conftest as rounds_conftest
from tests.bookings.rounds.conftest import FRIDAY
from tests.reports import test_rounds as hand

pytestmark = pytest.mark.django_db

round_world = rounds_conftest.round_world
apply = rounds_conftest.apply
world = hand.world
proposed = hand.proposed


def url(round_id: int) -> str:
    return reverse("reports:round", args=[round_id])


def test_the_url():
    assert url(7) == "/reports/rounds/7/"


def test_anonymous_visitors_log_in(client, proposed):
    response = client.get(url(proposed.round.pk))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url(proposed.round.pk)}"


def test_someone_who_manages_no_building_is_told_who_reports_are_for(client, proposed):
    client.force_login(proposed.football_admin)

    response = client.get(url(proposed.round.pk))

    assert response.status_code == 403
    assert "reports/forbidden.html" in [t.name for t in response.templates]


def test_a_manager_of_another_building_gets_404(client, proposed, make_building):
    other = User.objects.create_user(username="andenleder", email="anden@example.org")
    make_building("Andet Hus").managers.add(other)
    client.force_login(other)

    assert client.get(url(proposed.round.pk)).status_code == 404


def test_a_manager_of_only_one_of_the_rounds_buildings_gets_404(client, proposed):
    half = User.objects.create_user(username="skoleleder", email="skole@example.org")
    proposed.school.managers.add(half)
    client.force_login(half)

    assert client.get(url(proposed.round.pk)).status_code == 404


def test_an_unknown_round_is_404(client, proposed):
    client.force_login(proposed.manager)

    assert client.get(url(proposed.round.pk + 100)).status_code == 404


def test_administrators_and_the_rounds_manager_see_it(client, proposed):
    admin = User.objects.create_user(
        username="kommunen", email="kommune@example.org", is_municipal_administrator=True
    )
    for user in (proposed.manager, admin):
        client.force_login(user)
        assert client.get(url(proposed.round.pk)).status_code == 200


def test_only_get_and_head(client, proposed):
    client.force_login(proposed.manager)

    assert client.post(url(proposed.round.pk)).status_code == 405


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_figures_in_english(client, proposed):
    english(client)
    client.force_login(proposed.manager)

    html = client.get(url(proposed.round.pk)).content.decode()

    assert "Round report: Sæson 2027/28" in html
    assert f'href="/rounds/{proposed.round.pk}/"' in html  # back to the round's page
    # The evenings: Tuesday 15 to allocate, 4 wished, 2 allocated, 26.7 %, 13.3 %.
    assert (
        '<th scope="row">Tuesday</th>\n          <td class="num">15.0</td>\n'
        '          <td class="num">4.0</td>\n          <td class="num">2.0</td>\n'
        '          <td class="num">26.7\u00a0%</td>\n          <td class="num">13.3\u00a0%</td>'
    ) in html
    assert "Any classroom" in html and "1 wish naming no space" in html
    assert '<th scope="row">Testrup Skakklub</th>' in html
    assert "Share of wishes met, per priority category" in html
    assert "66.7\u00a0%" in html  # adults: 2 of 3 wishes met


def test_the_figures_in_danish(client, proposed):
    client.force_login(proposed.manager)

    html = client.get(url(proposed.round.pk)).content.decode()

    assert '<td class="num">73,0</td>' in html  # the evening hours to allocate
    assert "73,3\u00a0%" in html  # adults: 5.5 of 7.5 hours


def test_before_the_allocation_only_demand(client, world):
    english(client)
    w = world[0]
    client.force_login(w.manager)

    html = client.get(url(w.round.pk)).content.decode()

    assert "The allocation has not been proposed yet" in html
    assert "Share of wishes met, per priority category" not in html


def test_a_fixed_number_of_queries_at_3_and_11_applications(client, proposed, apply):
    client.force_login(proposed.manager)
    w = proposed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(w.round.pk)).status_code == 200
    for n in range(8):
        club = Association.objects.create(
            municipality=w.football.municipality, name=f"Klub {n}", org_number=f"5555555{n}"
        )
        Membership.objects.create(association=club, user=w.chess_admin, role="admin")
        application = apply(club, w.other, [{"options": [(FRIDAY, "17:00", "18:00", w.gym)]}])
        for wish in application.wishes.all():
            WishResult.objects.create(wish=wish, outcome=WishResult.Outcome.NOT_ALLOCATED)

    with CaptureQueriesContext(connection) as many:
        response = client.get(url(w.round.pk))

    assert response.content.decode().count("Klub ") >= 8
    assert len(many) == len(few)
