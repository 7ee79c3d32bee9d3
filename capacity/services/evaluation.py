"""Evaluations (participants rate the event through their KIM manager) and the event
report written by the organisers (summary, photos, documents)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.audit_actions import EventAction, RegistrationAction
from capacity.models import (
    Attendance,
    Evaluation,
    Event,
    EventStatus,
    ReportFile,
    ReportFileKind,
)
from kimportal.core import audit
from kimportal.core.access import ActionRefused, require
from kimportal.core.uploads import IMAGE_TYPES


class EvaluationError(ActionRefused):
    pass


@transaction.atomic
def evaluation_save(*, registration, actor, rating, comment=""):
    """Rate the event for one participant who attended (saving again updates it)."""
    require(actor, "capacity.evaluate_event", registration)
    if not Attendance.objects.filter(registration=registration).exists():
        raise EvaluationError(
            _("Evaluasi hanya untuk peserta yang hadir; %(name)s tidak tercatat hadir.")
            % {"name": registration.name}
        )
    if rating not in range(1, 6):
        raise EvaluationError(_("Pilih nilai 1 sampai 5."))
    evaluation, created = Evaluation.objects.select_for_update().get_or_create(
        registration=registration,
        defaults={
            "event_id": registration.event_id,
            "rating": rating,
            "comment": comment.strip(),
            "submitted_by": actor,
        },
    )
    old = None if created else evaluation.rating
    if not created:
        evaluation.rating, evaluation.comment = rating, comment.strip()
        evaluation.submitted_by = actor
        evaluation.save()
    audit.record(
        actor=actor,
        obj=registration,
        action=RegistrationAction.EVALUATED,
        changes={"rating": [old, rating]},
    )
    return evaluation


@transaction.atomic
def report_save(*, event, actor, summary, files=(), mark_reported=False):
    """Save the report's summary and add files [(CheckedUpload, file, caption)]; with
    `mark_reported` the event moves to "reported" (a summary is then required)."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, "capacity.report_event", locked)
    old = locked.report_summary
    locked.report_summary = summary.strip()
    changes = {}
    if old != locked.report_summary:
        changes["report_summary"] = [old[:200], locked.report_summary[:200]]
    if mark_reported:
        if not locked.report_summary:
            raise EvaluationError(_("Tuliskan ringkasan laporan sebelum menyelesaikannya."))
        if locked.status != EventStatus.REPORTED:
            changes["status"] = [locked.status, EventStatus.REPORTED]
            locked.status = EventStatus.REPORTED
            locked.reported_at = timezone.now()
    locked.save()
    for checked, upload, caption in files:
        report_file = ReportFile(
            event=locked,
            kind=ReportFileKind.PHOTO
            if checked.content_type in IMAGE_TYPES
            else ReportFileKind.DOCUMENT,
            caption=(caption or "").strip()[:200],
            original_name=upload.name[:200],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        report_file.file.save(upload.name, upload, save=False)
        report_file.save()
        audit.record(
            actor=actor,
            obj=locked,
            action=EventAction.FILE_ADDED,
            changes={"file": [None, report_file.original_name], "sha256": [None, checked.sha256]},
        )
    if changes:
        action = EventAction.REPORTED
        audit.record(actor=actor, obj=locked, action=action, changes=changes)
    return locked


@transaction.atomic
def report_file_remove(*, report_file, actor):
    require(actor, "capacity.report_event", report_file.event)
    if report_file.event.status == EventStatus.REPORTED:
        raise EvaluationError(_("Laporan sudah diselesaikan; berkasnya tidak dapat dihapus."))
    name = report_file.original_name
    audit.record(
        actor=actor,
        obj=report_file.event,
        action=EventAction.FILE_REMOVED,
        changes={"file": [name, None]},
    )
    report_file.file.delete(save=False)
    report_file.delete()
