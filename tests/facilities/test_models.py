import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from facilities.models import (
    Association,
    Occupancy,
    OpeningException,
    OpeningHours,
    Space,
    SpacePolicy,
    Unit,
)
from facilities.models.buildings import (
    EXCEPTION_CLOSED_WITH_HOURS,
    EXCEPTION_OVERLAP,
    EXCEPTION_SPECIAL_NEEDS_HOURS,
    HOURS_CLOSE_BEFORE_OPEN,
    HOURS_OVERLAP,
)
from facilities.models.spaces import HOST_UNIT_NOT_IN_BUILDING, POLICY_MIN_ABOVE_MAX, POLICY_NOBODY
from facilities.validators import ORG_NUMBER_INVALID

pytestmark = pytest.mark.django_db


def association(municipality, org_number: str) -> Association:
    return Association(municipality=municipality, name="Testrup Skakklub", org_number=org_number)


def make_space(building, **fields) -> Space:
    defaults = {"name": "Mødelokale 1", "kind": Space.Kind.MEETING_ROOM, "capacity": 12}
    return Space.objects.create(building=building, area_m2=30, **{**defaults, **fields})


# --- Org. number (CVR) ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["1234567", "123456789", "1234567a", "12-34-56", "DK1234"])
def test_org_number_that_is_not_8_digits_is_refused_with_a_clear_message(municipality, bad):
    with pytest.raises(ValidationError) as error:
        association(municipality, bad).full_clean()

    assert str(ORG_NUMBER_INVALID) in error.value.message_dict["org_number"]


def test_org_number_is_required(municipality):
    with pytest.raises(ValidationError) as error:
        association(municipality, "").full_clean()

    assert "org_number" in error.value.message_dict


@pytest.mark.parametrize(
    "typed", ["12345678", "1234 5678", "DK12345678", " 12345678 ", "dk 1234-5678"]
)
def test_org_number_as_people_type_it_is_stored_as_8_digits(municipality, typed):
    assoc = association(municipality, typed)
    assoc.full_clean()
    assoc.save()

    assert Association.objects.get().org_number == "12345678"


def test_the_database_refuses_an_org_number_that_skipped_validation(municipality):
    with pytest.raises(IntegrityError), transaction.atomic():
        association(municipality, "12AB5678").save()


def test_two_associations_cannot_share_an_org_number(municipality):
    association(municipality, "12345678").save()
    duplicate = association(municipality, "12345678")
    duplicate.name = "Another club"

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "org_number" in error.value.message_dict


# --- Opening hours ----------------------------------------------------------------------------


def test_closing_before_opening_is_refused(building):
    hours = OpeningHours(building=building, weekday=0, opens=dt.time(16), closes=dt.time(8))

    with pytest.raises(ValidationError) as error:
        hours.full_clean()

    assert error.value.message_dict["closes"] == [str(HOURS_CLOSE_BEFORE_OPEN)]


def test_closing_at_midnight_is_allowed(building):
    OpeningHours(building=building, weekday=5, opens=dt.time(18), closes=dt.time(0)).full_clean()


def test_overlapping_hours_on_the_same_weekday_are_refused(building):
    OpeningHours.objects.create(building=building, weekday=0, opens=dt.time(8), closes=dt.time(12))
    overlapping = OpeningHours(building=building, weekday=0, opens=dt.time(11), closes=dt.time(15))

    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()

    assert error.value.messages == [str(HOURS_OVERLAP)]


def test_hours_that_touch_or_fall_on_other_days_are_not_overlaps(building):
    OpeningHours.objects.create(building=building, weekday=0, opens=dt.time(8), closes=dt.time(12))

    OpeningHours(building=building, weekday=0, opens=dt.time(12), closes=dt.time(16)).full_clean()
    OpeningHours(building=building, weekday=1, opens=dt.time(9), closes=dt.time(11)).full_clean()


def test_the_database_refuses_hours_closing_before_opening(building):
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(
            building=building, weekday=0, opens=dt.time(16), closes=dt.time(8)
        )


