from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: a citizen, an association member, a manager or an administrator.

    Roles are not exclusive, so they are not a single field: a facility manager is a user who
    manages buildings (Building.managers), an association member has a Membership.
    """

    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="da",
        help_text=_("The language of the e-mails this person receives."),
    )
    is_municipal_administrator = models.BooleanField(
        _("municipal administrator"),
        default=False,
        help_text=_("Sees and manages every building, report and co-location analysis."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A password reset by e-mail must reach one person: one account per address,
            # whatever its case. Blank stays allowed (staff accounts made in the admin).
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ignoring_case",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
        ]
