"""Supervision visits and mentoring sessions per KIM, with follow-ups that have due dates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import require
from partnerships.audit_actions import VisitAction
from partnerships.models import FollowUp, FollowUpStatus, Visit

VISIT_FIELDS = ("kind", "visited_on", "team", "topics", "findings")


@transaction.atomic
def visit_log(*, kim, actor, data, follow_ups=()):
    """Record a visit or mentoring session of `kim`; `follow_ups` are (action, due_on)."""
    require(actor, "partnerships.log_visit", kim)
    unknown = set(data) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"not visit fields: {sorted(unknown)}")
    if data.get("visited_on") and data["visited_on"] > timezone.localdate():
        raise ValidationError({"visited_on": _("Tanggal kunjungan tidak boleh setelah hari ini.")})
    visit = Visit.objects.create(kim=kim, regency_id=kim.regency_id, created_by=actor, **data)
    audit.record(
        actor=actor,
        obj=visit,
        action=VisitAction.LOGGED,
        changes={"kind": [None, visit.kind], "visited_on": [None, visit.visited_on.isoformat()]},
    )
    for action, due_on in follow_ups:
        follow_up_add(visit=visit, actor=actor, action=action, due_on=due_on)
    return visit


@transaction.atomic
def follow_up_add(*, visit, actor, action, due_on):
    require(actor, "partnerships.log_visit", visit)
    action = (action or "").strip()
    if not action or not due_on:
        raise ValidationError({"action": _("Isi tindak lanjut dan tenggatnya.")})
    follow_up = FollowUp.objects.create(visit=visit, action=action, due_on=due_on)
    audit.record(
        actor=actor,
        obj=visit,
        action=VisitAction.FOLLOW_UP_ADDED,
        changes={"follow_up": [None, action], "due_on": [None, due_on.isoformat()]},
    )
    return follow_up


@transaction.atomic
def follow_up_close(*, follow_up, actor, note=""):
    locked = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("visit")
        .get(pk=follow_up.pk)
    )
    require(actor, "partnerships.close_follow_up", locked)
    locked.status = FollowUpStatus.DONE
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked.done_note = (note or "").strip()
    locked.save(update_fields=["status", "done_at", "done_by", "done_note"])
    audit.record(
        actor=actor,
        obj=locked.visit,
        action=VisitAction.FOLLOW_UP_DONE,
        changes={
            "follow_up": [locked.action, locked.action],
            "status": [FollowUpStatus.OPEN, FollowUpStatus.DONE],
        },
    )
    return locked
