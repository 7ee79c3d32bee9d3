"""E-mail: rendered in each recipient's language, sent by a task after the commit.

    mail.send(to=[user, ...], subject=lambda: _("Akun Portal KIM Anda"),
              template="accounts/email/welcome.txt", context={"user": user, ...})

Nothing is sent when the transaction rolls back; a slow or failing mail server never
holds up or breaks the request: the task retries with backoff, and a message that fails
for good is logged and recorded in the audit trail (on the recipient's account).
`subject` and callable context values are evaluated in the recipient's language.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from kimportal.core.jobs.tasking import PortalTask

logger = logging.getLogger(__name__)


def _recipients(to):
    """(email, language, user id) for each User or (email, language) pair, once each."""
    seen = set()
    for entry in to:
        if isinstance(entry, tuple):
            email, language, user_id = entry[0], entry[1], None
        else:
            email, language, user_id = entry.email, getattr(entry, "language", ""), entry.pk
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        yield email, language or settings.LANGUAGE_CODE, user_id


def render(*, subject, template, context, language):
    with translation.override(language):
        values = {key: value() if callable(value) else value for key, value in context.items()}
        text = subject() if callable(subject) else subject
        return str(text), render_to_string(template, values)


def send(*, to, subject, template, context):
    """E-mail each recipient (one message each: nobody sees the others' addresses)."""
    recipients = list(_recipients(to))

    def enqueue():
        for email, language, user_id in recipients:
            subject_text, body = render(
                subject=subject, template=template, context=context, language=language
            )
            send_email.delay(subject_text, body, [email], user_id=user_id)

    if recipients:
        transaction.on_commit(enqueue, robust=True)


def send_rendered(*, subject, body, to, user_id=None):
    """A message already rendered (in its recipient's language), sent by the task after
    the commit."""
    transaction.on_commit(
        lambda: send_email.delay(subject, body, list(to), user_id=user_id), robust=True
    )


class MailTask(PortalTask):
    def gave_up(self, exc, subject, body, to, user_id=None, **kwargs):
        from kimportal.core import audit
        from kimportal.core.accounts.audit_actions import AccountAction
        from kimportal.core.models import User

        logger.error("e-mail %r to %d recipient(s) failed for good: %s", subject, len(to), exc)
        user = User.objects.filter(pk=user_id).first() if user_id else None
        if user is not None:
            with transaction.atomic():
                audit.record(
                    actor=None,
                    obj=user,
                    action=AccountAction.MAIL_FAILED,
                    changes={"subject": [None, subject[:150]], "error": [None, str(exc)[:300]]},
                )


@shared_task(base=MailTask, bind=True, name="kimportal.send_email")
def send_email(self, subject, body, to, user_id=None):
    # Delivered twice (a worker died after sending)? The message id marks it as sent.
    sent_key = f"mail-sent:{self.request.id}"
    if self.request.id and cache.get(sent_key):
        return "sent already"
    EmailMessage(subject, body, None, to).send()
    if self.request.id:
        cache.set(sent_key, 1, timeout=7 * 24 * 3600)
    return "sent"
