"""The periodic jobs (bookings/periodic.py): each runs once per interval however many instances
run the scheduler; a failing job is recorded and does not stop the others; a run that never
finished keeps its slot and the job runs again in the next one."""

import datetime as dt
import io
import os
import signal
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from bookings import periodic
from bookings.management.commands import run_periodic_jobs as command_module
from bookings.models import PeriodicRun
from bookings.periodic import CLAIMED, FAILED, SKIPPED, Job, run_due_jobs

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 26, 10, 7, 30, tzinfo=UTC)


class Counter:
    """A job's work that counts how often it was done."""

    def __init__(self) -> None:
        self.times: list[dt.datetime] = []
        self.lock = threading.Lock()

    def __call__(self, now: dt.datetime) -> str:
        with self.lock:
            self.times.append(now)
        return f"did it ({len(self.times)})"


def explode(now: dt.datetime) -> str:
    raise RuntimeError("the mail server is away")


@pytest.fixture
def work() -> Counter:
    return Counter()


@pytest.fixture
def every_5(work) -> Job:
    return Job("release_no_shows", dt.timedelta(minutes=5), work)


def test_slots_are_the_interval_the_time_falls_in():
    job = Job("j", dt.timedelta(minutes=5), str)
    daily = Job("d", dt.timedelta(days=1), str)

    assert job.slot(NOW) == dt.datetime(2026, 11, 26, 10, 5, tzinfo=UTC)
    assert job.slot(dt.datetime(2026, 11, 26, 10, 5, tzinfo=UTC)) == job.slot(NOW)
    assert daily.slot(NOW) == dt.datetime(2026, 11, 26, tzinfo=UTC)
    assert periodic.next_slot_start(NOW, jobs=[job, daily]) == dt.datetime(
        2026, 11, 26, 10, 10, tzinfo=UTC
    )


@pytest.mark.django_db
def test_a_second_instance_in_the_same_interval_skips_the_job(every_5, work):
    first = run_due_jobs(NOW, jobs=[every_5], host="web1")
    second = run_due_jobs(NOW + dt.timedelta(minutes=2), jobs=[every_5], host="web2")

    assert [run.result for run in first] == [CLAIMED]
    assert [run.result for run in second] == [SKIPPED]
    assert work.times == [NOW]
    run = PeriodicRun.objects.get()
    assert (run.job, run.slot, run.host) == ("release_no_shows", every_5.slot(NOW), "web1")
    assert run.outcome == "did it (1)"
    assert run.finished_at is not None and run.finished_at >= run.started_at


@pytest.mark.django_db
def test_the_next_interval_runs_again(every_5, work):
    run_due_jobs(NOW, jobs=[every_5])
    run_due_jobs(NOW + dt.timedelta(minutes=5), jobs=[every_5])

    assert work.times == [NOW, NOW + dt.timedelta(minutes=5)]
    assert PeriodicRun.objects.count() == 2


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(every_5, work, caplog):
    failing = Job("deadline_alarms", dt.timedelta(minutes=15), explode)

    runs = run_due_jobs(NOW, jobs=[failing, every_5])

    assert [run.result for run in runs] == [FAILED, CLAIMED]
    assert work.times == [NOW]
    failed = PeriodicRun.objects.get(job="deadline_alarms")
    assert failed.outcome == "failed: RuntimeError: the mail server is away"
    assert failed.finished_at is not None
    assert "Periodic job deadline_alarms" in caplog.text  # logged with its traceback
    # It is not tried again in the same interval, only in the next one.
    assert run_due_jobs(NOW, jobs=[failing])[0].result == SKIPPED


@pytest.mark.django_db
def test_a_run_that_never_finished_keeps_its_slot_and_the_job_runs_next_interval(every_5, work):
    # An instance claimed the slot and was killed mid-job: no finished_at.
    PeriodicRun.objects.create(job=every_5.name, slot=every_5.slot(NOW), host="web1:7")

    assert run_due_jobs(NOW, jobs=[every_5])[0].result == SKIPPED
    assert periodic.overdue_jobs(NOW, jobs=[every_5]) == [every_5.name]

    later = NOW + dt.timedelta(minutes=5)
    assert run_due_jobs(later, jobs=[every_5])[0].result == CLAIMED
    assert work.times == [later]
    assert periodic.overdue_jobs(later, jobs=[every_5]) == []


@pytest.mark.django_db
def test_a_job_is_overdue_after_three_intervals_without_a_finished_run(every_5):
    run_due_jobs(NOW, jobs=[every_5])

    assert periodic.overdue_jobs(NOW + dt.timedelta(minutes=15), jobs=[every_5]) == []
    assert periodic.overdue_jobs(NOW + dt.timedelta(minutes=20), jobs=[every_5]) == [every_5.name]


@pytest.mark.django_db
def test_a_scheduler_told_to_stop_starts_no_further_job(every_5, work):
    other = Job("deadline_alarms", dt.timedelta(minutes=15), work)
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 1  # SIGTERM arrives during the first job

    runs = run_due_jobs(NOW, jobs=[every_5, other], stop=stop)

    assert [run.job for run in runs] == [every_5.name]
    assert not PeriodicRun.objects.filter(job="deadline_alarms").exists()


