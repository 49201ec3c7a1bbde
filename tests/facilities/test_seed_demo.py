import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction

from facilities.demo import DEMO_PASSWORD, SEED_REFUSED_IN_PRODUCTION, SEED_STEPS, demo_seed
from facilities.demo.people import (
    FACILITY_MANAGER_PERMISSIONS,
    FACILITY_MANAGERS_GROUP,
    USERS,
    cvr_is_well_formed,
    demo_org_numbers,
)
from facilities.demo.places import MUNICIPALITY_NAME
from facilities.holidays import danish_public_holidays
from facilities.models import (
    Amenity,
    Association,
    Building,
    Membership,
    Municipality,
    OpeningException,
    Space,
    SpacePolicy,
)

# Frozen "today": the seed closes buildings on this year's and next year's holidays.
TODAY = dt.date(2026, 3, 15)
User = get_user_model()
Kind = Building.Kind


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module.

    Seeding takes about a second; every test here reads the same demo. The module's rows live in
    a transaction that is rolled back at the end, and each test runs in a savepoint inside it,
    so tests that change or re-seed the demo do not affect each other or other modules.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        summary = demo_seed(today=TODAY)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def egeskov(demo, db) -> Municipality:
    return Municipality.objects.get(name=MUNICIPALITY_NAME)


@pytest.fixture
def buildings(egeskov) -> dict[str, Building]:
    return {b.name: b for b in egeskov.buildings.all()}


def demo_spaces():
    return Space.objects.filter(building__municipality__name=MUNICIPALITY_NAME)


