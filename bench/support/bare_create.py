"""The floor for bench/booking_create.py: a bare DRF create on the bookings table, no rules.

A plain ModelSerializer and CreateAPIView on Booking behind the same authentication,
permission and throttle classes as the API (the project's REST_FRAMEWORK defaults): it checks
the fields and saves. No policy, opening hours, overlap check, lock, timeline, e-mail or
disclosure; the blocked time is the booking itself and the status is confirmed. Only
PostgreSQL's own constraints (the no-overlap exclusion among them) still apply, so the
benchmark gives it free slots.

Bench-only: this module is also the URLconf of bench/support/bare_settings.py, the project's
URLs plus BARE_PATH.
"""

from django.urls import path
from rest_framework import generics, serializers

from backend.urls import handler404  # noqa: F401 (a root URLconf's handler)
from backend.urls import urlpatterns as project_urlpatterns
from bookings.models import Booking, BookingStatus

BARE_PATH = "bench/bare-bookings/"  # not under /api/v1/bookings/, so the access log tells apart


class BareBookingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Booking
        fields = [
            "id",
            "space",
            "start",
            "end",
            "status",
            "booker_kind",
            "association",
            "unit",
            "title",
            "description",
            "attendees",
            "public",
            "responsible_name",
            "responsible_phone",
        ]
        read_only_fields = ["id", "status"]


class BareBookingCreate(generics.CreateAPIView):
    serializer_class = BareBookingSerializer
    queryset = Booking.objects.all()

    def perform_create(self, serializer: BareBookingSerializer) -> None:
        serializer.save(
            booker=self.request.user,
            blocked_until=serializer.validated_data["end"],
            status=BookingStatus.CONFIRMED,
        )


urlpatterns = [
    path(BARE_PATH, BareBookingCreate.as_view(), name="bench-bare-booking-create"),
    *project_urlpatterns,
]
