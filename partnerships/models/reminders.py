"""What the reminder job has sent, so a second run on the same day sends nothing again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """One reminder about one thing at one stage (e.g. "agreement 7 ends within 30 days")
    to one person. The key names the thing and the stage; a stage is reminded once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=100)
    sent_on = models.DateField(_("dikirim pada"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="reminder_once_per_stage")
        ]
        indexes = [models.Index(fields=["sent_on"])]

    def __str__(self):
        return f"{self.key} → {self.recipient_id} ({self.sent_on})"
