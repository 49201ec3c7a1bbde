"""Spaces to book: find them (wishes, free for a period) and see when they are busy. Public."""

from collections import defaultdict
from typing import Any, NamedTuple

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from bookings.api.fields import AwareDateTimeField, check_range, object_id
from bookings.api.filters import SpaceFilter
from bookings.api.refs import SpaceBuildingSerializer
from bookings.availability import busy_intervals
from bookings.models import BookerKind
from bookings.policy import BOOKER_KIND_FIELD
from facilities.models import Space, SpacePolicy

BUSY_MAX_DAYS = 62


class AmenityRef(NamedTuple):
    code: str
    name: str


def with_amenities(spaces: list[Space]) -> list[Space]:
    """Give each space its amenities, by name, in `amenity_list`: one query for all of them.
    Plain pairs rather than prefetch_related's model objects, which took a quarter of the time
    of a page of 50 search results (bench/availability.py)."""
    if not spaces:
        return spaces
    by_space: dict[int, list[AmenityRef]] = defaultdict(list)
    rows = (
        Space.amenities.through.objects.filter(space_id__in=[space.pk for space in spaces])
        .order_by("amenity__name")
        .values_list("space_id", "amenity__code", "amenity__name")
    )
    for space_id, code, name in rows:
        by_space[space_id].append(AmenityRef(code, name))
    for space in spaces:
        space.amenity_list = by_space[space.pk]
    return spaces


class SpaceAmenitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class BookableByField(serializers.ListField):
    """Who may book the space, from the policy's three flags (bookings.policy's mapping)."""

    def __init__(self, **kwargs: object) -> None:
        child = serializers.ChoiceField(choices=BookerKind.choices)
        super().__init__(child=child, source="*", read_only=True, **kwargs)

    def to_representation(self, policy: SpacePolicy) -> list[str]:
        return [str(kind) for kind, flag in BOOKER_KIND_FIELD.items() if getattr(policy, flag)]


class SpacePolicySerializer(serializers.ModelSerializer):
    """The space's booking rules, as bookings.policy applies them."""

    bookable_by = BookableByField(
        help_text="Who may book: citizens in their own name, associations, municipal units."
    )

    class Meta:
        model = SpacePolicy
        fields = [
            "bookable_by",
            "min_duration_minutes",
            "max_duration_minutes",
            "min_notice_minutes",
            "max_advance_days",
            "buffer_minutes",
            "approval",
            "outside_hours_allowed",
            "check_in_required",
        ]


def _area_field() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=8, decimal_places=1, coerce_to_string=False)


AREA_M2 = _area_field()  # unbound: to_representation converts with it, without self.fields


class SpaceSerializer(serializers.ModelSerializer):
    building = SpaceBuildingSerializer()
    amenities = SpaceAmenitySerializer(many=True, source="amenity_list")
    area_m2 = _area_field()
    policy = SpacePolicySerializer()

    class Meta:
        model = Space
        fields = [
            "id",
            "name",
            "kind",
            "building",
            "capacity",
            "area_m2",
            "floor",
            "amenities",
            "step_free_access",
            "hearing_loop",
            "accessible_toilet",
            "bookable",
            "description",
            "policy",
        ]

    def to_representation(self, space: Space) -> dict:
        """The declared fields above, written out. DRF's walk over them (a field object, its
        source and its conversion for each of some thirty values) took longer than the search's
        queries for a page of 50 spaces (bench/availability.py); the declarations still make
        the schema, and tests/bookings/api/test_space_serializer.py checks that this gives what
        the walk gives."""
        policy, building = space.policy, space.building
        return {
            "id": space.pk,
            "name": space.name,
            "kind": str(space.kind),
            "building": {"id": building.pk, "name": building.name},
            "capacity": space.capacity,
            "area_m2": AREA_M2.to_representation(space.area_m2),
            "floor": space.floor,
            "amenities": [{"code": a.code, "name": a.name} for a in space.amenity_list],
            "step_free_access": space.step_free_access,
            "hearing_loop": space.hearing_loop,
            "accessible_toilet": space.accessible_toilet,
            "bookable": space.bookable,
            "description": space.description,
            "policy": {
                "bookable_by": [
                    str(kind) for kind, flag in BOOKER_KIND_FIELD.items() if getattr(policy, flag)
                ],
                "min_duration_minutes": policy.min_duration_minutes,
                "max_duration_minutes": policy.max_duration_minutes,
                "min_notice_minutes": policy.min_notice_minutes,
                "max_advance_days": policy.max_advance_days,
                "buffer_minutes": policy.buffer_minutes,
                "approval": str(policy.approval),
                "outside_hours_allowed": policy.outside_hours_allowed,
                "check_in_required": policy.check_in_required,
            },
        }


class BusyQuerySerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword, so the fields are named here rather than as attributes.
        return {
            "from": AwareDateTimeField(help_text="The start of the period (ISO 8601, offset)."),
            "to": AwareDateTimeField(
                help_text=f"The end of the period; at most {BUSY_MAX_DAYS} days after from."
            ),
        }

    def validate(self, attrs: dict) -> dict:
        check_range(attrs["from"], attrs["to"], max_days=BUSY_MAX_DAYS, field="to")
        return attrs


class BusyIntervalSerializer(serializers.Serializer):
    """Busy from start to end (buffers included): never who, what or why (product.md)."""

    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


@extend_schema_view(
    list=extend_schema(
        tags=["spaces"],
        summary="Find spaces",
        description="Every space with its building, amenities, accessibility and booking "
        "rules. Filter by wishes; with free_from and free_to only bookable spaces free for "
        "all of that period. Open to everyone.",
    ),
    retrieve=extend_schema(tags=["spaces"], summary="One space"),
)
class SpaceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = SpaceSerializer
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404
    filterset_class = SpaceFilter

    def get_queryset(self) -> QuerySet[Space]:
        return Space.objects.select_related("building", "policy")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # ListModelMixin.list, with the page's amenities added once it is known (every list
        # here is paged).
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self.get_serializer(with_amenities(list(page)), many=True).data
        return self.get_paginated_response(data)

    def get_object(self) -> Space:
        # Not through the list's filters: they search, they do not narrow one space.
        space = get_object_or_404(self.get_queryset(), pk=object_id(self.kwargs["pk"]))
        return with_amenities([space])[0]

    @extend_schema(
        tags=["spaces"],
        summary="When a space is busy",
        description="The busy intervals of the space within the period: only times, never "
        f"who booked or what for. The period may be at most {BUSY_MAX_DAYS} days.",
        parameters=[BusyQuerySerializer],
        responses={200: BusyIntervalSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def busy(self, request: Request, pk: str) -> Response:
        space = get_object_or_404(Space.objects.only("pk"), pk=object_id(pk))
        query = BusyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data
        intervals = busy_intervals([space.pk], period["from"], period["to"])[space.pk]
        page = self.paginate_queryset(intervals)
        return self.get_paginated_response(BusyIntervalSerializer(page, many=True).data)
