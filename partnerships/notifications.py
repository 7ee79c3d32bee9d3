"""E-mails of the partnerships app, sent after the transaction commits.

Sent with robust=True: a failing mail server is logged and never undoes what is saved.
"""

import logging

from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_later(subject, template, context, recipients):
    """One message per address (recipients do not see each other), after commit."""
    recipients = sorted({email for email in recipients if email})
    if not recipients:
        return 0
    with translation.override("id"):
        body = render_to_string(template, context)
        subject = str(subject)
    transaction.on_commit(
        lambda: send_mass_mail([(subject, body, None, [r]) for r in recipients]), robust=True
    )
    return len(recipients)
