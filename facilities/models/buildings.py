import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MIDNIGHT = dt.time(0, 0)

HOURS_CLOSE_BEFORE_OPEN = _("Closing time must be after opening time (00:00 means midnight).")
HOURS_OVERLAP = _("These opening hours overlap other hours on the same weekday.")
EXCEPTION_END_BEFORE_START = _("The last day cannot be before the first day.")
EXCEPTION_CLOSED_WITH_HOURS = _("A closure has no opening hours; leave the times empty.")
EXCEPTION_SPECIAL_NEEDS_HOURS = _("Special hours need both an opening and a closing time.")
EXCEPTION_OVERLAP = _("Another exception already covers some of these days.")


class Weekday(models.IntegerChoices):
    # Same numbering as date.weekday(), so the service needs no translation table.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def hours_are_valid(opens: dt.time, closes: dt.time) -> bool:
    return closes == MIDNIGHT or closes > opens


def _hours_check(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(closes__gt=F("opens")) | Q(closes=MIDNIGHT) | Q(closes__isnull=True),
        name=f"{prefix}_closes_after_opens",
    )


class Building(models.Model):
    class Kind(models.TextChoices):
        TOWN_HALL = "town_hall", _("Town hall")
        ADMINISTRATIVE = "administrative", _("Administrative building")
        LIBRARY = "library", _("Library")
        SCHOOL = "school", _("School")
        SPORTS_HALL = "sports_hall", _("Sports hall")
        CULTURE_HOUSE = "culture_house", _("Culture house")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        "facilities.Municipality",
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(
        _("postal code"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("A Danish postal code is 4 digits."))],
    )
    city = models.CharField(_("city"), max_length=100)
    area_m2 = models.DecimalField(
        _("gross area (m²)"), max_digits=9, decimal_places=1, validators=[MinValueValidator(0)]
    )
    reply_deadline_days = models.PositiveSmallIntegerField(
        _("reply deadline (working days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Requests not handled within this many working days raise an alarm."),
    )
    description = models.TextField(_("description"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_buildings",
        blank=True,
        verbose_name=_("facility managers"),
    )

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="building_unique_name"),
            models.CheckConstraint(condition=Q(area_m2__gte=0), name="building_area_gte_0"),
            models.CheckConstraint(
                condition=Q(reply_deadline_days__gte=1, reply_deadline_days__lte=30),
                name="building_reply_deadline_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"


class OpeningHours(models.Model):
    """One open interval in the building's weekly pattern; a weekday may have several."""

    building = models.ForeignKey(
        Building,
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name=_("building"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight."))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["building", "weekday", "opens"]
        constraints = [
            _hours_check("openinghours"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="openinghours_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is None or self.closes is None:
            return
        if not hours_are_valid(self.opens, self.closes):
            raise ValidationError({"closes": HOURS_CLOSE_BEFORE_OPEN})
        if self.building_id is None:
            return
        end = self.closes if self.closes != MIDNIGHT else dt.time.max
        overlapping = (
            OpeningHours.objects.filter(
                building_id=self.building_id, weekday=self.weekday, opens__lt=end
            )
            .filter(Q(closes__gt=self.opens) | Q(closes=MIDNIGHT))
            .exclude(pk=self.pk)
        )
        if overlapping.exists():
            raise ValidationError(HOURS_OVERLAP, code="overlap")


class OpeningException(models.Model):
    """A dated departure from the weekly pattern: a closure or special hours, one or more days."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Closed")
        SPECIAL_HOURS = "special_hours", _("Special hours")

    building = models.ForeignKey(
        Building,
        on_delete=models.CASCADE,
        related_name="opening_exceptions",
        verbose_name=_("building"),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLOSED)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, help_text=_("Shown to people booking."))

    class Meta:
        verbose_name = _("opening-hours exception")
        verbose_name_plural = _("opening-hours exceptions")
        ordering = ["building", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="openingexception_dates_ordered"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="closed", opens__isnull=True, closes__isnull=True)
                    | Q(kind="special_hours", opens__isnull=False, closes__isnull=False)
                ),
                name="openingexception_hours_match_kind",
            ),
            _hours_check("openingexception"),
        ]

    def __str__(self) -> str:
        return f"{self.building}: {self.reason} ({self.start_date:%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = EXCEPTION_END_BEFORE_START
        if self.kind == self.Kind.CLOSED and (self.opens or self.closes):
            errors["opens"] = EXCEPTION_CLOSED_WITH_HOURS
        if self.kind == self.Kind.SPECIAL_HOURS:
            if self.opens is None or self.closes is None:
                errors["opens"] = EXCEPTION_SPECIAL_NEEDS_HOURS
            elif not hours_are_valid(self.opens, self.closes):
                errors["closes"] = HOURS_CLOSE_BEFORE_OPEN
        if errors:
            raise ValidationError(errors)
        if self.building_id and self.start_date and self.end_date:
            overlapping = OpeningException.objects.filter(
                building_id=self.building_id,
                start_date__lte=self.end_date,
                end_date__gte=self.start_date,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(EXCEPTION_OVERLAP, code="overlap")
