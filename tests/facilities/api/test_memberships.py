"""Memberships: association admins manage members, members may leave, an association always
keeps an administrator, and people see only the memberships that concern them."""

from facilities.memberships import ALREADY_MEMBER, LAST_ADMIN, NO_SUCH_USER
from facilities.models import Membership
from tests.facilities.api.conftest import add_guest_member

MEMBERSHIPS = "/api/v1/memberships/"


def membership_of(world, role: str) -> Membership:
    return Membership.objects.get(association=world.association, user=world.users[role])


def test_the_last_admin_cannot_be_removed(world):
    admin = membership_of(world, "association_admin")

    response = world.client("administrator").delete(f"{MEMBERSHIPS}{admin.pk}/")

    assert response.status_code == 409
    assert response.json() == {"code": "last_admin", "message": str(LAST_ADMIN)}
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_the_last_admin_cannot_leave_or_step_down(world):
    admin = membership_of(world, "association_admin")
    client = world.client("association_admin")

    leaving = client.delete(f"{MEMBERSHIPS}{admin.pk}/")
    stepping_down = client.patch(f"{MEMBERSHIPS}{admin.pk}/", {"role": "member"})

    assert (leaving.status_code, stepping_down.status_code) == (409, 409)
    admin.refresh_from_db()
    assert admin.role == Membership.Role.ADMIN


def test_an_admin_may_step_down_once_another_member_is_admin(world):
    client = world.client("association_admin")
    member = membership_of(world, "member")
    admin = membership_of(world, "association_admin")

    promoted = client.patch(f"{MEMBERSHIPS}{member.pk}/", {"role": "admin"})
    stepped_down = client.patch(f"{MEMBERSHIPS}{admin.pk}/", {"role": "member"})

    assert (promoted.status_code, stepped_down.status_code) == (200, 200)
    assert stepped_down.json()["role"] == "member"


def test_a_member_cannot_add_members(world):
    body = {"association": world.association.pk, "user": "borger"}

    response = world.client("member").post(MEMBERSHIPS, body)

    assert response.status_code == 403
    assert not Membership.objects.filter(user=world.users["citizen"]).exists()


def test_a_member_cannot_learn_whether_a_username_exists(world):
    body = {"association": world.association.pk, "user": "nobody-by-this-name"}

    response = world.client("member").post(MEMBERSHIPS, body)

    assert response.status_code == 403


def test_a_member_cannot_promote_themselves(world):
    own = membership_of(world, "member")

    response = world.client("member").patch(f"{MEMBERSHIPS}{own.pk}/", {"role": "admin"})

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == Membership.Role.MEMBER


def test_an_admin_adds_a_person_by_email_with_a_role(world):
    body = {"association": world.association.pk, "user": "BORGER@example.org", "role": "admin"}

    response = world.client("association_admin").post(MEMBERSHIPS, body)

    assert response.status_code == 201, response.content
    assert response.json()["username"] == "borger"
    assert response.json()["full_name"] == "Karen Borger"
    assert membership_of(world, "citizen").role == Membership.Role.ADMIN


def test_adding_an_unknown_person_or_a_member_again_is_400_on_the_user_field(world):
    client = world.client("association_admin")
    association = world.association.pk

    unknown = client.post(MEMBERSHIPS, {"association": association, "user": "nobody"})
    again = client.post(MEMBERSHIPS, {"association": association, "user": "medlem"})

    assert unknown.status_code == again.status_code == 400
    assert unknown.json()["fields"] == {"user": [str(NO_SUCH_USER)]}
    assert again.json()["fields"] == {"user": [str(ALREADY_MEMBER)]}


def test_a_member_may_leave(world):
    own = membership_of(world, "member")

    response = world.client("member").delete(f"{MEMBERSHIPS}{own.pk}/")

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_people_see_the_memberships_that_concern_them(world):
    add_guest_member(world)

    def usernames(role: str) -> list[str]:
        rows = world.client(role).get(MEMBERSHIPS).json()["results"]
        return sorted(row["username"] for row in rows)

    everyone = ["formand", "gaest", "medlem"]
    assert usernames("member") == ["medlem"]
    assert usernames("association_admin") == everyone
    assert usernames("administrator") == everyone
    assert usernames("citizen") == []
    assert usernames("manager") == []


def test_memberships_filter_by_association_and_role(world):
    response = world.client("administrator").get(
        f"{MEMBERSHIPS}?association={world.association.pk}&role=admin"
    )

    assert [row["username"] for row in response.json()["results"]] == ["formand"]
