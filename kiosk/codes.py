"""Short codes for door signs: 8 characters from an alphabet without look-alikes.

31 symbols (no 0/O, 1/I/L) give 31⁸ ≈ 8.5 × 10¹¹ codes, so guessing one is hopeless and a
collision among a municipality's few thousand rooms is rare; it is retried anyway.
"""

import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from facilities.models import Space
from kiosk.models import DoorSign

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
ATTEMPTS = 5


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(code: str) -> str:
    """What people type or scan back into the stored form: upper case, no spaces or dashes."""
    return code.strip().replace("-", "").replace(" ", "").upper()


def door_sign_create(*, space: Space) -> DoorSign:
    """The space's door sign, created with a fresh unique code if it has none yet."""
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                sign, _created = DoorSign.objects.get_or_create(
                    space=space, defaults={"code": new_code()}
                )
            return sign
        except IntegrityError:
            continue  # the random code was taken (or a concurrent create won): try again
    return DoorSign.objects.get(space=space)


def door_signs_ensure(spaces: Iterable[Space]) -> dict[int, DoorSign]:
    """Door signs for many spaces, keyed by space id; missing ones are created.

    Spaces should come with `select_related("door_sign")`; then this costs no query unless a
    sign is missing (fixtures loaded raw skip the post_save receiver).
    """
    signs: dict[int, DoorSign] = {}
    for space in spaces:
        try:
            signs[space.pk] = space.door_sign
        except DoorSign.DoesNotExist:
            signs[space.pk] = door_sign_create(space=space)
    return signs
