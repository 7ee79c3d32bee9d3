"""Agreements: drafting, the signed scan, activation, expiry, termination, renewal,
evaluation, and the printed text.

Status: draft → active → expired (the day after the end date, by `agreements_expire`) or
terminated (with a reason). Only registered KIM can be party to an active agreement.
"""

import datetime
import hashlib
import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kimportal.core import audit, figures
from kimportal.core.access import ActionRefused, require
from kimportal.core.uploads import DOCUMENT_TYPES, validate_upload
from partnerships.audit_actions import AgreementAction
from partnerships.models import (
    ActivityReport,
    Agreement,
    AgreementDocument,
    AgreementEvaluation,
    AgreementStatus,
    ReportStatus,
    Scope,
)
from partnerships.models.dinas import in_area
from registry.selectors.offices import letterhead_for

CONTENT_FIELDS = (
    "number",
    "title",
    "scopes",
    "scope_other",
    "dinas_obligations",
    "partner_obligations",
    "start_date",
    "end_date",
)


class AgreementError(ActionRefused):
    """An agreement that cannot change this way now; the message says why."""


# --- checks -----------------------------------------------------------------------------


def _check_content(data):
    errors = {}
    scopes = data.get("scopes") or []
    if not scopes:
        errors["scopes"] = _("Pilih sedikitnya satu ruang lingkup.")
    elif set(scopes) - set(Scope.values):
        errors["scopes"] = _("Ruang lingkup tidak dikenal.")
    elif Scope.OTHER in scopes and not (data.get("scope_other") or "").strip():
        errors["scope_other"] = _("Sebutkan ruang lingkup lainnya.")
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
    if errors:
        raise ValidationError(errors)


def _check_parties(dinas_code, kims, forums):
    errors = []
    for kim in kims:
        if not in_area(dinas_code, kim.regency_id):
            errors.append(
                _("%(kim)s bukan KIM di wilayah Dinas ini.") % {"kim": kim.name},
            )
    for forum in forums:
        if not (forum.dinas_code == dinas_code or in_area(dinas_code, forum.dinas_code)):
            errors.append(_("%(forum)s bukan forum di wilayah Dinas ini.") % {"forum": forum.name})
    if errors:
        raise ValidationError({"kims": errors})


def _number_taken(agreement, number):
    if not number:
        return False
    return (
        Agreement.objects.filter(dinas_code=agreement.dinas_code, number=number)
        .exclude(pk=agreement.pk)
        .exists()
    )


def _check_number(agreement, number):
    if _number_taken(agreement, number):
        raise ValidationError({"number": _("Nomor ini sudah dipakai perjanjian lain Dinas ini.")})


def _party_names(kims, forums):
    return sorted([kim.name for kim in kims] + [forum.name for forum in forums])


def _locked(agreement, actor, perm):
    locked = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("province", "regency")
        .get(pk=agreement.pk)
    )
    require(actor, perm, locked)
    return locked


# --- drafting ---------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, actor, dinas_code, data, kims=(), forums=(), renews=None):
    """A draft agreement of Dinas `dinas_code` ("36" or "36.04") with its parties."""
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"not agreement fields: {sorted(unknown)}")
    agreement = Agreement(**data, created_by=actor, renews=renews)
    agreement.set_dinas(dinas_code)
    require(actor, "partnerships.create_agreement", agreement)
    _check_content(data)
    kims, forums = list(kims), list(forums)
    _check_parties(agreement.dinas_code, kims, forums)
    _check_number(agreement, data.get("number"))
    agreement.save()
    agreement.kims.set(kims)
    agreement.forums.set(forums)
    changes = {
        "number": [None, agreement.number],
        "title": [None, agreement.title],
        "parties": [None, ", ".join(_party_names(kims, forums))],
        "start_date": [None, agreement.start_date.isoformat()],
        "end_date": [None, agreement.end_date.isoformat()],
        "renews": [None, str(renews) if renews else None],
    }
    audit.record(
        actor=actor,
        obj=agreement,
        action=AgreementAction.CREATED,
        changes={key: pair for key, pair in changes.items() if pair[1]},
    )
    return agreement


