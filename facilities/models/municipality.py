from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """The owner of every building. One per installation is usual, but nothing assumes it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("municipality code"), max_length=3, blank=True, help_text=_("The 3-digit kommunekode.")
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A municipal department or institution that occupies space in one or more buildings."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        INSTITUTION = "institution", _("Institution")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    buildings = models.ManyToManyField(
        "facilities.Building",
        through="facilities.Occupancy",
        related_name="units",
        verbose_name=_("buildings"),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Occupancy(models.Model):
    """A unit's presence in a building: the co-location fact reports and what-ifs start from."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="occupancies", verbose_name=_("unit")
    )
    building = models.ForeignKey(
        "facilities.Building",
        on_delete=models.CASCADE,
        related_name="occupancies",
        verbose_name=_("building"),
    )
    area_m2 = models.DecimalField(
        _("area (m²)"),
        max_digits=9,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Offices and other area the unit uses itself, besides bookable spaces."),
    )

    class Meta:
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        constraints = [
            models.UniqueConstraint(fields=["unit", "building"], name="occupancy_unique"),
            models.CheckConstraint(condition=models.Q(area_m2__gte=0), name="occupancy_area_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} @ {self.building}"
