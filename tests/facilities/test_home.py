import pytest
from django.urls import reverse

from facilities.models import Building, Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def buildings(municipality) -> list[Building]:
    result = []
    for n, kind in enumerate(
        [Building.Kind.LIBRARY, Building.Kind.SCHOOL, Building.Kind.SPORTS_HALL]
    ):
        building = Building.objects.create(
            municipality=municipality,
            name=f"Bygning {n}",
            kind=kind,
            street_address=f"Vejen {n}",
            postal_code="9999",
            city="Testrup",
            area_m2=1000,
        )
        for m in range(3):
            Space.objects.create(
                building=building,
                name=f"Lokale {m}",
                kind=Space.Kind.MEETING_ROOM,
                capacity=10,
                area_m2=25,
                bookable=m != 0,
            )
        result.append(building)
    return result


def test_home_page_is_in_danish_by_default(client, buildings):
    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert "Borgernes Huse" in html
    assert "Bibliotek" in html  # the building kind, translated
    assert "2 lokaler til udlån" in html  # only bookable spaces are counted


def test_home_page_switches_to_english(client, buildings):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Citizens' Houses" in html or "Citizens&#x27; Houses" in html
    assert "2 bookable rooms" in html


def test_home_page_query_count_does_not_grow_with_buildings(
    client, buildings, make_building, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get(reverse("home"))

    for n in range(10):
        make_building(f"Ekstra {n}")
    with django_assert_max_num_queries(3):
        assert client.get(reverse("home")).status_code == 200


def test_admin_login_page_is_served(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200


def test_an_english_browser_still_gets_danish_until_the_visitor_switches(client, buildings):
    danish = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="da">' in danish.content.decode()
    assert danish["Content-Language"] == "da"

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home"), headers={"accept-language": "da"})
    assert '<html lang="en">' in english.content.decode()


def test_admin_is_in_danish_with_the_product_name(client):
    html = client.get(reverse("admin:login")).content.decode()

    assert "Borgernes Huse – administration" in html
    assert "Brugernavn" in html


def test_home_page_starts_with_a_short_search_that_goes_to_find(client, clock, buildings):
    html = client.get(reverse("home")).content.decode()

    start = html.index('<form method="get" action="/find/')
    form = html[start : html.index("</form>", start)]
    assert 'name="date" value="2026-11-23"' in form  # today, and the next whole hour (clock 09:00)
    assert 'name="start" value="10:00"' in form
    assert 'name="attendees"' in form
    assert html.index("/find/") < html.index("Bygning 0")  # the search comes before the list


def test_home_page_links_each_bookable_space_to_its_page(client, buildings):
    html = client.get(reverse("home")).content.decode()

    for building in buildings:
        for space in building.spaces.all():
            link = f'href="{reverse("bookings:space", args=[space.pk])}"'
            assert (link in html) is space.bookable


def test_home_page_query_count_does_not_grow_with_spaces(
    client, buildings, django_assert_max_num_queries
):
    for n in range(10):
        Space.objects.create(
            building=buildings[0],
            name=f"Ekstra {n}",
            kind=Space.Kind.MEETING_ROOM,
            capacity=10,
            area_m2=25,
        )
    with django_assert_max_num_queries(3):
        html = client.get(reverse("home")).content.decode()
    assert "12 lokaler til udlån" in html
