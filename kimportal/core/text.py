"""Text people type, cleaned the same way everywhere.

- Bidirectional control characters (RIGHT-TO-LEFT OVERRIDE and friends) make text read
  differently from what it is ("fdp.exe" shown as "exe.pdf", a name that reverses the
  words after it on a letter or in an export). They are removed from every text field
  of the portal's own models when saved (`clean_model_text`, connected to `pre_save` by
  the core app, and called by bulk writes that bypass signals) and from imported cells.
- Phone numbers are one shape: digits with an optional leading +, 8–15 digits, after
  dropping the separators people type ("0812-3456 7890", "(0254) 123456"); a spreadsheet
  that dropped the leading 0 of an 08… number gets it back. Anything else (formulas,
  template tags, letters) is refused with one message.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text):
    """`text` without bidirectional control characters (non-strings are returned as is)."""
    if not isinstance(text, str):
        return text
    return BIDI_CONTROLS.sub("", text)


def clean_model_text(instance):
    """Strip bidirectional controls from every text field of `instance` (in place)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and BIDI_CONTROLS.search(value):
                setattr(instance, field.attname, strip_bidi(value))


# --- phone numbers ---

PHONE_MESSAGE = _("Bukan nomor telepon yang valid (8–15 digit, boleh diawali +).")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
_PHONE = re.compile(r"^\+?\d{8,15}$")


def normalise_phone(text):
    """'0812-3456 7890' -> '081234567890'; None when it is not a phone number."""
    phone = _PHONE_SEPARATORS.sub("", strip_bidi(text or ""))
    if phone.startswith("8") and phone.isdigit():
        phone = "0" + phone  # a spreadsheet dropped the leading zero of an 08.. number
    return phone if _PHONE.match(phone) else None


def validate_phone(value):
    """Model validator: a stored phone is already in its normalised shape."""
    if value and normalise_phone(value) != value:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


class PhoneField(forms.CharField):
    """A phone number typed with any usual separators; cleaned to its normalised shape."""

    def __init__(self, **kwargs):
        # No max_length: a long value gets the phone message, not a length one.
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "30")
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        phone = normalise_phone(value)
        if phone is None:
            raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
        return phone