@transaction.atomic
def agreement_update(*, agreement, actor, data, kims, forums=()):
    """Change a draft's text and parties; the printed text must be printed again."""
    agreement = _locked(agreement, actor, "partnerships.change_agreement")
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"not agreement fields: {sorted(unknown)}")
    _check_content({**{f: getattr(agreement, f) for f in CONTENT_FIELDS}, **data})
    kims, forums = list(kims), list(forums)
    _check_parties(agreement.dinas_code, kims, forums)
    _check_number(agreement, data.get("number", agreement.number))
    before = Agreement(**{f: getattr(agreement, f) for f in CONTENT_FIELDS})
    old_parties = _party_names(agreement.kims.all(), agreement.forums.all())
    for name, value in data.items():
        setattr(agreement, name, value)
    agreement.pdf, agreement.pdf_sha256, agreement.pdf_rendered_at = None, "", None
    agreement.save()
    agreement.kims.set(kims)
    agreement.forums.set(forums)
    changes = audit.diff(before, agreement, CONTENT_FIELDS)
    new_parties = _party_names(kims, forums)
    if new_parties != old_parties:
        changes["parties"] = [", ".join(old_parties), ", ".join(new_parties)]
    if changes:
        audit.record(actor=actor, obj=agreement, action=AgreementAction.UPDATED, changes=changes)
    return agreement


# --- the signed scan ----------------------------------------------------------------------


