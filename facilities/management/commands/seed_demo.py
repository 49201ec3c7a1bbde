"""manage.py seed_demo: the demo municipality, for development and review. Never production."""

import datetime as dt
import time
from collections.abc import Mapping

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import import_string

from facilities.demo import SEED_STEPS, DemoSeedError, DemoSummary, demo_seed
from facilities.demo.context import SeedContext, SeedStep


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
        parser.add_argument(
            "--bookings",
            action="store_true",
            help="Also fill a year of demo bookings (nine months before today, three after) "
            "through the booking services. Replaces the demo's earlier bookings and series; "
            "takes a minute or two.",
        )
        parser.add_argument(
            "--months-before",
            type=int,
            default=9,
            help="With --bookings: how many months of past bookings (default 9).",
        )
        parser.add_argument(
            "--months-after",
            type=int,
            default=3,
            help="With --bookings: how many months of future bookings (default 3).",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = options["today"] or timezone.localdate()
        # Found by their dotted paths: facilities may not import bookings (docs/architecture.md).
        steps: tuple[SeedStep, ...] = (*SEED_STEPS, import_string(settings.DEMO_ROUND_SEED_STEP))
        booking_counts: dict[str, int] = {}
        if options["bookings"]:
            seed_bookings = import_string(settings.DEMO_BOOKINGS_SEED_STEP)

            def bookings_step(ctx: SeedContext) -> None:
                # It returns counts to print.
                booking_counts.update(
                    seed_bookings(
                        ctx,
                        months_before=int(options["months_before"]),
                        months_after=int(options["months_after"]),
                    )
                )

            steps = (*steps, bookings_step)
        started = time.monotonic()
        try:
            summary = demo_seed(
                today=today, allow_production=bool(options["allow_production"]), steps=steps
            )
        except DemoSeedError as error:
            raise CommandError(str(error)) from error
        self._print(summary, today)
        if options["bookings"]:
            self._print_bookings(booking_counts, time.monotonic() - started)

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

    def _print_bookings(self, counts: Mapping[str, int], seconds: float) -> None:
        out = self.stdout
        out.write("")
        heading = f"Demo bookings (the whole seed took {seconds:.0f} s):"
        out.write(self.style.MIGRATE_HEADING(heading))
        for label, count in counts.items():
            out.write(f"  {label:<36} {count:>6}")
