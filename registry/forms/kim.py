import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Regency
from kimportal.core.areas.widgets import VillageField
from kimportal.core.crypto import blind_index
from kimportal.core.models import User
from kimportal.core.text import PhoneField
from registry.models import Kim, KimStatus

NIK_PATTERN = re.compile(r"\d{16}")


def _https_urls(field, **kwargs):
    """Links typed without a scheme are https (Django 6's default, set explicitly now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class KimForm(forms.ModelForm):
    village = VillageField(label=_("Wilayah"))
    phone = PhoneField(
        label=_("Telepon"),
        required=False,
        help_text=_("Misalnya: 0254 123456 atau 0812 3456 7890."),
    )

    class Meta:
        model = Kim
        formfield_callback = _https_urls
        fields = [
            "name",
            "village",
            "address",
            "phone",
            "email",
            "founded_on",
            "focus",
            "website",
            "kimid_address",
            "kimid_id",
            "social_links",
            "member_count",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
            "social_links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers place KIM only inside their own jurisdiction.
        province, regency = working_area(actor)
        if regency:
            self.fields["village"] = VillageField(label=_("Wilayah"), regency=regency)
        elif province:
            self.fields["village"].queryset = self.fields["village"].queryset.filter(
                district__regency__province=province
            )
        if self.instance.pk:
            self.initial["village"] = self.instance.village_id
            kim = self.instance
            if kim.regency_fixed and not actor.has_perm(
                "registry.move_kim_to_another_regency", kim
            ):
                # Submitted once: villages of its own regency only (kim_update says why).
                self.fields["village"] = VillageField(label=_("Wilayah"), regency=kim.regency_id)
        if regency and not self.instance.pk:
            self.fields["managers"] = forms.ModelMultipleChoiceField(
                label=_("Pengelola KIM"),
                required=False,
                queryset=User.objects.kim_managers().filter(regency=regency, is_active=True),
                help_text=_("Pengelola yang sudah Anda undang; bisa ditambahkan nanti."),
            )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Catatan verifikasi"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[])
    note = forms.CharField(
        label=_("Catatan / alasan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(t.name, t.label) for t in transitions]


class KimFilterForm(forms.Form):
    """The list toolbar: search, status, regency, sort."""

    SORTS = {
        "oldest": ("submitted_at", "pk"),
        "newest": ("-submitted_at", "-pk"),
        "name": ("name", "pk"),
        "updated": ("-updated_at", "-pk"),
    }
    q = forms.CharField(label=_("Cari nama KIM atau NIK pengurus"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *KimStatus.choices]
    )
    regency = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        required=False,
        queryset=Regency.objects.none(),
        empty_label=_("Semua kabupaten/kota"),
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[
            ("oldest", _("Terlama menunggu")),
            ("newest", _("Terbaru")),
            ("name", _("Nama")),
            ("updated", _("Terakhir diubah")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        province, regency = working_area(user)
        if province and not regency:
            self.fields["regency"].queryset = Regency.objects.filter(province=province)
        else:
            del self.fields["regency"]

    @property
    def has_search(self):
        """A name search narrows the list: the planner cannot estimate its rows."""
        return self.is_valid() and bool(self.cleaned_data.get("q"))

    def apply(self, queryset, default_sort="name"):
        if not self.is_valid():
            return queryset.order_by(*self.SORTS[default_sort])
        data = self.cleaned_data
        query = (data.get("q") or "").strip()
        if NIK_PATTERN.fullmatch(query):
            # A board member's NIK: equality of its HMAC, no row decrypted.
            queryset = queryset.filter(
                rosters__is_current=True, rosters__members__nik_hash=blind_index(query)
            )
        elif query:
            queryset = queryset.filter(name__icontains=query)
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
            if data["status"] == KimStatus.SUBMITTED:
                # Submitting sets the date. Saying so lets the index on the date skip the
                # drafts' empty ones instead of reading past them: the queue's last page
                # went from 39 ms to 0.2 ms at 100,000 KIM.
                queryset = queryset.filter(submitted_at__isnull=False)
        if data.get("regency"):
            queryset = queryset.filter(regency=data["regency"])
        return queryset.order_by(*self.SORTS[data.get("sort") or default_sort])
