"""The associations' round pages: who may see what, the application form (errors at their
fields with a 400 and nothing saved, adding a wish, saving), read-only after the window closes,
the result once published, withdrawing, and the query count of the rounds list.

The round world (tests/bookings/rounds/conftest.py): the window is open 1 March – 1 April 2027;
the school is open Mon–Fri 08–16 and lets its rooms out after hours; the hall is open every day
07–22 and not after hours."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from bookings.models import AllocationRound, Application, Wish, WishResult
from bookings.rounds import reasons
from facilities.models import Membership, Municipality
from tests.bookings.rounds import conftest as rounds_conftest
from tests.bookings.rounds.conftest import (
    AFTER,
    BEFORE,
    DURING,
    SATURDAY,
    TUESDAY,
    WEDNESDAY,
    t,
)

pytestmark = pytest.mark.django_db

# The shared round world's fixtures.
round_world = rounds_conftest.round_world
apply = rounds_conftest.apply


@pytest.fixture(autouse=True)
def english(client, settings):
    """The tests read the English texts; the pages are Danish unless the visitor chooses."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def at(monkeypatch):
    """Set the pages' clock: at(DURING)."""

    def set_now(moment: dt.datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment.astimezone(dt.UTC))

    set_now(DURING)
    return set_now


@pytest.fixture
def w(round_world, at):
    return round_world


@pytest.fixture
def admin_client(client, w):
    client.force_login(w.football_admin)
    return client


def edit_url(w, association=None):
    return reverse(
        "bookings:application_edit",
        kwargs={"round_id": w.round.pk, "association_id": (association or w.football).pk},
    )


def detail_url(w, association=None):
    return reverse(
        "bookings:application",
        kwargs={"round_id": w.round.pk, "association_id": (association or w.football).pk},
    )


def form_data(w, *wishes, total=None, **fields):
    """The form as posted: the application's fields and wish rows (dicts of the row's fields)."""
    wishes = wishes or (wish_row(w),)
    data = {
        "category": str(w.youth.pk),
        "responsible_name": "Ole Træner",
        "responsible_phone": "20304050",
        "note": "",
        "wish-TOTAL_FORMS": str(total if total is not None else len(wishes)),
        "wish-INITIAL_FORMS": "0",
        "wish-MIN_NUM_FORMS": "0",
        "wish-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(wishes):
        for name, value in row.items():
            data[f"wish-{i}-{name}"] = value
    data.update(fields)
    return data


def wish_row(w, **fields):
    row = {
        "activity": "Fodbold U10",
        "attendees": "20",
        "age_group": "children",
        "space_kind": "",
        "opt0_weekday": str(TUESDAY),
        "opt0_starts": "17:00",
        "opt0_ends": "19:00",
        "opt0_space": str(w.gym.pk),
    }
    for row_number in (1, 2, 3):
        for name in ("weekday", "starts", "ends", "space"):
            row[f"opt{row_number}_{name}"] = ""
    row.update(fields)
    return row


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "detail", "edit"])
def test_anonymous_is_sent_to_login(client, w, name):
    url = {
        "list": reverse("bookings:applications"),
        "detail": detail_url(w),
        "edit": edit_url(w),
    }[name]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_a_member_who_is_not_admin_gets_403_everywhere(client, w):
    member = User.objects.create_user(username="spiller")
    Membership.objects.create(association=w.football, user=member)
    client.force_login(member)

    for url in (reverse("bookings:applications"), detail_url(w), edit_url(w)):
        response = client.get(url)
        assert response.status_code == 403
    assert "not one of its administrators" in response.content.decode()
    assert client.post(edit_url(w), form_data(w)).status_code == 403
    assert not Application.objects.exists()


def test_the_admin_of_another_association_cannot_see_this_one_s_application(client, w, apply):
    apply(w.football, w.youth, [{"options": [(TUESDAY, "17:00", "19:00", w.gym)]}])
    client.force_login(w.chess_admin)

    assert client.get(detail_url(w)).status_code == 404
    assert client.get(edit_url(w)).status_code == 404
    assert client.post(edit_url(w), form_data(w)).status_code == 404
    withdraw = reverse(
        "bookings:application_withdraw",
        kwargs={"round_id": w.round.pk, "association_id": w.football.pk},
    )
    assert client.post(withdraw).status_code == 404
    assert Application.objects.count() == 1


def test_a_round_of_another_municipality_is_404(admin_client, w):
    elsewhere = Municipality.objects.create(name="Andeby Kommune", code="998")
    w.school.municipality = w.hall.municipality = elsewhere
    w.school.save()
    w.hall.save()

    assert admin_client.get(edit_url(w)).status_code == 404


