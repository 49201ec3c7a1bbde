"""Twenty people press "Book" for the same slot at the same moment: exactly one gets it."""

import threading

import pytest
from django.db import connection

from bookings.errors import BookingConflict
from bookings.models import Booking
from tests.bookings.conftest import local

RACERS = 20


def race(book, racers: list) -> tuple[list, list]:
    barrier = threading.Barrier(len(racers))
    won, lost, failed = [], [], []

    def attempt(user) -> None:
        try:
            barrier.wait()
            won.append(book(local(2026, 11, 25, 10), local(2026, 11, 25, 12), booker=user))
        except BookingConflict as conflict:
            lost.append(conflict)
        except Exception as exc:
            failed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failed == []
    return won, lost


@pytest.mark.django_db(transaction=True)
def test_twenty_racers_for_one_slot_give_exactly_one_booking(book, citizen, django_user_model):
    racers = [django_user_model.objects.create_user(username=f"racer{n}") for n in range(RACERS)]

    won, lost = race(book, racers)

    assert len(won) == 1
    assert len(lost) == RACERS - 1
    assert Booking.objects.count() == 1
    assert Booking.objects.get().booker == won[0].booker


@pytest.mark.django_db(transaction=True)
def test_racers_for_overlapping_slots_never_double_book(book, room, django_user_model):
    racers = [django_user_model.objects.create_user(username=f"racer{n}") for n in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    results: list[str] = []

    def attempt(n: int, user) -> None:
        try:
            barrier.wait()
            start = local(2026, 11, 25, 9, 0 + 5 * (n % 12))  # starts 09:00…09:55, 1 hour each
            book(start, start.replace(hour=start.hour + 1), booker=user)
            results.append("won")
        except BookingConflict:
            results.append("lost")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n, u)) for n, u in enumerate(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == RACERS
    bookings = list(Booking.objects.order_by("start"))
    assert results.count("won") == len(bookings) == 1  # every start overlaps every other