def agreement_upload_signed(*, agreement, actor, file):
    """Store the signed agreement's scan (checked by content); the previous one is history.

    Raises ValidationError {"file": ...} for a refused file, NotPermitted when the actor
    may not upload. Nothing is stored on refusal.
    """
    require(actor, "partnerships.upload_signed_agreement", agreement)
    try:
        checked = validate_upload(file, allowed=DOCUMENT_TYPES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    if not isinstance(file, File):
        file = File(file)
    document = None
    try:
        with transaction.atomic():
            agreement = _locked(agreement, actor, "partnerships.upload_signed_agreement")
            replaced = list(
                AgreementDocument.objects.filter(agreement=agreement, is_current=True).values_list(
                    "pk", flat=True
                )
            )
            AgreementDocument.objects.filter(pk__in=replaced).update(is_current=False)
            document = AgreementDocument(
                agreement=agreement,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                original_name=os.path.basename(getattr(file, "name", "") or "")[-200:],
                uploaded_by=actor,
            )
            document.file.save("upload", file, save=False)
            document.save()
            audit.record(
                actor=actor,
                obj=agreement,
                action=AgreementAction.SIGNED_UPLOADED,
                changes={
                    "document": [replaced or None, document.pk],
                    "sha256": [None, checked.sha256[:12]],
                },
            )
    except BaseException:
        if document is not None and document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def current_signed_document(agreement):
    return AgreementDocument.objects.filter(agreement=agreement, is_current=True).first()


# --- life ---------------------------------------------------------------------------------


def activation_problems(agreement, *, kims=None, forums=None, signed=None, today=None):
    """Why `agreement` cannot be activated now ([] when it can)."""
    today = today or timezone.localdate()
    kims = list(agreement.kims.all()) if kims is None else kims
    forums = list(agreement.forums.all()) if forums is None else forums
    signed = current_signed_document(agreement) if signed is None else signed
    problems = []
    if not agreement.number:
        problems.append(_("Isi nomor perjanjian."))
    if not kims and not forums:
        problems.append(_("Tambahkan sedikitnya satu KIM atau forum sebagai pihak."))
    for kim in kims:
        if not kim.is_registered:
            problems.append(
                _(
                    "%(kim)s berstatus %(status)s; hanya KIM terdaftar yang dapat menjadi "
                    "pihak perjanjian yang berlaku."
                )
                % {"kim": kim.name, "status": kim.get_status_display().lower()}
            )
    for forum in forums:
        if not forum.is_active:
            problems.append(_("Forum %(forum)s tidak aktif.") % {"forum": forum.name})
    if not signed:
        problems.append(_("Unggah pindaian naskah yang sudah ditandatangani para pihak."))
    if agreement.end_date < today:
        problems.append(_("Tanggal berakhir sudah lewat; perbaiki masa berlaku."))
    return problems


@transaction.atomic
def agreement_activate(*, agreement, actor):
    agreement = _locked(agreement, actor, "partnerships.activate_agreement")
    # Lock the parties too: a KIM revoked at this moment cannot slip into an active agreement.
    kims = list(agreement.kims.select_for_update(of=("self",)).order_by("pk"))
    problems = activation_problems(agreement, kims=kims)
    if problems:
        raise AgreementError(" ".join(str(p) for p in problems))
    agreement.status = AgreementStatus.ACTIVE
    agreement.activated_at = timezone.now()
    agreement.activated_by = actor
    agreement.save(update_fields=["status", "activated_at", "activated_by", "updated_at"])
    audit.record(
        actor=actor,
        obj=agreement,
        action=AgreementAction.ACTIVATED,
        changes={"status": [AgreementStatus.DRAFT, AgreementStatus.ACTIVE]},
    )
    return agreement


@transaction.atomic
def agreement_terminate(*, agreement, actor, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pengakhiran.")})
    agreement = _locked(agreement, actor, "partnerships.terminate_agreement")
    old = agreement.status
    agreement.status = AgreementStatus.TERMINATED
    agreement.ended_at = timezone.now()
    agreement.terminated_by = actor
    agreement.termination_reason = reason
    agreement.save(
        update_fields=["status", "ended_at", "terminated_by", "termination_reason", "updated_at"]
    )
    audit.record(
        actor=actor,
        obj=agreement,
        action=AgreementAction.TERMINATED,
        changes={"status": [old, AgreementStatus.TERMINATED], "reason": [None, reason]},
    )
    return agreement


def agreements_expire(*, today=None):
    """Active agreements whose end date has passed become expired. Idempotent; returns
    how many changed (the daily job, and `manage.py expire_agreements`)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(
            Agreement.objects.select_for_update(skip_locked=True)
            .filter(status=AgreementStatus.ACTIVE, end_date__lt=today)
            .only("pk", "number", "title", "province_id", "regency_id", "dinas_code")
        )
        if not due:
            return 0
        Agreement.objects.filter(pk__in=[a.pk for a in due]).update(
            status=AgreementStatus.EXPIRED, ended_at=timezone.now(), updated_at=timezone.now()
        )
        figures.changed_after_commit(Agreement)  # update() sends no signal
        audit.record_many(
            actor=None,
            objs=due,
            action=AgreementAction.EXPIRED,
            changes={"status": [AgreementStatus.ACTIVE, AgreementStatus.EXPIRED]},
        )
    return len(due)


def renewal_of(agreement):
    """The draft or active agreement that renews `agreement`, if any."""
    return (
        Agreement.objects.filter(
            renews=agreement, status__in=(AgreementStatus.DRAFT, AgreementStatus.ACTIVE)
        )
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def agreement_renew(*, agreement, actor):
    """A new draft with the same parties and text for the following term, linked to the old."""
    agreement = _locked(agreement, actor, "partnerships.renew_agreement")
    existing = renewal_of(agreement)
    if existing:
        raise AgreementError(
            _("Perjanjian ini sudah diperpanjang: %(title)s.") % {"title": str(existing)}
        )
    length = agreement.end_date - agreement.start_date
    start = agreement.end_date + datetime.timedelta(days=1)
    data = {
        "number": "",
        "title": agreement.title,
        "scopes": list(agreement.scopes),
        "scope_other": agreement.scope_other,
        "dinas_obligations": agreement.dinas_obligations,
        "partner_obligations": agreement.partner_obligations,
        "start_date": start,
        "end_date": start + length,
    }
    renewal = agreement_create(
        actor=actor,
        dinas_code=agreement.dinas_code,
        data=data,
        kims=agreement.kims.all(),
        forums=agreement.forums.all(),
        renews=agreement,
    )
    audit.record(
        actor=actor,
        obj=agreement,
        action=AgreementAction.RENEWED,
        changes={"renewal": [None, renewal.pk]},
    )
    return renewal


# --- evaluation -----------------------------------------------------------------------------


def report_totals(agreement):
    """(accepted reports, people reached by them) under `agreement` (one query)."""
    totals = ActivityReport.objects.filter(
        agreement=agreement, status=ReportStatus.ACCEPTED
    ).aggregate(n=Count("pk"), reach=Sum("reach"))
    return totals["n"] or 0, totals["reach"] or 0


@transaction.atomic
def agreement_evaluate(*, agreement, actor, objectives, activity_count, assessment, recommendation):
    agreement = _locked(agreement, actor, "partnerships.evaluate_agreement")
    if not (assessment or "").strip():
        raise ValidationError({"assessment": _("Tuliskan penilaian Anda.")})
    accepted, reached = report_totals(agreement)
    evaluation, _created = AgreementEvaluation.objects.update_or_create(
        agreement=agreement,
        defaults={
            "objectives": objectives,
            "activity_count": activity_count,
            "reports_accepted": accepted,
            "people_reached": reached,
            "assessment": assessment.strip(),
            "recommendation": recommendation,
            "evaluated_by": actor,
            "evaluated_at": timezone.now(),
        },
    )
    audit.record(
        actor=actor,
        obj=agreement,
        action=AgreementAction.EVALUATED,
        changes={
            "objectives": [None, objectives],
            "activity_count": [None, activity_count],
            "recommendation": [None, recommendation],
        },
    )
    return evaluation


# --- the printed text -----------------------------------------------------------------------


def agreement_pdf(*, agreement, actor):
    """The agreement's text as PDF bytes: rendered once per version of the text and stored
    (with its SHA-256, so an uploaded copy can be checked), then served as stored."""
    require(actor, "partnerships.view_agreement", agreement)
    if agreement.pdf:
        return bytes(agreement.pdf)
    from partnerships.agreement_pdf import render_agreement

    letterhead = letterhead_for(agreement.dinas_code)
    if letterhead.missing:
        raise AgreementError(
            _("Lengkapi dulu pengaturan kop dan penanda tangan %(dinas)s: %(fields)s.")
            % {"dinas": agreement.dinas_label, "fields": ", ".join(letterhead.missing)}
        )
    pdf = render_agreement(agreement, letterhead=letterhead)
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = Agreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)
        if locked.pdf:  # printed meanwhile by someone else: theirs is the stored one
            return bytes(locked.pdf)
        if locked.updated_at != agreement.updated_at:
            raise AgreementError(_("Perjanjian baru saja diubah; cetak ulang naskahnya."))
        now = timezone.now()
        Agreement.objects.filter(pk=locked.pk).update(
            pdf=pdf, pdf_sha256=digest, pdf_rendered_at=now
        )
        audit.record(
            actor=actor,
            obj=locked,
            action=AgreementAction.PRINTED,
            changes={"sha256": [None, digest[:12]]},
        )
    agreement.pdf, agreement.pdf_sha256, agreement.pdf_rendered_at = pdf, digest, now
    return pdf


def agreement_count_verification(agreement):
    """Count one public check (one UPDATE, safe under concurrent checks)."""
    Agreement.objects.filter(pk=agreement.pk).update(verification_count=F("verification_count") + 1)
