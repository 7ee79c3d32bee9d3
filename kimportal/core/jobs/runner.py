"""Running a job: claim it, call its kind, keep its state; fan-out and resume.

States: queued -> running -> succeeded | failed. A kind that fans its work out to other
tasks (bulk letters) returns `WAIT`: the job waits until its parts are finished — each
part calls `part_finished(job_id)` — and then runs its kind once more to finish (build
the ZIP). Waiting and resuming lock the job row, so the last part and the kind's own
return cannot both miss each other, and only one of them resumes it.
"""

import logging
import os
import tempfile
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import ActionRefused
from kimportal.core.jobs import kinds
from kimportal.core.jobs.models import FINISHED, Job, JobState

logger = logging.getLogger(__name__)

WAIT = object()  # returned by a kind whose parts run in other tasks
PROGRESS_EVERY_SECONDS = 0.5


def max_deliveries():
    """A job started this often without finishing (each crash redelivers it) has failed."""
    return settings.TASK_MAX_RETRIES + 3


class JobContext:
    """What a kind's function gets: the job, its parameters, progress and the result file."""

    def __init__(self, job):
        self.job = job
        self.params = job.params
        self.owner = job.owner
        self._saved_at = 0.0

    def progress(self, done, total=None):
        """Record progress (throttled: a write at most every half second)."""
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        now = time.monotonic()
        if now - self._saved_at >= PROGRESS_EVERY_SECONDS or done == self.job.progress_total:
            self._saved_at = now
            Job.objects.filter(pk=self.job.pk).update(
                progress_done=self.job.progress_done, progress_total=self.job.progress_total
            )

    def remember(self, **result):
        """Keep `result` values on the job now (they survive a worker's death)."""
        self.job.result.update(result)
        Job.objects.filter(pk=self.job.pk).update(result=self.job.result)

    def save_file(self, name, path_or_file, content_type):
        """Store the result file (a path, or a file object at its start) for the owner."""
        job = self.job
        if job.result_file:  # an earlier attempt's file
            job.result_file.storage.delete(job.result_file.name)
        if isinstance(path_or_file, str | os.PathLike):
            with open(path_or_file, "rb") as handle:
                job.result_file.save(name, File(handle), save=False)
        else:
            job.result_file.save(name, File(path_or_file), save=False)
        job.result_name = name
        job.result_content_type = content_type
        job.result_size = job.result_file.size
        Job.objects.filter(pk=job.pk).update(
            result_file=job.result_file.name,
            result_name=name,
            result_content_type=content_type,
            result_size=job.result_size,
        )

    def temporary_file(self, suffix=""):
        """A named temporary file for building the result (removed when closed)."""
        return tempfile.NamedTemporaryFile(suffix=suffix)


def start(*, kind, owner, params=None, total=None, language=None):
    """Create a job and send it to the workers after the transaction commits.

    Returns the Job at once (state "queued"); its page shows the progress. With no
    broker configured the job runs right away, in this process.
    """
    from kimportal.core.jobs.tasks import run_job

    kinds.get(kind)  # refuse an unknown kind here, not in the worker
    job = Job.objects.create(
        kind=kind,
        owner=owner if owner is not None and owner.is_authenticated else None,
        params=params or {},
        progress_total=total,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        task_id=uuid.uuid4().hex,
    )
    transaction.on_commit(lambda: _send(run_job, job), robust=True)
    return job


def _send(task, job):
    task.apply_async((str(job.pk),), task_id=job.task_id)


def run(job_id, *, delivery):
    """Run the job `job_id` for the message `delivery` (Celery's task id)."""
    job = _claim(job_id, delivery)
    if job is None:
        return None
    kind = kinds.get(job.kind)
    with translation.override(job.language):
        outcome = kind.run(JobContext(job))
    if outcome is WAIT:
        _wait(job, kind)
        return "waiting"
    _succeed(job, outcome)
    return "succeeded"


