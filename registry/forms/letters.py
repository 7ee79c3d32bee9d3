"""Forms of the letter pages: regency letter settings (with the logo check) and the
public verification form (code typed in, or a PDF to compare)."""

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kimportal.core.areas.models import Regency
from kimportal.core.uploads import PNG, megabytes, validate_upload
from registry.models import ProvinceOffice, RegencyOffice
from registry.models.office import nip_validator
from registry.services.office import (
    LETTERHEAD_FIELDS,
    OFFICE_FIELDS,
    validate_letter_number_pattern,
)
from registry.services.workflow import validate_nomor_induk_pattern

SVG = "image/svg+xml"
LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 4000


@dataclass(frozen=True)
class CheckedLogo:
    data: bytes
    content_type: str


# --- logo check ------------------------------------------------------------------------

_LINK_ATTRIBUTES = {"href", "src"}
_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)[^)\s]", re.IGNORECASE)


def _local(name):
    return name.rsplit("}", 1)[-1].lower()


def check_svg(data):
    """An SVG logo is XML with an <svg> root, no scripts, event handlers or external links.

    DTDs are refused outright (no entity expansion, no external entities), so the parse
    below only ever sees plain elements and attributes.
    """
    invalid = ValidationError(_("Logo SVG tidak valid atau tidak aman."), code="svg_unsafe")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid from None
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise invalid
    try:
        root = ET.fromstring(text)  # noqa: S314 — no DTD, so no entity tricks (checked above)
    except ET.ParseError:
        raise invalid from None
    if _local(root.tag) != "svg":
        raise invalid
    for element in root.iter():
        if not isinstance(element.tag, str) or _local(element.tag) in _FORBIDDEN_TAGS:
            raise invalid
        if _local(element.tag) == "style" and (
            "@import" in (element.text or "") or _CSS_URL.search(element.text or "")
        ):
            raise invalid
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on"):
                raise invalid
            if local in _LINK_ATTRIBUTES and not value.strip().startswith("#"):
                raise invalid
            if local == "style" and ("@import" in value or _CSS_URL.search(value)):
                raise invalid
            if _CSS_URL.search(value):
                raise invalid
    return CheckedLogo(data=data, content_type=SVG)


def check_png(file):
    """PNG by its magic bytes (kimportal.core.uploads) and a decode of its header by Pillow."""
    from PIL import Image, UnidentifiedImageError

    validate_upload(file, allowed={PNG}, max_bytes=LOGO_MAX_BYTES)
    data = file.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("Berkas PNG ini rusak."), code="png_broken") from None
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationError(
            _("Logo terlalu besar; paling besar %(n)s × %(n)s piksel.") % {"n": LOGO_MAX_PIXELS},
            code="png_too_large",
        )
    return CheckedLogo(data=data, content_type=PNG)


def check_logo(file):
    """A PNG or SVG logo, checked by its content (never the name); returns CheckedLogo."""
    if file.size is not None and file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Logo terlalu besar; batas ukuran %(limit)s MB.")
            % {"limit": megabytes(LOGO_MAX_BYTES)},
            code="file_too_large",
        )
    file.seek(0)
    head = file.read(512)
    file.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return check_png(file)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"<?xml", b"<svg")):
        data = file.read(LOGO_MAX_BYTES + 1)
        if len(data) > LOGO_MAX_BYTES:
            raise ValidationError(_("Logo terlalu besar."), code="file_too_large")
        return check_svg(data)
    raise ValidationError(_("Logo harus berkas PNG atau SVG."), code="file_type")


# --- settings form ---------------------------------------------------------------------


class OfficeSettingsForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG atau SVG, paling besar 512 KB. Lambang daerah untuk kop surat."),
    )
    remove_logo = forms.BooleanField(label=_("Hapus logo"), required=False)
    # Longer than 18 so a NIP typed with its usual spaces ("19700101 199503 1 001") fits.
    signatory_nip = forms.CharField(
        label=_("NIP penanda tangan"),
        required=False,
        max_length=24,
        help_text=_("18 angka; spasi boleh."),
    )

    class Meta:
        model = RegencyOffice
        fields = list(OFFICE_FIELDS)
        widgets = {
            "dinas_address": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo_file"].widget.attrs["accept"] = ".png,image/png,.svg,image/svg+xml"
        self.fields["signatory_nip"].widget.attrs["inputmode"] = "numeric"
        if not self.instance.logo:
            del self.fields["remove_logo"]
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def clean_signatory_nip(self):
        nip = (self.cleaned_data.get("signatory_nip") or "").replace(" ", "")
        if nip:
            nip_validator(nip)
        return nip

    def clean_legal_basis(self):
        # One sentence on the letter: its own full stop and spare whitespace go.
        return " ".join(self.cleaned_data["legal_basis"].split()).rstrip(" .;")

    def clean_letter_number_pattern(self):
        pattern = self.cleaned_data["letter_number_pattern"].strip()
        validate_letter_number_pattern(pattern)
        return pattern

    def clean_nomor_induk_pattern(self):
        pattern = self.cleaned_data["nomor_induk_pattern"].strip()
        validate_nomor_induk_pattern(pattern)
        return pattern

    def clean_logo_file(self):
        file = self.cleaned_data.get("logo_file")
        return check_logo(file) if file else None

    def settings_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProvinceOfficeSettingsForm(OfficeSettingsForm):
    """The provincial Dinas: letterhead and signatory only (it numbers no KIM)."""

    class Meta(OfficeSettingsForm.Meta):
        model = ProvinceOffice
        fields = list(LETTERHEAD_FIELDS)


def office_settings_form(office, *args, **kwargs):
    form_class = (
        ProvinceOfficeSettingsForm if isinstance(office, ProvinceOffice) else OfficeSettingsForm
    )
    return form_class(*args, instance=office, **kwargs)


class BulkFilterForm(forms.Form):
    regency = forms.ModelChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Regency.objects.none(),
        required=False,
        empty_label=_("Semua kabupaten/kota"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = Regency.objects.filter(
            province_id=user.province_id
        ).order_by("code")


class ReissueForm(forms.Form):
    """A deliberate re-issue of the current letter (e.g. the board changed): it names the
    letter it replaces and is confirmed, so a repeated click cannot issue another."""

    replaces = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan penerbitan ulang"),
        max_length=300,
        help_text=_("Misalnya: susunan pengurus berganti, penanda tangan berganti."),
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti surat yang berlaku sekarang akan berstatus “digantikan”.")
    )
