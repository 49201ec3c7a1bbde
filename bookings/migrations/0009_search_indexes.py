# The availability search asks, for every candidate space at once, "does an active booking
# meet [start, end)?" (bookings.availability.BlockedMeets), and then which bookings start in
# the buffer after `end`. With this index PostgreSQL reads the few hundred active bookings
# meeting a range, over all spaces, in one GiST scan of the index alone (INCLUDE: no visit to
# the table's scattered rows), and joins them to the spaces by hash or merge: about 1 ms at
# 500 spaces and a million bookings. The no-overlap constraint's own GiST index (migration
# 0003) leads with space_id: it answers space by space, one probe each (30–600 ms for a search
# then, bench/availability.py), and scanned by range alone it reads far more of itself.
#
# PostgreSQL keeps no statistics on the expression of a partial index, so it would guess the
# range test's selectivity (thousands of rows where there are hundreds) and probe space by
# space; the expression statistics (PostgreSQL 14 and later) give it the real distribution.
#
# PostgreSQL only: SQLite has no range types (there the search compares start and blocked_until,
# and the (space, start) index serves).
from django.db import migrations

ACTIVE = "('requested', 'confirmed', 'checked_in')"
EXPRESSION = """tstzrange("start", blocked_until, '[)')"""

CREATE_INDEX = f"""
CREATE INDEX booking_active_blocked_range ON bookings_booking
USING gist ({EXPRESSION}) INCLUDE (space_id, "start", blocked_until)
WHERE (status IN {ACTIVE})
"""
CREATE_STATISTICS = (
    f"CREATE STATISTICS booking_blocked_range ON ({EXPRESSION}) FROM bookings_booking"
)
DROP_INDEX = "DROP INDEX IF EXISTS booking_active_blocked_range"
DROP_STATISTICS = "DROP STATISTICS IF EXISTS booking_blocked_range"
EXPRESSION_STATISTICS_SINCE = 140000  # server_version_num


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_INDEX)
    if schema_editor.connection.pg_version >= EXPRESSION_STATISTICS_SINCE:
        schema_editor.execute(CREATE_STATISTICS)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_STATISTICS)
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0008_periodic_run")]
    operations = [migrations.RunPython(create, drop)]
