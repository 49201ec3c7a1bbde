from django.db.models.signals import post_save
from django.dispatch import receiver

from facilities.models import Space, SpacePolicy


@receiver(post_save, sender=Space)
def give_new_space_a_policy(sender: type[Space], instance: Space, created: bool, **kwargs) -> None:
    """Every space has a policy, so the booking engine never meets a space without rules."""
    if created and not kwargs.get("raw"):
        SpacePolicy.objects.get_or_create(space=instance)
