"""Certificates of attendance: only for participants present on every day of the event.

Like the letters, a certificate is rendered once (in Bahasa Indonesia) and its bytes and
SHA-256 are stored; the number comes from the organiser's counter for the year (locked,
gap-free, unique under concurrency); the QR code leads to the public verification page.
"""

import hashlib
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.audit_actions import CertificateAction
from capacity.certificate_pdf import (
    certificate_context,
    organiser_full_name,
    render_certificate,
)
from capacity.letterhead import letterhead_for_event
from capacity.models import (
    Certificate,
    CertificateStatus,
    Event,
    Registration,
    RegistrationStatus,
    new_certificate_token,
)
from kimportal.core import audit
from kimportal.core.access import ActionRefused, require
from kimportal.core.numbering import next_value


class CertificateError(ActionRefused):
    pass


def number_for(event, seq, year):
    """`0007/SERT-KIM/3604/2025`: sequence, kind, organiser area, year."""
    return f"{seq:04d}/SERT-KIM/{event.organiser_code.replace('.', '')}/{year}"


def eligible(event):
    """Confirmed participants present on every day, without a certificate yet."""
    days = len(event.days)
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .filter(certificate__isnull=True)
        .annotate(days_present=Count("attendances__day", distinct=True))
        .filter(days_present__gte=days)
        .order_by("name", "pk")
    )


def _people(event):
    return [(p.get_role_display(), p.name, p.position) for p in event.people.all()]


@transaction.atomic
def certificate_issue(*, registration, actor, cache=None, letterhead=None, people=None):
    """Issue the certificate of one participant who attended."""
    event = registration.event
    require(actor, "capacity.issue_certificates", event)
    current = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__province", "event__regency")
        .get(pk=registration.pk)
    )
    event = current.event
    if Certificate.objects.filter(registration=current).exists():
        raise CertificateError(_("%(name)s sudah punya sertifikat.") % {"name": current.name})
    if not eligible(event).filter(pk=current.pk).exists():
        raise CertificateError(
            _(
                "Sertifikat hanya untuk peserta yang hadir di setiap hari kegiatan; "
                "%(name)s tidak tercatat hadir."
            )
            % {"name": current.name}
        )
    letterhead = letterhead or letterhead_for_event(event)
    if letterhead.missing:
        raise CertificateError(
            _("Lengkapi dulu pengaturan kop dan penanda tangan penyelenggara: %(fields)s.")
            % {"fields": ", ".join(map(str, letterhead.missing))}
        )
    now = timezone.now()
    issued_on = timezone.localdate(now)
    number = number_for(
        event, next_value(f"certificate:{event.organiser_code}:{issued_on.year}"), issued_on.year
    )
    token = new_certificate_token()
    pdf = render_certificate(
        certificate_context(
            event=event,
            letterhead=letterhead,
            number=number,
            token=token,
            name=current.name,
            position=current.position,
            organisation=current.organisation,
            issued_on=issued_on,
            people=people if people is not None else _people(event),
        ),
        cache=cache,
    )
    days = event.days
    certificate = Certificate.objects.create(
        registration=current,
        event=event,
        number=number,
        token=token,
        participant_name=current.name,
        event_title=event.title,
        event_kind=event.kind,
        held_from=days[0],
        held_to=days[-1],
        hours_jp=event.hours_jp,
        organiser_name=organiser_full_name(event, letterhead),
        issued_at=now,
        issued_by=actor if actor and actor.is_authenticated else None,
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    certificate.event = event
    audit.record(
        actor=actor,
        obj=certificate,
        action=CertificateAction.ISSUED,
        changes={
            "number": [None, number],
            "participant_name": [None, current.name],
            "sha256": [None, certificate.sha256],
        },
    )
    return certificate


@dataclass
class BulkResult:
    issued: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [(registration, message)]


def certificates_issue_bulk(*, event, actor, limit=None, progress=None):
    """Issue certificates to every eligible participant (one transaction each, so one
    failure does not stop the rest, and a second run only does what is left: idempotent).
    `progress(done, total)` is called after each; `limit` caps one batch."""
    require(actor, "capacity.issue_certificates", event)
    event = Event.objects.select_related("province", "regency").get(pk=event.pk)
    letterhead = letterhead_for_event(event)
    people = _people(event)
    todo = list(eligible(event).select_related("event")[:limit] if limit else eligible(event))
    cache, result = {}, BulkResult()
    for index, registration in enumerate(todo, start=1):
        registration.event = event
        try:
            result.issued.append(
                certificate_issue(
                    registration=registration,
                    actor=actor,
                    cache=cache,
                    letterhead=letterhead,
                    people=people,
                )
            )
        except ActionRefused as error:
            result.errors.append((registration, str(error)))
        if progress:
            progress(index, len(todo))
    return result


@transaction.atomic
def certificate_revoke(*, certificate, actor, reason):
    """Withdraw a certificate (attendance recorded by mistake, a wrong name): the public
    page then says it no longer holds; its number is never given again."""
    current = Certificate.objects.select_for_update().defer("pdf").get(pk=certificate.pk)
    require(actor, "capacity.revoke_certificate", current)
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Tuliskan alasan pencabutan sertifikat."))
    current.status = CertificateStatus.REVOKED
    current.revoked_at = timezone.now()
    current.revoked_by = actor
    current.revoke_reason = reason
    current.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    audit.record(
        actor=actor,
        obj=current,
        action=CertificateAction.REVOKED,
        changes={
            "status": [CertificateStatus.VALID, CertificateStatus.REVOKED],
            "reason": [None, reason],
        },
    )
    return current


def certificate_count_verification(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        verification_count=F("verification_count") + 1
    )


def certificates_zip(certificates):
    """One ZIP of stored PDFs (spills to a temporary file past 8 MB)."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (returned)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates.iterator(chunk_size=20):
            issued = timezone.localtime(certificate.issued_at)
            info = zipfile.ZipInfo(certificate.filename, date_time=issued.timetuple()[:6])
            archive.writestr(info, bytes(certificate.pdf))
    spool.seek(0)
    return spool
