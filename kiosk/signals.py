from django.db.models.signals import post_save
from django.dispatch import receiver

from facilities.models import Space
from kiosk.codes import door_sign_create


@receiver(post_save, sender=Space)
def give_new_space_a_door_sign(
    sender: type[Space], instance: Space, created: bool, **kwargs
) -> None:
    """Every space has a short code from the start, so its sign can be printed at once."""
    if created and not kwargs.get("raw"):
        door_sign_create(space=instance)
