from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.validators import normalize_org_number, validate_org_number


class Association(models.Model):
    """A club or NGO that borrows rooms, identified by its CVR number."""

    class TargetGroup(models.TextChoices):
        # The order of folkeoplysningsloven §21's priority for vacant premises.
        CHILDREN_YOUTH = "children_youth", _("Children and youth")
        ADULT_EDUCATION = "adult_education", _("Adult education")
        ADULTS = "adults", _("Adults")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        "facilities.Municipality",
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("org. number (CVR)"), max_length=8, unique=True, validators=[validate_org_number]
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, default=TargetGroup.ADULTS
    )
    approved_popular_education = models.BooleanField(
        _("approved under the popular education act"),
        default=False,
        help_text=_("Approved associations borrow vacant premises free of charge."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="facilities.Membership",
        related_name="associations",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(org_number__regex=r"^[0-9]{8}$"),
                name="association_org_number_8_digits",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude: object = None) -> None:
        self.org_number = normalize_org_number(self.org_number)
        super().clean_fields(exclude=exclude)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Administrator")

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("association"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["association", "user"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.association} ({self.get_role_display()})"
