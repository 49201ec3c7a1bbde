"""A building's closures and special hours: list, add, edit, delete; the model's rules as
field errors with nothing saved; only the building's managers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from facilities.models import OpeningException
from facilities.models.buildings import (
    EXCEPTION_CLOSED_WITH_HOURS,
    EXCEPTION_END_BEFORE_START,
    EXCEPTION_OVERLAP,
    EXCEPTION_SPECIAL_NEEDS_HOURS,
    HOURS_CLOSE_BEFORE_OPEN,
)

pytestmark = pytest.mark.django_db

CLOSED = OpeningException.Kind.CLOSED
SPECIAL = OpeningException.Kind.SPECIAL_HOURS


def closures_url(building) -> str:
    return reverse("facilities:closures", args=[building.pk])


def edit_url(exception) -> str:
    return reverse("facilities:closure_edit", args=[exception.building_id, exception.pk])


def delete_url(exception) -> str:
    return reverse("facilities:closure_delete", args=[exception.building_id, exception.pk])


def closure(building, start=dt.date(2026, 12, 24), end=None, **fields) -> OpeningException:
    return OpeningException.objects.create(
        building=building, start_date=start, end_date=end or start, **{"reason": "Jul", **fields}
    )


def form(**fields) -> dict[str, str]:
    data = {
        "start_date": "2026-12-24",
        "end_date": "2026-12-26",
        "kind": CLOSED,
        "opens": "",
        "closes": "",
        "reason": "Jul",
    }
    return {**data, **fields}


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def test_the_page_lists_weekly_hours_and_exceptions(as_manager, clock, town_hall):
    closure(town_hall, reason="Juleferie")
    closure(
        town_hall,
        start=dt.date(2026, 12, 31),
        kind=SPECIAL,
        opens=dt.time(10),
        closes=dt.time(13),
        reason="Nytårsaften",
    )
    closure(town_hall, start=dt.date(2026, 6, 5), reason="Grundlovsdag")

    response = as_manager.get(closures_url(town_hall))

    html = response.content.decode()
    assert response.status_code == 200
    assert "08:00–16:00" in html
    assert "Juleferie" in html
    assert "10:00–13:00" in html
    assert [e.reason for e in response.context["upcoming"]] == ["Juleferie", "Nytårsaften"]
    assert [e.reason for e in response.context["past"]] == ["Grundlovsdag"]
    assert [bool(day.hours) for day in response.context["weekly"]] == [True] * 5 + [False] * 2


def test_add_a_closure(as_manager, clock, town_hall):
    response = as_manager.post(closures_url(town_hall), form(), follow=True)

    assert response.redirect_chain == [(closures_url(town_hall), 302)]
    saved = OpeningException.objects.get()
    assert (saved.building, saved.start_date, saved.end_date, saved.kind, saved.reason) == (
        town_hall,
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 26),
        CLOSED,
        "Jul",
    )
    assert "Jul" in str(next(iter(response.context["messages"])))


def test_add_special_hours(as_manager, clock, town_hall):
    as_manager.post(
        closures_url(town_hall),
        form(kind=SPECIAL, opens="10:00", closes="00:00", reason="Kulturnat"),
    )

    saved = OpeningException.objects.get()
    assert (saved.kind, saved.opens, saved.closes) == (SPECIAL, dt.time(10), dt.time(0))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_date": "2026-12-20"}, "end_date", EXCEPTION_END_BEFORE_START),
        ({"kind": SPECIAL}, "opens", EXCEPTION_SPECIAL_NEEDS_HOURS),
        ({"kind": SPECIAL, "opens": "10:00"}, "opens", EXCEPTION_SPECIAL_NEEDS_HOURS),
        ({"kind": SPECIAL, "opens": "14:00", "closes": "10:00"}, "closes", HOURS_CLOSE_BEFORE_OPEN),
        ({"opens": "10:00", "closes": "12:00"}, "opens", EXCEPTION_CLOSED_WITH_HOURS),
    ],
    ids=[
        "last-before-first",
        "special-without-hours",
        "special-without-close",
        "closes-first",
        "closed-with-hours",
    ],
)
def test_the_models_rules_are_field_errors_and_nothing_is_saved(
    as_manager, clock, town_hall, fields, field, message
):
    response = as_manager.post(closures_url(town_hall), form(**fields))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [str(message)]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not OpeningException.objects.exists()


def test_missing_fields_are_field_errors(as_manager, clock, town_hall):
    response = as_manager.post(closures_url(town_hall), form(start_date="", reason=""))

    assert set(response.context["form"].errors) == {"start_date", "reason"}
    assert not OpeningException.objects.exists()


def test_an_overlapping_exception_is_an_error_at_the_top(as_manager, clock, town_hall):
    closure(town_hall, start=dt.date(2026, 12, 25))

    response = as_manager.post(closures_url(town_hall), form())

    assert response.context["form"].non_field_errors() == [str(EXCEPTION_OVERLAP)]
    assert 'role="alert"' in response.content.decode()
    assert OpeningException.objects.count() == 1


def test_edit_an_exception(as_manager, clock, town_hall):
    exception = closure(town_hall)
    page = as_manager.get(edit_url(exception))
    assert page.context["form"]["start_date"].value() == dt.date(2026, 12, 24)
    assert 'value="2026-12-24"' in page.content.decode()

    response = as_manager.post(
        edit_url(exception),
        form(end_date="2026-12-27", kind=SPECIAL, opens="09:00", closes="12:00", reason="Jul 2"),
    )

    assert response.status_code == 302
    exception.refresh_from_db()
    assert (exception.end_date, exception.kind, exception.opens, exception.reason) == (
        dt.date(2026, 12, 27),
        SPECIAL,
        dt.time(9),
        "Jul 2",
    )


def test_a_bad_edit_is_a_field_error_and_changes_nothing(as_manager, clock, town_hall):
    exception = closure(town_hall)

    response = as_manager.post(edit_url(exception), form(end_date="2026-12-01", reason="Ny"))

    assert response.context["form"].errors["end_date"] == [str(EXCEPTION_END_BEFORE_START)]
    assert "Ny" not in response.content.decode().split("<form")[0]
    exception.refresh_from_db()
    assert (exception.end_date, exception.reason) == (dt.date(2026, 12, 24), "Jul")


def test_delete_asks_first_then_deletes(as_manager, clock, town_hall):
    exception = closure(town_hall, reason="Juleferie")

    page = as_manager.get(delete_url(exception))
    assert page.status_code == 200
    assert "Juleferie" in page.content.decode()
    assert OpeningException.objects.exists()

    response = as_manager.post(delete_url(exception))
    assert response.status_code == 302
    assert not OpeningException.objects.exists()


@pytest.mark.parametrize("who", ["other_manager", "citizen"])
def test_only_the_buildings_managers_may_use_the_pages(client, clock, town_hall, request, who):
    exception = closure(town_hall)
    client.force_login(request.getfixturevalue(who))

    assert client.get(closures_url(town_hall)).status_code == 404
    assert client.post(closures_url(town_hall), form(start_date="2027-01-05")).status_code == 404
    assert client.post(edit_url(exception), form(reason="Hacket")).status_code == 404
    assert client.post(delete_url(exception)).status_code == 404
    assert OpeningException.objects.get().reason == "Jul"


def test_an_exception_of_another_building_is_404_under_ones_own(
    client, clock, town_hall, other_building, other_manager
):
    exception = closure(town_hall)
    client.force_login(other_manager)
    url = reverse("facilities:closure_delete", args=[other_building.pk, exception.pk])

    assert client.post(url).status_code == 404
    assert OpeningException.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, clock, town_hall):
    response = client.get(closures_url(town_hall))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_municipal_administrator_may_manage_any_building(client, clock, town_hall):
    client.force_login(User.objects.create_user("kommunen", is_municipal_administrator=True))

    client.post(closures_url(town_hall), form())

    assert OpeningException.objects.filter(building=town_hall).exists()


def test_the_page_costs_the_same_queries_for_2_and_10_exceptions(as_manager, clock, town_hall):
    for n in range(2):
        closure(town_hall, start=dt.date(2027, 1, 4) + dt.timedelta(days=n))
    with CaptureQueriesContext(connection) as two:
        as_manager.get(closures_url(town_hall))
    for n in range(2, 10):
        closure(town_hall, start=dt.date(2027, 1, 4) + dt.timedelta(days=n))

    with CaptureQueriesContext(connection) as ten:
        response = as_manager.get(closures_url(town_hall))

    assert len(response.context["upcoming"]) == 10
    assert len(ten) == len(two) <= 8
