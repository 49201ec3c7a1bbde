"""/me/: who is logged in, their associations and the buildings they manage."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from facilities.access import buildings_managed_by
from facilities.models import Membership


class OwnMembershipSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="association.name", help_text="The association's name.")

    class Meta:
        model = Membership
        fields = ["id", "association", "name", "role"]


class MeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name")
    email = serializers.CharField(help_text="May be empty.")  # "" is no "email" format
    memberships = OwnMembershipSerializer(many=True)
    managed_buildings = serializers.SerializerMethodField(
        help_text="Ids of the buildings this person manages (all, for an administrator)."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "language",
            "is_municipal_administrator",
            "memberships",
            "managed_buildings",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_managed_buildings(self, user: User) -> list[int]:
        return list(buildings_managed_by(user).order_by("pk").values_list("pk", flat=True))


class MeView(GenericAPIView):
    """The logged-in person: profile, memberships (with role) and managed buildings."""

    serializer_class = MeSerializer

    @extend_schema(tags=["me"], operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        memberships = Membership.objects.select_related("association").order_by("association__name")
        user = User.objects.prefetch_related(Prefetch("memberships", queryset=memberships)).get(
            pk=request.user.pk
        )
        return Response(self.get_serializer(user).data)
