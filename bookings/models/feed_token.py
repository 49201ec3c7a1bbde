from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedToken(models.Model):
    """The secret in a private calendar feed's URL: a person's own feed or an association's.

    Calendar apps cannot log in, so the token in the URL is the only key (product.md, privacy).
    At most one token per owner is active; renewing revokes it and makes a new one, and a
    revoked token opens nothing. Revoked rows stay as a record of when a link stopped working.

    The token is stored as it is, not hashed: the subscriptions page shows the link again (a
    second device, a fellow member), and whoever can read this table can read the bookings the
    link opens anyway. A leaked link or backup is cut off by renewing (docs/architecture.md).
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal feed")
        ASSOCIATION = "association", _("Association feed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feed_tokens",
        verbose_name=_("person"),
    )
    association = models.ForeignKey(
        "facilities.Association",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feed_tokens",
        verbose_name=_("association"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed link")
        verbose_name_plural = _("calendar feed links")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="personal", user__isnull=False, association__isnull=True)
                    | Q(kind="association", user__isnull=True, association__isnull=False)
                ),
                name="feedtoken_owner_matches_kind",
            ),
            # One working link per owner: two renewals at once cannot both leave one behind.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind="personal", revoked_at__isnull=True),
                name="feedtoken_one_active_per_user",
            ),
            models.UniqueConstraint(
                fields=["association"],
                condition=Q(kind="association", revoked_at__isnull=True),
                name="feedtoken_one_active_per_association",
            ),
        ]

    def __str__(self) -> str:
        # Never the token itself: this string reaches logs and the admin.
        owner = self.user if self.kind == self.Kind.PERSONAL else self.association
        return f"{self.get_kind_display()}: {owner}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
