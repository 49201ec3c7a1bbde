"""Associations: public organisational facts; contact details for members and administrators."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from facilities.api.fields import StrictFilterSet
from facilities.api.permissions import ReadAnyoneWriteAssociationAdmins
from facilities.associations import (
    CONTACT_FIELDS,
    association_update_contact,
    contact_visibility,
)
from facilities.models import Association

PERSONAL_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


class AssociationSerializer(serializers.ModelSerializer):
    """No member is listed here. The contact person's name, e-mail and phone are personal data:
    null unless the caller is a member of the association or a municipal administrator."""

    # Plain strings on the way out: a blank e-mail or website is "", which no format allows.
    website = serializers.CharField(read_only=True)
    contact_name = serializers.CharField(read_only=True, allow_null=True)
    contact_email = serializers.CharField(read_only=True, allow_null=True)
    contact_phone = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Association
        fields = [
            "id",
            "name",
            "org_number",
            "target_group",
            "approved_popular_education",
            "website",
            *PERSONAL_CONTACT_FIELDS,
        ]
        read_only_fields = fields

    def to_representation(self, association: Association) -> dict:
        data = super().to_representation(association)
        visible = self.context.get("contact_visible")
        if visible is None or not visible(association):
            data.update(dict.fromkeys(PERSONAL_CONTACT_FIELDS))
        return data


class AssociationContactSerializer(serializers.ModelSerializer):
    # null clears them; "" is neither an e-mail nor a URL, so the schema's formats hold.
    contact_email = serializers.EmailField(required=False, allow_null=True, max_length=254)
    website = serializers.URLField(required=False, allow_null=True, max_length=200)

    class Meta:
        model = Association
        fields = list(CONTACT_FIELDS)


class AssociationFilter(StrictFilterSet):
    name = filters.CharFilter(lookup_expr="icontains", label="Part of the name.")

    class Meta:
        model = Association
        fields = ["name", "org_number", "target_group"]


@extend_schema_view(
    list=extend_schema(summary="List associations"),
    retrieve=extend_schema(summary="An association"),
    partial_update=extend_schema(
        summary="Change an association's contact details",
        request=AssociationContactSerializer,
        responses=AssociationSerializer,
    ),
)
@extend_schema(tags=["associations"])
class AssociationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Associations (clubs, NGOs) by name and org. number (CVR). Public to read; the
    association's administrators and municipal administrators change its contact details."""

    queryset = Association.objects.order_by("name", "pk")
    serializer_class = AssociationSerializer
    permission_classes = [ReadAnyoneWriteAssociationAdmins]
    filterset_class = AssociationFilter
    http_method_names = ["get", "patch", "head", "options"]
    lookup_value_regex = "[^/]+"  # "0.5" reaches the view and gets the JSON 404

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None:
            context["contact_visible"] = contact_visibility(self.request.user)
        return context

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        association = self.get_object()
        changes = AssociationContactSerializer(association, data=request.data, partial=True)
        changes.is_valid(raise_exception=True)
        association = association_update_contact(
            association=association,
            by=request.user,
            changes={name: value or "" for name, value in changes.validated_data.items()},
        )
        return Response(self.get_serializer(association).data)
