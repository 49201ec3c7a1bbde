"""Danish public holidays, the days municipal buildings close.

Opening hours are a weekly pattern; holidays are the dated closures on top of it. Most of them
hang on Easter, so they move every year and cannot be typed in once: this module computes them.
"""

import datetime as dt

from dateutil.easter import easter

# Store Bededag was abolished by law from 2024 (lov nr. 1 af 28. februar 2023).
STORE_BEDEDAG_LAST_YEAR = 2023


def danish_public_holidays(year: int) -> list[tuple[dt.date, str]]:
    """The year's holidays as (date, Danish name), sorted by date.

    Grundlovsdag and the two eves (Juleaftensdag, Nytårsaftensdag) are not official holidays,
    but municipal buildings close on them, so they are included. Two names can fall on one
    date (Pinsedag was 5 June in 2022); both are listed.
    """
    easter_sunday = easter(year)

    def after_easter(days: int) -> dt.date:
        return easter_sunday + dt.timedelta(days=days)

    holidays = [
        (dt.date(year, 1, 1), "Nytårsdag"),
        (after_easter(-3), "Skærtorsdag"),
        (after_easter(-2), "Langfredag"),
        (easter_sunday, "Påskedag"),
        (after_easter(1), "2. påskedag"),
        (after_easter(39), "Kristi himmelfartsdag"),
        (after_easter(49), "Pinsedag"),
        (after_easter(50), "2. pinsedag"),
        (dt.date(year, 6, 5), "Grundlovsdag"),
        (dt.date(year, 12, 24), "Juleaftensdag"),
        (dt.date(year, 12, 25), "Juledag"),
        (dt.date(year, 12, 26), "2. juledag"),
        (dt.date(year, 12, 31), "Nytårsaftensdag"),
    ]
    if year <= STORE_BEDEDAG_LAST_YEAR:
        # The fourth Friday after Easter.
        holidays.append((after_easter(26), "Store bededag"))
    # A stable sort keeps the listed order for names that share a date.
    return sorted(holidays, key=lambda holiday: holiday[0])
