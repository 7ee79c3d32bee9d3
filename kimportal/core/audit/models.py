from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q
from kimportal.core.audit import actions, display


class AuditEntry(models.Model):
    """Who did what to which object, and the old -> new values. Append-only."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("aksi"), max_length=80, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("objek"), max_length=200)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    # Jurisdiction of the object at the time, so supervisors can read their own trail.
    province_code = models.CharField(max_length=2, blank=True, db_index=True)
    regency_code = models.CharField(max_length=5, blank=True, db_index=True)

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-created_at", "-pk"]
        # The page reads newest first, for everyone, a province or a regency (keyset pages).
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"]),
            models.Index(fields=["created_at", "id"], name="audit_created"),
            models.Index(fields=["province_code", "created_at", "id"], name="audit_province_time"),
            models.Index(fields=["regency_code", "created_at", "id"], name="audit_regency_time"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self):
        """What people read for the action ("Pengajuan KIM"); an old unknown code as is."""
        return actions.action_label(self.action)

    @property
    def readable_changes(self):
        """[Change(key, label, old, new)] in people's words: see audit/display.py."""
        return display.readable_changes(self)

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, province="province_code", regency="regency_code")
