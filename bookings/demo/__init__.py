"""The demo municipality's bookings: a year of them, for development, reports and benchmarks.

`seed_bookings` is a facilities demo seed step (`manage.py seed_demo --bookings` finds it by
settings.DEMO_BOOKINGS_SEED_STEP, as facilities may not import bookings). Modules: seed (the
step), cast (who books), clock (period, moments, dice), calendar (free slots, opening hours),
fates (approve, refuse, cancel, check-in, no-show), seasons and series_data (weekly series),
events and events_data (one-off events), daily (units' meetings, citizens in the library).
"""

from bookings.demo.seed import seed_bookings

__all__ = ["seed_bookings"]
