"""E-mails about events, sent by the core's mail task after the transaction commits, each
in its recipient's language (a failing mail server never breaks the saved change).

Recipients are the KIM managers of the people concerned (participants do not have
accounts) and, for officers registered themselves, the officer.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from kimportal.core import mail
from kimportal.core.access.predicates import officers_of_q
from kimportal.core.models import User


def event_url(event):
    return settings.SITE_URL + reverse("capacity:event-detail", args=[event.pk])


def send(subject, template, context, recipients):
    """One message per recipient address (nobody sees the others'), in the language of the
    account behind it. `subject` is a callable, so it is translated per recipient.
    Returns how many were sent."""
    emails = sorted({email for email in recipients if email})
    if not emails:
        return 0
    users = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
    to = [users.get(email) or (email, settings.LANGUAGE_CODE) for email in emails]
    mail.send(to=to, subject=subject, template=template, context=context)
    return len(emails)


def managers_of(registrations):
    """E-mail addresses of the KIM managers (or officers) behind `registrations`."""
    kim_ids = {r.kim_id for r in registrations if r.kim_id}
    officer_ids = {r.officer_id for r in registrations if r.officer_id}
    emails = set(
        User.objects.filter(is_active=True, managed_kims__in=kim_ids).values_list(
            "email", flat=True
        )
    )
    emails |= set(
        User.objects.filter(is_active=True, pk__in=officer_ids).values_list("email", flat=True)
    )
    return emails


def organisers_of(event):
    """Officers of the organiser's area (for a provincial event: the province's staff)."""
    users = User.objects.filter(is_active=True).filter(officers_of_q(event))
    return [u.email for u in users if u.has_perm("capacity.change_event_status", event)]


def _later(subject, template, context, recipients):
    send(subject, template, context, recipients)  # the mail task runs after the commit


def on_promoted(event, registrations):
    names = ", ".join(r.name for r in registrations)
    _later(
        lambda: _("Dapat kursi: %(event)s") % {"event": event.title},
        "capacity/email/promoted.txt",
        {"event": event, "names": names, "url": event_url(event)},
        managers_of(registrations),
    )


def on_cancelled(event, reason):
    registrations = list(event.registrations.exclude(status="cancelled"))
    _later(
        lambda: _("Kegiatan dibatalkan: %(event)s") % {"event": event.title},
        "capacity/email/cancelled.txt",
        {"event": event, "reason": reason, "url": event_url(event)},
        managers_of(registrations),
    )
