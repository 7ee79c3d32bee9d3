from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from capacity.models import INDICATORS
from kimportal.core.uploads import DOCUMENT_TYPES, accept_attribute


class GuestsField(forms.CharField):
    """One guest per line: `Nama; jabatan` (the position is optional)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        text = super().clean(value)
        guests = []
        for number, line in enumerate((text or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, position = line.partition(";")
            if len(name.strip()) < 3:
                raise ValidationError(_("Baris %(n)s: tuliskan nama lengkap tamu.") % {"n": number})
            guests.append((name.strip(), position.strip()))
        if len(guests) > 50:
            raise ValidationError(_("Paling banyak 50 tamu sekali daftar."))
        return guests


class KimRegistrationForm(forms.Form):
    members = forms.MultipleChoiceField(
        label=_("Pengurus yang didaftarkan"), required=False, widget=forms.CheckboxSelectMultiple
    )
    guests = GuestsField(
        label=_("Tamu dari KIM (tidak di susunan pengurus)"),
        required=False,
        help_text=_("Satu orang per baris: Nama; jabatan. Misalnya: Rina Wati; Anggota"),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [
            (str(member.pk), member.full_name) for member, taken in choices if not taken
        ]

    def clean(self):
        data = super().clean()
        if not data.get("members") and not data.get("guests"):
            raise ValidationError(_("Pilih pengurus atau tuliskan nama tamu."))
        return data


class OfficerRegistrationForm(forms.Form):
    officers = forms.MultipleChoiceField(
        label=_("Petugas yang didaftarkan"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [
            (str(u.pk), str(u)) for u in candidates if not u.registered
        ]


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    organisation = forms.CharField(label=_("Asal KIM/instansi"), max_length=200, required=False)
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    day = forms.DateField(widget=forms.HiddenInput)


RATINGS = [(n, str(n)) for n in range(5, 0, -1)]


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Penilaian (1 kurang – 5 sangat baik)"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Komentar dan saran"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Ringkasan laporan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Jalannya kegiatan, materi, hasil, dan tindak lanjut."),
    )
    # `accept` with image types: a phone's picker then offers the camera beside the files.
    file = forms.FileField(
        label=_("Foto atau dokumen (JPG, PNG, PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(DOCUMENT_TYPES)}),
    )
    caption = forms.CharField(label=_("Keterangan berkas"), required=False, max_length=200)
    finish = forms.BooleanField(
        label=_("Laporan selesai: tandai kegiatan “Dilaporkan”"), required=False
    )


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class AssessmentForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Periode (tahun)"), coerce=int, choices=[])

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, str(p)) for p in periods]
        for name, label in INDICATORS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, coerce=int, choices=SCORE_CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"{name}_note"] = forms.CharField(
                label=_("Bukti/catatan"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def indicator_rows(self):
        return [(self[name], self[f"{name}_note"]) for name, _label in INDICATORS]
