"""The header's navigation: what each visitor is offered, and where they are."""

from django.urls import reverse


def test_an_anonymous_visitor_is_offered_search_log_in_and_sign_up(client, db):
    html = client.get(reverse("bookings:find")).content.decode()

    assert f'href="{reverse("bookings:find")}" aria-current="page"' in html
    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("signup")}"' in html
    assert f'href="{reverse("bookings:mine")}"' not in html


def test_a_citizen_gets_their_bookings_but_no_queue(client, citizen):
    client.force_login(citizen)

    html = client.get(reverse("bookings:mine")).content.decode()

    assert f'href="{reverse("bookings:mine")}" aria-current="page"' in html
    assert f'href="{reverse("bookings:queue")}"' not in html


def test_a_facility_manager_gets_the_queue(client, manager):
    client.force_login(manager)

    html = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("bookings:queue")}"' in html
    assert "aria-current" not in html


def test_an_association_admin_gets_the_season_applications(client, citizen, association):
    client.force_login(citizen)  # the association's admin

    html = client.get(reverse("bookings:mine")).content.decode()

    assert f'href="{reverse("bookings:applications")}"' in html
    assert f'href="{reverse("bookings:rounds")}"' not in html


def test_a_member_who_is_not_admin_gets_no_season_applications(client, other_citizen, association):
    association.memberships.create(user=other_citizen, role="member")
    client.force_login(other_citizen)

    html = client.get(reverse("bookings:mine")).content.decode()

    assert f'href="{reverse("bookings:applications")}"' not in html
