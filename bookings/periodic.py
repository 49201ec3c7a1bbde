"""The periodic jobs, each run once per interval however many instances run the scheduler.

Every instance (or cron entry) may call run_due_jobs as often as it likes. For each job the
current interval ("slot") is the time floored to the job's interval; the instance whose INSERT of
the PeriodicRun row (job, slot) succeeds runs it, and everyone else skips it until the next slot.
The row then records when the run finished and what it did, or how it failed.

A run that never finishes (the instance was killed mid-job) keeps its claim: that slot is not run
again. Nothing is lost, only delayed by one interval: every job catches up on everything overdue
(all unreleased no-shows, all unalarmed requests, all queued rounds), not just what fell in its
own interval, and each job's work is in transactions that a killed process rolls back. Such a run
shows as started without finished; `run_periodic_jobs --check` reports jobs without a recent
finished run.
"""

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.deadline_alarms import send_deadline_alarms
from bookings.lifecycle import release_no_shows
from bookings.models import PeriodicRun
from bookings.rounds.publish import publish_queued_rounds

logger = logging.getLogger(__name__)

EPOCH = dt.datetime(2000, 1, 3, tzinfo=dt.UTC)  # a Monday 00:00 UTC: slots align to it
KEEP_RUNS = dt.timedelta(days=30)
# A job is overdue (--check) when its last finished run is older than this many intervals.
OVERDUE_AFTER_INTERVALS = 3

CLAIMED, SKIPPED, FAILED = "claimed", "skipped", "failed"


@dataclass(frozen=True)
class Job:
    """`run(now)` does the work due at `now` and says what it did, in a few words for the log."""

    name: str
    every: dt.timedelta
    run: Callable[[dt.datetime], str]

    def slot(self, now: dt.datetime) -> dt.datetime:
        """The start of the interval `now` falls in."""
        return EPOCH + (now - EPOCH) // self.every * self.every


@dataclass(frozen=True)
class JobRun:
    job: str
    slot: dt.datetime
    result: str  # CLAIMED (and ran), SKIPPED (another instance has this slot), FAILED
    outcome: str = ""


def _release_no_shows(now: dt.datetime) -> str:
    return f"released {release_no_shows(now=now)} no-show booking(s)"


def _deadline_alarms(now: dt.datetime) -> str:
    return f"alarm raised for {send_deadline_alarms(now=now)} request(s)"


def _publish_queued_rounds(now: dt.datetime) -> str:
    published, failed = publish_queued_rounds(now=now)
    return f"published {published} round(s), {failed} failed"


def _prune_runs(now: dt.datetime) -> str:
    deleted, _ = PeriodicRun.objects.filter(slot__lt=now - KEEP_RUNS).delete()
    return f"deleted {deleted} run(s) older than {KEEP_RUNS.days} days"


# Why these intervals:
# - queued rounds every minute: a manager who pressed Publish waits at most a minute for it to
#   start (publishing a large round then takes a minute or two itself);
# - no-shows every 5 minutes: a booking is a no-show 15 minutes after its start
#   (lifecycle.NO_SHOW_AFTER), so the room is free again 15–20 minutes in, while a walk-in can
#   still use the rest of the hour; the query only reads unreleased no-shows;
# - reply-deadline alarms every 15 minutes: deadlines are counted in working days, and each
#   alarm is an e-mail a manager reads hours later; more often would change nothing;
# - pruning the run log once a day.
PUBLISH_ROUNDS = Job("publish_queued_rounds", dt.timedelta(minutes=1), _publish_queued_rounds)
JOBS: tuple[Job, ...] = (
    PUBLISH_ROUNDS,
    Job("release_no_shows", dt.timedelta(minutes=5), _release_no_shows),
    Job("deadline_alarms", dt.timedelta(minutes=15), _deadline_alarms),
    Job("prune_periodic_runs", dt.timedelta(days=1), _prune_runs),
)


def instance_name() -> str:
    """Which instance ran a job: the container's host name and the process."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def claim(job: Job, slot: dt.datetime, *, host: str) -> PeriodicRun | None:
    """The run of `job` for `slot` if this instance got it, None if another one has it."""
    # The race: every scheduler instance wakes at the same minute. The unique (job, slot)
    # constraint lets exactly one INSERT through; the look first only spares the database
    # an error in its log for each instance that comes second.
    if PeriodicRun.objects.filter(job=job.name, slot=slot).exists():
        return None
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                job=job.name, slot=slot, host=host, started_at=timezone.now()
            )
    except IntegrityError:
        return None


def run_due_jobs(
    now: dt.datetime,
    *,
    jobs: Iterable[Job] = JOBS,
    host: str | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> list[JobRun]:
    """Claim and run every job whose current slot nobody has claimed yet. A failing job is
    recorded (and logged with its traceback) and does not keep the others from running. `stop`
    is asked before each job: a scheduler told to shut down starts no new job."""
    host = host or instance_name()
    runs = []
    for job in jobs:
        if stop():
            break
        slot = job.slot(now)
        run = claim(job, slot, host=host)
        if run is None:
            runs.append(JobRun(job.name, slot, SKIPPED))
            continue
        result = CLAIMED
        try:
            outcome = job.run(now)
        except Exception as exc:
            logger.exception("Periodic job %s for %s failed.", job.name, slot.isoformat())
            result, outcome = FAILED, f"failed: {type(exc).__name__}: {exc}"
        outcome = outcome[: PeriodicRun._meta.get_field("outcome").max_length]
        PeriodicRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), outcome=outcome)
        logger.info("Periodic job %s for %s: %s", job.name, slot.isoformat(), outcome)
        runs.append(JobRun(job.name, slot, result, outcome))
    return runs


def next_slot_start(now: dt.datetime, *, jobs: Iterable[Job] = JOBS) -> dt.datetime:
    """When the earliest next interval of any job begins: when the scheduler wakes up next."""
    return min(job.slot(now) + job.every for job in jobs)


def overdue_jobs(now: dt.datetime, *, jobs: Iterable[Job] = JOBS) -> list[str]:
    """The jobs whose last finished run is for a slot more than OVERDUE_AFTER_INTERVALS
    intervals ago (or that never finished one): no scheduler is running, or the job keeps
    crashing. A failed run counts as finished: its failure is in its outcome."""
    overdue = []
    for job in jobs:
        last = (
            PeriodicRun.objects.filter(job=job.name, finished_at__isnull=False)
            .order_by("-slot")
            .values_list("slot", flat=True)
            .first()
        )
        if last is None or last < job.slot(now) - OVERDUE_AFTER_INTERVALS * job.every:
            overdue.append(job.name)
    return overdue
