"""manage.py seed_demo: the demo municipality, for development and review. Never production."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from facilities.demo import DemoSeedError, DemoSummary, demo_seed


class Command(BaseCommand):
    help = (
        "Create or refresh the fictional demo municipality (Egeskov Kommune) with buildings, "
        "spaces, opening hours, holiday closures, associations and one login per role. "
        "Safe to run again: nothing is duplicated. Refuses to run in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even when settings.PRODUCTION is on. The demo password is public.",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Seed as if today were this date (YYYY-MM-DD): holiday closures cover its "
            "year and the next. Default: today in the project's time zone.",
        )
        # Demo bookings come in a later issue as a --bookings flag that passes
        # SEED_STEPS + (seed_bookings,) to demo_seed (see facilities/demo/service.py).

    def handle(self, *args: object, **options: object) -> None:
        today = options["today"] or timezone.localdate()
        try:
            summary = demo_seed(today=today, allow_production=bool(options["allow_production"]))
        except DemoSeedError as error:
            raise CommandError(str(error)) from error
        self._print(summary, today)

    def _print(self, summary: DemoSummary, today: dt.date) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"{summary.municipality} is ready (as of {today:%Y-%m-%d})."))
        for label, count in summary.counts.items():
            out.write(f"  {label:<20} {count:>5}")
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Demo logins (development only, never production):"))
        rows = [("Username", "Password", "Role", "Can")] + [
            (login.username, login.password, login.role, login.can) for login in summary.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            out.write("  " + "  ".join([*cells, row[3]]))
