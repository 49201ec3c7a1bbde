"""Changing a building's opening hours and its exceptions (closures and special hours).

Only the building's facility managers and municipal administrators may (`can_manage_building`).
Every change is checked by the model (`full_clean`: clean() and the check constraints) before
it is saved, and anything the database still refuses is reported as input, never as a crash.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from facilities.access import can_manage_building
from facilities.models import Building, OpeningException, OpeningHours

NOT_SAVED = _("The change conflicts with the building's other opening hours; nothing was saved.")

# What a change may touch; the building is fixed once created (delete and create to move).
HOURS_FIELDS = frozenset({"weekday", "opens", "closes"})
EXCEPTION_FIELDS = frozenset({"start_date", "end_date", "kind", "opens", "closes", "reason"})


def opening_hours_create(
    *, building: Building, weekday: int, opens: Any, closes: Any, by: User
) -> OpeningHours:
    hours = OpeningHours(building=building, weekday=weekday, opens=opens, closes=closes)
    _save(hours, by=by)
    return hours


def opening_hours_update(*, hours: OpeningHours, changes: dict[str, Any], by: User) -> OpeningHours:
    _apply(hours, changes, HOURS_FIELDS)
    _save(hours, by=by)
    return hours


def opening_hours_delete(*, hours: OpeningHours, by: User) -> None:
    _delete(hours, by=by)


def opening_exception_create(
    *,
    building: Building,
    start_date: Any,
    end_date: Any,
    reason: str,
    kind: str = OpeningException.Kind.CLOSED,
    opens: Any = None,
    closes: Any = None,
    by: User,
) -> OpeningException:
    exception = OpeningException(
        building=building,
        start_date=start_date,
        end_date=end_date,
        kind=kind,
        opens=opens,
        closes=closes,
        reason=reason,
    )
    _save(exception, by=by)
    return exception


def opening_exception_update(
    *, exception: OpeningException, changes: dict[str, Any], by: User
) -> OpeningException:
    _apply(exception, changes, EXCEPTION_FIELDS)
    _save(exception, by=by)
    return exception


def opening_exception_delete(*, exception: OpeningException, by: User) -> None:
    _delete(exception, by=by)


def _apply(instance: OpeningHours | OpeningException, changes: dict, allowed: frozenset) -> None:
    if set(changes) - allowed:
        raise ValueError(f"cannot change {sorted(set(changes) - allowed)}")
    for name, value in changes.items():
        setattr(instance, name, value)


def _lock_managed_building(building_id: int, by: User) -> None:
    # Race: two managers adding overlapping hours (or exceptions) at once would each pass the
    # overlap check in clean(), which no constraint backs. Locking the building row makes
    # changes to one building queue, so the second sees the first's row.
    building = Building.objects.select_for_update().get(pk=building_id)
    if not can_manage_building(by, building):
        raise PermissionDenied


def _save(instance: OpeningHours | OpeningException, *, by: User) -> None:
    try:
        with transaction.atomic():
            _lock_managed_building(instance.building_id, by)
            instance.full_clean()
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(NOT_SAVED, code="not_saved") from exc


def _delete(instance: OpeningHours | OpeningException, *, by: User) -> None:
    with transaction.atomic():
        _lock_managed_building(instance.building_id, by)
        instance.delete()