# --- The rounds list ----------------------------------------------------------------------------


def test_the_list_shows_open_and_coming_rounds_and_earlier_ones_applied_to(admin_client, w, apply):
    coming = AllocationRound.objects.create(
        name="Sommer 2027",
        season_start=dt.date(2027, 6, 1),
        season_end=dt.date(2027, 8, 31),
        applications_open=dt.datetime(2027, 4, 1, tzinfo=dt.UTC),
        applications_close=dt.datetime(2027, 5, 1, tzinfo=dt.UTC),
        created_by=w.manager,
    )
    coming.buildings.set([w.hall])
    earlier = AllocationRound.objects.create(
        name="Sæson 2026/27",
        season_start=dt.date(2026, 8, 1),
        season_end=dt.date(2027, 6, 30),
        applications_open=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        applications_close=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
        created_by=w.manager,
        allocated_at=dt.datetime(2026, 4, 5, tzinfo=dt.UTC),
        published_at=dt.datetime(2026, 4, 10, tzinfo=dt.UTC),
    )
    earlier.buildings.set([w.hall])
    not_applied = AllocationRound.objects.create(
        name="Sæson 2025/26",
        season_start=dt.date(2025, 8, 1),
        season_end=dt.date(2026, 6, 30),
        applications_open=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        applications_close=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
        created_by=w.manager,
    )
    not_applied.buildings.set([w.hall])
    category = earlier.categories.create(position=1, default="children_youth")
    apply(
        w.football,
        category,
        [{"options": [(TUESDAY, "17:00", "19:00")]}],
        allocation_round=earlier,
    )

    response = admin_client.get(reverse("bookings:applications"))

    assert response.status_code == 200
    context = response.context
    assert [r.round for r in context["open_rows"]] == [w.round]
    assert [r.round for r in context["upcoming_rows"]] == [coming]
    assert [r.round for r in context["earlier_rows"]] == [earlier]
    html = response.content.decode()
    assert "Sæson 2025/26" not in html
    assert edit_url(w) in html
    assert ">Apply<" in html
    assert "Not allocated" in html  # the earlier round's result: its one wish has no result
    assert [e.status for e in context["earlier_rows"][0].entries] == ["not_allocated"]


def test_an_admin_of_no_association_gets_403_with_a_word_on_who_applies(client, w):
    client.force_login(w.manager)

    response = client.get(reverse("bookings:applications"))

    assert response.status_code == 403
    assert "not an administrator of any association" in response.content.decode()


def test_the_list_query_count_does_not_grow_with_the_rounds(
    client, w, apply, django_assert_max_num_queries
):
    client.force_login(w.football_admin)

    def make_rounds(count):
        for n in range(count):
            r = AllocationRound.objects.create(
                name=f"Runde {n}",
                season_start=dt.date(2027, 8, 1),
                season_end=dt.date(2028, 6, 30),
                applications_open=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
                applications_close=dt.datetime(2027, 4, 1, tzinfo=dt.UTC),
                created_by=w.manager,
            )
            r.buildings.set([w.school, w.hall])
            category = r.categories.create(position=1, default="children_youth")
            apply(
                w.football,
                category,
                [{"options": [(TUESDAY, "17:00", "19:00")]}, {"options": [(1, "10:00", "11:00")]}],
                allocation_round=r,
            )
        # Another of the user's associations, and another municipality's association.
        if not Membership.objects.filter(user=w.football_admin, association=w.chess).exists():
            Membership.objects.create(
                association=w.chess, user=w.football_admin, role=Membership.Role.ADMIN
            )

    make_rounds(1)  # 2 rounds with the round world's
    # 9: the page's 8, and the navigation's "does this user administer an association".
    with django_assert_max_num_queries(9) as two:
        assert client.get(reverse("bookings:applications")).status_code == 200
    make_rounds(8)  # 10 rounds
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(reverse("bookings:applications"))
    assert len(response.context["open_rows"]) == 10


# --- The form -----------------------------------------------------------------------------------


def test_the_form_preselects_the_association_s_likely_category_and_shows_the_order(admin_client, w):
    response = admin_client.get(edit_url(w))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].initial == {"category": w.youth.pk}
    assert (
        '<ol class="category-order"><li>Children and youth associations</li>'
        "<li>Adult associations</li><li>Other associations</li></ol>"
    ) in html
    assert response.context["wishes"].total_form_count() == 1
    assert 'name="wish-0-opt3_space"' in html
    assert "Gymnastiksal (60 people)" in html
    assert "Any suitable space" in html
    # Blank rows are allowed, so the browser must not insist on them.
    assert 'name="wish-0-activity" maxlength="200" required' not in html
    assert "required" not in html.split('id="wishes"')[1].split("</section>")[0]


