"""Settings of each Dinas: letterhead and signatory (province and regency), numbering
(regency). Audited."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import require
from registry.audit_actions import OfficeAction
from registry.models import ProvinceOffice, RegencyOffice

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Settings fields an officer edits (the logo is handled apart: bytes, not text).
LETTERHEAD_FIELDS = (
    "dinas_name",
    "dinas_address",
    "signatory_name",
    "signatory_nip",
    "signatory_position",
    "signing_city",
)
# What the regency's KIM letter says besides the letterhead.
LETTER_TEXT_FIELDS = ("legal_basis",)
NUMBERING_FIELDS = (
    "letter_number_pattern",
    "letter_validity_months",
    "nomor_induk_pattern",
    "nomor_induk_start",
)
OFFICE_FIELDS = LETTERHEAD_FIELDS + LETTER_TEXT_FIELDS + NUMBERING_FIELDS


def is_province_code(code):
    return len(code or "") == 2


def office_for(code):
    """The settings row of a Dinas — a province ("36") or a regency ("36.04") — created with
    defaults the first time."""
    if is_province_code(code):
        office, _created = ProvinceOffice.objects.get_or_create(province_id=code)
    else:
        office, _created = RegencyOffice.objects.get_or_create(regency_id=code)
    return office


def fields_of(office):
    return OFFICE_FIELDS if isinstance(office, RegencyOffice) else LETTERHEAD_FIELDS


@transaction.atomic
def office_update(*, office, actor, data, logo=None, remove_logo=False):
    """Save letter and numbering settings; `logo` is a CheckedLogo or None. Audited."""
    require(actor, "registry.change_office_settings", office)
    before = type(office).objects.select_for_update().get(pk=office.pk)
    unknown = set(data) - set(fields_of(office))
    if unknown:
        raise TypeError(f"not a settings field: {sorted(unknown)}")
    for name, value in data.items():
        setattr(office, name, value)
    if logo is not None:
        office.logo, office.logo_content_type = logo.data, logo.content_type
    elif remove_logo:
        office.logo, office.logo_content_type = None, ""
    office.full_clean()
    office.save()
    changes = audit.diff(before, office, fields_of(office))
    old_logo, new_logo = _logo_digest(before), _logo_digest(office)
    if old_logo != new_logo:
        changes["logo"] = [old_logo, new_logo]
    if changes:
        audit.record(actor=actor, obj=office, action=OfficeAction.UPDATED, changes=changes)
    return office


def _logo_digest(office):
    """The logo as the audit trail names it: type and hash, not the bytes."""
    if not office.logo:
        return None
    digest = hashlib.sha256(bytes(office.logo)).hexdigest()[:16]
    return f"{office.logo_content_type} sha256:{digest}"


def letter_number_format(pattern, *, regency_id, on, seq):
    """Fill a letter-number pattern; raises KeyError/ValueError/IndexError if it is broken."""
    return pattern.format(
        seq=seq,
        regency=regency_id.replace(".", ""),
        year=on.year,
        month=f"{on.month:02d}",
        month_roman=ROMAN_MONTHS[on.month - 1],
    )


def validate_letter_number_pattern(pattern):
    """Refuse patterns that cannot be filled, or could repeat a number (no {seq}/{year})."""
    if "{seq" not in pattern or "{year}" not in pattern:
        raise ValidationError(_("Pola nomor surat wajib memuat {seq} dan {year}."))
    try:
        sample = letter_number_format(
            pattern, regency_id="36.04", on=datetime.date(2025, 4, 17), seq=7
        )
    except (KeyError, ValueError, IndexError, AttributeError):
        raise ValidationError(
            _(
                "Pola nomor surat tidak dapat dipakai. Gunakan hanya {seq}, {year}, "
                "{regency}, {month} dan {month_roman}."
            )
        ) from None
    if len(sample) > 90:
        raise ValidationError(_("Pola nomor surat terlalu panjang."))
    return sample
