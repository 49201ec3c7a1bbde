from django.db import models
from django.utils.translation import gettext_lazy as _


class DoorSign(models.Model):
    """A space's short code: the stable, public part of its kiosk URL (/k/<code>/) and QR code.

    Random rather than derived from the id or the name, so codes cannot be enumerated and a
    renamed room keeps its printed sign.
    """

    space = models.OneToOneField(
        "facilities.Space",
        on_delete=models.CASCADE,
        related_name="door_sign",
        verbose_name=_("space"),
    )
    code = models.CharField(_("short code"), max_length=8, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("door sign")
        verbose_name_plural = _("door signs")

    def __str__(self) -> str:
        return self.code
