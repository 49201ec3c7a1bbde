"""The managers' round pages: who sees what, creating a round, the round, the proposal's grid and
list, moving/removing/giving a slot, proposing and publishing, and their query counts."""

import datetime as dt
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from bookings.models import AllocationRound, PeriodicRun, PriorityCategory, WishResult
from bookings.periodic import run_due_jobs
from bookings.rounds import proposal, publish, reasons
from bookings.rounds.setup import BUILDINGS_REQUIRED, NOT_ROUND_MANAGER, SEASON_ENDS_BEFORE_START
from facilities.models import Association, Membership
from tests.bookings.rounds import conftest as rounds_conftest
from tests.bookings.rounds.conftest import (
    AFTER,
    SEASON_END,
    SEASON_START,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    t,
)

pytestmark = pytest.mark.django_db

# The round world of tests/bookings/rounds, shared with these pages.
round_world = rounds_conftest.round_world
apply = rounds_conftest.apply

NOW = AFTER + dt.timedelta(days=1)
ROUNDS = reverse("bookings:rounds")
NEW = reverse("bookings:round_new")


@pytest.fixture(autouse=True)
def english(settings):
    """The pages in English (the site's default language is Danish)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen(monkeypatch):
    """The pages read timezone.now(); the services get it from them."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def allocate(wish, space, weekday: int, starts: str, ends: str, **fields) -> WishResult:
    return WishResult.objects.create(
        wish=wish,
        outcome=WishResult.Outcome.ALLOCATED,
        option=wish.options.filter(rank=0).first(),
        space=space,
        weekday=weekday,
        starts=t(starts),
        ends=t(ends),
        **fields,
    )


@pytest.fixture
def world(round_world, apply, frozen):
    """Proposed: fitness Tuesday 17–19 in Store hal, football Tuesday 19–21 in Store hal;
    chess's wish (Thursday 18–20 in Lille hal) not met."""
    w = round_world
    fitness = apply(
        w.fitness,
        w.adults,
        [{"activity": "Zumba", "options": [(TUESDAY, "17:00", "19:00", w.big_hall)]}],
    )
    football = apply(
        w.football,
        w.youth,
        [{"activity": "U12 træning", "options": [(TUESDAY, "19:00", "21:00", w.big_hall)]}],
    )
    chess = apply(
        w.chess,
        w.adults,
        [{"activity": "Klubaften", "options": [(THURSDAY, "18:00", "20:00", w.small_hall)]}],
    )
    w.fitness_slot = allocate(fitness.wishes.get(), w.big_hall, TUESDAY, "17:00", "19:00")
    w.football_slot = allocate(football.wishes.get(), w.big_hall, TUESDAY, "19:00", "21:00")
    w.chess_result = WishResult.objects.create(
        wish=chess.wishes.get(),
        outcome=WishResult.Outcome.NOT_ALLOCATED,
        reasons=[reasons.reason(0, reasons.TAKEN_SAME_PRIORITY, space="Lille hal")],
    )
    AllocationRound.objects.filter(pk=w.round.pk).update(allocated_at=AFTER)
    w.round.refresh_from_db()
    return w


def urls(w) -> dict[str, str]:
    pk = w.round.pk
    return {
        "round": reverse("bookings:round", args=[pk]),
        "proposal": reverse("bookings:round_proposal", args=[pk]),
        "slot": reverse("bookings:round_slot", args=[pk, w.fitness_slot.pk]),
        "publish": reverse("bookings:round_publish", args=[pk]),
    }


def slot_url(w, result: WishResult) -> str:
    return reverse("bookings:round_slot", args=[w.round.pk, result.pk])


