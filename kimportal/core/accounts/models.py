import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q
from kimportal.core.accounts.roles import REQUIRED_AREA, Role, names_no_regency


class PortalUserManager(UserManager):
    def kim_managers(self):
        return self.filter(role=Role.MANAGER)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `manage.py createsuperuser` (the first account of a new installation) made a
        # superuser with the default role, a KIM manager's: its menu and long sessions.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


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
    # E-mails to this person are written in it (the switcher sets it, as does the profile).
    language = models.CharField(
        _("bahasa"), max_length=10, choices=settings.LANGUAGES, default="id"
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        # The accounts list's order (keyset pages).
        indexes = [
            models.Index(fields=["role", "regency", "username", "id"], name="user_list_order"),
        ]
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
        field, message = REQUIRED_AREA.get(self.role, (None, None))
        if field and not getattr(self, f"{field}_id"):
            raise ValidationError({field: message})

    def save(self, *args, **kwargs):
        if names_no_regency(self.role):
            self.regency = None  # provincial staff work for the whole province
        elif self.regency_id:
            # A regency implies its province, so scoping by province finds regency users.
            self.province_id = self.regency.province_id
        super().save(*args, **kwargs)

    def has_perm(self, perm, obj=None):
        # The portal's named permissions (each app's rules.py) decide for everyone, system
        # admins and superusers included; Django's own model permissions (admin site) keep
        # Django's rule.
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def jurisdiction(self):
        return (self.province_id or "", self.regency_id or "")

    # --- list rule (see kimportal.core.access) ---
    @classmethod
    def access_q(cls, user):
        """Accounts a user may see: staff their province, regency officers the KIM managers
        of their regency; everyone their own."""
        own = Q(pk=user.pk)
        return jurisdiction_q(
            user,
            province="province",
            regency_scope=Q(regency=user.regency_id, role=Role.MANAGER) | own,
            others=own,
        )
