"""E-mails on workflow steps: each recipient's language, sent by a task after the commit.

A failing mail server never turns a decision that is already saved into an error page:
the task retries with backoff (kimportal/core/mail.py).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from kimportal.core import mail
from kimportal.core.access.predicates import officers_of_q
from kimportal.core.models import User


def _kim_url(kim):
    return settings.SITE_URL + reverse("registry:kim-detail", args=[kim.pk])


def on_submission(kim):
    """Officers of the KIM's regency and staff of its province hear of a submission."""
    candidates = User.objects.filter(is_active=True).filter(officers_of_q(kim))
    officers = [u for u in candidates if u.has_perm("registry.review_kim", kim)]
    name = kim.titled_name
    mail.send(
        to=officers,
        subject=lambda: _("Pengajuan baru: %(kim)s") % {"kim": name},
        template="registry/email/submitted.txt",
        context={"kim": kim, "url": _kim_url(kim)},
    )


def outcome(kim, transition):
    """What happened, as the manager reads it ("Disetujui", not the button's "Setujui")."""
    if transition.name == "issue_number":
        return _("Nomor Induk diterbitkan: %(n)s") % {"n": kim.nomor_induk}
    return kim.get_status_display()


def on_decision(kim, transition, note):
    """The KIM's managers hear of every decision and of the Nomor Induk."""
    managers = list(kim.managers.filter(is_active=True))
    name = kim.titled_name

    def decision():  # in each recipient's language
        return outcome(kim, transition)

    mail.send(
        to=managers,
        subject=lambda: (
            _("Keputusan atas %(kim)s: %(decision)s") % {"kim": name, "decision": decision()}
        ),
        template="registry/email/decision.txt",
        context={"kim": kim, "decision": decision, "note": note, "url": _kim_url(kim)},
    )
