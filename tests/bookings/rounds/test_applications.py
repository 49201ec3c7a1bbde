"""Applying in a round: who may, when, and every wish checked like a booking, all problems at once
with their field paths. The round world: the window is open 1 March – 1 April 2027; the school
is open Mon–Fri 08–16 and lets its rooms out after hours (with a responsible adult); the hall is
open every day 07–22 and not after hours."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bookings import errors
from bookings.errors import BookingError, PolicyViolations
from bookings.models import AgeGroup, Application, WishOption, WishResult
from bookings.rounds import applications, wish_checks
from bookings.rounds.applications import (
    ApplicationStatus,
    OptionInput,
    WishInput,
    application_save,
    application_status,
    application_withdraw,
)
from bookings.rounds.setup import round_create
from facilities.models import Membership, Space
from tests.bookings.rounds.conftest import (
    AFTER,
    BEFORE,
    DURING,
    SATURDAY,
    SUNDAY,
    TUESDAY,
    WEDNESDAY,
    t,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are read in English; the default language is Danish."""
    with translation.override("en"):
        yield


def option(weekday=TUESDAY, starts="17:00", ends="19:00", space=None):
    return OptionInput(
        weekday=weekday, starts=t(starts), ends=t(ends), space_id=space.pk if space else None
    )


def wish(*options, activity="Fodbold U10", attendees=20, age_group=AgeGroup.CHILDREN, **fields):
    return WishInput(
        activity=activity,
        attendees=attendees,
        age_group=age_group,
        options=list(options) or [option()],
        **fields,
    )


@pytest.fixture
def save(round_world):
    """application_save for the football club by its admin, while the window is open."""
    w = round_world

    def make(wishes, **fields):
        values = {
            "round": w.round,
            "association": w.football,
            "user": w.football_admin,
            "category": w.youth,
            "responsible_name": "Ole Træner",
            "responsible_phone": "20304050",
            "note": "",
            "now": DURING,
        }
        return application_save(wishes=wishes, **{**values, **fields})

    return make


def problems(exc_info):
    return [(p.field, p.code) for p in exc_info.value.violations]


# --- Saving ------------------------------------------------------------------------------------


def test_an_admin_applies_with_wishes_and_ranked_options(save, round_world):
    w = round_world
    application = save(
        [
            wish(
                option(TUESDAY, "17:00", "19:00", w.gym),
                option(WEDNESDAY, "17:00", "19:00", w.gym),
                option(TUESDAY, "18:00", "20:00"),
                activity=" Fodbold U10 ",
                space_kind=Space.Kind.GYM,
                amenity_ids=(w.sports_floor.pk,),
            ),
            wish(option(SATURDAY, "10:00", "12:00", w.small_hall), age_group=AgeGroup.YOUTH),
        ],
        note="Gerne samme sal som sidste år.",
    )

    assert application.submitted_at == DURING
    assert application.updated_at == DURING
    assert application.submitted_by == w.football_admin
    assert application.category == w.youth
    assert application.note == "Gerne samme sal som sidste år."
    first, second = application.wishes.order_by("position")
    assert (first.position, first.activity, first.attendees, first.space_kind) == (
        1,
        "Fodbold U10",
        20,
        "gym",
    )
    assert list(first.amenities.all()) == [w.sports_floor]
    assert [(o.rank, o.weekday, o.starts, o.ends, o.space) for o in first.options.all()] == [
        (0, TUESDAY, t("17:00"), t("19:00"), w.gym),
        (1, WEDNESDAY, t("17:00"), t("19:00"), w.gym),
        (2, TUESDAY, t("18:00"), t("20:00"), None),
    ]
    assert (second.position, second.age_group) == (2, AgeGroup.YOUTH)


def test_saving_again_replaces_the_wishes_and_keeps_when_and_by_whom_it_was_submitted(
    save, round_world
):
    w = round_world
    second_admin = w.fitness_admin
    Membership.objects.create(association=w.football, user=second_admin, role=Membership.Role.ADMIN)
    first = save([wish(), wish(activity="Fodbold U12")])
    later = DURING + dt.timedelta(days=3)

    again = save(
        [wish(option(WEDNESDAY, "16:00", "17:30"), activity="Fodbold U8")],
        user=second_admin,
        category=w.other,
        now=later,
    )

    assert again.pk == first.pk
    assert Application.objects.count() == 1
    assert (again.submitted_at, again.submitted_by) == (DURING, w.football_admin)
    assert again.updated_at == later
    assert again.category == w.other
    assert [x.activity for x in again.wishes.all()] == ["Fodbold U8"]
    assert WishOption.objects.count() == 1


