from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.accounts.roles import Role


class User(AbstractUser):
    """A person with exactly one role and the jurisdiction that role works in."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    province = models.ForeignKey(
        "kimportal.Province",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Regency officers work in it; KIM managers invited by an officer belong to it.
    regency = models.ForeignKey(
        "kimportal.Regency",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(_("jabatan"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="province_staff_has_province",
                condition=~Q(role=Role.PROVINCE) | Q(province__isnull=False),
            ),
            models.CheckConstraint(
                name="regency_officer_has_regency",
                condition=~Q(role=Role.REGENCY) | Q(regency__isnull=False),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.role == Role.PROVINCE and not self.province_id:
            raise ValidationError({"province": _("Staf provinsi harus punya provinsi.")})
        if self.role == Role.REGENCY and not self.regency_id:
            raise ValidationError({"regency": _("Petugas kab/kota harus punya kabupaten/kota.")})

    def save(self, *args, **kwargs):
        # A regency implies its province, so scoping by province also finds regency users.
        if self.regency_id and not self.province_id:
            self.province_id = self.regency.province_id
        super().save(*args, **kwargs)

    @property
    def is_system_admin(self):
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_province_staff(self):
        return self.role == Role.PROVINCE

    @property
    def is_regency_officer(self):
        return self.role == Role.REGENCY

    @property
    def is_kim_manager(self):
        return self.role == Role.MANAGER

    def audit_scope(self):
        return (self.province_id or "", self.regency_id or "")

    # --- access rules (see kimportal.core.access) ---
    @classmethod
    def access_q(cls, user):
        """Accounts a user may see: staff see their province, officers their regency."""
        if user.is_system_admin:
            return Q()
        if user.is_province_staff:
            return Q(province=user.province_id)
        if user.is_regency_officer:
            return Q(regency=user.regency_id, role=Role.MANAGER) | Q(pk=user.pk)
        return Q(pk=user.pk)

    def writable_by(self, user):
        if user.is_system_admin:
            return True
        if user.is_province_staff:
            return self.role in (Role.PROVINCE, Role.REGENCY, Role.MANAGER) and self.pk != user.pk
        if user.is_regency_officer:
            return self.role == Role.MANAGER
        return False
