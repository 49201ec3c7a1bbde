"""The space serializer writes its fields out for speed: it must give exactly what DRF's own
walk over the declared fields gives, for every kind of value those fields hold."""

from decimal import Decimal

import pytest
from rest_framework import serializers

from bookings.api.spaces import SpaceSerializer, SpaceViewSet, with_amenities
from facilities.models import Amenity, Space, SpacePolicy


def loaded(space: Space) -> Space:
    """The space as the API loads it (building, policy, amenities)."""
    return with_amenities([SpaceViewSet().get_queryset().get(pk=space.pk)])[0]


def drf_walk(space: Space) -> dict:
    serializer = SpaceSerializer(space)
    return serializers.ModelSerializer.to_representation(serializer, space)


def test_a_plain_space(world):
    space = loaded(world.room)

    assert SpaceSerializer(space).data == drf_walk(space)
    assert SpaceSerializer(space).data["amenities"] == []


@pytest.mark.parametrize(
    ("approval", "flags"),
    [
        (SpacePolicy.Approval.NEVER, (True, True, True)),
        (SpacePolicy.Approval.ALWAYS, (False, True, False)),
        (SpacePolicy.Approval.OUTSIDE_HOURS, (False, False, False)),
    ],
)
def test_every_kind_of_value(world, approval, flags):
    Amenity.objects.create(code="piano", name="Klaver")
    Amenity.objects.create(code="projector", name="Projektor")
    space = Space.objects.create(
        building=world.other_building,
        name="Kælderen",
        kind=Space.Kind.MUSIC_ROOM,
        capacity=12,
        area_m2=Decimal("17.5"),
        floor=-1,
        step_free_access=True,
        hearing_loop=False,
        accessible_toilet=True,
        bookable=False,
        description="Trappe ned fra gården; «nøgle» hos pedellen.",
    )
    space.amenities.add(*Amenity.objects.all())
    policy = space.policy
    policy.approval = approval
    policy.bookable_by_citizens, policy.bookable_by_associations, policy.bookable_by_units = flags
    policy.buffer_minutes = 15
    policy.min_notice_minutes = 0
    policy.outside_hours_allowed = True
    policy.check_in_required = True
    policy.save()
    space = loaded(space)

    data = SpaceSerializer(space).data

    assert data == drf_walk(space)
    assert list(data) == list(drf_walk(space))  # the same order in the JSON
    assert [a["code"] for a in data["amenities"]] == ["piano", "projector"]  # by name
    assert data["area_m2"] == Decimal("17.5")


def test_the_list_gives_the_same(world):
    spaces = with_amenities(list(SpaceViewSet().get_queryset()))

    assert SpaceSerializer(spaces, many=True).data == [drf_walk(space) for space in spaces]