# Who sees what


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in [ROUNDS, NEW, *urls(world).values()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_citizens_and_association_admins_are_refused(client, world, django_user_model):
    citizen = django_user_model.objects.create_user(username="borger")
    for user in (citizen, world.fitness_admin):
        client.force_login(user)
        for url in [ROUNDS, NEW, *urls(world).values()]:
            assert client.get(url).status_code == 403, url
        allocate_url = reverse("bookings:round_allocate", args=[world.round.pk])
        assert client.post(allocate_url).status_code == 403


def test_a_manager_of_other_buildings_does_not_find_the_round(client, world, make_building):
    elsewhere = User.objects.create_user(username="bibliotekar")
    make_building("Biblioteket").managers.add(elsewhere)
    # Managing one of the round's two buildings is not enough to run it.
    only_the_school = User.objects.create_user(username="skoleleder")
    world.school.managers.add(only_the_school)

    for user in (elsewhere, only_the_school):
        client.force_login(user)
        response = client.get(ROUNDS)
        assert response.status_code == 200
        assert response.context["rows"] == []
        for name, url in urls(world).items():
            assert client.get(url).status_code == 404, name
        allocate_url = reverse("bookings:round_allocate", args=[world.round.pk])
        assert client.post(allocate_url).status_code == 404
        assert client.post(urls(world)["publish"]).status_code == 404


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_rounds_manager_and_an_administrator_see_every_page(client, world, who):
    user = (
        world.manager
        if who == "manager"
        else User.objects.create_user(username="kommunen", is_municipal_administrator=True)
    )
    client.force_login(user)
    response = client.get(ROUNDS)
    assert [row[0] for row in response.context["rows"]] == [world.round]
    for name, url in urls(world).items():
        assert client.get(url).status_code == 200, name
    assert client.get(NEW).status_code == 200


def test_the_nav_links_the_rounds_for_managers_only(client, world):
    client.force_login(world.manager)
    html = client.get(reverse("bookings:queue")).content.decode()
    assert f'href="{ROUNDS}"' in html
    assert "Seasonal rounds" in html
    assert "Reports" in html  # the other helper's link stays

    page = client.get(urls(world)["proposal"]).content.decode()
    assert f'href="{ROUNDS}" aria-current="true"' in page

    client.force_login(world.fitness_admin)
    assert f'href="{ROUNDS}"' not in client.get(reverse("bookings:mine")).content.decode()


# The list


def test_the_list_shows_each_round_with_its_stage_and_counts(client, world):
    client.force_login(world.manager)
    response = client.get(ROUNDS)
    html = response.content.decode()

    ((row, stage),) = response.context["rows"]
    assert stage == AllocationRound.Stage.PROPOSED
    assert (row.application_count, row.wish_count, row.allocated_count) == (3, 3, 2)
    assert "Sæson 2027/28" in html
    assert "Allocation proposed" in html
    assert "Testrup Hallen, Testrup Skole" in html


def make_rounds(world, count: int) -> None:
    for n in range(count):
        extra = AllocationRound.objects.create(
            name=f"Runde {n}",
            season_start=SEASON_START,
            season_end=SEASON_END,
            applications_open=world.round.applications_open,
            applications_close=world.round.applications_close,
            created_by=world.manager,
        )
        extra.buildings.set([world.school, world.hall])


def test_the_list_costs_the_same_queries_for_2_and_10_rounds(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.manager)
    make_rounds(world, 1)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(ROUNDS).context["rows"]) == 2
    make_rounds(world, 8)
    with django_assert_max_num_queries(len(two)):
        assert len(client.get(ROUNDS).context["rows"]) == 10


# Creating a round


def new_round_data(world, **changes) -> dict:
    data = {
        "name": "Sæson 2028/29",
        "season_start": "2028-08-01",
        "season_end": "2029-06-30",
        "applications_open": "2028-03-01T00:00",
        "applications_close": "2028-04-01T00:00",
        "buildings": [world.school.pk, world.hall.pk],
        "spaces": [],
        "category_1_position": "1",
        "category_1_name": "Children and youth associations",
        "category_2_position": "2",
        "category_2_name": "Adult associations",
        "category_3_position": "3",
        "category_3_name": "Other associations",
    }
    data.update(changes)
    return data


def test_a_manager_creates_a_round_with_the_default_categories(client, world):
    client.force_login(world.manager)
    form = client.get(NEW).context["form"]
    # The three defaults, in order, are filled in; the buildings are the manager's.
    assert [form[f"category_{n}_name"].value() for n in range(1, 6)] == [
        "Children and youth associations",
        "Adult associations",
        "Other associations",
        "",
        "",
    ]
    assert set(form.fields["buildings"].queryset) == {world.school, world.hall}

    response = client.post(NEW, new_round_data(world))

    created = AllocationRound.objects.get(name="Sæson 2028/29")
    assert response.status_code == 302
    assert response.url == reverse("bookings:round", args=[created.pk])
    assert set(created.buildings.all()) == {world.school, world.hall}
    assert [(c.position, c.default, c.name) for c in created.categories.all()] == [
        (1, PriorityCategory.Default.CHILDREN_AND_YOUTH, ""),
        (2, PriorityCategory.Default.ADULTS, ""),
        (3, PriorityCategory.Default.OTHER, ""),
    ]
    assert created.applications_open == dt.datetime(2028, 3, 1, tzinfo=rounds_conftest.CPH)