def test_the_query_count_does_not_grow_with_the_wishes(save, round_world):
    w = round_world

    def wishes(n):
        return [wish(option(TUESDAY, "17:00", "19:00", w.gym)) for _ in range(n)]

    with CaptureQueriesContext(connection) as one:
        save(wishes(1))
    with CaptureQueriesContext(connection) as ten:
        save(wishes(10), association=w.fitness, user=w.fitness_admin)
    with CaptureQueriesContext(connection) as again:
        save(wishes(10))

    assert len(ten) == len(one)
    assert len(again) <= len(one) + 6  # the old wishes, options and amenities deleted


# --- Who and when ------------------------------------------------------------------------------


def test_a_member_who_is_not_admin_cannot_apply(save, round_world):
    w = round_world
    Membership.objects.create(association=w.football, user=w.chess_admin)

    with pytest.raises(BookingError) as exc_info:
        save([wish()], user=w.chess_admin)

    assert exc_info.value.code == "not_association_admin"
    assert exc_info.value.message == str(applications.NOT_ASSOCIATION_ADMIN)
    assert not Application.objects.exists()


def test_the_admin_of_another_association_cannot_apply_for_this_one(save, round_world):
    with pytest.raises(BookingError) as exc_info:
        save([wish()], user=round_world.fitness_admin)

    assert exc_info.value.code == "not_association_admin"


def test_before_the_window_opens_nothing_is_taken(save):
    with pytest.raises(BookingError) as exc_info:
        save([wish()], now=BEFORE)

    assert exc_info.value.code == "round_not_open"
    assert exc_info.value.message == "This round does not take applications yet."
    assert not Application.objects.exists()


def test_editing_after_the_window_closes_is_refused(save, round_world):
    save([wish()])

    with pytest.raises(BookingError) as exc_info:
        save([wish(activity="Noget andet")], now=AFTER)

    assert exc_info.value.code == "round_closed"
    assert exc_info.value.message == (
        "The application window has closed; the application can no longer be changed."
    )
    assert [x.activity for x in Application.objects.get().wishes.all()] == ["Fodbold U10"]


def test_the_window_closes_at_its_closing_time_exactly(save, round_world):
    with pytest.raises(BookingError) as exc_info:
        save([wish()], now=round_world.round.applications_close)

    assert exc_info.value.code == "round_closed"
    assert save([wish()], now=round_world.round.applications_open).submitted_at == (
        round_world.round.applications_open
    )


def test_a_category_of_another_round_is_refused(save, round_world):
    other_round = round_create(
        name="Anden runde",
        season_start=dt.date(2027, 8, 1),
        season_end=dt.date(2028, 6, 30),
        applications_open=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
        applications_close=dt.datetime(2027, 4, 1, tzinfo=dt.UTC),
        buildings=[round_world.school],
        created_by=round_world.manager,
        now=BEFORE,
    )

    with pytest.raises(PolicyViolations) as exc_info:
        save([wish()], category=other_round.categories.first())

    assert problems(exc_info) == [("category", "category_not_in_round")]


# --- Each option checked like a booking ---------------------------------------------------------


def test_duration_outside_the_space_s_policy(save, round_world):
    policy = round_world.gym.policy
    policy.min_duration_minutes, policy.max_duration_minutes = 60, 120
    policy.save()

    with pytest.raises(PolicyViolations) as exc_info:
        save(
            [
                wish(
                    option(TUESDAY, "17:00", "17:30", round_world.gym),
                    option(TUESDAY, "17:00", "19:30", round_world.gym),
                    option(TUESDAY, "17:00", "19:00", round_world.gym),
                )
            ]
        )

    assert problems(exc_info) == [
        ("wishes[0].options[0].ends", "too_short"),
        ("wishes[0].options[1].ends", "too_long"),
    ]
    assert [p.message for p in exc_info.value.violations] == [
        "A booking of this space must last at least 60 minutes.",
        "A booking of this space may last at most 120 minutes.",
    ]


def test_more_people_than_the_space_holds(save, round_world):
    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(space=round_world.gym), attendees=61)])

    assert problems(exc_info) == [("wishes[0].options[0].space", "over_capacity")]
    assert exc_info.value.violations[0].message == "The space holds at most 60 people."


def test_a_space_associations_may_not_book(save, round_world):
    policy = round_world.classroom_30.policy
    policy.bookable_by_associations = False
    policy.save()

    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(space=round_world.classroom_30))])

    assert problems(exc_info) == [("wishes[0].options[0].space", "booker_not_allowed")]


def test_a_space_outside_the_round(save, round_world, make_building):
    elsewhere = Space.objects.create(
        building=make_building("Andet Hus"),
        name="Sal",
        kind=Space.Kind.OTHER,
        capacity=50,
        area_m2=100,
    )

    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(space=elsewhere))])

    assert problems(exc_info) == [("wishes[0].options[0].space", "space_not_in_round")]


