"""Village picker: province -> regency -> district -> village, one level loaded at a time.

83,762 villages never reach the page: each select holds one level's children (at most a
few hundred), fetched from /wilayah/<level>/<parent>/ when the level above changes.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from kimportal.core.areas.models import District, Province, Regency, Village


class VillagePicker(forms.Widget):
    template_name = "areas/village_picker.html"

    class Media:
        js = ["js/village-picker.js"]

    def __init__(self, *args, lock_regency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock_regency = lock_regency  # officers register only inside their regency

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        code = str(value or "")
        if not re.fullmatch(r"[0-9.]*", code):
            code = ""  # a tampered value (a NUL byte fails PostgreSQL's query) picks nothing
        if not code and self.lock_regency:
            code = self.lock_regency
        province, regency, district = code[:2], code[:5], code[:8]
        village = code if len(code) == 13 else ""
        context["levels"] = {
            "province": province,
            "regency": regency if len(code) >= 5 else "",
            "district": district if len(code) >= 8 else "",
            "village": village,
        }
        context["options"] = {
            "provinces": Province.objects.values_list("code", "name"),
            "regencies": Regency.objects.filter(province=province).values_list("code", "name")
            if province
            else [],
            "districts": District.objects.filter(regency=regency)
            .order_by("name")
            .values_list("code", "name")
            if len(code) >= 5
            else [],
            "villages": Village.objects.filter(district=district)
            .order_by("name")
            .values_list("code", "name")
            if len(code) >= 8
            else [],
        }
        context["locked"] = bool(self.lock_regency)
        return context


class VillageField(forms.ModelChoiceField):
    """A village chosen by code; the queryset limits it to a jurisdiction."""

    widget = VillagePicker

    def __init__(self, *, regency=None, **kwargs):
        queryset = Village.objects.all()
        if regency:
            queryset = queryset.filter(district__regency=regency)
        super().__init__(queryset=queryset, **kwargs)
        self.widget = VillagePicker(lock_regency=regency)
        self.error_messages["invalid_choice"] = _("Pilih desa/kelurahan dari daftar.")
