"""The core's tasks: run a job, and the schedule's housekeeping (README "Production")."""

import logging
from datetime import timedelta

from celery import shared_task

from kimportal.core.jobs import kinds, runner
from kimportal.core.jobs.tasking import PortalTask
from kimportal.core.uploads import cleanup_orphan_uploads

logger = logging.getLogger(__name__)


class JobTask(PortalTask):
    def gave_up(self, exc, job_id, *args, **kwargs):
        runner.fail(job_id, exc)


@shared_task(base=JobTask, bind=True, name="kimportal.run_job")
def run_job(self, job_id):
    return runner.run(job_id, delivery=self.request.id)


# Files no row names are deleted only past this age (an upload in progress is younger).
ORPHAN_GRACE = timedelta(hours=6)


@shared_task(base=PortalTask, name="kimportal.cleanup_files")
def cleanup_files():
    """Expired job results, files no row names (orphan uploads), and what the apps add.
    Idempotent: a second run finds nothing more."""
    removed = runner.cleanup_expired()
    removed += len(cleanup_orphan_uploads(grace=ORPHAN_GRACE).deleted)
    for cleaner in kinds.cleaners:
        removed += cleaner()
    return removed


@shared_task(base=PortalTask, name="kimportal.requeue_stalled")
def requeue_stalled():
    """Send again the work whose message was lost. Sending twice is harmless: every task is
    idempotent and a job runs only for its current delivery."""
    count = runner.requeue_stalled()
    for sweeper in kinds.sweepers:
        count += sweeper()
    return count