def test_a_successful_application_is_saved_and_shown_with_its_status(admin_client, w):
    data = form_data(
        w,
        wish_row(
            w,
            opt1_weekday=str(WEDNESDAY),
            opt1_starts="17:00",
            opt1_ends="19:00",
            opt1_space="",
            amenities=[str(w.sports_floor.pk)],
        ),
        wish_row(w, activity="Fodbold U12", opt0_space=str(w.small_hall.pk), opt0_weekday="5"),
        wish_row(
            w,
            activity="",
            attendees="",
            age_group="",
            opt0_weekday="",
            opt0_starts="",
            opt0_ends="",
            opt0_space="",
        ),  # a blank row: no wish
        note="Gerne samme sal som sidste år.",
    )

    response = admin_client.post(edit_url(w), data)

    assert response.status_code == 302
    assert response.url == detail_url(w)
    application = Application.objects.get()
    assert application.submitted_at == DURING
    assert application.submitted_by == w.football_admin
    first, second = application.wishes.order_by("position")
    assert [(o.rank, o.weekday, o.starts, o.space) for o in first.options.all()] == [
        (0, TUESDAY, t("17:00"), w.gym),
        (1, WEDNESDAY, t("17:00"), None),
    ]
    assert list(first.amenities.all()) == [w.sports_floor]
    assert (second.activity, second.options.get().weekday) == ("Fodbold U12", SATURDAY)
    assert texts(response)[0].startswith("The application is saved. You can change it until")

    page = admin_client.get(response.url)
    html = page.content.decode()
    assert '<span class="status status-submitted">Submitted</span>' in html
    assert "Wish 1: Fodbold U10" in html
    assert "Alternative 1" in html
    assert "Wednesday 17:00–19:00" in html
    assert "Change the application" in html


def test_field_errors_come_back_at_their_fields_with_a_400_and_nothing_saved(admin_client, w):
    data = form_data(
        w,
        wish_row(w, attendees="0", opt0_ends="", opt1_starts="18:00"),
        wish_row(w, activity=""),
    )

    response = admin_client.post(edit_url(w), data)

    assert response.status_code == 400
    assert not Application.objects.exists()
    first, second = response.context["wishes"].forms
    assert first.errors["attendees"] == ["Ensure this value is greater than or equal to 1."]
    assert first.errors["opt0_ends"] == ["Give the weekday and both times, or leave the row empty."]
    assert first.errors["opt1_weekday"] == [
        "Give the weekday and both times, or leave the row empty."
    ]
    assert second.errors["activity"] == ["This field is required."]
    html = response.content.decode()
    assert "The application was not saved" in html
    assert 'href="#id_wish-0-opt0_ends"' in html
    assert "Wish 1, first choice, to: Give the weekday" in html
    assert "Wish 2, activity: This field is required." in html


def test_the_service_s_problems_come_back_at_their_fields(admin_client, w):
    policy = w.gym.policy
    policy.max_duration_minutes = 120
    policy.save()
    data = form_data(
        w,
        wish_row(
            w,
            opt0_ends="20:00",
            opt1_weekday=str(TUESDAY),
            opt1_starts="21:00",
            opt1_ends="22:30",
            opt1_space=str(w.big_hall.pk),
        ),
        wish_row(w, attendees="61"),
        responsible_name="",
    )

    response = admin_client.post(edit_url(w), data)

    assert response.status_code == 400
    assert not Application.objects.exists()
    form = response.context["form"]
    first, second = response.context["wishes"].forms
    assert first.errors["opt0_ends"] == ["A booking of this space may last at most 120 minutes."]
    assert first.errors["opt1_starts"] == [
        "This space cannot be used outside the building's opening hours."
    ]
    assert second.errors["opt0_space"] == ["The space holds at most 60 people."]
    assert form.errors["responsible_name"] == [
        "Use outside opening hours needs a responsible adult's name and phone."
    ]
    assert [text for _, text in response.context["error_summary"]] == [
        "Wish 1, first choice, to: A booking of this space may last at most 120 minutes.",
        "Wish 1, alternative 1, from: This space cannot be used outside the building's "
        "opening hours.",
        "Wish 2, first choice, space: The space holds at most 60 people.",
        "Responsible adult's name: Use outside opening hours needs a responsible adult's name "
        "and phone.",
    ]
    html = response.content.decode()
    assert 'href="#id_responsible_name"' in html
    assert 'href="#id_wish-1-opt0_space"' in html


