"""Recurring series: preview every occurrence, book the free ones (or all), read them back.

The rule's limits are bookings.recurrence's (MAX_OCCURRENCES, MAX_SPAN_YEARS); the report is
bookings.series' and shows another booking only as a time range (never who or what).
"""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from bookings.access import (
    Reader,
    booking_disclosure,
    series_for_user,
    series_visible_to,
)
from bookings.api.fields import object_id
from bookings.api.filters import SeriesFilter
from bookings.api.refs import PartySerializer, ReaderContext, SpaceRefSerializer
from bookings.api.serializers import BookingCreateSerializer, display_name
from bookings.models import Booking, BookingStatus, Series
from bookings.recurrence import MAX_OCCURRENCES, Rule
from bookings.series import CLASH, FREE, POLICY, series_create, series_preview

TAGS = ["series"]
NOT_WHOLE_MINUTES = _("The first occurrence must last a whole number of minutes.")


class SeriesRequestSerializer(BookingCreateSerializer):
    """The first occurrence (start, end) and how it repeats; the rest as for one booking."""

    frequency = serializers.ChoiceField(
        choices=Series.Frequency.choices,
        help_text="weekly, biweekly (every second week) or monthly (on the first start's day).",
    )
    until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The last day (inclusive, local). Give until or count, not both.",
    )
    count = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_OCCURRENCES,
        help_text="How many occurrences. Give until or count, not both.",
    )
    exception_dates = serializers.ListField(
        child=serializers.DateField(),
        max_length=MAX_OCCURRENCES,
        default=list,
        help_text="Local days to leave out.",
    )

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if (attrs["end"] - attrs["start"]) % dt.timedelta(minutes=1):
            raise serializers.ValidationError({"end": [NOT_WHOLE_MINUTES]})
        return attrs

    def service_arguments(self) -> dict:
        """The validated input as series_preview/series_create take it: the rule apart."""
        data = dict(self.validated_data)
        start, end = data.pop("start"), data.pop("end")
        data["rule"] = Rule(
            frequency=data.pop("frequency"),
            first_start=start,
            duration=end - start,
            until=data.pop("until", None),
            count=data.pop("count", None),
            exception_dates=tuple(data.pop("exception_dates")),
        )
        return data


class SeriesPreviewRequestSerializer(SeriesRequestSerializer):
    left_out = ("description", "public")  # they change nothing in a preview

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in self.left_out:
            fields.pop(name)
        return fields


class SeriesCreateRequestSerializer(SeriesRequestSerializer):
    take = serializers.ChoiceField(
        choices=[("free", "free"), ("all", "all")],
        default="free",
        help_text="free: book the free occurrences and report the others; all: every "
        "occurrence or nothing (409).",
    )


class ClashSerializer(serializers.Serializer):
    """Another booking in the way: its time only."""

    start = serializers.DateTimeField(source="local_start")
    end = serializers.DateTimeField(source="local_end")


class ViolationSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class OccurrenceReportSerializer(serializers.Serializer):
    start = serializers.DateTimeField(source="local_start")
    end = serializers.DateTimeField(source="local_end")
    verdict = serializers.ChoiceField(
        choices=[(FREE, FREE), (CLASH, CLASH), (POLICY, POLICY)],
        help_text="free: can be booked; clash: another booking holds the time; policy: the "
        "space's rules do not allow it (see violations).",
    )
    violations = ViolationSerializer(many=True)
    clashes = ClashSerializer(many=True)
    minutes_inside = serializers.IntegerField()
    minutes_outside = serializers.IntegerField()
    needs_approval = serializers.BooleanField()
    booking = serializers.IntegerField(
        source="booking_id", allow_null=True, help_text="The booking made (after creating)."
    )


class SeriesReportSerializer(serializers.Serializer):
    occurrences = OccurrenceReportSerializer(many=True)


class SeriesOccurrenceSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=BookingStatus.choices)

    class Meta:
        model = Booking
        fields = ["id", "start", "end", "status"]


class SeriesSerializer(serializers.ModelSerializer):
    space = SpaceRefSerializer()
    association = PartySerializer(allow_null=True)
    unit = PartySerializer(allow_null=True)
    booker_name = serializers.SerializerMethodField()
    occurrences = SeriesOccurrenceSerializer(many=True, help_text="Its bookings, in order.")

    class Meta:
        model = Series
        fields = [
            "id",
            "space",
            "booker_kind",
            "booker_name",
            "association",
            "unit",
            "title",
            "description",
            "attendees",
            "public",
            "frequency",
            "first_start",
            "duration_minutes",
            "until",
            "count",
            "exception_dates",
            "rrule",
            "created",
            "occurrences",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_booker_name(self, series: Series) -> str | None:
        reader: Reader = self.context["reader"]
        return display_name(series.booker) if booking_disclosure(reader, series).people else None


class SeriesCreatedSerializer(serializers.Serializer):
    series = SeriesSerializer()
    occurrences = OccurrenceReportSerializer(many=True)


def with_details(series: QuerySet[Series]) -> QuerySet[Series]:
    return series.select_related(
        "space__building", "booker", "association", "unit"
    ).prefetch_related(Prefetch("occurrences", queryset=Booking.objects.order_by("start")))


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Series I may read",
        description="Mine, my associations' (as their admin) and those in the buildings I "
        "manage, with their bookings.",
    ),
    retrieve=extend_schema(tags=TAGS, summary="One series"),
)
class SeriesViewSet(ReaderContext, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SeriesSerializer
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404
    filterset_class = SeriesFilter
    may_conflict = True  # take=all with an occurrence taken, or nothing free

    def get_queryset(self) -> QuerySet[Series]:
        return with_details(series_visible_to(self.request.user)).order_by("-created", "-pk")

    def retrieve(self, request: Request, pk: str) -> Response:
        try:
            series = series_for_user(request.user, object_id(pk))
        except Series.DoesNotExist:
            raise NotFound() from None
        series = with_details(Series.objects.filter(pk=series.pk)).get()
        return Response(self.get_serializer(series).data)

    @extend_schema(
        tags=TAGS,
        summary="Preview a series",
        description="Each occurrence's verdict (free, clash, policy), the rules it breaks, its "
        "minutes inside and outside opening hours and whether it needs approval. Nothing is "
        f"booked. At most {MAX_OCCURRENCES} occurrences.",
        request=SeriesPreviewRequestSerializer,
        responses={200: SeriesReportSerializer},
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def preview(self, request: Request) -> Response:
        given = SeriesPreviewRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        report = series_preview(
            booker=request.user, now=timezone.now(), **given.service_arguments()
        )
        return Response(SeriesReportSerializer(report).data)

    @extend_schema(
        tags=TAGS,
        summary="Book a series",
        description="take=free books the free occurrences and reports the others; take=all "
        "books every occurrence or none (409, series_not_free). 409 series_nothing_free when "
        "no occurrence can be booked.",
        request=SeriesCreateRequestSerializer,
        responses={201: SeriesCreatedSerializer},
    )
    def create(self, request: Request) -> Response:
        given = SeriesCreateRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        series, report = series_create(
            booker=request.user, now=timezone.now(), **given.service_arguments()
        )
        series = with_details(Series.objects.filter(pk=series.pk)).get()
        body = {"series": series, "occurrences": report.occurrences}
        return Response(
            SeriesCreatedSerializer(body, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
