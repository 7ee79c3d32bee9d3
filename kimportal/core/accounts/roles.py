from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's one role. Only `kimportal.core.access.predicates` asks which one it is."""

    PROVINCE = "provinsi", _("Staf Diskominfo Provinsi")
    REGENCY = "kabkota", _("Petugas Diskominfo Kab/Kota")
    MANAGER = "pengelola", _("Pengelola KIM")
    ADMIN = "admin", _("Admin sistem")