@pytest.mark.django_db
def test_runs_older_than_30_days_are_pruned():
    old = PeriodicRun.objects.create(job="x", slot=NOW - dt.timedelta(days=31))
    recent = PeriodicRun.objects.create(job="x", slot=NOW - dt.timedelta(days=29))
    prune = next(job for job in periodic.JOBS if job.name == "prune_periodic_runs")

    run_due_jobs(NOW, jobs=[prune])

    assert not PeriodicRun.objects.filter(pk=old.pk).exists()
    assert PeriodicRun.objects.filter(pk=recent.pk).exists()
    assert PeriodicRun.objects.get(job="prune_periodic_runs").outcome.startswith("deleted 1 run")


@pytest.mark.django_db
def test_one_pass_runs_every_real_job_and_records_what_it_did():
    runs = run_due_jobs(NOW)

    assert {run.job: run.result for run in runs} == {
        "publish_queued_rounds": CLAIMED,
        "release_no_shows": CLAIMED,
        "deadline_alarms": CLAIMED,
        "prune_periodic_runs": CLAIMED,
    }
    outcomes = dict(PeriodicRun.objects.values_list("job", "outcome"))
    assert outcomes["release_no_shows"] == "released 0 no-show booking(s)"
    assert outcomes["deadline_alarms"] == "alarm raised for 0 request(s)"
    assert outcomes["publish_queued_rounds"] == "published 0 round(s), 0 failed"
    assert periodic.overdue_jobs(NOW) == []


INSTANCES = 4


@pytest.mark.django_db(transaction=True)
def test_instances_waking_at_the_same_moment_run_the_job_once(every_5, work):
    """Four schedulers, each with its own database connection, in the same interval."""
    barrier = threading.Barrier(INSTANCES)
    results: list[str] = []
    errors: list[BaseException] = []

    def instance(number: int) -> None:
        try:
            barrier.wait()
            runs = run_due_jobs(NOW, jobs=[every_5], host=f"web{number}")
            results.extend(run.result for run in runs)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=instance, args=(n,)) for n in range(INSTANCES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(results) == [CLAIMED] + [SKIPPED] * (INSTANCES - 1)
    assert work.times == [NOW]
    assert PeriodicRun.objects.count() == 1


# The command


@pytest.mark.django_db
def test_command_once_runs_the_due_jobs_and_a_second_pass_nothing():
    first, second = io.StringIO(), io.StringIO()

    call_command("run_periodic_jobs", "--once", "--now", NOW.isoformat(), stdout=first)
    call_command("run_periodic_jobs", "--once", "--now", NOW.isoformat(), stdout=second)

    assert "release_no_shows (2026-11-26 10:05 UTC): released 0 no-show booking(s)" in (
        first.getvalue()
    )
    assert second.getvalue() == ""
    assert PeriodicRun.objects.count() == len(periodic.JOBS)


@pytest.mark.django_db
def test_command_check_fails_until_the_jobs_have_run():
    with pytest.raises(CommandError, match="No recent finished run of: publish_queued_rounds"):
        call_command("run_periodic_jobs", "--check", "--now", NOW.isoformat())

    call_command("run_periodic_jobs", "--once", "--now", NOW.isoformat(), stdout=io.StringIO())
    out = io.StringIO()
    call_command("run_periodic_jobs", "--check", "--now", NOW.isoformat(), stdout=out)

    assert "ran recently" in out.getvalue()


@pytest.mark.django_db
def test_command_loop_stops_on_sigterm_after_the_job_under_way(monkeypatch, work):
    """SIGTERM arrives while the first job runs: that job finishes, no other starts, and the
    loop exits instead of sleeping to the next interval."""

    def work_then_terminate(now: dt.datetime) -> str:
        os.kill(os.getpid(), signal.SIGTERM)
        return work(now)

    jobs = (
        Job("release_no_shows", dt.timedelta(minutes=5), work_then_terminate),
        Job("deadline_alarms", dt.timedelta(minutes=15), work),
    )
    # Inside the test's transaction a real close would end it.
    monkeypatch.setattr(command_module, "close_old_connections", lambda: None)
    monkeypatch.setattr(
        command_module,
        "run_due_jobs",
        lambda now, stop: periodic.run_due_jobs(now, jobs=jobs, stop=stop),
    )
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    finished = threading.Event()
    try:
        call_command("run_periodic_jobs", stdout=io.StringIO(), stderr=io.StringIO())
        finished.set()
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])

    assert finished.is_set()
    assert len(work.times) == 1
    assert list(PeriodicRun.objects.values_list("job", flat=True)) == ["release_no_shows"]


@pytest.mark.django_db
def test_administrators_read_the_run_log_in_the_admin_and_cannot_change_it(admin_client):
    PeriodicRun.objects.create(job="deadline_alarms", slot=NOW, outcome="failed: RuntimeError: x")

    listing = admin_client.get(reverse("admin:bookings_periodicrun_changelist"))

    assert listing.status_code == 200
    assert "failed: RuntimeError: x" in listing.content.decode()
    assert admin_client.get(reverse("admin:bookings_periodicrun_add")).status_code == 403
