"""Administrative areas (wilayah) keyed by their Kemendagri codes.

The code is the primary key: it is stable, meaningful in URLs and imports, and makes
loading idempotent (a reload compares codes, not surrogate ids).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.name


class Province(Area):
    class Meta(Area.Meta):
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")


class Regency(Area):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")

    class Meta(Area.Meta):
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    @property
    def plain_code(self):
        """`36.04` -> `3604`, as used in Nomor Induk and letter numbers."""
        return self.code.replace(".", "")


class District(Area):
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")

    class Meta(Area.Meta):
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")


class Village(Area):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")

    class Meta(Area.Meta):
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def full_name(self):
        d = self.district
        return f"{self.name}, {d.name}, {d.regency.name}, {d.regency.province.name}"
