# The booking engine's exclusion constraint (space = , time range &&) needs btree_gist on
# PostgreSQL. On SQLite this operation does nothing.
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [BtreeGistExtension()]
