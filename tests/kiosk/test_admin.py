"""Managers reach the door signs PDF from the buildings admin: a link per building and an action."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_manager(manager):
    manager.is_staff = True
    manager.save()
    manager.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="facilities", codename__in=["view_building", "change_building"]
        )
    )
    return manager


def test_the_building_list_and_page_link_to_the_signs(client, staff_manager, town_hall):
    client.force_login(staff_manager)
    pdf = reverse("kiosk:building_signs", args=[town_hall.pk])

    listing = client.get(reverse("admin:facilities_building_changelist")).content.decode()
    page = client.get(reverse("admin:facilities_building_change", args=[town_hall.pk]))

    assert f'href="{pdf}"' in listing
    assert f'href="{pdf}?size=a4"' in listing
    assert f'href="{pdf}"' in page.content.decode()


def test_the_action_leads_to_the_signs_of_one_building(client, staff_manager, town_hall, room):
    client.force_login(staff_manager)

    response = client.post(
        reverse("admin:facilities_building_changelist"),
        {"action": "download_door_signs", "_selected_action": [town_hall.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk:building_signs", args=[town_hall.pk])
