"""Publishing in the background (bookings/rounds/publish.py): the page asks for it
(round_publish_request), the periodic job publishes the rounds asked for
(publish_queued_rounds), and what stopped one is kept on the round and shown.

The proposed round of test_publish.py: three allocated slots, NOW is Monday 3 May 2027."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from bookings.errors import BookingError
from bookings.models import AllocationRound, Booking, Series, TimelineEntry
from bookings.rounds import publish, result_email
from bookings.rounds.publish import (
    publish_error_text,
    publish_queued_rounds,
    round_publish_request,
)
from facilities.models import SpacePolicy
from tests.bookings.rounds import test_publish
from tests.bookings.rounds.conftest import local

pytestmark = pytest.mark.django_db

proposed = test_publish.proposed
NOW = test_publish.NOW
LATER = NOW + dt.timedelta(minutes=1)
Stage = AllocationRound.Stage


@pytest.fixture
def queued(proposed):
    round_publish_request(round=proposed.round, user=proposed.manager, now=NOW)
    proposed.round.refresh_from_db()
    return proposed


def refresh(w) -> AllocationRound:
    w.round.refresh_from_db()
    return w.round


def test_asking_queues_the_round_and_books_nothing_yet(queued):
    round = refresh(queued)

    assert round.stage(NOW) == Stage.PUBLISHING
    assert round.publish_requested_at == NOW
    assert round.publish_requested_by == queued.manager
    assert round.published_at is None
    assert not Booking.objects.exists()


def test_asking_is_only_for_those_who_may_run_the_round(proposed, other_manager):
    for user in (other_manager, proposed.football_admin):
        with pytest.raises(BookingError) as raised:
            round_publish_request(round=proposed.round, user=user, now=NOW)
        assert raised.value.code == "not_round_manager"
    assert refresh(proposed).publish_requested_at is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"allocated_at": None}, "round_not_proposed"),
        ({"published_at": NOW}, "round_published"),
        ({"publish_requested_at": NOW}, "round_publishing"),
    ],
)
def test_asking_needs_a_proposed_round_not_yet_asked_for(proposed, change, code):
    AllocationRound.objects.filter(pk=proposed.round.pk).update(**change)
    proposed.round.refresh_from_db()

    with pytest.raises(BookingError) as raised:
        round_publish_request(round=proposed.round, user=proposed.manager, now=NOW)

    assert raised.value.code == code


def test_asking_after_the_season_is_refused_at_once(proposed):
    with pytest.raises(BookingError) as raised:
        round_publish_request(round=proposed.round, user=proposed.manager, now=local(2028, 7, 1))
    assert raised.value.code == "season_over"


def test_the_job_publishes_it_as_the_manager_who_asked(
    queued, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_queued_rounds(now=LATER) == (1, 0)

    round = refresh(queued)
    assert round.stage(LATER) == Stage.PUBLISHED
    assert round.published_at == LATER
    assert Series.objects.count() == 3
    assert set(TimelineEntry.objects.values_list("actor", flat=True)) == {queued.manager.pk}
    assert round.publish_summary == {
        "series": 3,
        "bookings": Booking.objects.count(),
        "missed": 0,
        "emails": len(mailoutbox),
    }
    assert len(mailoutbox) > 0
    # Published once: the next run finds nothing to do.
    assert publish_queued_rounds(now=LATER + dt.timedelta(minutes=1)) == (0, 0)
    assert Series.objects.count() == 3


def test_a_round_that_cannot_be_published_keeps_its_proposal_and_says_why(queued):
    # Since the allocation, the big hall stopped taking associations (test_publish's case).
    SpacePolicy.objects.filter(space=queued.big_hall).update(
        bookable_by_associations=False, bookable_by_citizens=True
    )

    assert publish_queued_rounds(now=LATER) == (0, 1)

    round = refresh(queued)
    assert round.stage(LATER) == Stage.PROPOSED  # the manager can change it and ask again
    assert round.publish_failed_at == LATER
    assert round.publish_error["code"] == "slot_not_bookable"
    assert not Booking.objects.exists()
    with translation.override("en"):
        assert "Motion (Testrup Motionsklub)" in publish_error_text(round)
        assert "cannot be booked on any date" in publish_error_text(round)
    # Not tried again every minute.
    assert publish_queued_rounds(now=LATER + dt.timedelta(minutes=1)) == (0, 0)


def test_an_unexpected_error_is_logged_stored_and_not_retried(queued, monkeypatch, caplog):
    def broken(**kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(result_email, "queue", broken)

    assert publish_queued_rounds(now=LATER) == (0, 1)

    round = refresh(queued)
    assert round.publish_error == {"code": "publish_crashed", "params": {}}
    assert publish_error_text(round) == str(publish.PUBLISH_CRASHED)
    assert "ZeroDivisionError" in caplog.text
    assert not Series.objects.exists()  # its transaction rolled back


def test_a_scheduler_killed_mid_round_leaves_it_queued_for_the_next_run(queued, monkeypatch):
    real_queue = result_email.queue

    def killed(**kwargs):
        raise SystemExit(143)  # SIGKILL's effect: the process ends inside the transaction

    monkeypatch.setattr(result_email, "queue", killed)
    with pytest.raises(SystemExit):
        publish_queued_rounds(now=LATER)
    assert not Series.objects.exists()
    assert refresh(queued).stage(LATER) == Stage.PUBLISHING

    monkeypatch.setattr(result_email, "queue", real_queue)
    assert publish_queued_rounds(now=LATER + dt.timedelta(minutes=1)) == (1, 0)


def test_the_command_still_publishes_at_once_even_a_queued_round(queued):
    call_command(
        "publish_round",
        str(queued.round.pk),
        "--as",
        queued.manager.username,
        "--now",
        LATER.isoformat(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    assert refresh(queued).published_at == LATER
    assert publish_queued_rounds(now=LATER) == (0, 0)
