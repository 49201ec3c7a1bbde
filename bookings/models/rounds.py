"""Seasonal allocation rounds: associations apply for weekly slots; the municipality allocates.

A round covers some spaces for a season. While its window is open, associations apply with
wishes (a weekly slot each, with up to 3 ranked alternatives). After it closes, the allocation
service proposes a result per wish; managers adjust it and publish it as series of bookings.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from facilities.models.buildings import Weekday

MAX_ALTERNATIVES = 3


class AllocationRound(models.Model):
    class Stage(models.TextChoices):
        UPCOMING = "upcoming", _("Not open yet")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed, awaiting allocation")
        PROPOSED = "proposed", _("Allocation proposed")
        PUBLISHING = "publishing", _("Publishing")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=200)
    season_start = models.DateField(_("season starts"))
    season_end = models.DateField(_("season ends"))
    applications_open = models.DateTimeField(_("applications open"))
    applications_close = models.DateTimeField(_("applications close"))
    buildings = models.ManyToManyField(
        "facilities.Building", related_name="allocation_rounds", verbose_name=_("buildings")
    )
    # Empty: every bookable space of the buildings.
    spaces = models.ManyToManyField(
        "facilities.Space",
        related_name="allocation_rounds",
        blank=True,
        verbose_name=_("spaces"),
        help_text=_("Leave empty for every bookable space of the buildings."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    allocated_at = models.DateTimeField(_("allocation proposed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Publishing a large round takes longer than a web request may, so the page only asks for it
    # and the periodic jobs publish it (bookings.rounds.publish.publish_queued_rounds). Asked and
    # not failed nor published: the round is being published. A failure keeps who asked.
    publish_requested_at = models.DateTimeField(_("publishing requested"), null=True, blank=True)
    publish_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publishing requested by"),
    )
    publish_failed_at = models.DateTimeField(_("publishing failed"), null=True, blank=True)
    # What stopped it: {"code": ..., "params": {...}}, read by publish.publish_error_text.
    publish_error = models.JSONField(_("publishing error"), default=dict, blank=True)
    # What publishing did: {"series", "bookings", "missed", "emails"}: the counts shown afterwards.
    publish_summary = models.JSONField(_("publishing summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-season_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(season_end__gte=F("season_start")), name="round_season_ordered"
            ),
            models.CheckConstraint(
                condition=Q(applications_close__gt=F("applications_open")),
                name="round_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def stage(self, now: dt.datetime) -> "AllocationRound.Stage":
        if self.published_at:
            return self.Stage.PUBLISHED
        if self.allocated_at and self.publish_requested_at and not self.publish_failed_at:
            return self.Stage.PUBLISHING
        if self.allocated_at:
            return self.Stage.PROPOSED
        if now < self.applications_open:
            return self.Stage.UPCOMING
        if now < self.applications_close:
            return self.Stage.OPEN
        return self.Stage.CLOSED


class PriorityCategory(models.Model):
    """A published priority group; position 1 is served first (folkeoplysningsloven §21–22)."""

    class Default(models.TextChoices):
        CHILDREN_AND_YOUTH = "children_youth", _("Children and youth associations")
        ADULTS = "adults", _("Adult associations")
        OTHER = "other", _("Other associations")

    round = models.ForeignKey(
        AllocationRound,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("round"),
    )
    position = models.PositiveSmallIntegerField(_("priority"))
    # A default category is named in the reader's language; a round's own category by `name`.
    default = models.CharField(_("default category"), max_length=20, choices=Default, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("priority category")
        verbose_name_plural = _("priority categories")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="category_unique_position"),
            models.CheckConstraint(condition=~Q(default="") | ~Q(name=""), name="category_named"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(self.Default(self.default).label)


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (under 13)")
    YOUTH = "youth", _("Youth (13–24)")
    ADULTS = "adults", _("Adults (25–64)")
    SENIORS = "seniors", _("Seniors (65+)")
    MIXED = "mixed", _("Mixed ages")


class Application(models.Model):
    """One association's application in a round; editable until the window closes."""

    round = models.ForeignKey(
        AllocationRound,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("round"),
    )
    association = models.ForeignKey(
        "facilities.Association",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("association"),
    )
    category = models.ForeignKey(
        PriorityCategory,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("priority category"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # The tie-break "earliest application" reads this; editing does not move it.
    submitted_at = models.DateTimeField(_("submitted"))
    updated_at = models.DateTimeField(_("last changed"))
    responsible_name = models.CharField(_("responsible adult"), max_length=200, blank=True)
    responsible_phone = models.CharField(_("responsible adult's phone"), max_length=32, blank=True)
    note = models.TextField(_("note to the municipality"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "association"], name="application_one_per_association"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} – {self.round}"


class Wish(models.Model):
    """A wanted weekly slot: what it is for and who comes; its options say when and where."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("application")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    activity = models.CharField(_("activity"), max_length=200)
    attendees = models.PositiveIntegerField(_("attendees"))
    age_group = models.CharField(_("age group"), max_length=12, choices=AgeGroup)
    # Used for options that name no space: any space of this kind (any kind when blank) in the
    # round with room for the attendees and these amenities.
    space_kind = models.CharField(_("kind of space"), max_length=20, blank=True)
    amenities = models.ManyToManyField(
        "facilities.Amenity", related_name="+", blank=True, verbose_name=_("amenities needed")
    )

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="wish_unique_order"),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="wish_attendees_gte_1"),
        ]

    def __str__(self) -> str:
        return self.activity


class WishOption(models.Model):
    """When and where a wish could be met: rank 0 is the first choice, 1–3 the alternatives."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="options")
    rank = models.PositiveSmallIntegerField(_("rank"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    space = models.ForeignKey(
        "facilities.Space",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("space"),
        help_text=_("Leave empty for any suitable space."),
    )

    class Meta:
        verbose_name = _("wish option")
        verbose_name_plural = _("wish options")
        ordering = ["wish", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["wish", "rank"], name="option_unique_rank"),
            models.CheckConstraint(
                condition=Q(rank__lte=MAX_ALTERNATIVES), name="option_at_most_3_alternatives"
            ),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="option_ends_after"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="option_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class WishResult(models.Model):
    """The allocation's answer to one wish: a slot, or a reason why not. Managers may move or
    remove a slot before publishing; publishing links the slot to its series of bookings."""

    class Outcome(models.TextChoices):
        ALLOCATED = "allocated", _("Allocated")
        NOT_ALLOCATED = "not_allocated", _("Not allocated")

    wish = models.OneToOneField(
        Wish, on_delete=models.CASCADE, related_name="result", verbose_name=_("wish")
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome)
    option = models.ForeignKey(
        WishOption, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    space = models.ForeignKey(
        "facilities.Space", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    starts = models.TimeField(_("starts"), null=True, blank=True)
    ends = models.TimeField(_("ends"), null=True, blank=True)
    # Why the wish, or each option that was not given, was not met: a list of
    # {"rank": int, "code": str, "params": {...}}, read by bookings/rounds/reasons.py.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    changed_by_manager = models.BooleanField(_("changed by a manager"), default=False)
    manager_note = models.CharField(_("manager's note"), max_length=500, blank=True)
    series = models.ForeignKey(
        "bookings.Series", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("wish result")
        verbose_name_plural = _("wish results")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        outcome="allocated",
                        space__isnull=False,
                        weekday__isnull=False,
                        starts__isnull=False,
                        ends__isnull=False,
                    )
                    | Q(outcome="not_allocated", space__isnull=True)
                ),
                name="result_slot_matches_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wish}: {self.get_outcome_display()}"
