from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bookings.errors import BookingError
from bookings.lifecycle import booking_approve
from bookings.models import (
    AllocationRound,
    Alternative,
    Application,
    Booking,
    FeedToken,
    PeriodicRun,
    PriorityCategory,
    Series,
    TimelineEntry,
    Wish,
    WishOption,
)
from facilities.access import buildings_managed_by, sees_all_buildings
from facilities.admin import ScopedToManagedBuildings


class ReadOnlyAdmin(admin.ModelAdmin):
    """Bookings change only through the booking services, which keep the rules and the timeline."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ManagedBuildingsReadOnlyAdmin(ReadOnlyAdmin, ScopedToManagedBuildings):
    """Managers read what happens in their buildings; the models carry no permissions for them."""

    building_lookup = "space__building"

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return sees_all_buildings(request.user) or buildings_managed_by(request.user).exists()


class TimelineInline(admin.TabularInline):
    model = TimelineEntry
    fields = ("at", "actor", "from_status", "to_status", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AlternativeInline(TimelineInline):
    model = Alternative
    fields = ("rank", "space", "start", "end")
    readonly_fields = fields


@admin.register(Booking)
class BookingAdmin(ManagedBuildingsReadOnlyAdmin):
    list_display = ("title", "space", "start", "end", "status", "booker_kind", "reply_due_at")
    list_filter = ("status", "booker_kind", ("space__building", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("space__building",)
    search_fields = ("title", "space__name", "association__name", "booker__username")
    date_hierarchy = "start"
    inlines = (TimelineInline, AlternativeInline)
    actions = ("approve_selected",)

    @admin.action(description=_("Approve the selected requests"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Booking]) -> None:
        approved = 0
        for booking in queryset:
            try:
                booking_approve(booking=booking, by=request.user)
            except BookingError as error:
                self.message_user(request, f"{booking}: {error.message}", messages.WARNING)
            else:
                approved += 1
        self.message_user(request, _("%(n)s approved.") % {"n": approved}, messages.SUCCESS)


@admin.register(Series)
class SeriesAdmin(ManagedBuildingsReadOnlyAdmin):
    list_display = ("title", "space", "frequency", "first_start", "until", "count")
    list_filter = ("frequency",)
    list_select_related = ("space__building",)
    search_fields = ("title", "space__name")


@admin.register(FeedToken)
class FeedTokenAdmin(ReadOnlyAdmin):
    """Who has a calendar link and when links were made and stopped; never the token itself.

    Links are made, renewed and revoked by their owners on the subscriptions page.
    """

    list_display = ("kind", "user", "association", "created", "created_by", "revoked_at")
    list_filter = ("kind", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "association", "created_by")
    search_fields = ("user__username", "association__name")
    fields = ("kind", "user", "association", "created", "created_by", "revoked_at")
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return sees_all_buildings(request.user)


class CategoryInline(TimelineInline):
    model = PriorityCategory
    fields = ("position", "default", "name")
    readonly_fields = fields


@admin.register(AllocationRound)
class AllocationRoundAdmin(ReadOnlyAdmin):
    """Rounds are run from their own pages (/rounds/); here administrators can look them up."""

    list_display = ("name", "season_start", "season_end", "applications_close", "published_at")
    search_fields = ("name",)
    inlines = (CategoryInline,)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return sees_all_buildings(request.user)


class OptionInline(TimelineInline):
    model = WishOption
    fields = ("rank", "weekday", "starts", "ends", "space")
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(AllocationRoundAdmin):
    list_display = ("association", "round", "category", "submitted_at")
    list_select_related = ("association", "round", "category")
    list_filter = (("round", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("association__name", "round__name")
    inlines = ()


@admin.register(Wish)
class WishAdmin(AllocationRoundAdmin):
    list_display = ("activity", "application", "attendees", "age_group")
    list_select_related = ("application__association", "application__round")
    search_fields = ("activity", "application__association__name")
    inlines = (OptionInline,)


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    """The periodic jobs' log (bookings.periodic): a run without "finished" is under way, or its
    instance stopped mid-job; a failure's outcome starts with "failed"."""

    list_display = ("job", "slot", "started_at", "finished_at", "outcome", "host")
    list_filter = ("job",)
    date_hierarchy = "slot"
