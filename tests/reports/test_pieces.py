"""The window cut into pieces within one UTC day and one local day, dated by local month."""

import datetime as dt

from reports.pieces import DAY, EVERY_BUILDING, fixed_window_pieces
from reports.scope import Period, Window

ALL_DAY = Window(opens=dt.time(0), closes=dt.time(0))


def hours(piece) -> float:
    return piece.seconds / 3600


def test_a_local_day_is_cut_at_utc_midnight():
    # 31 March 2026 in summer time: 00:00 local is 22:00 UTC the day before.
    pieces = fixed_window_pieces(ALL_DAY, Period(dt.date(2026, 3, 31), dt.date(2026, 3, 31)))
    assert [hours(piece) for piece in pieces] == [2, 22]
    assert {piece.month for piece in pieces} == {202603}
    assert {piece.group for piece in pieces} == {EVERY_BUILDING}
    assert all(piece.start // DAY == (piece.end - 1) // DAY for piece in pieces)


def test_pieces_take_the_month_of_their_local_day():
    pieces = fixed_window_pieces(ALL_DAY, Period(dt.date(2026, 3, 31), dt.date(2026, 4, 1)))
    assert [(piece.month, hours(piece)) for piece in pieces] == [
        (202603, 2),
        (202603, 22),
        (202604, 2),
        (202604, 22),
    ]


def test_the_spring_dst_day_is_23_hours_and_the_autumn_one_25():
    spring = fixed_window_pieces(ALL_DAY, Period(dt.date(2026, 3, 29), dt.date(2026, 3, 29)))
    autumn = fixed_window_pieces(ALL_DAY, Period(dt.date(2026, 10, 25), dt.date(2026, 10, 25)))
    assert sum(hours(piece) for piece in spring) == 23
    assert sum(hours(piece) for piece in autumn) == 25
