"""Receivers: a door sign for every new space, and the calendar version moved by what a door
shows besides bookings.

Opening hours and a room's amenities are edited through services, the API and the admin
alike (the admin saves the models directly), so the version is bumped here, on the models'
own signals, in the transaction of the change: the door pages cached under the old version
are then never served again (kiosk/page_cache.py, facilities/calendar_versions.py).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from facilities.calendar_versions import building_calendar_bump, spaces_calendar_bump
from facilities.models import OpeningException, OpeningHours, Space
from kiosk.codes import door_sign_create


@receiver(post_save, sender=Space)
def give_new_space_a_door_sign(
    sender: type[Space], instance: Space, created: bool, **kwargs
) -> None:
    """Every space has a short code from the start, so its sign can be printed at once."""
    if created and not kwargs.get("raw"):
        door_sign_create(space=instance)


@receiver(post_save, sender=OpeningHours)
@receiver(post_delete, sender=OpeningHours)
@receiver(post_save, sender=OpeningException)
@receiver(post_delete, sender=OpeningException)
def hours_changed(sender: type, instance: OpeningHours | OpeningException, **kwargs) -> None:
    """The doors show today's opening hours."""
    if not kwargs.get("raw"):
        building_calendar_bump(building_id=instance.building_id)


@receiver(m2m_changed, sender=Space.amenities.through)
def amenities_changed(
    sender: type, instance: object, action: str, reverse: bool, pk_set: set | None, **kwargs
) -> None:
    """The doors list the room's amenities. From an amenity's side (`reverse`) the spaces
    are `pk_set`, or all of the amenity's when it is cleared (known before, not after)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        spaces_calendar_bump(space_ids=[instance.pk])
    elif action == "pre_clear":
        spaces_calendar_bump(space_ids=instance.spaces.values_list("pk", flat=True))
    else:
        spaces_calendar_bump(space_ids=pk_set or ())
