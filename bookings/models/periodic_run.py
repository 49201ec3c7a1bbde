from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One run of a periodic job (reply-deadline alarms, no-show release, ...) for one interval.

    Several app instances may each run the scheduler; the unique (job, slot) row is the claim:
    the instance whose insert succeeds runs the job for that interval, the others skip it. The
    rows also record when each run finished and what it did (bookings.periodic). A row without
    finished_at is a run still going, or one whose instance died mid-job.
    """

    job = models.CharField(_("job"), max_length=60)
    slot = models.DateTimeField(_("interval start"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    host = models.CharField(_("instance"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
