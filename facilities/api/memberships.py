"""Memberships: who belongs to which association, with which role.

Listed for whom they concern: one's own, all of the associations one administers, everything
for municipal administrators; others are 404. The rules are facilities/memberships.py's.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from facilities.api.fields import StrictFilterSet
from facilities.memberships import (
    MembershipConflict,
    membership_add,
    membership_change_role,
    membership_remove,
    memberships_visible_to,
)
from facilities.models import Association, Membership


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class MembershipSerializer(serializers.ModelSerializer):
    association_name = serializers.CharField(source="association.name", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "association",
            "association_name",
            "user",
            "username",
            "full_name",
            "role",
            "created",
        ]
        read_only_fields = fields


class MembershipAddSerializer(serializers.Serializer):
    association = serializers.PrimaryKeyRelatedField(queryset=Association.objects.all())
    user = serializers.CharField(max_length=254, help_text="The person's username or e-mail.")
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MembershipFilter(StrictFilterSet):
    class Meta:
        model = Membership
        fields = ["association", "role"]


@extend_schema_view(
    list=extend_schema(summary="List the memberships you may see"),
    retrieve=extend_schema(summary="A membership"),
    create=extend_schema(
        summary="Add a person to an association",
        request=MembershipAddSerializer,
        responses={201: MembershipSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a member's role",
        request=MembershipRoleSerializer,
        responses=MembershipSerializer,
    ),
    destroy=extend_schema(summary="Remove a member, or leave an association"),
)
@extend_schema(tags=["associations"])
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members of associations and their roles. The association's administrators and municipal
    administrators add members, change roles and remove members; a member may leave. The last
    administrator can be neither demoted nor removed (409, code `last_admin`)."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    may_conflict = True
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404

    def get_queryset(self):
        return (
            memberships_visible_to(self.request.user)
            .select_related("association", "user")
            .order_by("association__name", "user__username", "pk")
        )

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, MembershipConflict):
            exc = Conflict(exc.message, code=exc.code)
        return super().handle_exception(exc)

    def create(self, request: Request, *args, **kwargs) -> Response:
        given = MembershipAddSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        membership = membership_add(
            association=given.validated_data["association"],
            username_or_email=given.validated_data["user"],
            role=given.validated_data["role"],
            by=request.user,
        )
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        membership = self.get_object()
        given = MembershipRoleSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        if "role" in given.validated_data:
            membership = membership_change_role(
                membership=membership, role=given.validated_data["role"], by=request.user
            )
        return Response(self.get_serializer(membership).data)

    def perform_destroy(self, instance: Membership) -> None:
        membership_remove(membership=instance, by=self.request.user)
