"""A large, plausible booking history for the benchmark municipality, as COPY text lines.

Each space gets a share of the total in proportion to how busy it is (a random "fill" between
a fifth and four fifths of its open hours) and how short its bookings are, spread over the days
by open hours and season (quiet July and Christmas). A day's bookings are laid out one after the
other inside the building's open hours, never closer than the space's buffer, so no two of a
space's bookings overlap in [start, blocked_until) whatever their status: the PostgreSQL
exclusion constraint holds by construction. Spaces that allow use outside opening hours get
some days with bookings reaching an hour past closing (or before opening), and the odd evening
on a closed day. Every booking lies inside one local day between 06:00 and 24:00, so its minutes
inside opening hours are plain arithmetic on that day's hours, and its UTC times are its local
quarter hours minus the day's one offset (DST changes at 02:00–03:00), all on the same UTC date.

Statuses: past bookings are mostly confirmed, checked in (most in spaces that require check-in,
some elsewhere) or no-shows (only where check-in is required), with some cancelled and refused
and a few requests never answered; future bookings are confirmed, requested (spaces needing
approval), cancelled or refused. Bookers: units (often the space's host unit), associations
and citizens, as the space's policy allows.

Speed matters more than elegance here (a million rows on a busy two-core machine): one line
of text per booking without datetime objects, and random.random() rather than its slower
helpers.
"""

import bisect
import datetime as dt
import math
import random
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from bench.support.hours import MIDNIGHT, Hours
from bench.support.places import KINDS, Places, SpacePlan

# The columns of bookings_booking each line fills, in order (id comes from its sequence).
COLUMNS = (
    "space_id", "series_id", "start", "end", "blocked_until", "status", "booker_id",
    "booker_kind", "association_id", "unit_id", "title", "description", "attendees", "public",
    "responsible_name", "responsible_phone", "access_code", "check_in_code", "minutes_inside",
    "minutes_outside", "reply_due_at", "deadline_alarm_sent_at", "sequence", "created", "updated",
)  # fmt: skip
NULL = "\\N"  # COPY's text format for NULL

QUARTER = 15
EARLIEST = 6 * 60  # bookings start no earlier than 06:00 local
SEASON = {7: 0.35, 8: 0.8, 12: 0.75, 6: 0.85}  # month -> how busy, against 1 for the rest
# Draw a little more than wanted, then drop at random down to the share; if chance gave too
# few, draw again with more.
OVERSAMPLE = (1.15, 1.4, 2.0, 3.0)
CREATED_BEFORE = 90  # days: bookings are made up to this long before they start
TITLES = {
    "association": ("Træning", "Bestyrelsesmøde", "Øveaften", "Generalforsamling", "Klubaften"),
    "unit": ("Teammøde", "Personalemøde", "Borgermøde", "Kursus", "Workshop", "Samtale"),
    "citizen": ("Fødselsdag", "Privat arrangement", "Studiegruppe", "Familiefest", "Møde"),
}  # fmt: skip
KIND_WEIGHT = {"unit": 0.3, "association": 0.55, "citizen": 0.15}
# "HH:MM:00+00" for each quarter hour of a UTC day.
CLOCK = tuple(f"{q // 4:02d}:{q % 4 * 15:02d}:00+00" for q in range(96))


