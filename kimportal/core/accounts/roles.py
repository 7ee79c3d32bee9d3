from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's one role. Only `kimportal.core.access.predicates` asks which one it is."""

    PROVINCE = "provinsi", _("Staf Diskominfo Provinsi")
    REGENCY = "kabkota", _("Petugas Diskominfo Kab/Kota")
    MANAGER = "pengelola", _("Pengelola KIM")
    ADMIN = "admin", _("Admin sistem")


# The area an account of each role must name, and why (the table's check constraints say
# the same).
REQUIRED_AREA = {
    Role.PROVINCE: ("province", _("Staf provinsi harus punya provinsi.")),
    Role.REGENCY: ("regency", _("Petugas kab/kota harus punya kabupaten/kota.")),
}


def names_no_regency(role):
    """Provincial staff work for their whole province."""
    return role == Role.PROVINCE
