"""The space policy in plain words (bookings/policy_words.py), as the space page shows it."""

import pytest
from django.utils import translation

from bookings.policy_words import duration_words, policy_sentences, who_may_book
from facilities.models import SpacePolicy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def policy(room) -> SpacePolicy:
    policy = room.policy
    policy.bookable_by_associations = True
    policy.bookable_by_citizens = False
    policy.bookable_by_units = False
    policy.min_duration_minutes = 30
    policy.max_duration_minutes = 90
    policy.min_notice_minutes = 120
    policy.max_advance_days = 60
    policy.buffer_minutes = 15
    policy.outside_hours_allowed = False
    policy.check_in_required = False
    policy.approval = SpacePolicy.Approval.OUTSIDE_HOURS
    return policy


@pytest.mark.parametrize(
    ("approval", "sentence"),
    [
        (SpacePolicy.Approval.NEVER, "Bookings are confirmed at once; no approval is needed."),
        (
            SpacePolicy.Approval.ALWAYS,
            "Every booking is a request until the building's staff approve it; you get an "
            "e-mail when they do.",
        ),
        (
            SpacePolicy.Approval.OUTSIDE_HOURS,
            "Bookings inside the building's opening hours are confirmed at once; bookings "
            "outside them are requests until the building's staff approve them.",
        ),
    ],
)
def test_each_approval_mode_has_its_sentence(policy, approval, sentence):
    policy.approval = approval

    sentences = policy_sentences(policy)

    assert sentence in sentences
    others = {mode for mode in SpacePolicy.Approval if mode != approval}
    for other in others:
        policy.approval = other
        assert sentence not in policy_sentences(policy)


def test_every_rule_is_told(policy):
    sentences = policy_sentences(policy)

    assert sentences == [
        "It can be booked by associations.",
        "A booking lasts from 30 minutes to 1 hour 30 minutes.",
        "You can book up to 60 days ahead.",
        "Book at least 2 hours before the start.",
        "There are always at least 15 minutes between two bookings, for cleaning or changeover.",
        "Bookings inside the building's opening hours are confirmed at once; bookings outside "
        "them are requests until the building's staff approve them.",
        "It can only be used inside the building's opening hours.",
    ]


def test_outside_hours_use_tells_what_it_needs(policy):
    policy.outside_hours_allowed = True
    policy.check_in_required = True

    text = " ".join(policy_sentences(policy))

    assert "named responsible adult with a phone number" in text
    assert "access code" in text
    assert "Check in at the door" in text


def test_no_buffer_and_no_notice_say_so_or_nothing(policy):
    policy.buffer_minutes = 0
    policy.min_notice_minutes = 0
    policy.min_duration_minutes = policy.max_duration_minutes = 60

    sentences = policy_sentences(policy)

    assert "You can book right up to the start." in sentences
    assert "A booking lasts exactly 1 hour." in sentences
    assert not any("between two bookings" in sentence for sentence in sentences)


@pytest.mark.parametrize(
    ("flags", "sentence"),
    [
        ((True, True, True), "It can be booked by associations, citizens and municipal units."),
        ((False, True, False), "It can be booked by citizens."),
        ((True, False, True), "It can be booked by associations and municipal units."),
        ((False, False, False), "This room cannot be booked at the moment."),
    ],
)
def test_who_may_book(policy, flags, sentence):
    (
        policy.bookable_by_associations,
        policy.bookable_by_citizens,
        policy.bookable_by_units,
    ) = flags

    assert who_may_book(policy) == sentence


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(1, "1 minute"), (45, "45 minutes"), (60, "1 hour"), (150, "2 hours 30 minutes")],
)
def test_duration_words(minutes, words):
    assert duration_words(minutes) == words
