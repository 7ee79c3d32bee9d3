"""E-mails about events, sent after the transaction commits (robust: a failing mail server
is logged and never turns a saved change into an error page).

Recipients are the KIM managers of the people concerned (participants do not have
accounts) and, for officers registered themselves, the officer.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kimportal.core.access.predicates import officers_of_q
from kimportal.core.models import User


def event_url(event):
    return settings.SITE_URL + reverse("capacity:event-detail", args=[event.pk])


def send(subject, template, context, recipients):
    """One message per recipient (nobody sees the others' addresses). Returns the count."""
    recipients = sorted({email for email in recipients if email})
    if not recipients:
        return 0
    with translation.override("id"):
        body = render_to_string(template, context)
    return send_mass_mail([(subject, body, None, [r]) for r in recipients], fail_silently=False)


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
    recipients = list(recipients)
    transaction.on_commit(lambda: send(subject, template, context, recipients), robust=True)


def on_promoted(event, registrations):
    names = ", ".join(r.name for r in registrations)
    _later(
        _("Dapat kursi: %(event)s") % {"event": event.title},
        "capacity/email/promoted.txt",
        {"event": event, "names": names, "url": event_url(event)},
        managers_of(registrations),
    )


def on_cancelled(event, reason):
    registrations = list(event.registrations.exclude(status="cancelled"))
    _later(
        _("Kegiatan dibatalkan: %(event)s") % {"event": event.title},
        "capacity/email/cancelled.txt",
        {"event": event, "reason": reason, "url": event_url(event)},
        managers_of(registrations),
    )
