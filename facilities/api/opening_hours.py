"""A building's weekly opening hours and its dated exceptions (closures, special hours).

Anyone reads them; the building's facility managers and municipal administrators change them
through facilities/opening_hours_changes.py. PUT is not offered: PATCH changes what it names.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from facilities.api.fields import StrictFilterSet, WallClockTimeField
from facilities.api.permissions import ReadAnyoneWriteBuildingManagers
from facilities.models import Building, OpeningException, OpeningHours
from facilities.opening_hours_changes import (
    opening_exception_create,
    opening_exception_delete,
    opening_exception_update,
    opening_hours_create,
    opening_hours_delete,
    opening_hours_update,
)

BUILDING_IS_FIXED = _(
    "Opening hours and exceptions cannot move to another building: remove them here and add "
    "them there."
)
WRITE_METHODS = ["get", "post", "patch", "delete", "head", "options"]


class _BuildingFixedOnChange(serializers.ModelSerializer):
    """The building is given on creation and fixed after: move hours by deleting and adding."""

    def validate_building(self, building: Building) -> Building:
        if self.instance is not None and building.pk != self.instance.building_id:
            raise serializers.ValidationError(BUILDING_IS_FIXED)
        return building


class OpeningHoursSerializer(_BuildingFixedOnChange):
    opens = WallClockTimeField()
    closes = WallClockTimeField(help_text="00:00 means midnight.")

    class Meta:
        model = OpeningHours
        fields = ["id", "building", "weekday", "opens", "closes"]


class OpeningExceptionSerializer(_BuildingFixedOnChange):
    opens = WallClockTimeField(required=False, allow_null=True, help_text="Special hours only.")
    closes = WallClockTimeField(
        required=False, allow_null=True, help_text="Special hours only; 00:00 means midnight."
    )

    class Meta:
        model = OpeningException
        fields = ["id", "building", "start_date", "end_date", "kind", "opens", "closes", "reason"]


class OpeningHoursFilter(StrictFilterSet):
    class Meta:
        model = OpeningHours
        fields = ["building", "weekday"]


class OpeningExceptionFilter(StrictFilterSet):
    class Meta:
        model = OpeningException
        fields = ["building", "kind"]


# "from" is a Python keyword, so the two date filters are added by name: an exception is listed
# when any of its days falls in [from, to].
OpeningExceptionFilter.base_filters.update(
    {
        "from": filters.DateFilter(
            field_name="end_date", lookup_expr="gte", label="Exceptions with a day on or after."
        ),
        "to": filters.DateFilter(
            field_name="start_date", lookup_expr="lte", label="Exceptions with a day on or before."
        ),
    }
)


class _BuildingScheduleViewSet(viewsets.ModelViewSet):
    permission_classes = [ReadAnyoneWriteBuildingManagers]
    http_method_names = WRITE_METHODS
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404

    def perform_update(self, serializer) -> None:
        serializer.validated_data.pop("building", None)  # unchanged: validate_building
        self.change(serializer.instance, serializer.validated_data)

    def change(self, instance, changes: dict) -> None:
        raise NotImplementedError


@extend_schema_view(
    list=extend_schema(summary="List weekly opening hours"),
    retrieve=extend_schema(summary="One interval of weekly opening hours"),
    create=extend_schema(summary="Add opening hours to a building's week"),
    partial_update=extend_schema(summary="Change opening hours"),
    destroy=extend_schema(summary="Remove opening hours"),
)
@extend_schema(tags=["opening hours"])
class OpeningHoursViewSet(_BuildingScheduleViewSet):
    """Weekly opening hours: intervals per weekday (0 = Monday), wall-clock times in
    Europe/Copenhagen; a closing time of 00:00 means midnight. Public to read; the building's
    facility managers and municipal administrators change them."""

    queryset = OpeningHours.objects.order_by("building_id", "weekday", "opens", "pk")
    serializer_class = OpeningHoursSerializer
    filterset_class = OpeningHoursFilter

    def perform_create(self, serializer) -> None:
        serializer.instance = opening_hours_create(
            by=self.request.user, **serializer.validated_data
        )

    def change(self, hours: OpeningHours, changes: dict) -> None:
        opening_hours_update(hours=hours, changes=changes, by=self.request.user)

    def perform_destroy(self, instance: OpeningHours) -> None:
        opening_hours_delete(hours=instance, by=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="List closures and special hours"),
    retrieve=extend_schema(summary="A closure or special hours"),
    create=extend_schema(summary="Add a closure or special hours to a building"),
    partial_update=extend_schema(summary="Change a closure or special hours"),
    destroy=extend_schema(summary="Remove a closure or special hours"),
)
@extend_schema(tags=["opening hours"])
class OpeningExceptionViewSet(_BuildingScheduleViewSet):
    """Dated exceptions to the weekly hours, from the first to the last day (inclusive): a
    closure (no times) or special hours (both times). Public to read; the building's facility
    managers and municipal administrators change them."""

    queryset = OpeningException.objects.order_by("building_id", "start_date", "pk")
    serializer_class = OpeningExceptionSerializer
    filterset_class = OpeningExceptionFilter

    def perform_create(self, serializer) -> None:
        serializer.instance = opening_exception_create(
            by=self.request.user, **serializer.validated_data
        )

    def change(self, exception: OpeningException, changes: dict) -> None:
        opening_exception_update(exception=exception, changes=changes, by=self.request.user)

    def perform_destroy(self, instance: OpeningException) -> None:
        opening_exception_delete(exception=instance, by=self.request.user)
