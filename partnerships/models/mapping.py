"""Pemetaan: a regency officer's scores of a KIM's interest, influence and power (1–5).

Every scoring is kept (history); the newest one per KIM is marked current, so the grid
reads one indexed row per KIM.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class MappingScore(models.Model):
    kim = models.ForeignKey(
        "registry.Kim", verbose_name=_("KIM"), on_delete=models.CASCADE, related_name="+"
    )
    # Copied from the KIM: the grid of a regency and its jurisdiction filter are one column.
    regency = models.ForeignKey(
        "kimportal.Regency", on_delete=models.PROTECT, related_name="+", editable=False
    )
    interest = models.PositiveSmallIntegerField(_("minat"), validators=SCORE)
    influence = models.PositiveSmallIntegerField(_("pengaruh"), validators=SCORE)
    power = models.PositiveSmallIntegerField(_("kekuatan"), validators=SCORE)
    note = models.TextField(_("catatan"), blank=True)
    scored_on = models.DateField(_("tanggal penilaian"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skor pemetaan")
        verbose_name_plural = _("skor pemetaan")
        ordering = ["-scored_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kim"], condition=Q(is_current=True), name="one_current_score_per_kim"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"mapping_{name}_1_to_5",
                )
                for name in ("interest", "influence", "power")
            ),
        ]
        indexes = [models.Index(fields=["regency", "is_current"])]

    def __str__(self):
        return _("Pemetaan %(kim)s: minat %(i)s, pengaruh %(f)s, kekuatan %(p)s") % {
            "kim": self.kim,
            "i": self.interest,
            "f": self.influence,
            "p": self.power,
        }

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user)

    def jurisdiction(self):
        return (self.regency_id[:2], self.regency_id)
