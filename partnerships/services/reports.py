"""Activity reports: filed by a KIM's managers under an active agreement, reviewed by the
officers of the agreement's Dinas (accepted, or returned for clarification and answered)."""

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import require
from kimportal.core.uploads import IMAGE_TYPES, megabytes, validate_upload
from partnerships.audit_actions import ReportAction
from partnerships.models import ActivityReport, Adinda, Agreement, ReportPhoto, ReportStatus

REPORT_FIELDS = ("held_on", "title", "description", "principles", "channel", "reach", "links")
MAX_PHOTOS = 5
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _check(agreement, data, today=None):
    today = today or timezone.localdate()
    errors = {}
    principles = data.get("principles") or []
    if not principles:
        errors["principles"] = _("Pilih sedikitnya satu prinsip ADINDA.")
    elif set(principles) - set(Adinda.values):
        errors["principles"] = _("Prinsip ADINDA tidak dikenal.")
    held_on = data.get("held_on")
    if held_on:
        if held_on > today:
            errors["held_on"] = _("Tanggal kegiatan tidak boleh setelah hari ini.")
        elif not agreement.start_date <= held_on <= agreement.end_date:
            errors["held_on"] = _("Tanggal kegiatan harus dalam masa perjanjian (%(s)s–%(e)s).") % {
                "s": agreement.start_date.strftime("%d-%m-%Y"),
                "e": agreement.end_date.strftime("%d-%m-%Y"),
            }
    return errors


def _checked_photos(photos, already=0):
    """Validate every photo first (content, size, count); [(file, CheckedUpload)]."""
    photos = [p for p in photos if p]
    if already + len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {"photos": _("Paling banyak %(n)s foto per laporan.") % {"n": MAX_PHOTOS}}
        )
    checked, errors = [], []
    for photo in photos:
        try:
            checked.append((photo, validate_upload(photo, IMAGE_TYPES, PHOTO_MAX_BYTES)))
        except ValidationError as error:
            name = os.path.basename(getattr(photo, "name", "") or "")
            errors.extend(f"{name}: {message}" for message in error.messages)
    if errors:
        raise ValidationError({"photos": errors})
    return checked


def _store_photos(report, checked, stored):
    for file, info in checked:
        photo = ReportPhoto(
            report=report,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
            original_name=os.path.basename(getattr(file, "name", "") or "")[-200:],
        )
        photo.file.save("photo", file if isinstance(file, File) else File(file), save=False)
        stored.append(photo.file.name)
        photo.save()


def _delete_files(names):
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def report_file(*, agreement, kim, actor, data, photos=()):
    """File a report for `kim` under `agreement`. ValidationError on bad input; nothing is
    stored on refusal."""
    require(actor, "partnerships.file_report", agreement)
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"not report fields: {sorted(unknown)}")
    errors = _check(agreement, data)
    if not agreement.kims.filter(pk=kim.pk).exists():
        errors["kim"] = _("KIM ini bukan pihak perjanjian ini.")
    elif not kim.is_managed_by(actor):
        errors["kim"] = _("Anda bukan pengelola KIM ini.")
    try:
        checked = _checked_photos(photos)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    stored = []
    try:
        with transaction.atomic():
            locked = Agreement.objects.select_for_update(of=("self",)).get(pk=agreement.pk)
            require(actor, "partnerships.file_report", locked)
            report = ActivityReport.objects.create(
                agreement=locked, kim=kim, created_by=actor, **data
            )
            _store_photos(report, checked, stored)
            audit.record(
                actor=actor,
                obj=report,
                action=ReportAction.FILED,
                changes={
                    "title": [None, report.title],
                    "principles": [None, ", ".join(report.principles)],
                    "photos": [None, len(checked)],
                },
            )
    except BaseException:
        _delete_files(stored)
        raise
    return report


def report_update(*, report, actor, data, photos=(), remove_photos=()):
    """Change a report before it is accepted. An answer to a clarification request goes
    back to the review queue."""
    require(actor, "partnerships.change_report", report)
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"not report fields: {sorted(unknown)}")
    errors = _check(report.agreement, {**{f: getattr(report, f) for f in REPORT_FIELDS}, **data})
    remove = {p.pk for p in remove_photos}
    kept = report.photos.exclude(pk__in=remove).count()
    try:
        checked = _checked_photos(photos, already=kept)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    stored, removed = [], []
    try:
        with transaction.atomic():
            locked = ActivityReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
            locked.kim = report.kim
            require(actor, "partnerships.change_report", locked)
            before = ActivityReport(**{f: getattr(locked, f) for f in REPORT_FIELDS})
            for name, value in data.items():
                setattr(locked, name, value)
            changes = audit.diff(before, locked, REPORT_FIELDS)
            old_status = locked.status
            if locked.needs_clarification:
                locked.status = ReportStatus.SUBMITTED
                locked.submitted_at = timezone.now()
                changes["status"] = [old_status, locked.status]
            locked.save()
            gone = list(locked.photos.filter(pk__in=remove))
            removed = [p.file.name for p in gone]
            ReportPhoto.objects.filter(pk__in=[p.pk for p in gone]).delete()
            _store_photos(locked, checked, stored)
            if gone or checked:
                changes["photos"] = [kept + len(gone), kept + len(checked)]
            if changes:
                audit.record(actor=actor, obj=locked, action=ReportAction.UPDATED, changes=changes)
    except BaseException:
        _delete_files(stored)
        raise
    transaction.on_commit(lambda: _delete_files(removed))
    return locked


@transaction.atomic
def report_review(*, report, actor, accept, note=""):
    """Accept the report, or ask its KIM to clarify (a note is then required)."""
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": _("Tuliskan apa yang perlu diklarifikasi.")})
    locked = (
        ActivityReport.objects.select_for_update(of=("self",))
        .select_related("agreement")
        .get(pk=report.pk)
    )
    require(actor, "partnerships.review_report", locked)
    old = locked.status
    locked.status = ReportStatus.ACCEPTED if accept else ReportStatus.CLARIFICATION
    locked.review_note = note
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    audit.record(
        actor=actor,
        obj=locked,
        action=ReportAction.ACCEPTED if accept else ReportAction.CLARIFICATION,
        changes={"status": [old, locked.status], **({"note": [None, note]} if note else {})},
    )
    return locked


def photo_limit_text():
    """The photo rule, as the form's help text says it."""
    return _("JPG atau PNG, paling besar %(mb)s MB per foto, paling banyak %(n)s foto.") % {
        "mb": megabytes(PHOTO_MAX_BYTES),
        "n": MAX_PHOTOS,
    }