def _claim(job_id, delivery):
    """The job, marked running, if this delivery may run it; None if there is nothing to do
    (finished already, waiting for parts, or superseded by a newer delivery)."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(of=("self",))
            .select_related("owner")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.state in FINISHED or job.state == JobState.WAITING:
            return None
        if job.task_id and delivery and job.task_id != delivery:
            return None
        job.attempts += 1
        if job.attempts > max_deliveries():
            _fail_locked(job, RuntimeError("started too many times without finishing"))
            return None
        job.state = JobState.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["attempts", "state", "started_at"])
    return job


def _succeed(job, message):
    now = timezone.now()
    expires_at = now + timedelta(hours=settings.JOB_RESULT_HOURS) if job.result_file else None
    if kinds.get(job.kind).published:
        # A public file stays until a newer one replaces it; the one it replaces stays an
        # hour more for downloads under way.
        expires_at = None
        Job.objects.filter(
            kind=job.kind, params=job.params, state=JobState.SUCCEEDED, expires_at__isnull=True
        ).exclude(pk=job.pk).update(expires_at=now + timedelta(hours=1))
    Job.objects.filter(pk=job.pk).update(
        state=JobState.SUCCEEDED,
        finished_at=now,
        message=str(message or "")[:300],
        progress_done=job.progress_total or job.progress_done,
        expires_at=expires_at,
        error="",
        error_detail="",
    )


def _wait(job, kind):
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.state != JobState.RUNNING:
            return
        locked.state = JobState.WAITING
        locked.save(update_fields=["state"])
        if not kind.pending(locked):
            _resume_locked(locked)


def part_finished(job_id, *, done=None):
    """A part of a waiting job finished (after its own commit): record progress, and run the
    job once more to finish it when no part is left."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return
        if done is not None:
            job.progress_done = done
            job.save(update_fields=["progress_done"])
        if job.state == JobState.WAITING and not kinds.get(job.kind).pending(job):
            _resume_locked(job)


def _resume_locked(job):
    from kimportal.core.jobs.tasks import run_job

    job.state = JobState.QUEUED
    job.task_id = uuid.uuid4().hex
    job.save(update_fields=["state", "task_id"])
    transaction.on_commit(lambda: _send(run_job, job), robust=True)


def fail(job_id, exc):
    """The job failed for good: a visible failed state, the reason, an audit entry."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return
        _fail_locked(job, exc)


def _fail_locked(job, exc):
    # Imported here: this package loads with the models, before the catalogues (apps.py).
    from kimportal.core.jobs.audit_actions import JobAction

    with translation.override(job.language):
        if isinstance(exc, ActionRefused):
            message = exc.message
        else:
            message = _(
                "Tugas ini gagal karena kesalahan sistem dan sudah dicatat. Coba lagi nanti "
                "atau hubungi admin sistem."
            )
    job.state = JobState.FAILED
    job.finished_at = timezone.now()
    job.error = message
    job.error_detail = f"{exc.__class__.__name__}: {exc}"[:2000]
    job.save(update_fields=["state", "finished_at", "error", "error_detail"])
    audit.record(
        actor=None,
        obj=job,
        action=JobAction.FAILED,
        changes={"kind": [None, job.kind], "error": [None, job.error_detail[:300]]},
    )
    logger.warning("job %s (%s) failed: %s", job.pk, job.kind, job.error_detail)


def requeue_stalled(older_than=timedelta(minutes=10)):
    """Send again the jobs whose message was lost: queued for long (the broker was down when
    they were started) or running far past the time limit (their worker vanished)."""
    from kimportal.core.jobs.tasks import run_job

    now = timezone.now()
    running_limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + older_than
    stalled = Job.objects.filter(state=JobState.QUEUED, created_at__lt=now - older_than) | (
        Job.objects.filter(state=JobState.RUNNING, started_at__lt=now - running_limit)
    )
    count = 0
    for job in stalled.only("pk", "task_id"):
        _send(run_job, job)
        count += 1
    return count


def cleanup_expired():
    """Delete result files whose time is up, and job rows older than 30 days. Returns the
    number of files removed."""
    now = timezone.now()
    removed = 0
    for job in Job.objects.filter(expires_at__lte=now).exclude(result_file=""):
        job.result_file.storage.delete(job.result_file.name)
        Job.objects.filter(pk=job.pk).update(result_file="")
        removed += 1
    Job.objects.filter(created_at__lt=now - timedelta(days=30), result_file="").delete()
    return removed
