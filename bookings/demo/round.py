"""The demo's seasonal allocation round (issue 10), open for applications from the seed's day.

It covers the demo manager's two buildings, so demo-driftsleder runs it and demo-foreningsadmin
can apply for Egeskov Boldklub. Made once: a later seed leaves it (and any applications) alone.
"""

import datetime as dt

from accounts.models import User
from bookings.models import AllocationRound
from bookings.rounds.setup import round_create
from facilities.demo.context import SeedContext
from facilities.opening_hours import local_zone

DEMO_MANAGER = "demo-driftsleder"
WINDOW = dt.timedelta(days=28)


def seed_round(ctx: SeedContext) -> None:
    """The demo seed step for the round (settings.DEMO_ROUND_SEED_STEP); runs after seed_users."""
    # The season after the window: from August to June, as Danish sports seasons run.
    opens = dt.datetime.combine(ctx.today, dt.time(8), tzinfo=local_zone())
    closes = opens + WINDOW
    year = closes.year if closes.date() < dt.date(closes.year, 8, 1) else closes.year + 1
    name = f"Sæson {year}/{str(year + 1)[-2:]}"
    if AllocationRound.objects.filter(name=name).exists():
        return
    manager = User.objects.get(username=DEMO_MANAGER)
    round_create(
        name=name,
        season_start=dt.date(year, 8, 1),
        season_end=dt.date(year + 1, 6, 30),
        applications_open=opens,
        applications_close=closes,
        buildings=list(manager.managed_buildings.order_by("name")),
        created_by=manager,
        now=opens,
    )
