"""The scheduler: runs the periodic jobs (bookings.periodic), each once per interval however many
instances run this command at the same time."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from bookings.management import add_moment_argument, moment_option
from bookings.periodic import FAILED, JOBS, SKIPPED, next_slot_start, overdue_jobs, run_due_jobs

logger = logging.getLogger(__name__)

# Wake a moment after the interval begins rather than on the dot: clocks of instances differ.
WAKE_AFTER_SECONDS = 2


class Command(BaseCommand):
    help = (
        "Run the periodic jobs that are due (queued round publishing, no-show release, "
        "reply-deadline alarms, pruning the run log). Each job runs once per interval however "
        "many instances run this. Without --once it keeps running, waking at each interval "
        "(the scheduler service); SIGTERM or Ctrl-C stop it after the job under way."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--once",
            action="store_true",
            help="One pass, then exit (for cron, a systemd timer or a Kubernetes CronJob: "
            "start it every minute).",
        )
        mode.add_argument(
            "--check",
            action="store_true",
            help="Run nothing; exit 1 if a job has not finished a run for three of its "
            "intervals (a health check for the scheduler).",
        )
        add_moment_argument(parser)

    def handle(self, *args, **options) -> None:
        if options["check"]:
            self._check(options)
        elif options["once"]:
            self._pass(moment_option(options["now"]))
        else:
            if options["now"]:
                raise CommandError("--now goes with --once or --check.")
            self._loop()

    def _check(self, options) -> None:
        now = moment_option(options["now"])
        overdue = overdue_jobs(now)
        if overdue:
            raise CommandError(f"No recent finished run of: {', '.join(overdue)}.")
        self.stdout.write(f"All {len(JOBS)} periodic jobs ran recently.")

    def _pass(self, now, stop=lambda: False) -> None:
        for run in run_due_jobs(now, stop=stop):
            if run.result == SKIPPED:
                continue
            line = f"{run.job} ({run.slot:%Y-%m-%d %H:%M} UTC): {run.outcome}"
            self.stdout.write(self.style.ERROR(line) if run.result == FAILED else line)

    def _loop(self) -> None:
        stopping = threading.Event()

        def stop(signum, frame) -> None:
            self.stderr.write("Stopping after the job under way.")
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stderr.write("Running the periodic jobs; SIGTERM or Ctrl-C stops.")
        while not stopping.is_set():
            # A database restarted since the last pass leaves a dead connection behind.
            close_old_connections()
            try:
                self._pass(timezone.now(), stop=stopping.is_set)
            except DatabaseError:
                # The database is away (a restart, a fail-over): try again next interval
                # rather than exit, which would only restart the container into the same.
                logger.exception("The periodic jobs could not reach the database.")
            close_old_connections()
            wait = (next_slot_start(timezone.now()) - timezone.now()).total_seconds()
            stopping.wait(max(wait, 0) + WAKE_AFTER_SECONDS)