def test_categories_can_be_renamed_reordered_and_added(client, world):
    client.force_login(world.manager)
    data = new_round_data(
        world,
        category_1_position="2",
        category_2_position="3",
        category_3_position="",
        category_3_name="",
        category_4_position="1",
        category_4_name="Handicapidræt",
        category_5_position="4",
        category_5_name="Voksne uden for kommunen",
        spaces=[world.gym.pk, world.big_hall.pk],
    )

    assert client.post(NEW, data).status_code == 302

    created = AllocationRound.objects.get(name="Sæson 2028/29")
    assert [c.label for c in created.categories.all()] == [
        "Handicapidræt",
        "Children and youth associations",
        "Adult associations",
        "Voksne uden for kommunen",
    ]
    assert set(created.spaces.all()) == {world.gym, world.big_hall}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        (
            {"season_end": "2028-07-01"},
            "season_end",
            SEASON_ENDS_BEFORE_START,
        ),
        ({"buildings": []}, "buildings", "This field is required."),
        (
            {"category_2_position": "1"},
            "category_2_position",
            "Two categories have priority 1.",
        ),
        ({"category_2_position": ""}, "category_2_position", "Give the category a priority"),
        ({"category_3_name": ""}, "category_3_name", "Give the category with priority 3 a name."),
    ],
)
def test_a_wrong_round_is_a_400_with_the_message_and_nothing_saved(
    client, world, changes, field, message
):
    client.force_login(world.manager)
    response = client.post(NEW, new_round_data(world, **changes))
    with translation.override("en"):  # the messages are lazy: read them as the reader does
        message = str(message)

    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(error.startswith(message) for error in errors), errors
    assert "The round was not created" in response.content.decode()
    assert not AllocationRound.objects.filter(name="Sæson 2028/29").exists()
    assert BUILDINGS_REQUIRED  # the service's own message, shown when the form lets it through


def test_a_building_the_manager_does_not_run_cannot_be_chosen(client, world, make_building):
    other = make_building("Biblioteket")
    client.force_login(world.manager)

    response = client.post(NEW, new_round_data(world, buildings=[world.school.pk, other.pk]))

    assert response.status_code == 400
    assert "buildings" in response.context["form"].errors
    assert not AllocationRound.objects.filter(name="Sæson 2028/29").exists()


def test_the_services_problems_land_on_their_fields(client, world):
    client.force_login(world.manager)
    # The season must start after the window closes: the service's rule, not the form's.
    response = client.post(NEW, new_round_data(world, season_start="2028-03-15"))

    assert response.status_code == 400
    assert response.context["form"].errors["season_start"] == [
        "The season must start after the application window closes."
    ]
    assert not AllocationRound.objects.filter(name="Sæson 2028/29").exists()


# The round


def test_the_round_shows_applications_per_category_and_the_next_step(client, world):
    client.force_login(world.manager)
    response = client.get(urls(world)["round"])
    html = response.content.decode()

    assert [(c.label, c.application_count) for c in response.context["categories"]] == [
        ("Children and youth associations", 1),
        ("Adult associations", 2),
        ("Other associations", 0),
    ]
    # The applications: children and youth first, then by submission.
    assert [a.association.name for a in response.context["applications"]] == [
        "Testrup Ungdomsfodbold",
        "Testrup Motionsklub",
        "Testrup Skakklub",
    ]
    assert "Review the proposal" in html
    assert urls(world)["publish"] in html
    assert "2 wishes have a slot" in html
    assert f'href="{reverse("reports:round", args=[world.round.pk])}"' in html


def test_propose_allocation_is_offered_once_the_window_has_closed(client, world):
    AllocationRound.objects.filter(pk=world.round.pk).update(allocated_at=None)
    client.force_login(world.manager)
    allocate_url = reverse("bookings:round_allocate", args=[world.round.pk])

    html = client.get(urls(world)["round"]).content.decode()
    assert "Propose allocation" in html
    assert allocate_url in html

    response = client.post(allocate_url)

    assert response.status_code == 302
    assert response.url == urls(world)["proposal"]
    world.round.refresh_from_db()
    assert world.round.allocated_at == NOW
    assert WishResult.objects.filter(wish__application__round=world.round).count() == 3