def table_counts() -> dict[str, int]:
    """Rows in every facilities table (M2M tables included), users and their groups."""
    models = [
        *apps.get_app_config("facilities").get_models(include_auto_created=True),
        User,
        User.groups.through,
        Group,
        Group.permissions.through,
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


# --- Places -----------------------------------------------------------------------------------


def test_demo_has_every_kind_of_municipal_building(egeskov):
    kinds = sorted(egeskov.buildings.values_list("kind", flat=True))

    assert len(kinds) >= 7
    assert kinds.count(Kind.SCHOOL) == 3
    for kind in (Kind.TOWN_HALL, Kind.ADMINISTRATIVE, Kind.LIBRARY, Kind.SPORTS_HALL):
        assert kind in kinds
    assert Kind.CULTURE_HOUSE in kinds
    for building in egeskov.buildings.all():
        assert len(building.postal_code) == 4
        assert building.postal_code.isdigit()
        assert building.area_m2 > 500
        building.full_clean()


def test_town_hall_is_shared_by_at_least_two_units_with_their_area(egeskov):
    town_hall = egeskov.buildings.get(kind=Kind.TOWN_HALL)
    occupancies = town_hall.occupancies.select_related("unit")

    assert occupancies.count() >= 2
    assert {"Borgerservice", "Teknik og Miljø", "Børn og Unge"} <= {
        o.unit.name for o in occupancies
    }
    assert all(o.area_m2 > 0 for o in occupancies)
    assert sum(o.area_m2 for o in occupancies) < town_hall.area_m2


def test_demo_has_over_40_valid_spaces_each_with_a_policy(demo, db):
    spaces = list(demo_spaces().select_related("policy", "host_unit"))

    assert len(spaces) >= 40
    assert demo.counts["spaces"] == len(spaces) == demo.counts["space policies"]
    for space in spaces:
        space.full_clean()  # Among other rules: the host unit occupies the space's building.
        space.policy.full_clean()
        assert space.area_m2 > 0
    assert sum(1 for s in spaces if s.host_unit) >= 10
    assert {s.floor for s in spaces} >= {-1, 0, 1}


def test_amenities_have_slug_codes_and_the_hearing_loop_flag_agrees(demo, db):
    codes = set(Amenity.objects.values_list("code", flat=True))

    assert len(codes) >= 12
    assert {"projector", "kitchen", "piano", "sports-floor", "hearing-loop"} <= codes
    for space in demo_spaces().prefetch_related("amenities"):
        has_loop = any(a.code == "hearing-loop" for a in space.amenities.all())
        assert space.hearing_loop == has_loop, space


def test_school_rooms_are_lent_to_associations_after_hours_with_approval(demo, db):
    policies = SpacePolicy.objects.filter(space__building__kind=Kind.SCHOOL)

    assert policies.count() >= 15
    for policy in policies:
        assert policy.bookable_by_associations
        assert not policy.bookable_by_citizens
        assert policy.outside_hours_allowed
        assert policy.approval in {SpacePolicy.Approval.OUTSIDE_HOURS, SpacePolicy.Approval.ALWAYS}


def test_library_meeting_rooms_are_open_to_citizens_without_approval(demo, db):
    policies = SpacePolicy.objects.filter(
        space__building__kind=Kind.LIBRARY, space__kind=Space.Kind.MEETING_ROOM
    )

    assert policies.count() >= 3
    assert all(p.bookable_by_citizens for p in policies)
    assert all(p.approval == SpacePolicy.Approval.NEVER for p in policies)


def test_sports_halls_need_check_in_and_kitchens_get_a_cleaning_buffer(demo, db):
    halls = SpacePolicy.objects.filter(space__kind=Space.Kind.SPORTS_HALL)
    kitchens = SpacePolicy.objects.filter(space__kind=Space.Kind.KITCHEN)

    assert halls.count() >= 2
    assert all(p.check_in_required for p in halls)
    assert kitchens.count() >= 4
    assert all(p.buffer_minutes > 0 for p in kitchens)


def test_town_hall_rooms_are_for_units(demo, db):
    meeting_rooms = SpacePolicy.objects.filter(
        space__building__kind=Kind.TOWN_HALL, space__kind=Space.Kind.MEETING_ROOM
    )

    assert meeting_rooms.exists()
    for policy in meeting_rooms:
        assert policy.bookable_by_units
        assert not policy.bookable_by_citizens


def weekly(building: Building) -> dict[int, list[tuple[dt.time, dt.time]]]:
    pattern: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for hours in building.opening_hours.all():
        pattern.setdefault(hours.weekday, []).append((hours.opens, hours.closes))
    return pattern


def test_weekly_hours_follow_the_kind_of_building(egeskov):
    for school in egeskov.buildings.filter(kind=Kind.SCHOOL):
        assert weekly(school) == {day: [(dt.time(7, 30), dt.time(16))] for day in range(5)}

    library = weekly(egeskov.buildings.get(kind=Kind.LIBRARY))
    assert 5 in library
    assert 6 not in library

    sports = weekly(egeskov.buildings.get(kind=Kind.SPORTS_HALL))
    assert set(sports) == set(range(7))
    assert sports[5] == sports[6] == [(dt.time(8), dt.time(22))]

    culture = weekly(egeskov.buildings.get(kind=Kind.CULTURE_HOUSE))
    assert all(closes >= dt.time(22) or closes == dt.time(0) for _, closes in culture[0])

    town_hall = weekly(egeskov.buildings.get(kind=Kind.TOWN_HALL))
    assert set(town_hall) == set(range(5))
    for building in egeskov.buildings.all():
        for hours in building.opening_hours.all():
            hours.full_clean()


# --- Holiday closures -------------------------------------------------------------------------


def closures(building: Building) -> dict[dt.date, OpeningException]:
    return {e.start_date: e for e in building.opening_exceptions.all()}


def test_every_building_closes_on_every_holiday_this_year_and_next(egeskov):
    holidays = [*danish_public_holidays(2026), *danish_public_holidays(2027)]

    for building in egeskov.buildings.all():
        closed = closures(building)
        assert len(closed) == len(holidays) == 26
        for day, name in holidays:
            exception = closed[day]
            assert exception.kind == OpeningException.Kind.CLOSED
            assert exception.end_date == day
            assert exception.reason == name
    assert "Store bededag" not in {e.reason for e in OpeningException.objects.all()}


def test_holidays_sharing_a_date_become_one_closure(egeskov):
    demo_seed(today=dt.date(2022, 1, 10))
    town_hall = egeskov.buildings.get(kind=Kind.TOWN_HALL)
    closed = closures(town_hall)

    assert closed[dt.date(2022, 6, 5)].reason == "Pinsedag / Grundlovsdag"
    assert closed[dt.date(2022, 5, 13)].reason == "Store bededag"


def test_a_managers_own_closure_over_holidays_is_left_alone(egeskov):
    library = egeskov.buildings.get(kind=Kind.LIBRARY)
    library.opening_exceptions.filter(
        start_date__gte=dt.date(2026, 12, 23), start_date__lte=dt.date(2027, 1, 1)
    ).delete()
    christmas = OpeningException(
        building=library,
        start_date=dt.date(2026, 12, 23),
        end_date=dt.date(2027, 1, 1),
        kind=OpeningException.Kind.CLOSED,
        reason="Juleferie",
    )
    christmas.full_clean()
    christmas.save()

    demo_seed(today=TODAY)

    in_christmas = library.opening_exceptions.filter(
        start_date__gte=dt.date(2026, 12, 23), start_date__lte=dt.date(2027, 1, 1)
    )
    assert list(in_christmas) == [christmas]
    christmas.refresh_from_db()
    assert christmas.end_date == dt.date(2027, 1, 1)


# --- Associations -----------------------------------------------------------------------------


def test_30_associations_with_well_formed_unique_org_numbers(egeskov):
    associations = list(Association.objects.filter(municipality=egeskov))
    org_numbers = [a.org_number for a in associations]

    assert len(associations) == 30
    assert len(set(org_numbers)) == 30
    assert all(cvr_is_well_formed(n) and n.startswith("99") for n in org_numbers)
    assert {a.target_group for a in associations} == set(Association.TargetGroup.values)
    for association in associations:
        association.full_clean()
        assert association.contact_name
        assert association.contact_email.endswith(".example.org")


def test_demo_org_numbers_are_always_the_same():
    assert demo_org_numbers(30) == demo_org_numbers(30)
    assert demo_org_numbers(5) == demo_org_numbers(30)[:5]
    assert not cvr_is_well_formed("12345678")
    assert not cvr_is_well_formed("1234567")


# --- Users and roles --------------------------------------------------------------------------


def role_user(username: str):
    return User.objects.get(username=username)


def test_citizen_is_a_plain_user(demo, db):
    citizen = role_user("demo-borger")

    assert not (citizen.is_staff or citizen.is_superuser or citizen.is_municipal_administrator)
    assert not citizen.memberships.exists()
    assert not citizen.managed_buildings.exists()


def test_association_member_and_admin_belong_to_the_same_association(demo, db):
    member = Membership.objects.get(user__username="demo-medlem")
    admin = Membership.objects.get(user__username="demo-foreningsadmin")

    assert member.role == Membership.Role.MEMBER
    assert admin.role == Membership.Role.ADMIN
    assert member.association == admin.association
    assert not member.user.is_staff
    assert not admin.user.is_staff


def test_facility_manager_manages_two_buildings_through_the_group(demo, db):
    manager = role_user("demo-driftsleder")

    assert manager.is_staff
    assert not manager.is_superuser
    assert not manager.is_municipal_administrator
    assert set(manager.managed_buildings.values_list("name", flat=True)) == {
        "Egeskov Skole",
        "Egeskov Idrætscenter",
    }
    assert list(manager.groups.values_list("name", flat=True)) == [FACILITY_MANAGERS_GROUP]
    assert manager.has_perm("facilities.change_space")
    assert manager.has_perm("facilities.add_openingexception")
    assert manager.has_perm("facilities.view_association")
    assert not manager.has_perm("facilities.change_association")
    assert not manager.has_perm("facilities.change_amenity")


def test_facility_managers_group_has_exactly_the_listed_permissions(demo, db):
    group = Group.objects.get(name=FACILITY_MANAGERS_GROUP)
    expected = {
        f"{action}_{model}"
        for model, actions in FACILITY_MANAGER_PERMISSIONS.items()
        for action in actions
    }

    assert set(group.permissions.values_list("codename", flat=True)) == expected
    assert set(group.permissions.values_list("content_type__app_label", flat=True)) == {
        "facilities"
    }


def test_facility_manager_edits_buildings_but_cannot_create_or_remove_them(demo, db):
    manager = role_user("demo-driftsleder")

    assert manager.has_perm("facilities.change_building")
    assert not manager.has_perm("facilities.add_building")
    assert not manager.has_perm("facilities.delete_building")
    assert manager.has_perm("facilities.change_spacepolicy")
    assert not manager.has_perm("facilities.delete_spacepolicy")
    assert manager.has_perm("facilities.add_space")


def test_municipal_administrator_may_do_everything(demo, db):
    admin = role_user("demo-admin")

    assert admin.is_staff
    assert admin.is_superuser
    assert admin.is_municipal_administrator


@pytest.mark.parametrize("username", [spec.username for spec in USERS])
def test_demo_logins_authenticate_with_the_documented_password(demo, db, username):
    assert authenticate(username=username, password=DEMO_PASSWORD) == role_user(username)
    assert authenticate(username=username, password="wrong") is None


def test_summary_lists_one_login_per_role(demo):
    assert [login.username for login in demo.logins] == [spec.username for spec in USERS]
    assert {login.password for login in demo.logins} == {DEMO_PASSWORD}
    assert demo.counts["associations"] == 30
    assert demo.counts["demo users"] == 5


# --- Idempotence ------------------------------------------------------------------------------


def test_seeding_again_changes_no_table_count(demo, db):
    before = table_counts()

    demo_seed(today=TODAY)
    demo_seed(today=TODAY)

    assert table_counts() == before


def test_seeding_again_restores_what_the_demo_defines(egeskov):
    manager = role_user("demo-driftsleder")
    manager.set_password("changed")
    manager.is_staff = False
    manager.save()
    manager.managed_buildings.clear()
    space = demo_spaces().get(name="Hal 1")
    space.policy.check_in_required = False
    space.policy.save()
    school = egeskov.buildings.get(name="Lindved Skole")
    school.opening_hours.filter(weekday=0).delete()

    demo_seed(today=TODAY)

    manager.refresh_from_db()
    assert manager.is_staff
    assert manager.check_password(DEMO_PASSWORD)
    assert manager.managed_buildings.count() == 2
    assert SpacePolicy.objects.get(space=space).check_in_required
    assert weekly(school)[0] == [(dt.time(7, 30), dt.time(16))]


def test_a_failing_step_leaves_no_half_demo(demo, db):
    before = table_counts()

    def failing_step(ctx) -> None:
        raise RuntimeError("boom")

    def rename_municipality(ctx) -> None:
        ctx.municipality.code = "111"
        ctx.municipality.save()

    with pytest.raises(RuntimeError):
        demo_seed(today=TODAY, steps=(*SEED_STEPS, rename_municipality, failing_step))

    assert table_counts() == before
    assert Municipality.objects.get(name=MUNICIPALITY_NAME).code != "111"


# --- The command ------------------------------------------------------------------------------


def test_command_prints_counts_and_the_logins(demo, db):
    out = StringIO()

    call_command("seed_demo", "--today=2026-03-15", stdout=out)

    output = out.getvalue()
    assert MUNICIPALITY_NAME in output
    assert "spaces" in output
    for spec in USERS:
        assert spec.username in output
    assert DEMO_PASSWORD in output


def test_command_seeds_for_the_current_date_by_default(demo, db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2030, 6, 1))

    call_command("seed_demo", stdout=StringIO())

    reasons = set(
        OpeningException.objects.filter(start_date__year=2031).values_list("reason", flat=True)
    )
    assert "Juledag" in reasons


def test_command_refuses_in_production(demo, db, settings):
    settings.PRODUCTION = True
    before = table_counts()

    with pytest.raises(CommandError) as error:
        call_command("seed_demo", "--today=2030-01-01", stdout=StringIO())

    assert str(error.value) == SEED_REFUSED_IN_PRODUCTION
    assert table_counts() == before
    assert not OpeningException.objects.filter(start_date__year=2030).exists()


def test_command_in_production_runs_only_when_explicitly_allowed(demo, db, settings):
    settings.PRODUCTION = True
    Membership.objects.filter(user__username="demo-medlem").delete()

    call_command("seed_demo", "--today=2026-03-15", "--allow-production", stdout=StringIO())

    assert Membership.objects.filter(user__username="demo-medlem").exists()
