"""Public reading, and writing only for whoever the domain's access rules name.

Anonymous writes fail in has_permission, so DRF answers 401 (not 403) to them; the object
check then asks the one helper that decides (`can_manage_building`, `can_manage_association`).
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from facilities.access import can_manage_building
from facilities.associations import can_manage_association


class _ReadAnyoneWriteLoggedIn(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or bool(request.user.is_authenticated)


class ReadAnyoneWriteBuildingManagers(_ReadAnyoneWriteLoggedIn):
    """Anyone reads; the building's facility managers and municipal administrators write."""

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_manage_building(request.user, obj.building)


class ReadAnyoneWriteAssociationAdmins(_ReadAnyoneWriteLoggedIn):
    """Anyone reads; the association's administrators and municipal administrators write."""

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_manage_association(request.user, obj)
