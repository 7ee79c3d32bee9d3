"""Where a partnership object belongs: the Dinas of a province ("36") or a regency ("36.04").

An agreement or a forum is of a Dinas, identified by its area code. Both foreign keys are
kept (lists filter by one indexed column), and the code is stored once more for uniqueness
and display.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.areas.models import Province, Regency


def split_area(code):
    """'36.04' -> ('36', '36.04'); '36' -> ('36', '')."""
    code = (code or "").strip()
    return code[:2], (code if len(code) > 2 else "")


def in_area(area_code, regency_code):
    """A regency `regency_code` ("36.04") lies in area `area_code` ("36" or "36.04")."""
    regency_code = regency_code or ""
    if len(area_code) == 2:
        return regency_code[:2] == area_code
    return regency_code == area_code


class OfDinas(models.Model):
    province = models.ForeignKey(
        Province, verbose_name=_("provinsi"), on_delete=models.PROTECT, related_name="+"
    )
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong untuk Dinas provinsi."),
    )
    dinas_code = models.CharField(_("kode wilayah Dinas"), max_length=5, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.regency_id and not self.province_id:
            self.province_id = self.regency_id[:2]
        self.dinas_code = self.regency_id or self.province_id
        super().save(*args, **kwargs)

    def jurisdiction(self):
        return (self.province_id, self.regency_id or "")

    def set_dinas(self, code):
        self.province_id, regency = split_area(code)
        self.regency_id = regency or None
        self.dinas_code = code

    @property
    def is_province_level(self):
        return not self.regency_id

    @property
    def dinas_label(self):
        """'Diskominfo Kabupaten Serang' / 'Diskominfo Provinsi Banten'."""
        if self.regency_id:
            return _("Diskominfo %(area)s") % {"area": self.regency.name}
        return _("Diskominfo Provinsi %(area)s") % {"area": self.province.name}
