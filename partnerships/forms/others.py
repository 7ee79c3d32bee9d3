"""Forms of the mapping, forum and supervision pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimportal.core.text import PhoneField
from partnerships.forms.widgets import DATE_WIDGET
from partnerships.models import VisitKind
from registry.selectors import board_rules

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ScoreForm(forms.Form):
    interest = forms.TypedChoiceField(
        label=_("Minat"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "score"}),
        help_text=_("Seberapa besar minat KIM pada kemitraan dengan Dinas (1 rendah – 5 tinggi)."),
    )
    influence = forms.TypedChoiceField(
        label=_("Pengaruh"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "score"}),
        help_text=_("Seberapa besar pengaruh KIM pada warganya (1 rendah – 5 tinggi)."),
    )
    power = forms.TypedChoiceField(
        label=_("Kekuatan"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "score"}),
        help_text=_("Kapasitas KIM: pengurus, sarana, jangkauan (1 rendah – 5 tinggi)."),
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scored_on = forms.DateField(label=_("Tanggal penilaian"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("scored_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class AreaForm(forms.Form):
    """Which grid: the whole province or one regency (choices from the user's reach)."""

    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = choices


class ForumForm(forms.Form):
    name = forms.CharField(label=_("Nama forum"), max_length=150)
    address = forms.CharField(
        label=_("Alamat sekretariat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    founded_on = forms.DateField(label=_("Tanggal dibentuk"), required=False, widget=DATE_WIDGET)
    decree = forms.CharField(label=_("Dasar pembentukan"), max_length=200, required=False)
    term_start = forms.DateField(
        label=_("Awal masa bakti pengurus"), required=False, widget=DATE_WIDGET
    )
    term_end = forms.DateField(
        label=_("Akhir masa bakti pengurus"), required=False, widget=DATE_WIDGET
    )
    contact_name = forms.CharField(label=_("Narahubung"), max_length=150, required=False)
    contact_phone = PhoneField(label=_("Telepon narahubung"), required=False)
    contact_email = forms.EmailField(label=_("Email forum"), required=False)
    is_active = forms.BooleanField(label=_("Forum aktif"), required=False, initial=True)
    kims = forms.ModelMultipleChoiceField(
        label=_("KIM anggota"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    FIELDS = (
        "name",
        "address",
        "founded_on",
        "decree",
        "term_start",
        "term_end",
        "contact_name",
        "contact_phone",
        "contact_email",
        "is_active",
    )

    def __init__(self, *args, kims, forum=None, show_personal=True, **kwargs):
        if forum is not None:
            initial = {name: getattr(forum, name) for name in self.FIELDS}
            initial["kims"] = list(forum.kims.values_list("pk", flat=True))
            if not show_personal:
                initial.pop("contact_phone")
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["kims"].queryset = kims
        self.keep_phone = forum is not None and not show_personal
        if self.keep_phone and forum.contact_phone:
            self.fields["contact_phone"].help_text = _(
                "Tersimpan: %(masked)s. Kosongkan jika tidak diubah."
            ) % {"masked": board_rules.mask_phone(forum.contact_phone)}

    def forum_data(self):
        data = {name: self.cleaned_data[name] for name in self.FIELDS}
        if self.keep_phone and not data["contact_phone"]:
            data.pop("contact_phone")
        return data


class ForumMemberForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    position = forms.ChoiceField(label=_("Jabatan"), choices=board_rules.POSITION_CHOICES)
    position_detail = forms.CharField(label=_("Keterangan jabatan"), max_length=100, required=False)
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=board_rules.GENDER_CHOICES, widget=forms.RadioSelect
    )
    phone = PhoneField(label=_("Telepon"), required=False)
    kim = forms.ModelChoiceField(
        label=_("Asal KIM"),
        queryset=None,
        required=False,
        empty_label=_("— tidak dari KIM anggota —"),
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kim"].queryset = forum.kims.order_by("name")

    def clean_nik(self):
        return "".join(self.cleaned_data["nik"].split())


class VisitForm(forms.Form):
    kim = forms.ModelChoiceField(label=_("KIM"), queryset=None, empty_label=_("— pilih KIM —"))
    kind = forms.ChoiceField(label=_("Jenis"), choices=VisitKind.choices, widget=forms.RadioSelect)
    visited_on = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    team = forms.CharField(label=_("Petugas yang hadir"), max_length=300)
    topics = forms.CharField(label=_("Topik"), widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(
        label=_("Temuan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label=_("Tindak lanjut"),
        max_length=300,
        required=False,
        help_text=_("Boleh dikosongkan; tindak lanjut lain dapat ditambahkan kemudian."),
    )
    due_on = forms.DateField(label=_("Tenggat tindak lanjut"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, kims, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("visited_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["kim"].queryset = kims

    def clean(self):
        data = super().clean()
        if data.get("follow_up") and not data.get("due_on"):
            self.add_error("due_on", _("Isi tenggat tindak lanjut."))
        return data

    def visit_data(self):
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "visited_on", "team", "topics", "findings")
        }

    def follow_ups(self):
        if self.cleaned_data.get("follow_up"):
            return [(self.cleaned_data["follow_up"], self.cleaned_data["due_on"])]
        return []


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Tindak lanjut"), max_length=300)
    due_on = forms.DateField(label=_("Tenggat"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault(
            "due_on", timezone.localdate() + datetime.timedelta(days=30)
        )
        super().__init__(*args, **kwargs)


class CloseFollowUpForm(forms.Form):
    note = forms.CharField(label=_("Catatan penyelesaian"), required=False, max_length=1000)


class InvitationForm(forms.Form):
    title = forms.CharField(
        label=_("Rapat"),
        max_length=200,
        help_text=_("Misalnya: Rapat Koordinasi KIM Kabupaten Serang Triwulan IV."),
    )
    starts_at = forms.DateTimeField(
        label=_("Waktu (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Tempat"), max_length=250)
    link = forms.URLField(
        label=_("Tautan kegiatan"),
        required=False,
        assume_scheme="https",
        help_text=_("Misalnya halaman kegiatan rakor di Portal KIM, atau tautan rapat daring."),
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
