from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

HOST_UNIT_NOT_IN_BUILDING = _(
    "The host unit does not occupy this building; add its occupancy first."
)
POLICY_MIN_ABOVE_MAX = _("The minimum duration cannot be longer than the maximum duration.")
POLICY_NOBODY = _("A bookable space must be open to at least one kind of booker.")


class Amenity(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("amenity")
        verbose_name_plural = _("amenities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CalendarVersionField(models.PositiveBigIntegerField):
    """A counter that only facilities/calendar_versions.py moves, with an UPDATE of its own.

    A model save writes the column back as it is in the database (`= calendar_version`), never
    the number the instance was loaded with: an admin renaming a room while someone books it
    would otherwise put the version back to one whose cached pages are out of date.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> object:
        if add:
            return super().pre_save(model_instance, add)
        return F(self.attname)


class Space(models.Model):
    """A bookable room or hall in a building."""

    class Kind(models.TextChoices):
        MEETING_ROOM = "meeting_room", _("Meeting room")
        CLASSROOM = "classroom", _("Classroom")
        ASSEMBLY_HALL = "assembly_hall", _("Assembly hall")
        SPORTS_HALL = "sports_hall", _("Sports hall")
        GYM = "gym", _("Gym")
        KITCHEN = "kitchen", _("Teaching kitchen")
        WORKSHOP = "workshop", _("Workshop")
        MUSIC_ROOM = "music_room", _("Music room")
        AUDITORIUM = "auditorium", _("Auditorium")
        MULTIPURPOSE = "multipurpose", _("Multipurpose room")
        OTHER = "other", _("Other")

    building = models.ForeignKey(
        "facilities.Building",
        on_delete=models.PROTECT,
        related_name="spaces",
        verbose_name=_("building"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveIntegerField(
        _("capacity (people)"), validators=[MinValueValidator(1)]
    )
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=1, validators=[MinValueValidator(1)]
    )
    floor = models.SmallIntegerField(_("floor"), default=0, help_text=_("0 is the ground floor."))
    amenities = models.ManyToManyField(
        Amenity, related_name="spaces", blank=True, verbose_name=_("amenities")
    )
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    host_unit = models.ForeignKey(
        "facilities.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_spaces",
        verbose_name=_("host unit"),
        help_text=_("The unit that has the room as its own and lends it out."),
    )
    bookable = models.BooleanField(_("bookable"), default=True)
    description = models.TextField(_("description"), blank=True)
    # Moves with every change to what the room's door page and calendar feeds show: its
    # bookings and its building's opening hours. Cached pages and feeds are keyed by it.
    calendar_version = CalendarVersionField(_("calendar version"), default=0, editable=False)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["building__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["building", "name"], name="space_unique_name"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="space_capacity_gte_1"),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="space_area_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.building.name})"

    def clean(self) -> None:
        if (
            self.host_unit_id
            and self.building_id
            and not self.host_unit.occupancies.filter(building_id=self.building_id).exists()
        ):
            raise ValidationError({"host_unit": HOST_UNIT_NOT_IN_BUILDING})


class SpacePolicy(models.Model):
    """The rules a booking of this space must meet; the booking engine enforces them."""

    class Approval(models.TextChoices):
        NEVER = "never", _("Never (confirmed at once)")
        ALWAYS = "always", _("Always")
        OUTSIDE_HOURS = "outside_hours", _("Only outside opening hours")

    space = models.OneToOneField(
        Space,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="policy",
        verbose_name=_("space"),
    )
    bookable_by_associations = models.BooleanField(_("associations may book"), default=True)
    bookable_by_citizens = models.BooleanField(_("citizens may book"), default=False)
    bookable_by_units = models.BooleanField(_("municipal units may book"), default=True)
    min_duration_minutes = models.PositiveIntegerField(
        _("minimum duration (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    max_duration_minutes = models.PositiveIntegerField(
        _("maximum duration (minutes)"),
        default=8 * 60,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    min_notice_minutes = models.PositiveIntegerField(
        _("earliest booking: notice (minutes before start)"),
        default=60,
        help_text=_("How long before the start a booking must be made, at the latest."),
    )
    max_advance_days = models.PositiveIntegerField(
        _("latest booking: days ahead"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3 * 365)],
        help_text=_("How far ahead the space can be booked."),
    )
    buffer_minutes = models.PositiveIntegerField(
        _("buffer between bookings (minutes)"),
        default=0,
        validators=[MaxValueValidator(240)],
        help_text=_("Time kept free before and after each booking for cleaning or changeover."),
    )
    approval = models.CharField(
        _("approval"), max_length=20, choices=Approval.choices, default=Approval.OUTSIDE_HOURS
    )
    outside_hours_allowed = models.BooleanField(
        _("use outside opening hours allowed"),
        default=False,
        help_text=_("Needs a named responsible adult with phone; an access code is sent."),
    )
    check_in_required = models.BooleanField(
        _("check-in required"),
        default=False,
        help_text=_("Bookings not checked in are released as no-shows."),
    )

    class Meta:
        verbose_name = _("booking policy")
        verbose_name_plural = _("booking policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_duration_minutes__lte=F("max_duration_minutes")),
                name="spacepolicy_min_lte_max_duration",
            ),
            models.CheckConstraint(
                condition=Q(buffer_minutes__lte=240), name="spacepolicy_buffer_lte_240"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Booking policy for %(space)s") % {"space": self.space})

    def clean(self) -> None:
        if (
            self.min_duration_minutes is not None
            and self.max_duration_minutes is not None
            and self.min_duration_minutes > self.max_duration_minutes
        ):
            raise ValidationError({"min_duration_minutes": POLICY_MIN_ABOVE_MAX})
        if not (
            self.bookable_by_associations or self.bookable_by_citizens or self.bookable_by_units
        ):
            raise ValidationError(POLICY_NOBODY, code="nobody")
