from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from facilities.access import buildings_managed_by, sees_all_buildings
from facilities.models import (
    Amenity,
    Association,
    Building,
    Membership,
    Municipality,
    Occupancy,
    OpeningException,
    OpeningHours,
    Space,
    SpacePolicy,
    Unit,
)

ONLY_MANAGED = admin.RelatedOnlyFieldListFilter  # filter choices from the scoped queryset only
TIME_WITHOUT_SECONDS = {models.TimeField: {"widget": widgets.AdminTimeWidget(format="%H:%M")}}


class ScopedToManagedBuildings(admin.ModelAdmin):
    """A facility manager sees and edits only the buildings they manage, and what is in them."""

    building_lookup = "building"
    formfield_overrides = TIME_WITHOUT_SECONDS

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if sees_all_buildings(request.user):
            return queryset
        managed = buildings_managed_by(request.user)
        if not self.building_lookup:
            return queryset.filter(pk__in=managed)
        return queryset.filter(**{f"{self.building_lookup}__in": managed})

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "building" and not sees_all_buildings(request.user):
            kwargs["queryset"] = buildings_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    formfield_overrides = TIME_WITHOUT_SECONDS


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0
    fields = ("start_date", "end_date", "kind", "opens", "closes", "reason")
    formfield_overrides = TIME_WITHOUT_SECONDS


class OccupancyInline(admin.TabularInline):
    model = Occupancy
    extra = 0
    autocomplete_fields = ("unit",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


def door_signs_url(building: Building) -> str:
    """The kiosk's PDF of the building's door signs (by URL name: facilities imports no kiosk)."""
    try:
        return reverse("kiosk:building_signs", args=[building.pk])
    except NoReverseMatch:
        return ""


@admin.register(Building)
class BuildingAdmin(ScopedToManagedBuildings):
    building_lookup = ""
    list_display = (
        "name",
        "kind",
        "street_address",
        "city",
        "area_m2",
        "space_count",
        "door_signs",
    )
    list_filter = ("kind", "city", "municipality")
    search_fields = ("name", "street_address", "city")
    filter_horizontal = ("managers",)
    inlines = (OpeningHoursInline, OpeningExceptionInline, OccupancyInline)
    actions = ("download_door_signs",)

    def get_readonly_fields(self, request: HttpRequest, obj: Building | None = None) -> tuple:
        # Who manages a building is the administration's decision, not the manager's own.
        if sees_all_buildings(request.user):
            return ("door_signs",)
        return ("municipality", "managers", "door_signs")

    @admin.display(description=_("door signs (PDF)"))
    def door_signs(self, building: Building) -> str:
        url = door_signs_url(building) if building.pk else ""
        if not url:
            return "–"
        return format_html('<a href="{}">A5</a> · <a href="{}?size=a4">A4</a>', url, url)

    @admin.action(description=_("Download door signs (PDF)"))
    def download_door_signs(self, request: HttpRequest, queryset: QuerySet):
        buildings = list(queryset[:2])
        if len(buildings) != 1 or not door_signs_url(buildings[0]):
            self.message_user(
                request,
                _("Choose one building at a time to download its door signs."),
                messages.WARNING,
            )
            return None
        return HttpResponseRedirect(door_signs_url(buildings[0]))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(space_total=Count("spaces"))

    @admin.display(description=_("spaces"), ordering="space_total")
    def space_count(self, building: Building) -> int:
        return building.space_total


class SpacePolicyInline(admin.StackedInline):
    model = SpacePolicy
    can_delete = False


@admin.register(Space)
class SpaceAdmin(ScopedToManagedBuildings):
    list_display = ("name", "building", "kind", "capacity", "area_m2", "floor", "bookable")
    list_filter = (
        ("building", ONLY_MANAGED),
        "kind",
        "bookable",
        "step_free_access",
        "hearing_loop",
        "accessible_toilet",
        "amenities",
        "policy__approval",
    )
    list_select_related = ("building",)
    search_fields = ("name", "building__name", "description")
    filter_horizontal = ("amenities",)
    autocomplete_fields = ("host_unit",)
    inlines = (SpacePolicyInline,)


@admin.register(SpacePolicy)
class SpacePolicyAdmin(ScopedToManagedBuildings):
    building_lookup = "space__building"
    list_display = (
        "space",
        "approval",
        "bookable_by_associations",
        "bookable_by_citizens",
        "bookable_by_units",
        "outside_hours_allowed",
        "check_in_required",
    )
    list_filter = (
        "approval",
        "bookable_by_associations",
        "bookable_by_citizens",
        "outside_hours_allowed",
        "check_in_required",
        ("space__building", ONLY_MANAGED),
    )
    list_select_related = ("space__building",)
    search_fields = ("space__name", "space__building__name")

    # Every space gets its policy when it is created and keeps it until it is deleted.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SpacePolicy | None = None) -> bool:
        return False


@admin.register(OpeningHours)
class OpeningHoursAdmin(ScopedToManagedBuildings):
    list_display = ("building", "weekday", "opens", "closes")
    list_filter = ("weekday", ("building", ONLY_MANAGED))
    list_select_related = ("building",)
    search_fields = ("building__name",)


@admin.register(OpeningException)
class OpeningExceptionAdmin(ScopedToManagedBuildings):
    list_display = ("building", "start_date", "end_date", "kind", "opens", "closes", "reason")
    list_filter = ("kind", ("building", ONLY_MANAGED))
    list_select_related = ("building",)
    date_hierarchy = "start_date"
    search_fields = ("reason", "building__name")


@admin.register(Occupancy)
class OccupancyAdmin(ScopedToManagedBuildings):
    list_display = ("unit", "building", "area_m2")
    list_filter = (("building", ONLY_MANAGED),)
    list_select_related = ("unit", "building")
    search_fields = ("unit__name", "building__name")


@admin.register(Amenity)
class AmenityAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality")
    list_filter = ("kind", "municipality")
    search_fields = ("name",)
    inlines = (OccupancyInline,)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ("name", "org_number", "target_group", "approved_popular_education")
    list_filter = ("target_group", "approved_popular_education", "municipality")
    search_fields = ("name", "org_number", "contact_name", "contact_email")
    inlines = (MembershipInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("association", "user", "role", "created")
    list_filter = ("role",)
    list_select_related = ("association", "user")
    search_fields = ("association__name", "user__username", "user__email")
    autocomplete_fields = ("association", "user")
