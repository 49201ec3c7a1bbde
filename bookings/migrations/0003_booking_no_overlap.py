# Double bookings are impossible by construction on PostgreSQL: no two active bookings of one
# space may overlap in [start, blocked_until). blocked_until is end + the space's buffer, so the
# buffer is enforced here too. SQLite has no exclusion constraints; there the booking service
# serializes writers (BEGIN IMMEDIATE) and checks inside the transaction.
from django.db import migrations

ACTIVE = "('requested', 'confirmed', 'checked_in')"

CREATE = f"""
ALTER TABLE bookings_booking ADD CONSTRAINT booking_no_overlap
EXCLUDE USING gist (space_id WITH =, tstzrange("start", blocked_until, '[)') WITH &&)
WHERE (status IN {ACTIVE})
"""
DROP = "ALTER TABLE bookings_booking DROP CONSTRAINT booking_no_overlap"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_initial")]
    operations = [migrations.RunPython(create, drop)]
