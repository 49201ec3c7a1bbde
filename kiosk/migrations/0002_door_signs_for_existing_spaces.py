"""Give every space that existed before the kiosk app its door sign (new ones get it on save)."""

import secrets

from django.db import migrations

# Frozen copy of kiosk.codes: a migration must not change when the code module does.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(taken):
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


def create_door_signs(apps, schema_editor):
    Space = apps.get_model("facilities", "Space")
    DoorSign = apps.get_model("kiosk", "DoorSign")
    taken = set(DoorSign.objects.values_list("code", flat=True))
    missing = Space.objects.filter(door_sign__isnull=True).values_list("pk", flat=True)
    DoorSign.objects.bulk_create(
        [DoorSign(space_id=pk, code=new_code(taken)) for pk in missing.iterator()],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kiosk", "0001_door_sign"),
    ]

    operations = [
        migrations.RunPython(create_door_signs, migrations.RunPython.noop),
    ]
