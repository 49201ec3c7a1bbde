"""Buildings and units: public, read-only, each with what it is co-located with."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from facilities.api.fields import StrictFilterSet, WallClockTimeField
from facilities.models import Building, Occupancy, OpeningHours, Unit


class HousedUnitSerializer(serializers.ModelSerializer):
    """A unit as seen from a building it occupies."""

    id = serializers.IntegerField(source="unit.id")
    name = serializers.CharField(source="unit.name")

    class Meta:
        model = Occupancy
        fields = ["id", "name", "area_m2"]


class WeeklyHoursSerializer(serializers.ModelSerializer):
    opens = WallClockTimeField()
    closes = WallClockTimeField(help_text="00:00 means midnight.")

    class Meta:
        model = OpeningHours
        fields = ["id", "weekday", "opens", "closes"]


class BuildingSerializer(serializers.ModelSerializer):
    units = HousedUnitSerializer(source="occupancies", many=True, read_only=True)
    opening_hours = WeeklyHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Building
        fields = [
            "id",
            "name",
            "kind",
            "street_address",
            "postal_code",
            "city",
            "area_m2",
            "reply_deadline_days",
            "description",
            "units",
            "opening_hours",
        ]


class OccupiedBuildingSerializer(serializers.ModelSerializer):
    """A building as seen from a unit that occupies it."""

    id = serializers.IntegerField(source="building.id")
    name = serializers.CharField(source="building.name")

    class Meta:
        model = Occupancy
        fields = ["id", "name", "area_m2"]


class UnitSerializer(serializers.ModelSerializer):
    buildings = OccupiedBuildingSerializer(source="occupancies", many=True, read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "buildings"]


class BuildingFilter(StrictFilterSet):
    city = filters.CharFilter(lookup_expr="iexact")
    unit = filters.ModelChoiceFilter(
        field_name="units", queryset=Unit.objects.all(), label="Occupied by this unit (id)."
    )

    class Meta:
        model = Building
        fields = ["kind", "postal_code", "city", "unit"]


class UnitFilter(StrictFilterSet):
    building = filters.ModelChoiceFilter(
        field_name="buildings",
        queryset=Building.objects.all(),
        label="Occupies this building (id).",
    )

    class Meta:
        model = Unit
        fields = ["kind", "building"]


@extend_schema_view(
    list=extend_schema(summary="List buildings"),
    retrieve=extend_schema(summary="A building"),
)
@extend_schema(tags=["buildings"])
class BuildingViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipal buildings with their address, area, the units housed there and the weekly
    opening hours. Public."""

    permission_classes = [AllowAny]
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404
    serializer_class = BuildingSerializer
    filterset_class = BuildingFilter
    queryset = Building.objects.prefetch_related(
        Prefetch(
            "occupancies", queryset=Occupancy.objects.select_related("unit").order_by("unit__name")
        ),
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
    ).order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="List units"),
    retrieve=extend_schema(summary="A unit"),
)
@extend_schema(tags=["units"])
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipal departments and institutions, with the buildings they occupy. Public."""

    permission_classes = [AllowAny]
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    queryset = Unit.objects.prefetch_related(
        Prefetch(
            "occupancies",
            queryset=Occupancy.objects.select_related("building").order_by("building__name"),
        )
    ).order_by("name", "pk")
