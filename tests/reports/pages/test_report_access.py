"""Who may open the report pages: managers their buildings, administrators all, others none."""

import pytest
from django.urls import reverse

from reports.pages.access import report_scope

pytestmark = pytest.mark.django_db


def pages(world) -> dict[str, str]:
    return {
        "comparison": reverse("reports:comparison"),
        "building": reverse("reports:building", args=[world.town_hall.pk]),
        "colocation": reverse("reports:colocation"),
    }


def test_an_anonymous_visitor_is_sent_to_log_in(client, report_world):
    for url in pages(report_world).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("who", ["citizen", "association_admin"])
def test_people_who_manage_no_building_get_a_403_page_that_says_why(
    english, report_world, association_admin, who
):
    user = report_world.citizen if who == "citizen" else association_admin
    english.force_login(user)
    for url in pages(report_world).values():
        response = english.get(url)
        assert response.status_code == 403
        assert "for the facility managers of a building" in response.content.decode()
    # Nor does the navigation offer them.
    html = english.get(reverse("bookings:find")).content.decode()
    assert reverse("reports:comparison") not in html


def test_a_manager_sees_their_own_building_and_only_that(english, report_world, town_manager):
    english.force_login(town_manager)
    response = english.get(reverse("reports:comparison"))
    assert response.status_code == 200
    assert [line.row.name for line in response.context["table"].rows] == ["Rådhuset"]
    own = english.get(reverse("reports:building", args=[report_world.town_hall.pk]))
    assert own.status_code == 200
    assert english.get(reverse("reports:colocation")).status_code == 200


def test_a_building_the_manager_does_not_manage_is_not_found(client, report_world, library_manager):
    client.force_login(library_manager)
    assert (
        client.get(reverse("reports:building", args=[report_world.town_hall.pk])).status_code == 404
    )
    assert client.get(reverse("reports:building", args=[999_999])).status_code == 404
    rows = client.get(reverse("reports:comparison")).context["table"].rows
    assert [line.row.name for line in rows] == ["Biblioteket"]


def test_an_administrator_sees_every_building(client, report_world, administrator):
    client.force_login(administrator)
    rows = client.get(reverse("reports:comparison")).context["table"].rows
    assert [line.row.name for line in rows] == ["Biblioteket", "Rådhuset"]
    for house in (report_world.town_hall, report_world.library):
        assert client.get(reverse("reports:building", args=[house.pk])).status_code == 200


def test_an_administrators_scope_is_every_building_a_managers_their_own(
    rf, report_world, administrator, town_manager
):
    request = rf.get("/")
    request.user = administrator
    assert report_scope(request, [1, 2]).building_ids is None
    request.user = town_manager
    assert report_scope(request, [report_world.town_hall.pk]).building_ids == (
        report_world.town_hall.pk,
    )


def test_the_navigation_offers_reports_to_managers_and_marks_where_they_are(
    english, report_world, town_manager
):
    english.force_login(town_manager)
    comparison = reverse("reports:comparison")

    html = english.get(reverse("bookings:queue")).content.decode()
    assert f'href="{comparison}">Reports</a>' in html

    html = english.get(comparison).content.decode()
    assert f'href="{comparison}" aria-current="page">Reports</a>' in html

    html = english.get(reverse("reports:building", args=[report_world.town_hall.pk])).content
    assert f'href="{comparison}" aria-current="true">Reports</a>' in html.decode()


def test_the_pages_answer_only_get_and_head(client, report_world, town_manager):
    client.force_login(town_manager)
    for url in pages(report_world).values():
        assert client.post(url).status_code == 405
