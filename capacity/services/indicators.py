"""The five success indicators of a KIM, assessed per period by its regency's officers."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.audit_actions import AssessmentAction
from capacity.models import INDICATOR_FIELDS, Assessment
from kimportal.core import audit
from kimportal.core.access import ActionRefused, require

FIELDS = (*INDICATOR_FIELDS, *(f"{name}_note" for name in INDICATOR_FIELDS))


class AssessmentError(ActionRefused):
    pass


@transaction.atomic
def assessment_save(*, kim, actor, period, scores):
    """Create or update the KIM's assessment for `period` from `scores` (every indicator
    1–5, and optional `<indicator>_note` evidence)."""
    require(actor, "capacity.assess_kim", kim)
    if not kim.is_registered:
        raise AssessmentError(_("Indikator keberhasilan dinilai untuk KIM yang terdaftar."))
    for name in INDICATOR_FIELDS:
        if scores.get(name) not in (1, 2, 3, 4, 5):
            raise AssessmentError(_("Setiap indikator dinilai 1 sampai 5."))
    assessment = Assessment.objects.select_for_update().filter(kim_id=kim.pk, period=period).first()
    created = assessment is None
    before = None if created else Assessment.objects.get(pk=assessment.pk)
    if created:
        assessment = Assessment(kim_id=kim.pk, regency_id=kim.regency_id, period=period)
    for name in FIELDS:
        value = scores.get(name, "" if name.endswith("_note") else None)
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    assessment.assessed_by = actor
    assessment.assessed_at = timezone.now()
    assessment.save()
    assessment.kim = kim
    if created:
        changes = {name: [None, getattr(assessment, name)] for name in INDICATOR_FIELDS}
        changes["period"] = [None, period]
        action = AssessmentAction.CREATED
    else:
        changes = audit.diff(before, assessment, FIELDS)
        action = AssessmentAction.UPDATED
    if changes:
        audit.record(actor=actor, obj=assessment, action=action, changes=changes)
    return assessment