def test_a_closure_with_hours_is_refused(building):
    closure = OpeningException(
        building=building,
        start_date=dt.date(2026, 12, 24),
        end_date=dt.date(2026, 12, 24),
        kind=OpeningException.Kind.CLOSED,
        opens=dt.time(8),
        reason="Juleaften",
    )

    with pytest.raises(ValidationError) as error:
        closure.full_clean()

    assert error.value.message_dict["opens"] == [str(EXCEPTION_CLOSED_WITH_HOURS)]


def test_special_hours_without_times_are_refused(building):
    special = OpeningException(
        building=building,
        start_date=dt.date(2026, 12, 23),
        end_date=dt.date(2026, 12, 23),
        kind=OpeningException.Kind.SPECIAL_HOURS,
        reason="Lillejuleaften",
    )

    with pytest.raises(ValidationError) as error:
        special.full_clean()

    assert error.value.message_dict["opens"] == [str(EXCEPTION_SPECIAL_NEEDS_HOURS)]


def test_exceptions_covering_the_same_day_are_refused(building):
    OpeningException.objects.create(
        building=building, start_date=dt.date(2026, 7, 1), end_date=dt.date(2026, 7, 31), reason="x"
    )
    overlapping = OpeningException(
        building=building, start_date=dt.date(2026, 7, 31), end_date=dt.date(2026, 8, 2), reason="y"
    )

    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()

    assert error.value.messages == [str(EXCEPTION_OVERLAP)]


def test_an_exception_ending_before_it_starts_is_refused_by_the_database(building):
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningException.objects.create(
            building=building,
            start_date=dt.date(2026, 7, 2),
            end_date=dt.date(2026, 7, 1),
            reason="x",
        )


# --- Spaces and policies ----------------------------------------------------------------------


def test_a_new_space_gets_a_default_policy(building):
    space = make_space(building)

    assert SpacePolicy.objects.get(space=space).approval == SpacePolicy.Approval.OUTSIDE_HOURS


def test_host_unit_must_occupy_the_building(building, municipality):
    unit = Unit.objects.create(municipality=municipality, name="Borgerservice")
    space = Space(
        building=building,
        name="Borgerservice mødelokale",
        kind=Space.Kind.MEETING_ROOM,
        capacity=8,
        area_m2=20,
        host_unit=unit,
    )

    with pytest.raises(ValidationError) as error:
        space.full_clean()
    assert error.value.message_dict["host_unit"] == [str(HOST_UNIT_NOT_IN_BUILDING)]

    Occupancy.objects.create(unit=unit, building=building, area_m2=300)
    space.full_clean()


def test_co_located_units_share_a_building(building, municipality):
    for name in ("Borgerservice", "Teknik og Miljø"):
        unit = Unit.objects.create(municipality=municipality, name=name)
        Occupancy.objects.create(unit=unit, building=building, area_m2=250)

    assert sorted(building.units.values_list("name", flat=True)) == [
        "Borgerservice",
        "Teknik og Miljø",
    ]


def test_space_with_zero_capacity_is_refused(building):
    space = Space(building=building, name="Skab", kind=Space.Kind.OTHER, capacity=0, area_m2=2)

    with pytest.raises(ValidationError) as error:
        space.full_clean()

    assert "capacity" in error.value.message_dict


def test_policy_minimum_above_maximum_is_refused(building):
    policy = make_space(building).policy
    policy.min_duration_minutes, policy.max_duration_minutes = 240, 60

    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert error.value.message_dict["min_duration_minutes"] == [str(POLICY_MIN_ABOVE_MAX)]

    with pytest.raises(IntegrityError), transaction.atomic():
        policy.save()


def test_policy_open_to_nobody_is_refused(building):
    policy = make_space(building).policy
    policy.bookable_by_associations = policy.bookable_by_citizens = False
    policy.bookable_by_units = False

    with pytest.raises(ValidationError) as error:
        policy.full_clean()

    assert error.value.messages == [str(POLICY_NOBODY)]
