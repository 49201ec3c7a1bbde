from django.core.management.base import BaseCommand

from bookings.lifecycle import release_no_shows
from bookings.management import add_moment_argument, moment_option


class Command(BaseCommand):
    help = (
        "Release confirmed bookings that required check-in and got none in time (no-shows). "
        "The scheduler (run_periodic_jobs) does this every 5 minutes; this is for a backfill."
    )

    def add_arguments(self, parser) -> None:
        add_moment_argument(parser)

    def handle(self, *args, **options) -> None:
        count = release_no_shows(now=moment_option(options["now"]))
        self.stdout.write(f"Released {count} no-show booking(s).")
