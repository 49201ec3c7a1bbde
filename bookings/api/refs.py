"""Small shapes the bookings API nests: a space, a building, a named party; safe id inputs."""

from functools import cached_property
from typing import Any

from rest_framework import serializers

from bookings.access import Reader, reader_for
from bookings.api.fields import MAX_ID


class ReaderContext:
    """A view mixin: what the caller may see of each booking (bookings.access.Reader), loaded
    once per request and handed to the serializers."""

    @cached_property
    def reader(self) -> Reader:
        return reader_for(self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "reader": self.reader}


class SpaceBuildingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SpaceRefSerializer(serializers.Serializer):
    """A space as a booking names it: enough to show and link it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    building = SpaceBuildingSerializer()


class PartySerializer(serializers.Serializer):
    """The association or unit a booking is made for."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class ObjectField(serializers.PrimaryKeyRelatedField):
    """An object by id; an id out of range is "does not exist", not a database overflow."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)
