"""The base of every portal task: acknowledged late, retried with backoff, never lost.

    @shared_task(base=PortalTask, name="registry.letter_render")
    def letter_render(letter_id): ...

- Acknowledged when finished (settings: CELERY_TASK_ACKS_LATE): a worker that dies
  mid-task leaves the message to be delivered again, so every task is idempotent.
- Transient failures (database, network, mail server) are retried after 1x, 2x, 4x ...
  TASK_RETRY_BACKOFF_SECONDS (with jitter), up to TASK_MAX_RETRIES times.
- A task that fails for good (retries spent, a bug, the soft time limit) calls its
  `gave_up(exc, *args, **kwargs)`: the task leaves a visible failed state and an audit
  entry there. It is called from Celery's `task_failure` signal, which also fires when
  the hard time limit killed the worker process.
"""

import logging
import random
import smtplib

from celery import Task
from celery.signals import task_failure
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

logger = logging.getLogger(__name__)

# Worth trying again in a moment: the database or a server was briefly unreachable.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError, smtplib.SMTPException)


def backoff(retries):
    """Seconds before retry number `retries + 1`: exponential, with jitter, capped."""
    base = settings.TASK_RETRY_BACKOFF_SECONDS * 2**retries
    return min(600, base * random.uniform(0.5, 1.0))  # noqa: S311 - jitter, not a secret


class PortalTask(Task):
    acks_late = True
    reject_on_worker_lost = True

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except TRANSIENT as exc:
            logger.warning("%s: transient %s, retrying", self.name, exc.__class__.__name__)
            raise self.retry(
                exc=exc,
                countdown=backoff(self.request.retries),
                max_retries=settings.TASK_MAX_RETRIES,
            ) from exc

    def gave_up(self, exc, *args, **kwargs):
        """The task failed for good: record it where people will see it (override)."""


@task_failure.connect
def _gave_up(sender=None, exception=None, args=None, kwargs=None, **extra):
    if not isinstance(sender, PortalTask):
        return
    try:
        sender.gave_up(exception, *(args or ()), **(kwargs or {}))
    except Exception:  # the failure is logged by Celery already; never mask it
        logger.exception("%s: recording the failure failed", sender.name)


def enqueue_on_commit(task, *args, task_id=None, countdown=None, queue=None):
    """Send `task` to the workers once the current transaction has committed (at once
    outside one). If the broker is unreachable the request still succeeds: the work is
    left in its waiting state and `requeue_stalled` sends it again. `queue`: the default
    one, or settings.TASK_BULK_QUEUE for parts of a big run."""

    def send():
        task.apply_async(args, task_id=task_id, countdown=countdown, queue=queue)

    transaction.on_commit(send, robust=True)
