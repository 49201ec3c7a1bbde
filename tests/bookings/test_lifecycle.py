import datetime as dt

import pytest

from bookings import errors
from bookings.alternatives import Slot
from bookings.availability import space_is_free
from bookings.errors import BookingError
from bookings.lifecycle import (
    allows,
    booking_approve,
    booking_cancel,
    booking_check_in,
    booking_mark_no_show,
    booking_refuse,
    release_no_shows,
)
from bookings.models import Booking, BookingStatus, TimelineEntry
from facilities.models import Amenity, Space
from tests.bookings.conftest import NOW, local

pytestmark = pytest.mark.django_db

START, END = local(2026, 11, 25, 10), local(2026, 11, 25, 12)


@pytest.fixture(autouse=True)
def _quiet_mail(monkeypatch):
    # The lifecycle, not the e-mails, is under test here (see test_notifications.py).
    monkeypatch.setattr("bookings.notifications.transition_made", lambda *a, **k: None)
    monkeypatch.setattr("bookings.notifications.request_made", lambda *a, **k: None)


@pytest.fixture
def request_(book, room) -> Booking:
    room.policy.approval = room.policy.Approval.ALWAYS
    room.policy.save()
    return book(START, END)


def statuses(booking: Booking) -> list[tuple[str, str]]:
    return list(booking.timeline.values_list("from_status", "to_status"))


def test_manager_approves_a_request_and_the_timeline_shows_both_steps(request_, manager):
    booking = booking_approve(booking=request_, by=manager, now=NOW)

    assert booking.status == BookingStatus.CONFIRMED
    assert booking.sequence == 1
    assert statuses(booking) == [("", "requested"), ("requested", "confirmed")]
    assert booking.timeline.last().actor == manager


@pytest.mark.parametrize("who", ["citizen", "other_manager"])
def test_only_a_manager_of_the_building_approves(request_, who, request):
    outsider = request.getfixturevalue(who)

    with pytest.raises(BookingError) as error:
        booking_approve(booking=request_, by=outsider, now=NOW)

    assert error.value.code == "not_permitted"
    request_.refresh_from_db()
    assert request_.status == BookingStatus.REQUESTED


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_refusal_without_a_reason_is_rejected(request_, manager, reason):
    with pytest.raises(BookingError) as error:
        booking_refuse(booking=request_, by=manager, reason=reason, now=NOW)

    assert (error.value.code, error.value.message) == (
        "reason_required",
        str(errors.REASON_REQUIRED),
    )
    request_.refresh_from_db()
    assert request_.status == BookingStatus.REQUESTED
    assert TimelineEntry.objects.filter(booking=request_).count() == 1


def test_a_refusal_stores_its_reason_and_up_to_three_free_alternatives(
    request_, manager, room, book, other_citizen
):
    twin = Space.objects.create(
        building=room.building, name="Mødelokale 2", kind=room.kind, capacity=25, area_m2=45
    )
    twin.policy.bookable_by_citizens = True
    twin.policy.save()
    book(END, END + dt.timedelta(hours=2), booker=other_citizen)  # the room is busy right after

    booking = booking_refuse(booking=request_, by=manager, reason="Lokalet males", now=NOW)

    assert booking.status == BookingStatus.REFUSED
    assert booking.timeline.last().reason == "Lokalet males"
    alternatives = list(booking.alternatives.select_related("space"))
    assert 1 <= len(alternatives) <= 3
    assert twin in [a.space for a in alternatives]
    for alternative in alternatives:
        assert alternative.end - alternative.start == END - START
        assert space_is_free(alternative.space, alternative.start, alternative.end)


def test_a_manager_may_choose_the_alternatives_but_only_free_ones(request_, manager, room, book):
    taken = book(local(2026, 11, 26, 10), local(2026, 11, 26, 12))

    with pytest.raises(BookingError) as error:
        booking_refuse(
            booking=request_,
            by=manager,
            reason="Optaget af kommunen",
            alternatives=[Slot(room, taken.start, taken.end)],
            now=NOW,
        )
    assert error.value.code == "alternative_not_free"

    free = Slot(room, local(2026, 11, 27, 10), local(2026, 11, 27, 12))
    booking = booking_refuse(
        booking=request_, by=manager, reason="Optaget", alternatives=[free], now=NOW
    )
    assert [(a.start, a.end) for a in booking.alternatives.all()] == [(free.start, free.end)]


def test_more_than_three_alternatives_are_refused(request_, manager, room):
    slots = [Slot(room, local(2026, 11, 27, h), local(2026, 11, 27, h + 1)) for h in (8, 9, 10, 11)]

    with pytest.raises(BookingError) as error:
        booking_refuse(booking=request_, by=manager, reason="x", alternatives=slots, now=NOW)

    assert error.value.code == "too_many_alternatives"


def test_a_manager_cancelling_someone_elses_booking_must_give_a_reason(book, manager):
    booking = book(START, END)

    with pytest.raises(BookingError) as error:
        booking_cancel(booking=booking, by=manager, now=NOW)
    assert error.value.code == "reason_required"

    booking = booking_cancel(booking=booking, by=manager, reason="Vandskade", now=NOW)
    assert booking.status == BookingStatus.CANCELLED
    assert booking.timeline.last().reason == "Vandskade"


def test_the_booker_cancels_without_a_reason_and_the_slot_is_free_again(book, citizen, room):
    booking = book(START, END)

    booking_cancel(booking=booking, by=citizen, now=NOW)

    assert space_is_free(room, START, END)


