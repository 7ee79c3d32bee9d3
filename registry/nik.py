"""NIK (Nomor Induk Kependudukan): validation, parsing, masking.

A NIK has 16 digits: 1–6 the kecamatan (district) code of registration, 7–12 the birth
date DDMMYY with 40 added to the day for women, 13–16 a serial number. NIK and phone
numbers are personal data (UU 27/2022): shown in full only to officers of the KIM's
jurisdiction, masked for everyone else, never logged.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

NIK_LENGTH = 16
MASK = "•"
_DIGITS = re.compile(r"^\d+$")


class NikError(ValueError):
    """A NIK that is not valid; `message` is for the user (Bahasa Indonesia)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NikInfo:
    district_code: str  # "36.04.05"
    birth_date: datetime.date
    female: bool


def district_code_of(nik):
    """'3604051501900001' -> '36.04.05' (the District primary key)."""
    return f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"


def _birth_date(nik, today):
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    # Two-digit year: the most recent year not after this one (00 -> 2000, 95 -> 1995).
    full_year = 2000 + year if 2000 + year <= today.year else 1900 + year
    try:
        return datetime.date(full_year, month, day), female
    except ValueError:
        return None, female


def parse_nik(nik, *, known_districts=None, today=None):
    """Check `nik` and return NikInfo, or raise NikError with a message for the user.

    `known_districts` is a set of District codes ("36.04.05") to check the first six
    digits against; pass the result of `existing_districts` for many NIKs at once.
    When it is None the district is not checked (use `validate_nik` for a single NIK).
    """
    nik = (nik or "").strip()
    if len(nik) != NIK_LENGTH or not _DIGITS.match(nik):
        raise NikError(_("harus 16 digit angka"))
    district = district_code_of(nik)
    if known_districts is not None and district not in known_districts:
        raise NikError(_("6 digit pertama bukan kode kecamatan yang terdaftar"))
    born, female = _birth_date(nik, today or datetime.date.today())
    if born is None:
        raise NikError(
            _("digit 7–12 bukan tanggal lahir yang valid (DDMMYY; tanggal +40 untuk perempuan)")
        )
    return NikInfo(district_code=district, birth_date=born, female=female)


def existing_districts(niks):
    """The District codes among the first six digits of `niks`: one query for all of them."""
    from kimportal.core.areas.models import District

    codes = {
        district_code_of(nik)
        for nik in niks
        if nik and len(nik) == NIK_LENGTH and _DIGITS.match(nik)
    }
    if not codes:
        return set()
    return set(District.objects.filter(code__in=codes).values_list("code", flat=True))


def validate_nik(nik, *, today=None):
    """One NIK, district included (one query). Returns NikInfo or raises NikError."""
    nik = (nik or "").strip()
    return parse_nik(nik, known_districts=existing_districts([nik]), today=today)


def mask_nik(nik):
    """'3604051501900001' -> '3604••••••••0001': region and serial kept, birth date hidden."""
    if not nik:
        return ""
    if len(nik) < 12:
        return MASK * len(nik)
    return nik[:4] + MASK * (len(nik) - 8) + nik[-4:]


def mask_phone(phone):
    """'081234567890' -> '0812•••••890': operator prefix and last three digits kept."""
    if not phone:
        return ""
    if len(phone) < 8:
        return MASK * len(phone)
    return phone[:4] + MASK * (len(phone) - 7) + phone[-3:]
