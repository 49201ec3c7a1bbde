from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineEntry(models.Model):
    """One transition of a booking: append-only, so the booker can follow it from start to end."""

    booking = models.ForeignKey(
        "bookings.Booking",
        on_delete=models.CASCADE,
        related_name="timeline",
        verbose_name=_("booking"),
    )
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("Empty when the system acted (e.g. a no-show release)."),
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.from_status or '-'} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Timeline entries are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Timeline entries are append-only and cannot be deleted.")


class Alternative(models.Model):
    """A usable alternative offered with a refusal: another time or another space."""

    booking = models.ForeignKey(
        "bookings.Booking",
        on_delete=models.CASCADE,
        related_name="alternatives",
        verbose_name=_("booking"),
    )
    space = models.ForeignKey(
        "facilities.Space", on_delete=models.CASCADE, related_name="+", verbose_name=_("space")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("alternative")
        verbose_name_plural = _("alternatives")
        ordering = ["booking", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "rank"], name="alternative_unique_rank")
        ]

    def __str__(self) -> str:
        return f"{self.space} {self.start:%Y-%m-%d %H:%M}"
