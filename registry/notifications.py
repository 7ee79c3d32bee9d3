"""Emails on workflow steps, sent after the transaction commits.

Sent with robust=True: a failing mail server is logged and never turns a decision that
is already saved into an error page.
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


def _kim_url(kim):
    return settings.SITE_URL + reverse("registry:kim-detail", args=[kim.pk])


def _send(subject, template, context, recipients):
    recipients = sorted({email for email in recipients if email})
    if not recipients:
        return
    with translation.override("id"):
        body = render_to_string(template, context)
    # One message per recipient: officers do not see each other's addresses.
    send_mass_mail([(subject, body, None, [r]) for r in recipients], fail_silently=False)


def on_submission(kim):
    """Officers of the KIM's regency and staff of its province hear of a submission."""
    candidates = User.objects.filter(is_active=True).filter(officers_of_q(kim))
    officers = [u.email for u in candidates if u.has_perm("registry.review_kim", kim)]
    context = {"kim": kim, "url": _kim_url(kim)}
    emails = list(officers)
    transaction.on_commit(
        lambda: _send(
            _("Pengajuan KIM baru: %(name)s") % {"name": kim.name},
            "registry/email/submitted.txt",
            context,
            emails,
        ),
        robust=True,
    )


def outcome(kim, transition):
    """What happened, as the manager reads it ("Disetujui", not the button's "Setujui")."""
    if transition.name == "issue_number":
        return _("Nomor Induk diterbitkan: %(n)s") % {"n": kim.nomor_induk}
    return kim.get_status_display()


def on_decision(kim, transition, note):
    """The KIM's managers hear of every decision and of the Nomor Induk."""
    decision = outcome(kim, transition)
    emails = list(kim.managers.filter(is_active=True).values_list("email", flat=True))
    context = {"kim": kim, "decision": decision, "note": note, "url": _kim_url(kim)}
    transaction.on_commit(
        lambda: _send(
            _("Keputusan atas KIM %(name)s: %(decision)s")
            % {"name": kim.name, "decision": decision},
            "registry/email/decision.txt",
            context,
            emails,
        ),
        robust=True,
    )
