"""seed_bookings: a year of the demo municipality's bookings, made through the real services.

From nine months before `today` to three months after it: associations' weekly evenings for
the season, units' daytime meetings, citizens in the library, events, refusals, cancellations,
check-ins and no-shows. Every booking is made with booking_create or series_create with `now=`
set to a moment before it starts, and every later step with the lifecycle functions at its own
plausible moment, so each policy rule holds and the timelines read as if it all had happened.

Deterministic (a fixed seed) and idempotent: the demo's bookings and series (those of demo
users in demo spaces) are deleted and made again, in one transaction. Bookings other people
made in demo spaces are kept, and the demo books around them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Count

from bookings import notifications
from bookings.demo.calendar import Calendar
from bookings.demo.cast import demo_usernames, seed_cast
from bookings.demo.clock import DAY, Dice, Period, period_around
from bookings.demo.daily import seed_daily
from bookings.demo.events import seed_events
from bookings.demo.fates import Fates
from bookings.demo.run import DemoRun
from bookings.demo.seasons import seed_series
from bookings.models import BookerKind, Booking, BookingStatus, Series, TimelineEntry
from facilities.demo.context import SeedContext
from facilities.models import Space

SEED = 5770  # Egeskov's (fictional) postal code: any fixed number gives the same demo each run
MONTHS_BEFORE = 9
MONTHS_AFTER = 3


def seed_bookings(
    ctx: SeedContext, *, months_before: int = MONTHS_BEFORE, months_after: int = MONTHS_AFTER
) -> dict[str, int]:
    """The demo seed step for bookings (settings.DEMO_BOOKINGS_SEED_STEP); runs after
    seed_users. Returns counts by status and booker kind for the command's summary.

    Tests pass fewer months to keep the suite fast.
    """
    period = period_around(ctx.today, months_before=months_before, months_after=months_after)
    with transaction.atomic(), silenced_notifications():
        delete_demo_bookings(ctx)
        spaces = _demo_spaces(ctx)
        calendar = Calendar(spaces.values(), period.start - DAY, period.end + DAY)
        calendar.load_active(period.start - 7 * DAY, period.end + 7 * DAY)
        dice = Dice(SEED)
        cast = seed_cast(ctx)
        run = DemoRun(
            ctx=ctx,
            period=period,
            dice=dice,
            cast=cast,
            calendar=calendar,
            fates=Fates(dice=dice, period=period, cast=cast),
            spaces=spaces,
        )
        seed_series(run)
        seed_events(run)
        seed_daily(run)
        _analyze_new_rows()
        return booking_counts(ctx, period, run)


def _analyze_new_rows() -> None:
    """Tell PostgreSQL's planner about the thousands of rows just added in this transaction.

    Autovacuum cannot see them before the commit, and a table it last found empty is planned
    as if it were tiny: nested loops over thousands of rows that took minutes (seen in the
    suite, where the demo is seeded inside a test's transaction). ANALYZE counts the
    transaction's own new rows.
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (Booking, Series, TimelineEntry)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


# The functions of bookings.notifications that queue e-mails on commit.
NOTIFIERS = ("transition_made", "request_made", "series_made")


@contextmanager
def silenced_notifications() -> Iterator[None]:
    """No e-mail while seeding.

    booking_create takes notify=False, but series_create (one e-mail per series) and the
    lifecycle functions (approve, refuse, cancel, check-in, no-show) always tell
    bookings.notifications. A year of demo data would queue thousands of e-mails on commit, to
    the demo users and the managers, and rendering them would take most of the seed's time.
    The services look these functions up on the module when they call them, so swapping them
    for the length of the seed is enough. Not thread-safe: the seed runs alone, in a command.
    """
    saved = {name: getattr(notifications, name) for name in NOTIFIERS}
    for name in NOTIFIERS:
        setattr(notifications, name, _no_email)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(notifications, name, function)


def _no_email(*args: Any, **kwargs: Any) -> None:
    return None


def demo_bookings(ctx: SeedContext):
    return Booking.objects.filter(
        space__building__municipality=ctx.demo_municipality, booker__username__in=demo_usernames()
    )


def delete_demo_bookings(ctx: SeedContext) -> None:
    """Delete the demo's series and bookings with their timelines and alternatives.

    QuerySet.delete() cascades to the timeline in SQL; TimelineEntry.delete() refuses on
    purpose (the timeline is append-only), and it is not called here.
    """
    Series.objects.filter(
        space__building__municipality=ctx.demo_municipality, booker__username__in=demo_usernames()
    ).delete()
    demo_bookings(ctx).delete()


def booking_counts(ctx: SeedContext, period: Period, run: DemoRun) -> dict[str, int]:
    bookings = demo_bookings(ctx)
    by_status = dict(bookings.values_list("status").annotate(n=Count("pk")).order_by())
    by_kind = dict(bookings.values_list("booker_kind").annotate(n=Count("pk")).order_by())
    counts = {
        "bookings": sum(by_status.values()),
        # From the bookings' own column: joining Series back to them was planned as nested
        # loops on PostgreSQL whenever the table's statistics said empty (after autovacuum),
        # which turned the count of thousands of new rows into minutes.
        "series": bookings.exclude(series=None).values("series").distinct().count(),
    }
    counts |= {f"status: {status}": by_status.get(status, 0) for status in BookingStatus.values}
    counts |= {f"booked as: {kind}": by_kind.get(kind, 0) for kind in BookerKind.values}
    counts["requests past their reply deadline"] = bookings.filter(
        status=BookingStatus.REQUESTED, reply_due_at__lt=period.now
    ).count()
    counts["series occurrences left out"] = sum(run.not_booked.values())
    return counts


def _demo_spaces(ctx: SeedContext) -> dict[tuple[str, str], Space]:
    keys = {building.pk: key for key, building in ctx.buildings.items()}
    spaces = Space.objects.filter(building__in=ctx.buildings.values()).select_related(
        "building", "policy", "host_unit"
    )
    return {(keys[space.building_id], space.name): space for space in spaces}
