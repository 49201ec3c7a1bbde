"""Bookings: make one, list and read those one may read, and move them through the lifecycle.

Who may read a booking is bookings.access (not visible: 404); who may act on it is the
lifecycle's (visible but not allowed: 403, code not_permitted; wrong state: 409).
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from bookings import errors, lifecycle
from bookings.access import (
    booker_reader,
    booking_for_user,
    bookings_visible_to,
    can_manage_booking,
)
from bookings.alternatives import Slot, suggest_alternatives
from bookings.api.fields import object_id
from bookings.api.filters import BookingFilter
from bookings.api.refs import ReaderContext
from bookings.api.serializers import (
    BookingCreateSerializer,
    BookingSerializer,
    ReasonSerializer,
    RefuseSerializer,
    SuggestionsSerializer,
)
from bookings.errors import BookingError
from bookings.models import Alternative, Booking, TimelineEntry
from bookings.services import booking_create

TAGS = ["bookings"]


def with_details(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """Everything BookingSerializer reads, in a fixed number of queries for any page."""
    return bookings.select_related(
        "space__building", "booker", "association", "unit"
    ).prefetch_related(
        Prefetch("timeline", queryset=TimelineEntry.objects.select_related("actor")),
        Prefetch("alternatives", queryset=Alternative.objects.select_related("space__building")),
    )


def as_made(booking: Booking) -> Booking:
    """The booking booking_create returned, ready for BookingSerializer without reading it
    back: the service holds the space and building it checked, the booker and the parties.
    Only its timeline is read (its one entry, made by the booker); a new booking has no
    alternatives, since only a refusal offers them."""
    timeline = list(booking.timeline.all())
    for entry in timeline:
        if entry.actor_id == booking.booker_id:
            entry.actor = booking.booker
    _as_prefetched(booking, "timeline", timeline)
    _as_prefetched(booking, "alternatives", [])
    return booking


def _as_prefetched(booking: Booking, name: str, rows: list) -> None:
    """booking.<name>.all() gives `rows` with no query, as after prefetch_related: the same
    cache Django's prefetching fills (prefetch_one_level)."""
    queryset = getattr(booking, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(booking, "_prefetched_objects_cache"):
        booking._prefetched_objects_cache = {}
    booking._prefetched_objects_cache[name] = queryset


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="Bookings I may read",
        description="My own bookings, my associations' (as their admin) and those in the "
        "buildings I manage (all, for administrators); narrow with scope and the filters. "
        "from/to keep the bookings that overlap the period.",
    ),
    retrieve=extend_schema(
        tags=TAGS,
        summary="One booking",
        description="With its timeline and, after a refusal, the alternatives offered. A "
        "booking one may not read is 404.",
    ),
)
class BookingViewSet(ReaderContext, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = BookingSerializer
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404
    filterset_class = BookingFilter
    may_conflict = True  # a clash with another booking, or a state that forbids the action

    def get_queryset(self) -> QuerySet[Booking]:
        return with_details(bookings_visible_to(self.request.user)).order_by("start", "pk")

    def get_object(self) -> Booking:
        try:
            return booking_for_user(self.request.user, object_id(self.kwargs["pk"]))
        except Booking.DoesNotExist:
            raise NotFound() from None

    def answer(self, booking: Booking, code: int = status.HTTP_200_OK) -> Response:
        booking = with_details(Booking.objects.filter(pk=booking.pk)).get()
        return Response(self.get_serializer(booking).data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.answer(self.get_object())

    @extend_schema(
        tags=TAGS,
        summary="Book a space",
        description="Confirmed at once, or requested when the space's policy needs approval. "
        "Every broken rule is reported at once (400, `errors`); a clash is 409; booking for "
        "an association one is not a member of is 403.",
        request=BookingCreateSerializer,
        responses={201: BookingSerializer},
    )
    def create(self, request: Request) -> Response:
        given = BookingCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        booking = booking_create(booker=request.user, **given.validated_data)
        self.reader = booker_reader(request.user)  # the answer's one booking is theirs
        return Response(self.get_serializer(as_made(booking)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Cancel a booking",
        description="The booker, the association's admins and the building's managers may "
        "cancel a requested or confirmed booking; a manager cancelling someone else's booking "
        "gives a reason.",
        request=ReasonSerializer,
        responses={200: BookingSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        booking = self.get_object()
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self.answer(
            lifecycle.booking_cancel(booking=booking, by=request.user, **given.validated_data)
        )

    @extend_schema(
        tags=TAGS,
        summary="Approve a request",
        description="For the building's managers and administrators.",
        request=None,
        responses={200: BookingSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        booking = self.get_object()
        return self.answer(lifecycle.booking_approve(booking=booking, by=request.user))

    @extend_schema(
        tags=TAGS,
        summary="Refuse a request",
        description="For the building's managers and administrators: a reason, and up to 3 "
        "alternatives (free slots) to offer; left out, the best ones are suggested.",
        request=RefuseSerializer,
        responses={200: BookingSerializer},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        booking = self.get_object()
        given = RefuseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        chosen = given.validated_data.get("alternatives")
        slots = None if chosen is None else [Slot(**slot) for slot in chosen]
        return self.answer(
            lifecycle.booking_refuse(
                booking=booking,
                by=request.user,
                reason=given.validated_data["reason"],
                alternatives=slots,
            )
        )

    @extend_schema(
        tags=TAGS,
        summary="Alternatives to offer",
        description="What a refusal would offer if the manager chose none: the same space at "
        "the nearest free times, and similar free spaces at the time. For the building's "
        "managers and administrators.",
        responses={200: SuggestionsSerializer},
    )
    @action(detail=True, methods=["get"], url_path="suggested-alternatives", filter_backends=[])
    def suggested_alternatives(self, request: Request, pk: str) -> Response:
        booking = self.get_object()
        if not can_manage_booking(request.user, booking):
            raise BookingError(errors.NOT_PERMITTED, code="not_permitted")
        slots = suggest_alternatives(booking, now=timezone.now())
        return Response(SuggestionsSerializer({"alternatives": slots}).data)
