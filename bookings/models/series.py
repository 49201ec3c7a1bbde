from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import BookerKind


class Series(models.Model):
    """A recurring booking: an RFC 5545 rule with exception dates. It owns its occurrences."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every second week")
        MONTHLY = "monthly", _("Every month")

    space = models.ForeignKey(
        "facilities.Space", on_delete=models.PROTECT, related_name="series", verbose_name=_("space")
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="series",
        verbose_name=_("booker"),
    )
    booker_kind = models.CharField(_("booked as"), max_length=12, choices=BookerKind.choices)
    association = models.ForeignKey(
        "facilities.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series",
        verbose_name=_("association"),
    )
    unit = models.ForeignKey(
        "facilities.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), default=1)
    public = models.BooleanField(_("public"), default=False)
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices)
    # The first occurrence's local start; later ones keep its wall-clock time across DST.
    first_start = models.DateTimeField(_("first start"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("number of occurrences"), null=True, blank=True)
    exception_dates = models.JSONField(_("exception dates"), default=list, blank=True)
    rrule = models.CharField(_("RFC 5545 rule"), max_length=200)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(until__isnull=False) & Q(count__isnull=True))
                | (Q(until__isnull=True) & Q(count__isnull=False)),
                name="series_until_xor_count",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_frequency_display()})"