class Days:
    """The local days of the data's span (index 0 is `first`), each with its UTC offset in
    quarter hours, and date strings reaching CREATED_BEFORE days further back."""

    def __init__(self, first: dt.date, last: dt.date, zone: ZoneInfo) -> None:
        self.days: list[dt.date] = []
        self.offset: list[int] = []
        day = first
        while day <= last:
            offset = dt.datetime.combine(day, dt.time(12), tzinfo=zone).utcoffset()
            assert offset is not None
            self.days.append(day)
            self.offset.append(int(offset.total_seconds()) // (QUARTER * 60))
            day += dt.timedelta(days=1)
        self._dates = [
            str(first + dt.timedelta(days=n))
            for n in range(-CREATED_BEFORE, len(self.days) + 3)  # + 3: reply deadlines
        ]

    def date(self, index: int) -> str:
        """'YYYY-MM-DD' of day `index` (negative: before the first day)."""
        return self._dates[index + CREATED_BEFORE]


def booking_lines(
    rng: random.Random, places: Places, days: Days, *, total: int, reference: dt.date
) -> Iterator[str]:
    """About `total` lines (fewer only if the spaces cannot hold that many), space by space.
    Bookings on days before `reference` are past."""
    tables = {s.building_id: s.timetable for s in places.spaces}
    hours_by_building = {b: [t.hours_on(d) for d in days.days] for b, t in tables.items()}
    weights = {
        b: [_open_minutes(h) * SEASON.get(d.month, 1.0) for h, d in zip(hs, days.days, strict=True)]
        for b, hs in hours_by_building.items()
    }
    busy = {
        s.id: rng.uniform(0.2, 0.8) * sum(weights[s.building_id]) / _mean_minutes(s)
        for s in places.spaces
    }
    scale = total / sum(busy.values())
    wanted = _shares({sid: b * scale for sid, b in busy.items()}, total)
    today = days.days.index(reference) if reference in days.days else len(days.days)
    random_ = rng.random
    # Rows go in roughly in the order bookings are made (by the day each was created), as a
    # real table fills, not space by space: the heap's physical order is part of what the
    # benchmarks measure.
    slots = []
    for n, space in enumerate(places.spaces):
        hours = hours_by_building[space.building_id]
        for i, first, end in _slots(
            rng, space, hours, weights[space.building_id], wanted[space.id]
        ):
            made = i - 1 - int(random_() * 60)
            if made >= today:
                made = today - 1 - int(random_() * 30)
            slots.append((made, n, i, first, end))
    slots.sort()
    contexts = [
        _Space(space, places, hours_by_building[space.building_id]) for space in places.spaces
    ]
    return _lines(rng, places, contexts, days, slots, today)


def _shares(amounts: dict[int, float], total: int) -> dict[int, int]:
    """Whole numbers summing to total, by largest remainders."""
    shares = {k: math.floor(v) for k, v in amounts.items()}
    rest = total - sum(shares.values())
    for k in sorted(amounts, key=lambda k: amounts[k] - shares[k], reverse=True)[:rest]:
        shares[k] += 1
    return shares


def _open_minutes(hours: Hours) -> int:
    return sum(c - o for o, c in hours)


def _mean_minutes(space: SpacePlan) -> float:
    durations = KINDS[space.kind].durations
    return QUARTER * sum(durations) / len(durations) + space.buffer_minutes


def _slots(
    rng: random.Random, space: SpacePlan, hours: list[Hours], weights: list[float], wanted: int
) -> list[tuple[int, int, int]]:
    """(day index, first quarter, end quarter) of `wanted` bookings of the space (fewer if
    it cannot hold them), in time order."""
    for factor in OVERSAMPLE:
        slots = _draw(rng, space, hours, wanted * factor / (sum(weights) or 1), weights)
        if len(slots) >= wanted:
            break
    if len(slots) > wanted:
        dropped = set(rng.sample(range(len(slots)), len(slots) - wanted))
        slots = [slot for n, slot in enumerate(slots) if n not in dropped]
    return slots


def _draw(
    rng: random.Random,
    space: SpacePlan,
    hours: list[Hours],
    per_weight: float,
    weights: list[float],
) -> list[tuple[int, int, int]]:
    random_ = rng.random
    durations = KINDS[space.kind].durations
    choices = len(durations)
    buffer = space.buffer_minutes // QUARTER
    outside = space.outside_hours_allowed
    slots = []
    for i, day_hours in enumerate(hours):
        if day_hours:
            opens, closes = day_hours[0][0], day_hours[-1][1]
            if outside and random_() < 0.2:
                opens, closes = max(EARLIEST, opens - 60), min(MIDNIGHT, closes + 60)
            expected = weights[i] * per_weight * (0.4 + 1.2 * random_())
            count = int(expected + random_())  # rounded up with probability its fraction
        elif outside and random_() < 0.08:
            opens, closes, count = 17 * 60, 21 * 60, 1  # an evening on a closed day
        else:
            continue
        if not count:
            continue
        room = (closes - opens) // QUARTER
        lengths = [durations[int(random_() * choices)] for _ in range(count)]
        while lengths and sum(lengths) + buffer * (len(lengths) - 1) > room:
            lengths.remove(max(lengths))
        if not lengths:
            continue
        free = room - sum(lengths) - buffer * (len(lengths) - 1) + 1
        cuts = sorted([int(random_() * free) for _ in lengths])
        at, previous = opens // QUARTER, 0
        for cut, quarters in zip(cuts, lengths, strict=True):
            at += cut - previous
            previous = cut
            slots.append((i, at, at + quarters))
            at += quarters + buffer
    return slots


class _Space:
    """What writing one space's lines needs, looked up once."""

    __slots__ = (
        "approval", "buffer", "capacity", "check_in", "cumulative", "fullness", "host_unit_id",
        "hours", "id", "kinds", "responsible",
    )  # fmt: skip

    def __init__(self, space: SpacePlan, places: Places, hours: list[Hours]) -> None:
        self.id = space.id
        self.kinds = space.booker_kinds
        self.cumulative = list(_cumulative([KIND_WEIGHT[k] for k in self.kinds]))
        self.capacity, self.fullness = space.capacity, KINDS[space.kind].fullness
        self.buffer = space.buffer_minutes // QUARTER
        self.approval = space.approval != "never"
        self.check_in = space.check_in_required
        self.host_unit_id = space.host_unit_id
        self.hours = hours
        # Use outside opening hours needs a named responsible adult with a phone.
        self.responsible = "Ansvarlig voksen\t12345678" if space.outside_hours_allowed else "\t"


def _lines(
    rng: random.Random,
    places: Places,
    spaces: list[_Space],
    days: Days,
    slots: list[tuple[int, int, int, int, int]],
    today: int,
) -> Iterator[str]:
    random_ = rng.random
    clubs, citizens, units = places.association_ids, places.citizen_ids, places.unit_ids
    for made, n, i, first, end in slots:
        space = spaces[n]
        offset = days.offset[i]
        date = days.date(i)
        start_text = f"{date} {CLOCK[first - offset]}"
        inside = sum(
            max(0, min(end, closes // QUARTER) - max(first, opens // QUARTER))
            for opens, closes in space.hours[i]
        )
        outside = end - first - inside

        kinds = space.kinds
        kind = kinds[bisect.bisect(space.cumulative, random_())] if len(kinds) > 1 else kinds[0]
        club = unit = NULL
        if kind == "association":
            club = clubs[int(random_() * len(clubs))]
            booker = places.member_of[club]
        elif kind == "unit":
            unit = space.host_unit_id
            if unit is None or random_() < 0.3:
                unit = units[int(random_() * len(units))]
            booker = places.staff_of[unit]
        else:
            booker = citizens[int(random_() * len(citizens))]

        r = random_()
        if i < today:  # past
            if r < 0.06:
                status = "cancelled"
            elif r < 0.08:
                status = "refused"
            elif space.approval and r < 0.082:
                status = "requested"  # never answered: an overdue request
            elif space.check_in:
                status = "checked_in" if random_() < 0.87 else "no_show"
            else:
                status = "checked_in" if random_() < 0.2 else "confirmed"
        elif r < 0.05:
            status = "cancelled"
        elif r < 0.065:
            status = "refused"
        elif space.approval and r < 0.14:
            status = "requested"
        else:
            status = "confirmed"

        capacity = space.capacity
        attendees = min(capacity, max(1, int(capacity * space.fullness * (0.4 + 1.2 * random_()))))
        created = f"{days.date(made)} {CLOCK[24 + int(random_() * 52)]}"
        updated = start_text if status in ("checked_in", "no_show") else created
        reply_due = f"{days.date(made + 3)}{created[10:]}" if status == "requested" else NULL
        titles = TITLES[kind]
        yield (
            f"{space.id}\t{NULL}\t{start_text}\t{date} {CLOCK[end - offset]}\t"
            f"{date} {CLOCK[end + space.buffer - offset]}\t{status}\t{booker}\t{kind}\t"
            f"{club}\t{unit}\t{titles[int(random_() * len(titles))]}\t\t{attendees}\t"
            f"{'t' if kind == 'association' and random_() < 0.4 else 'f'}\t"
            f"{space.responsible if outside else chr(9)}\t\t\t"
            f"{inside * QUARTER}\t{outside * QUARTER}\t"
            f"{reply_due}\t{NULL}\t{1 if status in ('cancelled', 'refused') else 0}\t"
            f"{created}\t{updated}\n"
        )


def _cumulative(weights: list[float]) -> Iterator[float]:
    """Upper bounds in [0, 1) for bisect: weights (0.3, 0.7) give (0.3,), and so on."""
    total, running = sum(weights), 0.0
    for weight in weights[:-1]:
        running += weight
        yield running / total
