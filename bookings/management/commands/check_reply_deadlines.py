from django.core.management.base import BaseCommand

from bookings.deadline_alarms import send_deadline_alarms
from bookings.management import add_moment_argument, moment_option


class Command(BaseCommand):
    help = (
        "E-mail managers about requests not answered within their building's reply deadline. "
        "The scheduler (run_periodic_jobs) does this every 15 minutes; this is for a backfill."
    )

    def add_arguments(self, parser) -> None:
        add_moment_argument(parser)

    def handle(self, *args, **options) -> None:
        count = send_deadline_alarms(now=moment_option(options["now"]))
        self.stdout.write(f"Deadline alarm raised for {count} request(s).")
