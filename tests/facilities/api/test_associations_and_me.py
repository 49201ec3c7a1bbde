"""Associations show organisational facts to all and personal data to nobody outside; /me/."""

import json

from facilities.models import Association, Building

ASSOCIATIONS = "/api/v1/associations/"


def contact(world) -> None:
    world.association.contact_name = "Formand Hansen"
    world.association.contact_email = "formand@skakklub.example.org"
    world.association.contact_phone = "12345678"
    world.association.save()


def test_the_associations_list_never_exposes_members_or_contact_people(world):
    contact(world)

    for role in ("anonymous", "citizen", "manager"):
        body = json.dumps(world.client(role).get(ASSOCIATIONS).json())

        assert "@" not in body, role
        for person in ("medlem", "formand", "Hansen", "12345678 "):
            assert person not in body, role
        row = world.client(role).get(ASSOCIATIONS).json()["results"][0]
        assert (row["name"], row["org_number"], row["contact_email"]) == (
            "Testrup Skakklub",
            "12345678",
            None,
        )


def test_members_see_their_association_contact(world):
    contact(world)

    row = world.client("member").get(f"{ASSOCIATIONS}{world.association.pk}/").json()

    assert row["contact_email"] == "formand@skakklub.example.org"


def test_an_association_admin_changes_the_contact_but_not_name_or_cvr(world):
    response = world.client("association_admin").patch(
        f"{ASSOCIATIONS}{world.association.pk}/",
        {"contact_name": "Ny Formand", "website": None, "name": "Andet", "org_number": "87654321"},
    )

    assert response.status_code == 200, response.content
    association = Association.objects.get()
    assert (association.contact_name, association.name, association.org_number) == (
        "Ny Formand",
        "Testrup Skakklub",
        "12345678",
    )
    assert response.json()["contact_name"] == "Ny Formand"


def test_a_bad_contact_email_is_400(world):
    response = world.client("association_admin").patch(
        f"{ASSOCIATIONS}{world.association.pk}/", {"contact_email": "not-an-email"}
    )

    assert response.status_code == 400
    assert "contact_email" in response.json()["fields"]


def test_me_lists_memberships_with_roles_and_managed_buildings(world):
    me = world.client("association_admin").get("/api/v1/me/").json()

    assert me["username"] == "formand"
    assert me["email"] == "formand@example.org"
    assert [(m["association"], m["name"], m["role"]) for m in me["memberships"]] == [
        (world.association.pk, "Testrup Skakklub", "admin")
    ]
    assert me["managed_buildings"] == []


def test_me_for_a_manager_and_an_administrator(world):
    manager = world.client("manager").get("/api/v1/me/").json()
    administrator = world.client("administrator").get("/api/v1/me/").json()

    assert manager["managed_buildings"] == [world.building.pk]
    assert manager["memberships"] == []
    assert administrator["is_municipal_administrator"] is True
    assert sorted(administrator["managed_buildings"]) == sorted(
        Building.objects.values_list("pk", flat=True)
    )


def test_me_is_401_for_anonymous(world):
    response = world.client("anonymous").get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
