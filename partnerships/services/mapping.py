"""Pemetaan: regency officers score the KIM of their regency; every score is kept."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import ActionRefused, require
from partnerships.audit_actions import MappingAction
from partnerships.models import MappingScore

AXES = ("interest", "influence", "power")


def kim_score(*, kim, actor, interest, influence, power, note="", scored_on=None):
    """Record a new score for `kim`; it becomes the current one (the grid shows it) and
    the previous ones stay as history."""
    require(actor, "partnerships.score_kim", kim)
    scored_on = scored_on or timezone.localdate()
    values = {"interest": interest, "influence": influence, "power": power}
    errors = {
        name: _("Nilai 1 sampai 5.")
        for name, value in values.items()
        if not isinstance(value, int) or not 1 <= value <= 5
    }
    if scored_on > timezone.localdate():
        errors["scored_on"] = _("Tanggal penilaian tidak boleh setelah hari ini.")
    if not (kim.is_registered or kim.is_inactive):
        raise ActionRefused(_("Hanya KIM terdaftar (atau pernah terdaftar) yang dipetakan."))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            previous = (
                MappingScore.objects.select_for_update()
                .filter(kim_id=kim.pk, is_current=True)
                .first()
            )
            if previous:
                MappingScore.objects.filter(pk=previous.pk).update(is_current=False)
            score = MappingScore.objects.create(
                kim=kim,
                regency_id=kim.regency_id,
                note=(note or "").strip(),
                scored_on=scored_on,
                scored_by=actor,
                is_current=True,
                **values,
            )
            audit.record(
                actor=actor,
                obj=score,
                action=MappingAction.SCORED,
                changes={
                    name: [getattr(previous, name, None), value] for name, value in values.items()
                },
            )
    except IntegrityError:
        # Two officers scored the same KIM's first score at the same moment.
        raise ActionRefused(
            _("KIM ini baru saja dinilai petugas lain; muat ulang halaman.")
        ) from None
    return score