def test_outside_opening_hours_needs_a_responsible_adult(save, round_world):
    evening_in_the_gym = wish(option(TUESDAY, "17:00", "19:00", round_world.gym))

    with pytest.raises(PolicyViolations) as exc_info:
        save([evening_in_the_gym], responsible_name="", responsible_phone="")

    assert problems(exc_info) == [("responsible_name", "responsible_required")]
    assert exc_info.value.violations[0].message == str(errors.RESPONSIBLE_REQUIRED)
    with pytest.raises(PolicyViolations):
        save([evening_in_the_gym], responsible_name="Ole Træner", responsible_phone=" ")


def test_outside_opening_hours_with_a_responsible_adult_where_the_space_allows_it(
    save, round_world
):
    application = save(
        [
            wish(option(TUESDAY, "17:00", "19:00", round_world.gym)),
            wish(option(SATURDAY, "10:00", "12:00", round_world.classroom_30)),  # school closed
        ]
    )

    assert (application.responsible_name, application.responsible_phone) == (
        "Ole Træner",
        "20304050",
    )


def test_outside_opening_hours_is_refused_where_the_space_does_not_allow_it(save, round_world):
    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(TUESDAY, "21:00", "23:00", round_world.big_hall))])

    assert problems(exc_info) == [("wishes[0].options[0].starts", "outside_hours_not_allowed")]


def test_inside_opening_hours_needs_no_responsible_adult(save, round_world):
    application = save(
        [wish(option(TUESDAY, "14:00", "16:00", round_world.gym))],
        responsible_name="",
        responsible_phone="",
    )

    assert application.responsible_name == ""


# --- "Any suitable space" ----------------------------------------------------------------------


def test_any_suitable_space_needs_one_of_that_kind_size_and_amenities(save, round_world):
    w = round_world
    save(
        [wish(option(SATURDAY, "10:00", "12:00"), space_kind=Space.Kind.SPORTS_HALL, attendees=40)]
    )

    with pytest.raises(PolicyViolations) as exc_info:
        save(
            [
                wish(option(), space_kind=Space.Kind.CLASSROOM, attendees=31),
                wish(option(), amenity_ids=(w.projector.pk, w.sports_floor.pk)),
                wish(option(), space_kind=Space.Kind.KITCHEN, attendees=2),
            ]
        )

    assert problems(exc_info) == [
        ("wishes[0].options[0].space", "no_space_fits"),
        ("wishes[1].options[0].space", "no_space_fits"),
        ("wishes[2].options[0].space", "no_space_fits"),
    ]
    assert exc_info.value.violations[0].message == (
        "No space in the round is of that kind, holds 31 people and has the amenities asked for."
    )


def test_any_suitable_space_prefers_one_inside_opening_hours(save, round_world):
    # Tuesday 18–20: the school is closed, the hall open; no responsible adult needed.
    application = save(
        [wish(option(TUESDAY, "18:00", "20:00"), attendees=30)],
        responsible_name="",
        responsible_phone="",
    )
    assert application.wishes.get().options.get().space is None

    # Sunday 22–23: only the school's rooms may be used after hours, and they need one.
    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(SUNDAY, "22:00", "23:00"))], responsible_name="", responsible_phone="")
    assert problems(exc_info) == [("responsible_name", "responsible_required")]

    # A sports hall on Sunday 22–23: only the hall has them, and not after hours.
    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(SUNDAY, "22:00", "23:00"), space_kind=Space.Kind.SPORTS_HALL)])
    assert problems(exc_info) == [("wishes[0].options[0].starts", "outside_hours_not_allowed")]


def test_any_suitable_space_needs_one_whose_policy_allows_the_duration(save, round_world):
    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(TUESDAY, "10:00", "10:15"))])

    assert problems(exc_info) == [("wishes[0].options[0].ends", "no_space_for_duration")]


# --- The form of the input ---------------------------------------------------------------------


def test_every_problem_is_reported_at_once_with_its_field_path(save, round_world):
    w = round_world
    with pytest.raises(PolicyViolations) as exc_info:
        save(
            [
                wish(
                    option(TUESDAY, "17:00", "19:00", w.gym),
                    option(7, "17:00", "19:00"),
                    option(TUESDAY, "19:00", "17:00"),
                    activity=" ",
                    attendees=0,
                    age_group="toddlers",
                    space_kind="ballroom",
                    amenity_ids=(999999,),
                ),
                WishInput(activity="Fodbold", attendees=10, age_group="youth", options=[]),
                wish(*[option(TUESDAY, "10:00", "12:00", w.gym)] * 5),
            ],
            responsible_name="",
        )

    assert problems(exc_info) == [
        ("wishes[0].activity", "activity_required"),
        ("wishes[0].attendees", "attendees_too_few"),
        ("wishes[0].age_group", "age_group_unknown"),
        ("wishes[0].space_kind", "space_kind_unknown"),
        ("wishes[0].amenities", "amenity_unknown"),
        ("wishes[0].options[1].weekday", "weekday_unknown"),
        ("wishes[0].options[2].ends", "invalid_range"),
        ("wishes[1].options", "options_required"),
        ("wishes[2].options", "too_many_options"),
        ("responsible_name", "responsible_required"),
    ]
    assert exc_info.value.violations[8].message == (
        "Give a first choice and at most 3 alternatives."
    )
    assert not Application.objects.exists()


