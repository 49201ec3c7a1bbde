"""Bookings in and out of the API. What a reader sees of a booking is decided by
bookings.access.booking_disclosure; these serializers only ask it."""

import copy
import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from bookings.access import Disclosure, Reader, booking_disclosure
from bookings.alternatives import MAX_ALTERNATIVES
from bookings.api.fields import AwareDateTimeField
from bookings.api.refs import ObjectField, PartySerializer, SpaceRefSerializer
from bookings.models import Alternative, BookerKind, Booking, BookingStatus, TimelineEntry
from facilities.models import Association, Space, Unit

MAX_BOOKING_DAYS = 31  # an input bound only: each space's policy sets the real maximum
MAX_ATTENDEES = 100_000
BOOKING_TOO_LONG = _("A booking can last at most %(days)s days.")


def display_name(user: User | None) -> str | None:
    return None if user is None else (user.get_full_name() or user.get_username())


class FieldsOnce:
    """A ModelSerializer that works its fields out from the model once per class. DRF does
    it for every instance (a third of rendering a booking), and BookingSerializer makes one
    timeline serializer per booking; each instance still gets its own copies of the fields,
    as DRF gives it of declared ones."""

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        if "_fields_once" not in cls.__dict__:
            cls._fields_once = super().get_fields()
        return copy.deepcopy(cls._fields_once)


class TimelineEntrySerializer(FieldsOnce, serializers.ModelSerializer):
    from_status = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField(
        help_text="Who acted; null when the system did (or the reader may not see names)."
    )

    class Meta:
        model = TimelineEntry
        fields = ["at", "from_status", "to_status", "actor_name", "reason"]

    @extend_schema_field(serializers.ChoiceField(choices=BookingStatus.choices, allow_null=True))
    def get_from_status(self, entry: TimelineEntry) -> str | None:
        return entry.from_status or None  # the booking's creation came from nothing

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor_name(self, entry: TimelineEntry) -> str | None:
        return display_name(entry.actor) if self.context["disclosure"].people else None


class AlternativeSerializer(FieldsOnce, serializers.ModelSerializer):
    space = SpaceRefSerializer()

    class Meta:
        model = Alternative
        fields = ["space", "start", "end"]


class BookingSerializer(FieldsOnce, serializers.ModelSerializer):
    """A booking as one reader may see it: codes for the booker only, names for those with a
    part in it (bookings.access.booking_disclosure)."""

    space = SpaceRefSerializer()
    association = PartySerializer(allow_null=True)
    unit = PartySerializer(allow_null=True)
    booker_name = serializers.SerializerMethodField()
    responsible_name = serializers.SerializerMethodField()
    responsible_phone = serializers.SerializerMethodField()
    access_code = serializers.SerializerMethodField(
        help_text="For entry outside opening hours; shown to the booker only, null otherwise."
    )
    check_in_code = serializers.SerializerMethodField(
        help_text="Typed at the door to check in; shown to the booker only."
    )
    timeline = serializers.SerializerMethodField(
        help_text="Every transition, oldest first: when, who, from, to, why."
    )
    alternatives = AlternativeSerializer(
        many=True, help_text="What a refusal offered instead, best first."
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "space",
            "series",
            "start",
            "end",
            "status",
            "booker_kind",
            "booker_name",
            "association",
            "unit",
            "title",
            "description",
            "attendees",
            "public",
            "responsible_name",
            "responsible_phone",
            "access_code",
            "check_in_code",
            "minutes_inside",
            "minutes_outside",
            "reply_due_at",
            "created",
            "updated",
            "timeline",
            "alternatives",
        ]

    def _disclosure(self, booking: Booking) -> Disclosure:
        reader: Reader = self.context["reader"]
        return booking_disclosure(reader, booking)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_booker_name(self, booking: Booking) -> str | None:
        return display_name(booking.booker) if self._disclosure(booking).people else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_responsible_name(self, booking: Booking) -> str | None:
        return booking.responsible_name if self._disclosure(booking).people else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_responsible_phone(self, booking: Booking) -> str | None:
        return booking.responsible_phone if self._disclosure(booking).people else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_access_code(self, booking: Booking) -> str | None:
        return (booking.access_code or None) if self._disclosure(booking).codes else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_check_in_code(self, booking: Booking) -> str | None:
        return (booking.check_in_code or None) if self._disclosure(booking).codes else None

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, booking: Booking) -> list[dict]:
        context = {**self.context, "disclosure": self._disclosure(booking)}
        return TimelineEntrySerializer(booking.timeline.all(), many=True, context=context).data


class BookingCreateSerializer(serializers.Serializer):
    """What booking_create needs; the rules themselves are the service's (400/403/409)."""

    space = ObjectField(queryset=Space.objects.all())
    start = AwareDateTimeField(help_text="ISO 8601 with an offset.")
    end = AwareDateTimeField(help_text="ISO 8601 with an offset.")
    title = serializers.CharField(max_length=200)
    booker_kind = serializers.ChoiceField(choices=BookerKind.choices, default=BookerKind.CITIZEN)
    association = ObjectField(
        queryset=Association.objects.all(),
        required=False,
        allow_null=True,
        help_text="The association booked for, when booker_kind is association.",
    )
    unit = ObjectField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text="The municipal unit booked for, when booker_kind is unit.",
    )
    attendees = serializers.IntegerField(min_value=1, max_value=MAX_ATTENDEES, default=1)
    description = serializers.CharField(allow_blank=True, max_length=5000, default="")
    public = serializers.BooleanField(
        default=False, help_text="Show the association's name and the title on the door."
    )
    responsible_name = serializers.CharField(allow_blank=True, max_length=200, default="")
    responsible_phone = serializers.CharField(allow_blank=True, max_length=32, default="")

    def validate(self, attrs: dict) -> dict:
        # Bounded so no service walks a huge range day by day; the policy's own maximum
        # (at most a day) is reported with every other rule the booking breaks.
        if attrs["end"] - attrs["start"] > dt.timedelta(days=MAX_BOOKING_DAYS):
            raise serializers.ValidationError(
                {"end": [BOOKING_TOO_LONG % {"days": MAX_BOOKING_DAYS}]}
            )
        return attrs


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True,
        max_length=2000,
        default="",
        help_text="Why; the booker sees it. A manager cancelling someone's booking must give one.",
    )


class SlotSerializer(serializers.Serializer):
    space = ObjectField(queryset=Space.objects.select_related("building"))
    start = AwareDateTimeField()
    end = AwareDateTimeField()


class SlotOutSerializer(serializers.Serializer):
    space = SpaceRefSerializer()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, max_length=2000, default="", help_text="Required; the booker sees it."
    )
    alternatives = SlotSerializer(
        many=True,
        required=False,
        allow_null=True,
        max_length=MAX_ALTERNATIVES,
        help_text=f"Up to {MAX_ALTERNATIVES} free slots to offer instead; left out: suggested "
        "ones; an empty list: none.",
    )


class SuggestionsSerializer(serializers.Serializer):
    alternatives = SlotOutSerializer(many=True)
