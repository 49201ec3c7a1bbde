import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from facilities.models import (
    Amenity,
    Association,
    Building,
    Membership,
    Occupancy,
    OpeningException,
    OpeningHours,
    Space,
    Unit,
)

pytestmark = pytest.mark.django_db


def add_school(make_building, municipality, name: str) -> Building:
    building = make_building(name, kind=Building.Kind.SCHOOL, area_m2=5000)
    projector, _ = Amenity.objects.get_or_create(name="Projektor", code="projector")
    for n in range(5):
        space = Space.objects.create(
            building=building,
            name=f"Lokale {n}",
            kind=Space.Kind.CLASSROOM,
            capacity=28,
            area_m2=60,
        )
        space.amenities.add(projector)
    OpeningHours.objects.create(building=building, weekday=0, opens=dt.time(8), closes=dt.time(16))
    OpeningException.objects.create(
        building=building,
        start_date=dt.date(2026, 12, 25),
        end_date=dt.date(2026, 12, 26),
        reason="Jul",
    )
    unit = Unit.objects.create(municipality=municipality, name=f"Skoleforvaltning {name}")
    Occupancy.objects.create(unit=unit, building=building, area_m2=100)
    return building


@pytest.fixture
def two_schools(make_building, municipality) -> tuple[Building, Building]:
    north = add_school(make_building, municipality, "Nordskolen")
    south = add_school(make_building, municipality, "Sydskolen")
    for n in range(5):
        association = Association.objects.create(
            municipality=municipality, name=f"Forening {n}", org_number=f"1000000{n}"
        )
        member = User.objects.create_user(username=f"medlem{n}")
        Membership.objects.create(association=association, user=member)
    return north, south


@pytest.fixture
def manager(two_schools) -> User:
    user = User.objects.create_user(username="driftsleder", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="facilities",
            codename__in=["view_building", "change_building", "view_space", "change_space"],
        )
    )
    two_schools[0].managers.add(user)
    return user


ADMINS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"facilities", "accounts"}
)


@pytest.mark.parametrize(("app", "model"), ADMINS)
def test_every_changelist_and_add_page_loads_with_bounded_queries(
    admin_client, two_schools, app, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        changelist = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200

    add_page = admin_client.get(reverse(f"admin:{app}_{model}_add"))
    # Policies are never added by hand: each space gets its own when it is created.
    assert add_page.status_code == (403 if model == "spacepolicy" else 200)


def test_every_facilities_model_has_an_admin():
    from django.apps import apps

    models = set(apps.get_app_config("facilities").get_models())

    assert models <= set(admin.site._registry)


def test_space_search_finds_by_building_name(admin_client, two_schools):
    response = admin_client.get(reverse("admin:facilities_space_changelist"), {"q": "Sydskolen"})

    assert response.context["cl"].result_count == 5


def test_facility_manager_sees_only_the_spaces_of_their_buildings(client, manager, two_schools):
    client.force_login(manager)

    response = client.get(reverse("admin:facilities_space_changelist"))

    assert response.status_code == 200
    assert {space.building for space in response.context["cl"].result_list} == {two_schools[0]}


def test_facility_manager_cannot_open_another_buildings_space(client, manager, two_schools):
    client.force_login(manager)
    own = two_schools[0].spaces.first()
    other = two_schools[1].spaces.first()

    assert client.get(reverse("admin:facilities_space_change", args=[own.pk])).status_code == 200
    response = client.get(reverse("admin:facilities_space_change", args=[other.pk]))
    assert response.status_code == 302  # the admin redirects away from objects outside the queryset
    assert response.url == reverse("admin:index")


def test_facility_manager_sees_only_their_buildings(client, manager, two_schools):
    client.force_login(manager)

    response = client.get(reverse("admin:facilities_building_changelist"))

    assert list(response.context["cl"].result_list) == [two_schools[0]]


def test_facility_manager_building_filter_lists_only_their_buildings(client, manager, two_schools):
    client.force_login(manager)

    html = client.get(reverse("admin:facilities_space_changelist")).content.decode()

    assert "Nordskolen" in html
    assert "Sydskolen" not in html


def test_facility_manager_cannot_change_who_manages_their_building(client, manager, two_schools):
    client.force_login(manager)
    north = two_schools[0]
    url = reverse("admin:facilities_building_change", args=[north.pk])
    outsider = User.objects.create_user(username="outsider", is_staff=True)

    form = client.get(url).context["adminform"].form
    assert "managers" not in form.fields

    data = {
        "name": north.name,
        "kind": north.kind,
        "street_address": north.street_address,
        "postal_code": north.postal_code,
        "city": north.city,
        "area_m2": "5000",
        "reply_deadline_days": "3",
        "managers": [outsider.pk],
    }
    for prefix in ("opening_hours", "opening_exceptions", "occupancies"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data["city"] = "Nordby"
    response = client.post(url, data)

    assert response.status_code == 302  # saved: the other fields were accepted
    north.refresh_from_db()
    assert north.city == "Nordby"
    assert list(north.managers.all()) == [manager]