def test_at_least_one_wish_and_at_most_twenty(save):
    with pytest.raises(PolicyViolations) as exc_info:
        save([])
    assert problems(exc_info) == [("wishes", "wishes_required")]

    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(option(TUESDAY, "14:00", "16:00"))] * (wish_checks.MAX_WISHES + 1))
    assert problems(exc_info) == [("wishes", "too_many_wishes")]
    assert exc_info.value.violations[0].message == "An application can have at most 20 wishes."
    assert save([wish(option(TUESDAY, "14:00", "16:00"))] * wish_checks.MAX_WISHES)


def test_over_long_texts_are_reported_not_cut(save):
    with pytest.raises(PolicyViolations) as exc_info:
        save([wish(activity="x" * 201)], responsible_phone="2" * 33)

    assert problems(exc_info) == [
        ("responsible_phone", "too_long_text"),
        ("wishes[0].activity", "too_long_text"),
    ]


def test_a_refused_change_leaves_the_saved_application_as_it_was(save, round_world):
    first = save([wish()])

    with pytest.raises(PolicyViolations):
        save([wish(attendees=0)], category=round_world.adults)

    first.refresh_from_db()
    assert first.category == round_world.youth
    assert [x.attendees for x in first.wishes.all()] == [20]


# --- Withdrawing -------------------------------------------------------------------------------


def test_an_application_is_withdrawn_while_the_window_is_open(save, round_world):
    w = round_world
    save([wish()])

    application_withdraw(round=w.round, association=w.football, user=w.football_admin, now=DURING)

    assert not Application.objects.exists()
    assert not WishOption.objects.exists()


def test_withdrawing_after_close_or_by_another_is_refused(save, round_world):
    w = round_world
    save([wish()])

    for user, now, code in (
        (w.football_admin, AFTER, "round_closed"),
        (w.chess_admin, DURING, "not_association_admin"),
    ):
        with pytest.raises(BookingError) as exc_info:
            application_withdraw(round=w.round, association=w.football, user=user, now=now)
        assert exc_info.value.code == code
    assert Application.objects.exists()


# --- What the association sees -----------------------------------------------------------------


def publish(round_world, application, outcomes, *, published=True):
    for x, outcome in zip(application.wishes.all(), outcomes, strict=True):
        if outcome == WishResult.Outcome.ALLOCATED:
            o = x.options.first()
            WishResult.objects.create(
                wish=x,
                outcome=outcome,
                option=o,
                space=round_world.gym,
                weekday=o.weekday,
                starts=o.starts,
                ends=o.ends,
            )
        else:
            WishResult.objects.create(wish=x, outcome=outcome)
    round_world.round.allocated_at = AFTER
    if published:
        round_world.round.published_at = AFTER
    round_world.round.save()


ALLOCATED, NOT = WishResult.Outcome.ALLOCATED, WishResult.Outcome.NOT_ALLOCATED


def test_status_submitted_then_under_allocation(save):
    application = save([wish()])

    assert application_status(application, now=DURING) == ApplicationStatus.SUBMITTED
    assert application_status(application, now=AFTER) == ApplicationStatus.UNDER_ALLOCATION


def test_a_proposal_is_internal_until_it_is_published(save, round_world):
    application = save([wish(), wish()])
    publish(round_world, application, [ALLOCATED, ALLOCATED], published=False)

    assert application_status(application, now=AFTER) == ApplicationStatus.UNDER_ALLOCATION


@pytest.mark.parametrize(
    ("outcomes", "status"),
    [
        ([ALLOCATED, ALLOCATED], ApplicationStatus.ALLOCATED),
        ([ALLOCATED, NOT], ApplicationStatus.PARTLY_ALLOCATED),
        ([NOT, NOT], ApplicationStatus.NOT_ALLOCATED),
    ],
)
def test_status_after_publishing(save, round_world, outcomes, status):
    application = save([wish(), wish()])
    publish(round_world, application, outcomes)
    application = Application.objects.prefetch_related("wishes__result").get()

    assert application_status(application, now=AFTER) == status
    assert str(status.label) in {"Allocated", "Partly allocated", "Not allocated"}