def test_rule_problems_show_even_while_another_row_does_not_parse(admin_client, w):
    data = form_data(w, wish_row(w, attendees="61"), wish_row(w, opt0_starts="25:00"))

    response = admin_client.post(edit_url(w), data)

    assert response.status_code == 400
    first, second = response.context["wishes"].forms
    assert first.errors == {"opt0_space": ["The space holds at most 60 people."]}
    assert second.errors == {"opt0_starts": ["Enter a valid time."]}
    assert not Application.objects.exists()


def test_an_alternative_skipped_row_maps_problems_to_the_row_typed_in(admin_client, w):
    # The second option is typed in the third row: its problem belongs to that row.
    data = form_data(
        w,
        wish_row(
            w,
            opt2_weekday=str(TUESDAY),
            opt2_starts="21:00",
            opt2_ends="22:30",
            opt2_space=str(w.big_hall.pk),
        ),
    )

    response = admin_client.post(edit_url(w), data)

    assert response.status_code == 400
    assert response.context["wishes"].forms[0].errors == {
        "opt2_starts": ["This space cannot be used outside the building's opening hours."]
    }


def test_no_wish_at_all_is_an_error(admin_client, w):
    blank = wish_row(
        w,
        activity="",
        attendees="",
        age_group="",
        opt0_weekday="",
        opt0_starts="",
        opt0_ends="",
        opt0_space="",
    )

    response = admin_client.post(edit_url(w), form_data(w, blank))

    assert response.status_code == 400
    assert response.context["wishes"].non_form_errors() == ["Add at least one wish."]


def test_add_another_wish_keeps_what_was_typed_and_adds_a_row_without_saving(admin_client, w):
    data = form_data(w, wish_row(w, activity="Fodbold U10", amenities=[str(w.sports_floor.pk)]))
    data["add_wish"] = "1"

    response = admin_client.post(edit_url(w), data)

    assert response.status_code == 200
    assert not Application.objects.exists()
    wishes = response.context["wishes"]
    assert wishes.total_form_count() == 2
    html = response.content.decode()
    assert 'name="wish-0-activity" value="Fodbold U10"' in html
    assert f'name="wish-0-amenities" value="{w.sports_floor.pk}"' in html
    assert "checked" in html.split(f'name="wish-0-amenities" value="{w.sports_floor.pk}"')[1][:40]
    assert 'name="wish-1-activity"' in html
    assert "errorlist" not in html

    # Posting the grown form with the new row blank saves the one wish.
    data = form_data(
        w,
        wish_row(w),
        wish_row(
            w,
            activity="",
            attendees="",
            age_group="",
            opt0_weekday="",
            opt0_starts="",
            opt0_ends="",
            opt0_space="",
        ),
    )
    assert admin_client.post(edit_url(w), data).status_code == 302
    assert Wish.objects.count() == 1


def test_editing_shows_the_saved_wishes_and_replaces_them(admin_client, w, apply):
    apply(
        w.football,
        w.youth,
        [
            {
                "activity": "Fodbold U8",
                "options": [(TUESDAY, "16:00", "17:00", w.gym), (WEDNESDAY, "16:00", "17:00")],
            },
            {"activity": "Fodbold U10", "options": [(TUESDAY, "17:00", "18:00", w.gym)]},
        ],
        submitted_at=DURING - dt.timedelta(days=2),
    )

    page = admin_client.get(edit_url(w))
    html = page.content.decode()
    assert page.context["wishes"].total_form_count() == 3  # two saved, one blank
    assert 'name="wish-0-activity" value="Fodbold U8"' in html
    assert 'name="wish-0-opt1_starts" value="16:00"' in html
    assert 'name="wish-0-DELETE"' in html

    data = form_data(
        w,
        wish_row(w, activity="Fodbold U8"),
        wish_row(w, activity="Fodbold U10", **{"DELETE": "on"}),
    )
    assert admin_client.post(edit_url(w), data).status_code == 302
    application = Application.objects.get()
    assert [x.activity for x in application.wishes.all()] == ["Fodbold U8"]
    assert application.submitted_at == DURING - dt.timedelta(days=2)
    assert application.updated_at == DURING


# --- After the window -------------------------------------------------------------------------


def test_before_the_window_opens_the_form_sends_to_the_round_page(admin_client, w, at):
    at(BEFORE)

    response = admin_client.get(edit_url(w))

    assert response.status_code == 302
    assert response.url == detail_url(w)
    assert "Applications open" in admin_client.get(detail_url(w)).content.decode()


