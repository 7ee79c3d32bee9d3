"""Forms of the roster pages: the import upload and a member entered by hand."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from kimportal.core.text import PhoneField
from registry.models import Gender, Member, Position
from registry.nik import mask_nik, mask_phone
from registry.roster_import import DECLARED_OPPOSITE

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermForm(forms.Form):
    term_start = forms.DateField(label=_("Awal masa bakti"), widget=DATE_WIDGET)
    term_end = forms.DateField(label=_("Akhir masa bakti"), widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("Akhir masa bakti harus setelah awal masa bakti."))
        return data


class RosterImportForm(TermForm):
    file = forms.FileField(
        label=_("Berkas susunan pengurus"),
        help_text=_("XLSX atau CSV sesuai templat, paling banyak 5.000 baris."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet,text/csv"
            }
        ),
    )


YES, NO, NOT_YET = "ya", "tidak", "belum"


class DeclarationField(forms.ChoiceField):
    """One of the four administrative declarations, as the member answered it.

    "Ya" meets the requirement; "Belum menyatakan" is stored as not (yet) declared; "Tidak"
    is the member declaring the opposite (an ASN, convicted, in a party or an LSM), which
    no board allows: refused with the same words as the import.
    """

    widget = forms.RadioSelect

    def __init__(self, key, **kwargs):
        self.key = key
        super().__init__(
            choices=[(YES, _("Ya")), (NO, _("Tidak")), (NOT_YET, _("Belum menyatakan"))],
            initial=NOT_YET,
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, bool):
            return YES if value else NOT_YET
        return value

    def clean(self, value):
        value = super().clean(value)
        if value == NO:
            message = str(DECLARED_OPPOSITE[self.key])
            raise forms.ValidationError(message[:1].upper() + message[1:] + ".")
        return value == YES


class MemberForm(forms.Form):
    """One member. For people who may not see personal data, the stored NIK and phone are
    never sent to the browser: the fields start empty and empty means "unchanged"."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    position = forms.ChoiceField(label=_("Jabatan"), choices=Position.choices)
    position_detail = forms.CharField(
        label=_("Keterangan jabatan"),
        max_length=100,
        required=False,
        help_text=_("Misalnya: Seksi Penyebaran Informasi."),
    )
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=Gender.choices, widget=forms.RadioSelect
    )
    phone = PhoneField(
        label=_("Telepon"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    not_civil_servant = DeclarationField("not_civil_servant", label=_("Bukan ASN"))
    no_criminal_record = DeclarationField("no_criminal_record", label=_("Tidak pernah dipidana"))
    no_political_party = DeclarationField(
        "no_political_party", label=_("Tidak berafiliasi partai politik")
    )
    no_ngo = DeclarationField("no_ngo", label=_("Tidak berafiliasi LSM"))

    def __init__(self, *args, member=None, show_personal=True, needs_term=False, **kwargs):
        self.member = member
        self.keep_hidden = member is not None and not show_personal
        if member is not None:
            initial = {f: getattr(member, f) for f in self.base_fields if hasattr(Member, f)}
            if self.keep_hidden:
                initial.pop("nik")
                initial.pop("phone")
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if self.keep_hidden:
            self.fields["nik"].required = False
            self.fields["nik"].help_text = _(
                "Tersimpan: %(masked)s. Kosongkan jika tidak diubah."
            ) % {"masked": mask_nik(member.nik)}
            self.fields["phone"].help_text = (
                _("Tersimpan: %(masked)s. Kosongkan jika tidak diubah.")
                % {"masked": mask_phone(member.phone)}
                if member.phone
                else ""
            )
        if needs_term:
            # The first member creates the roster, so the term is asked first.
            term = {name: copy.deepcopy(field) for name, field in TermForm.base_fields.items()}
            self.fields = {**term, **self.fields}

    def clean_nik(self):
        return "".join(self.cleaned_data["nik"].split())

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("Akhir masa bakti harus setelah awal masa bakti."))
        return data

    def member_data(self):
        """Member fields for the service; a hidden NIK/phone left empty is not changed."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("term_start", "term_end")
        }
        if self.keep_hidden:
            for name in ("nik", "phone"):
                if not data[name]:
                    del data[name]
        return data