def test_propose_while_the_window_is_open_says_why_not(client, world, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: world.round.applications_close - dt.timedelta(1))
    AllocationRound.objects.filter(pk=world.round.pk).update(allocated_at=None)
    client.force_login(world.manager)

    response = client.post(reverse("bookings:round_allocate", args=[world.round.pk]), follow=True)

    assert "Applications are still open" in response.content.decode()
    assert "Propose allocation" not in response.content.decode()


# The proposal


def test_the_proposal_shows_the_slots_in_the_grid_and_in_the_list(client, world):
    client.force_login(world.manager)
    response = client.get(urls(world)["proposal"])
    html = response.content.decode()

    grid = response.context["grid"]
    (big_hall,) = [week for week in grid.spaces if week.space == world.big_hall]
    tuesday = big_hall.days[TUESDAY]
    assert [(b.result.wish.activity, b.starts_at, b.ends_at) for b in tuesday.slots] == [
        ("Zumba", t("17:00"), t("19:00")),
        ("U12 træning", t("19:00"), t("21:00")),
    ]
    # 07–23 shown: 17:00 is 10/16 of the way down, two hours are 2/16 of the height.
    assert (tuesday.slots[0].top, tuesday.slots[0].height) == (62.5, 12.5)
    assert grid.hours[0] == "07:00" and grid.hours[-1] == "22:00"
    assert html.count("Testrup Motionsklub") >= 2  # the grid block and the list item
    assert 'class="week-chart" aria-hidden="true"' in html
    assert f'href="{slot_url(world, world.fitness_slot)}"' in html
    assert "Move or remove" in html


def test_the_proposal_lists_unmet_wishes_with_their_reasons(client, world):
    client.force_login(world.manager)
    response = client.get(urls(world)["proposal"])
    html = response.content.decode()

    (unmet,) = response.context["grid"].unmet
    assert unmet.result == world.chess_result
    assert unmet.reasons == [
        "Thursday 18:00–20:00: Lille hal was taken by an applicant in the same priority group, "
        "who came first in the order."
    ]
    assert "Klubaften" in html
    assert "Give a slot by hand" in html


def test_existing_bookings_show_as_booked_time(client, world):
    from tests.bookings.rounds.test_proposal import season_booking

    season_booking(world.small_hall, dt.date(2027, 9, 8), "10:00", "12:00", world.chess_admin)
    season_booking(world.small_hall, dt.date(2027, 9, 15), "11:00", "13:00", world.chess_admin)
    client.force_login(world.manager)

    grid = client.get(urls(world)["proposal"]).context["grid"]

    (small_hall,) = [week for week in grid.spaces if week.space == world.small_hall]
    assert [(b.kind, b.starts_at, b.ends_at) for b in small_hall.days[WEDNESDAY].blocks] == [
        ("booked", t("10:00"), t("13:00"))  # merged
    ]


def make_slots(world, apply, count: int) -> None:
    for n in range(count):
        association = Association.objects.create(
            municipality=world.school.municipality,
            name=f"Forening {n}",
            org_number=f"{40000000 + n}",
        )
        Membership.objects.create(
            association=association, user=world.chess_admin, role=Membership.Role.ADMIN
        )
        application = apply(
            association, world.other, [{"options": [(n % 7, "08:00", "09:00", world.big_hall)]}]
        )
        allocate(application.wishes.get(), world.big_hall, n % 7, f"{8 + n // 7:02d}:00", "09:30")


def test_the_proposal_costs_the_same_queries_for_2_and_10_slots(
    client, world, apply, django_assert_max_num_queries
):
    client.force_login(world.manager)
    with CaptureQueriesContext(connection) as two:
        assert client.get(urls(world)["proposal"]).context["grid"].slot_count == 2
    make_slots(world, apply, 8)
    with django_assert_max_num_queries(len(two)):
        response = client.get(urls(world)["proposal"])
    assert response.context["grid"].slot_count == 10


# A slot


def test_moving_a_slot_from_its_page(client, world):
    client.force_login(world.manager)
    response = client.post(
        slot_url(world, world.fitness_slot),
        {
            "action": "move",
            "slot-space": world.small_hall.pk,
            "slot-weekday": WEDNESDAY,
            "slot-starts": "18:00",
            "slot-ends": "20:00",
            "slot-note": "Onsdag passer bedre",
        },
    )

    assert response.status_code == 302
    assert response.url == urls(world)["proposal"]
    world.fitness_slot.refresh_from_db()
    assert (world.fitness_slot.space, world.fitness_slot.weekday) == (world.small_hall, WEDNESDAY)
    assert world.fitness_slot.changed_by_manager is True
    assert world.fitness_slot.manager_note == "Onsdag passer bedre"