def test_after_close_the_application_is_read_only(admin_client, w, apply, at):
    apply(w.football, w.youth, [{"options": [(TUESDAY, "17:00", "19:00", w.gym)]}])
    at(AFTER)
    admin_client.force_login(w.football_admin)  # a new session: the old one has expired

    page = admin_client.get(detail_url(w))
    html = page.content.decode()
    assert page.status_code == 200
    assert edit_url(w) not in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]
    assert "Withdraw" not in html
    assert '<span class="status status-under_allocation">Under allocation</span>' in html

    assert admin_client.get(edit_url(w)).url == detail_url(w)
    response = admin_client.post(edit_url(w), form_data(w, wish_row(w, activity="Ny")))
    assert response.status_code == 302
    assert (
        texts(response)
        == [
            "The application window closed 1 April 2027, 00:00; the application can no longer "
            "be changed."
        ]
        or "can no longer be changed" in texts(response)[0]
    )
    assert Wish.objects.get().activity == "Træning 1"


def test_a_proposal_is_not_shown_before_it_is_published(admin_client, w, apply, at):
    application = apply(w.football, w.youth, [{"options": [(TUESDAY, "17:00", "19:00", w.gym)]}])
    wish = application.wishes.get()
    WishResult.objects.create(
        wish=wish,
        outcome="allocated",
        option=wish.options.get(),
        space=w.gym,
        weekday=TUESDAY,
        starts=t("17:00"),
        ends=t("19:00"),
    )
    w.round.allocated_at = AFTER
    w.round.save()
    at(AFTER)
    admin_client.force_login(w.football_admin)  # a new session: the old one has expired

    html = admin_client.get(detail_url(w)).content.decode()

    assert "Under allocation" in html
    assert "status-allocated" not in html


def test_the_published_result_with_slots_and_reasons(admin_client, w, apply, at):
    application = apply(
        w.football,
        w.youth,
        [
            {
                "activity": "Fodbold U10",
                "options": [
                    (TUESDAY, "17:00", "19:00", w.gym),
                    (WEDNESDAY, "17:00", "19:00", w.gym),
                ],
            },
            {"activity": "Fodbold U12", "options": [(TUESDAY, "17:00", "19:00", w.gym)]},
        ],
    )
    first, second = application.wishes.order_by("position")
    WishResult.objects.create(
        wish=first,
        outcome="allocated",
        option=first.options.get(rank=1),
        space=w.gym,
        weekday=WEDNESDAY,
        starts=t("17:00"),
        ends=t("19:00"),
        reasons=[
            reasons.reason(
                0, reasons.TAKEN_EXISTING_BOOKING, space="Gymnastiksal", date="2027-08-03"
            )
        ],
    )
    WishResult.objects.create(
        wish=second,
        outcome="not_allocated",
        reasons=[reasons.reason(0, reasons.TAKEN_SAME_PRIORITY, space="Gymnastiksal")],
    )
    w.round.allocated_at = w.round.published_at = AFTER
    w.round.save()
    at(AFTER + dt.timedelta(days=1))
    admin_client.force_login(w.football_admin)

    response = admin_client.get(detail_url(w))

    html = response.content.decode()
    assert '<span class="status status-partly_allocated">Partly allocated</span>' in html
    assert "<strong>Wednesday 17:00–19:00</strong>, Gymnastiksal (Testrup Skole)" in html
    assert "Alternative 1" in response.context["wishes"][0].choice
    assert response.context["wishes"][0].reasons == [
        (
            "First choice, Tuesday 17:00–19:00",
            reasons.reason_text(first.result.reasons[0]),
        )
    ]
    assert "How to complain" in html
    assert edit_url(w) not in html


# --- Withdrawing -------------------------------------------------------------------------------


def test_withdrawing_asks_then_deletes(admin_client, w, apply):
    apply(w.football, w.youth, [{"options": [(TUESDAY, "17:00", "19:00", w.gym)]}])
    url = reverse(
        "bookings:application_withdraw",
        kwargs={"round_id": w.round.pk, "association_id": w.football.pk},
    )

    assert admin_client.get(url).status_code == 200
    assert Application.objects.exists()
    response = admin_client.post(url)

    assert response.status_code == 302
    assert response.url == reverse("bookings:applications")
    assert not Application.objects.exists()


def test_withdrawing_after_close_is_refused(admin_client, w, apply, at):
    apply(w.football, w.youth, [{"options": [(TUESDAY, "17:00", "19:00", w.gym)]}])
    at(AFTER)
    admin_client.force_login(w.football_admin)  # a new session: the old one has expired
    url = reverse(
        "bookings:application_withdraw",
        kwargs={"round_id": w.round.pk, "association_id": w.football.pk},
    )

    response = admin_client.post(url)

    assert response.status_code == 302
    assert Application.objects.exists()
