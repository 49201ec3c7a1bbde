from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


# These hold the slot; the others free it (product.md, booking lifecycle).
ACTIVE_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class BookerKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    ASSOCIATION = "association", _("Association")
    UNIT = "unit", _("Municipal unit")


class Booking(models.Model):
    """One claim on one space for one time range. Times are UTC."""

    space = models.ForeignKey(
        "facilities.Space",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("space"),
    )
    series = models.ForeignKey(
        "bookings.Series",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # end + the space's buffer when booked. The no-overlap constraint covers [start, blocked_until),
    # so the next booking may start no earlier than the buffer after this one ends.
    blocked_until = models.DateTimeField(_("blocked until"))
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("booker"),
    )
    booker_kind = models.CharField(_("booked as"), max_length=12, choices=BookerKind.choices)
    association = models.ForeignKey(
        "facilities.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("association"),
    )
    unit = models.ForeignKey(
        "facilities.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), default=1)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Show the association's name and the title on the door and in public feeds."),
    )
    responsible_name = models.CharField(_("responsible adult"), max_length=200, blank=True)
    responsible_phone = models.CharField(_("responsible adult's phone"), max_length=32, blank=True)
    access_code = models.CharField(_("access code"), max_length=12, blank=True)
    # Typed at the door (kiosk) to check in without logging in; only ever shown to the booker.
    check_in_code = models.CharField(_("check-in code"), max_length=8, blank=True)
    minutes_inside = models.PositiveIntegerField(_("minutes inside opening hours"), default=0)
    minutes_outside = models.PositiveIntegerField(_("minutes outside opening hours"), default=0)
    reply_due_at = models.DateTimeField(_("reply due"), null=True, blank=True)
    deadline_alarm_sent_at = models.DateTimeField(_("deadline alarm sent"), null=True, blank=True)
    # Grows on every change of time or status, so calendar clients notice (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["space", "start"], name="booking_space_start"),
            models.Index(fields=["status", "reply_due_at"], name="booking_status_due"),
            models.Index(fields=["booker", "start"], name="booking_booker_start"),
            models.Index(fields=["association", "start"], name="booking_association_start"),
            # The periodic jobs' own reads (bookings.periodic), so that each run reads only what
            # it may act on, not every past booking: the confirmed bookings of rooms that ask for
            # check-in (no-show release), the requests not yet alarmed (deadline alarms).
            models.Index(
                fields=["space", "start"],
                condition=Q(status="confirmed"),
                name="booking_confirmed_space_start",
            ),
            models.Index(
                fields=["reply_due_at"],
                condition=Q(status="requested", deadline_alarm_sent_at__isnull=True),
                name="booking_alarm_due",
            ),
            # PostgreSQL also has a GiST index on the active bookings' blocked range, for the
            # availability search (range types are PostgreSQL-only): migration 0009.
        ]
        # The no-overlap exclusion constraint is PostgreSQL-only and lives in migration 0003.
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("end")), name="booking_blocked_covers_end"
            ),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="booking_attendees_gte_1"),
            models.CheckConstraint(
                condition=~Q(booker_kind="association") | Q(association__isnull=False),
                name="booking_association_named",
            ),
            models.CheckConstraint(
                condition=~Q(booker_kind="unit") | Q(unit__isnull=False),
                name="booking_unit_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)