def test_moving_onto_a_taken_slot_is_a_400_with_the_reason_and_nothing_changed(client, world):
    client.force_login(world.manager)
    response = client.post(
        slot_url(world, world.fitness_slot),
        {
            "action": "move",
            "slot-space": world.big_hall.pk,
            "slot-weekday": TUESDAY,
            "slot-starts": "18:00",
            "slot-ends": "20:00",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert "Store hal is allocated to Testrup Ungdomsfodbold on Tuesday 19:00–21:00." in html
    world.fitness_slot.refresh_from_db()
    assert (world.fitness_slot.starts, world.fitness_slot.changed_by_manager) == (
        t("17:00"),
        False,
    )


def test_a_policy_problem_lands_on_its_field(client, world):
    client.force_login(world.manager)
    response = client.post(
        slot_url(world, world.fitness_slot),
        {
            "action": "move",
            "slot-space": world.big_hall.pk,
            "slot-weekday": WEDNESDAY,
            "slot-starts": "21:00",
            "slot-ends": "23:00",
        },
    )

    assert response.status_code == 400
    assert list(response.context["slot_form"].errors) == ["starts"]


def test_an_end_before_the_start_is_a_form_error(client, world):
    client.force_login(world.manager)
    response = client.post(
        slot_url(world, world.fitness_slot),
        {
            "action": "move",
            "slot-space": world.big_hall.pk,
            "slot-weekday": WEDNESDAY,
            "slot-starts": "12:00",
            "slot-ends": "11:00",
        },
    )

    assert response.status_code == 400
    assert response.context["slot_form"].errors["ends"] == [str(proposal.ENDS_BEFORE_START)]


def test_removing_without_a_note_is_a_400_and_with_one_it_is_done(client, world):
    client.force_login(world.manager)
    url = slot_url(world, world.fitness_slot)

    response = client.post(url, {"action": "remove", "remove-note": ""})
    assert response.status_code == 400
    assert response.context["remove_form"].errors["note"] == [str(proposal.NOTE_REQUIRED)]
    world.fitness_slot.refresh_from_db()
    assert world.fitness_slot.outcome == WishResult.Outcome.ALLOCATED

    response = client.post(url, {"action": "remove", "remove-note": "Hallen er lukket"})
    assert response.status_code == 302
    world.fitness_slot.refresh_from_db()
    assert world.fitness_slot.outcome == WishResult.Outcome.NOT_ALLOCATED
    assert world.fitness_slot.manager_note == "Hallen er lukket"


def test_an_unmet_wish_gets_a_slot_from_its_page(client, world):
    client.force_login(world.manager)
    url = slot_url(world, world.chess_result)
    form = client.get(url).context["slot_form"]
    # The first choice is filled in.
    assert (form["space"].value(), form["weekday"].value(), form["starts"].value()) == (
        world.small_hall.pk,
        THURSDAY,
        t("18:00"),
    )

    response = client.post(
        url,
        {
            "action": "allocate",
            "slot-space": world.small_hall.pk,
            "slot-weekday": WEDNESDAY,
            "slot-starts": "18:00",
            "slot-ends": "20:00",
        },
    )

    assert response.status_code == 302
    world.chess_result.refresh_from_db()
    assert world.chess_result.outcome == WishResult.Outcome.ALLOCATED


def test_after_publishing_the_slot_cannot_be_changed_from_its_page(client, world):
    AllocationRound.objects.filter(pk=world.round.pk).update(published_at=AFTER)
    client.force_login(world.manager)
    url = slot_url(world, world.fitness_slot)

    page = client.get(url)
    assert page.status_code == 200
    assert 'value="move"' not in page.content.decode()

    response = client.post(url, {"action": "remove", "remove-note": "For sent"})
    assert response.status_code == 400
    assert str(proposal.ROUND_PUBLISHED) in response.content.decode()
    world.fitness_slot.refresh_from_db()
    assert world.fitness_slot.outcome == WishResult.Outcome.ALLOCATED


def test_a_slot_of_another_round_is_not_found(client, world):
    other = AllocationRound.objects.create(
        name="Anden",
        season_start=SEASON_START,
        season_end=SEASON_END,
        applications_open=world.round.applications_open,
        applications_close=world.round.applications_close,
        created_by=world.manager,
    )
    other.buildings.set([world.hall])
    client.force_login(world.manager)

    url = reverse("bookings:round_slot", args=[other.pk, world.fitness_slot.pk])
    assert client.get(url).status_code == 404


# Publishing


def test_publishing_asks_first_saying_what_will_happen(client, world):
    client.force_login(world.manager)
    response = client.get(urls(world)["publish"])
    html = response.content.decode()

    assert response.context["series_count"] == 2
    assert response.context["association_count"] == 3
    assert "2 weekly slots become recurring bookings" in html
    assert "3 associations get an e-mail" in html
    world.round.refresh_from_db()
    assert world.round.published_at is None


def test_publishing_asks_the_background_jobs_and_the_page_follows_it(client, world, mailoutbox):
    client.force_login(world.manager)

    response = client.post(urls(world)["publish"], follow=True)

    # Asked for, not yet done: a large round takes longer than a request may.
    assert response.redirect_chain[-1][0] == urls(world)["round"]
    html = response.content.decode()
    assert "Publishing has started." in html
    assert "Publishing… " in html
    assert '<meta http-equiv="refresh"' in html
    world.round.refresh_from_db()
    assert world.round.published_at is None
    assert world.round.publish_requested_by == world.manager
    assert world.round.stage(NOW) == AllocationRound.Stage.PUBLISHING

    # The next pass of the periodic jobs publishes it.
    run_due_jobs(NOW)

    page = client.get(urls(world)["round"]).content.decode()
    world.round.refresh_from_db()
    assert world.round.published_at == NOW
    assert "The result is published: 2 weekly slots are booked" in page
    assert "e-mails sent." in page
    assert '<meta http-equiv="refresh"' not in page
    world.fitness_slot.refresh_from_db()
    assert world.fitness_slot.series is not None


def test_while_publishing_the_proposal_cannot_be_changed(client, world):
    client.force_login(world.manager)
    client.post(urls(world)["publish"])

    proposal_page = client.get(urls(world)["proposal"]).content.decode()
    assert "can no longer be changed" in proposal_page
    assert "Move or remove" not in proposal_page
    assert 'value="move"' not in client.get(slot_url(world, world.fitness_slot)).content.decode()
    again = client.post(urls(world)["publish"])
    assert again.status_code == 400
    assert str(publish.ALREADY_PUBLISHING) in again.content.decode()
    allocate_url = reverse("bookings:round_allocate", args=[world.round.pk])
    assert (
        str(publish.ALREADY_PUBLISHING) in client.post(allocate_url, follow=True).content.decode()
    )
    world.round.refresh_from_db()
    assert world.round.allocated_at == AFTER  # not proposed again


def test_a_failed_publishing_is_shown_and_can_be_asked_for_again(client, world):
    client.force_login(world.manager)
    client.post(urls(world)["publish"])
    # The manager is no longer one of the round's managers when the job runs.
    world.school.managers.remove(world.manager)
    run_due_jobs(NOW)
    world.school.managers.add(world.manager)

    response = client.get(urls(world)["round"])
    page = response.content.decode()

    assert "Publishing failed at" in page
    assert "nothing was published." in page
    assert response.context["publish_error"] == str(NOT_ROUND_MANAGER)
    assert escape(str(NOT_ROUND_MANAGER)) in page
    world.round.refresh_from_db()
    assert world.round.stage(NOW) == AllocationRound.Stage.PROPOSED
    # Asking again clears the failure, and the next pass publishes it.
    client.post(urls(world)["publish"])
    run_due_jobs(NOW + dt.timedelta(minutes=1))
    world.round.refresh_from_db()
    assert world.round.published_at is not None
    assert world.round.publish_error == {}


def test_the_page_says_when_the_background_jobs_are_not_running(client, world):
    client.force_login(world.manager)
    client.post(urls(world)["publish"])

    assert "have not run for several minutes" in client.get(urls(world)["round"]).content.decode()

    # A scheduler that ran the job recently (another round's, or none queued) silences it.
    PeriodicRun.objects.create(
        job="publish_queued_rounds", slot=NOW - dt.timedelta(minutes=1), finished_at=NOW
    )
    assert "have not run" not in client.get(urls(world)["round"]).content.decode()


def test_publishing_twice_is_refused_with_a_400(client, world):
    AllocationRound.objects.filter(pk=world.round.pk).update(published_at=AFTER)
    client.force_login(world.manager)

    response = client.post(urls(world)["publish"])

    assert response.status_code == 400
    assert "Nothing was published." in response.content.decode()
