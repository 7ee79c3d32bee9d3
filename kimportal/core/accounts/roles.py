from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE = "provinsi", _("Staf Diskominfo Provinsi")
    REGENCY = "kabkota", _("Petugas Diskominfo Kab/Kota")
    MANAGER = "pengelola", _("Pengelola KIM")
    ADMIN = "admin", _("Admin sistem")


OFFICER_ROLES = (Role.PROVINCE, Role.REGENCY)


def jurisdiction_q(user, *, regency="regency", others=None):
    """The usual `access_q` rule for objects that belong to a regency.

    Admins see all, provincial staff their province, regency officers their regency;
    everyone else what `others` (a Q) allows, or nothing.
    """
    if user.is_system_admin:
        return Q()
    if user.role == Role.PROVINCE:
        # A prefix of the regency code ("36." for Banten) rather than a join to the
        # regency table: it uses the code's pattern index and PostgreSQL estimates it
        # well, so lists of 100,000 KIM sort by index instead of joining every row.
        return Q(**{f"{regency}__code__startswith": f"{user.province_id}."})
    if user.role == Role.REGENCY:
        return Q(**{regency: user.regency_id})
    return others if others is not None else Q(pk__in=[])