def test_a_booking_that_has_ended_cannot_be_cancelled(book, citizen, manager):
    booking = book(local(2026, 11, 24, 10), local(2026, 11, 24, 11))
    after = local(2026, 11, 24, 11)

    for by, reason in ((citizen, ""), (manager, "For sent")):
        with pytest.raises(BookingError) as error:
            booking_cancel(booking=booking, by=by, reason=reason, now=after)
        assert (error.value.code, error.value.message) == (
            "already_ended",
            str(errors.ALREADY_ENDED),
        )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not allows(booking, "cancel", now=after)
    assert allows(booking, "cancel", now=local(2026, 11, 24, 10, 59))


def test_a_stranger_cannot_cancel(book, other_citizen):
    with pytest.raises(BookingError) as error:
        booking_cancel(booking=book(START, END), by=other_citizen, now=NOW)

    assert error.value.code == "not_permitted"


def test_association_admin_cancels_a_members_booking(book, association, other_citizen, citizen):
    association.memberships.create(user=other_citizen)
    booking = book(
        START, END, booker=other_citizen, booker_kind="association", association=association
    )

    assert booking_cancel(booking=booking, by=citizen, now=NOW).status == BookingStatus.CANCELLED


@pytest.mark.parametrize(
    ("from_status", "action"),
    [
        (BookingStatus.REFUSED, "cancel"),
        (BookingStatus.CANCELLED, "approve"),
        (BookingStatus.CONFIRMED, "approve"),
        (BookingStatus.NO_SHOW, "check_in"),
    ],
)
def test_transitions_that_the_lifecycle_does_not_have_are_refused(
    book, manager, from_status, action
):
    booking = book(START, END)
    Booking.objects.filter(pk=booking.pk).update(status=from_status)
    call = {
        "cancel": lambda: booking_cancel(booking=booking, by=manager, reason="x", now=NOW),
        "approve": lambda: booking_approve(booking=booking, by=manager, now=NOW),
        "check_in": lambda: booking_check_in(booking=booking, by=manager, now=START),
    }[action]

    with pytest.raises(BookingError) as error:
        call()

    assert error.value.code == "invalid_transition"


@pytest.mark.parametrize(
    ("minutes", "allowed"), [(-16, False), (-15, True), (0, True), (15, True), (16, False)]
)
def test_check_in_window_is_15_minutes_either_side_of_the_start(book, citizen, minutes, allowed):
    booking = book(START, END)
    at = START + dt.timedelta(minutes=minutes)

    if allowed:
        assert booking_check_in(booking=booking, by=citizen, now=at).status == "checked_in"
    else:
        with pytest.raises(BookingError) as error:
            booking_check_in(booking=booking, by=citizen, now=at)
        assert error.value.code == "check_in_window"


def test_no_shows_are_released_only_where_check_in_is_required(book, room, town_hall):
    other = Space.objects.create(
        building=town_hall, name="Lokale uden check-in", kind=room.kind, capacity=10, area_m2=20
    )
    other.policy.bookable_by_citizens = True
    other.policy.approval = other.policy.Approval.NEVER
    other.policy.save()
    room.policy.check_in_required = True
    room.policy.save()
    required = book(START, END)
    not_required = book(START, END, space=other)

    assert release_no_shows(now=START + dt.timedelta(minutes=15)) == 0
    assert release_no_shows(now=START + dt.timedelta(minutes=16)) == 1

    required.refresh_from_db()
    not_required.refresh_from_db()
    assert required.status == BookingStatus.NO_SHOW
    assert required.timeline.last().actor is None
    assert not_required.status == BookingStatus.CONFIRMED
    assert space_is_free(room, START + dt.timedelta(minutes=30), END)


def test_a_checked_in_booking_is_not_released(book, room, citizen):
    room.policy.check_in_required = True
    room.policy.save()
    booking = book(START, END)
    booking_check_in(booking=booking, by=citizen, now=START)

    assert release_no_shows(now=END) == 0


def test_the_whole_journey_is_on_the_timeline(request_, manager, citizen):
    booking_approve(booking=request_, by=manager, now=NOW)
    booking_check_in(booking=request_, by=citizen, now=START)

    assert statuses(request_) == [
        ("", "requested"),
        ("requested", "confirmed"),
        ("confirmed", "checked_in"),
    ]
    assert request_.sequence == 2


def test_manager_marks_a_no_show_by_hand(book, manager):
    booking = booking_mark_no_show(booking=book(START, END), by=manager, now=END)

    assert booking.status == BookingStatus.NO_SHOW


def test_the_timeline_is_append_only(request_):
    entry = request_.timeline.get()

    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_alternatives_prefer_similar_spaces_with_the_same_amenities(request_, manager, room):
    projector = Amenity.objects.create(name="Projektor", code="projector")
    room.amenities.add(projector)
    without = Space.objects.create(
        building=room.building, name="Uden projektor", kind=room.kind, capacity=30, area_m2=50
    )
    with_projector = Space.objects.create(
        building=room.building, name="Med projektor", kind=room.kind, capacity=30, area_m2=50
    )
    with_projector.amenities.add(projector)
    for space in (without, with_projector):
        space.policy.bookable_by_citizens = True
        space.policy.save()

    booking = booking_refuse(booking=request_, by=manager, reason="Optaget", now=NOW)

    spaces = {a.space for a in booking.alternatives.all()}
    assert with_projector in spaces
    assert without not in spaces


def test_suggested_times_in_the_same_space_never_overlap_the_refused_slot(request_, manager, room):
    booking = booking_refuse(booking=request_, by=manager, reason="Optaget", now=NOW)

    same_space = [a for a in booking.alternatives.all() if a.space_id == room.pk]
    assert same_space
    for alternative in same_space:
        assert alternative.end <= START or alternative.start >= END
