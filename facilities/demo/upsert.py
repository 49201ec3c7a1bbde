"""update_or_create that validates: the seed writes through the same rules as every other write."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def assign_changes(obj: models.Model, values: Mapping[str, Any]) -> bool:
    """Set the fields that differ; tell whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def save_validated(obj: M, *, validate_constraints: bool = True) -> M:
    """full_clean() then save(). `validate_constraints=False` is for bulk rows whose clean()
    already checks what the constraints say: Django checks each constraint with a query."""
    obj.full_clean(validate_constraints=validate_constraints)
    obj.save()
    return obj


def upsert(model: type[M], *, lookup: Mapping[str, Any], values: Mapping[str, Any]) -> M:
    """Find `model` by its natural key `lookup`, create or update it with `values`.

    Like QuerySet.update_or_create, but runs full_clean() before save() (model clean() methods
    hold rules such as a host unit's occupancy), and writes nothing when nothing changed, so a
    second seed run is cheap and leaves rows untouched.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return save_validated(model(**lookup, **values))
    if assign_changes(obj, values):
        save_validated(obj)
    return obj
