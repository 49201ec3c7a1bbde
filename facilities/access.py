"""Who may see or act on which building: the one place that decides it."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User
from facilities.models import Building


def sees_all_buildings(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.is_municipal_administrator))


def buildings_managed_by(user: User | AnonymousUser) -> QuerySet[Building]:
    """Buildings the user manages; every building for a municipal administrator."""
    if sees_all_buildings(user):
        return Building.objects.all()
    if not user.is_authenticated:
        return Building.objects.none()
    return Building.objects.filter(managers=user)


def can_manage_building(user: User | AnonymousUser, building: Building) -> bool:
    return buildings_managed_by(user).filter(pk=building.pk).exists()
