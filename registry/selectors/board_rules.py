"""The rules of a KIM board, for other boards that follow them (the Forum KIM's board).

A forum's board has "the same roster rules as a KIM": valid NIK (registry/nik.py), gender
matching the NIK, one person once, exactly one Ketua, a Sekretaris and a Bendahara. The
rules stay here, in the registry; other apps ask these functions and never copy them.
"""

from collections import Counter

from django.utils.translation import gettext as _

from registry.models import Gender, Position
from registry.nik import NikError, mask_nik, mask_phone, validate_nik
from registry.roster_import import board_problems as _board_problems

__all__ = [
    "GENDER_CHOICES",
    "KETUA",
    "POSITION_CHOICES",
    "board_problems",
    "mask_nik",
    "mask_phone",
    "member_problems",
    "position_rank",
]

POSITION_CHOICES = Position.choices
GENDER_CHOICES = Gender.choices
KETUA = Position.KETUA
_RANK = {value: rank for rank, value in enumerate(Position.values)}


def position_rank(position):
    """Display order: Ketua, Wakil Ketua, Sekretaris, Bendahara, Seksi, Anggota."""
    return _RANK.get(position, 99)


def board_problems(positions):
    """Messages for a board whose positions break the rule ([] when it is complete)."""
    return _board_problems(Counter(positions))


def member_problems(*, nik, gender, position, other_niks=(), other_positions=()):
    """{field: message} for one board member against the rest of the board ({} when fine).

    `other_niks` and `other_positions` are those of the other members of the same board.
    One query (the NIK's district).
    """
    errors = {}
    try:
        info = validate_nik(nik)
    except NikError as problem:
        errors["nik"] = problem.message[:1].upper() + problem.message[1:] + "."
    else:
        if info.female != (gender == Gender.FEMALE):
            errors["gender"] = _(
                "Jenis kelamin tidak sesuai dengan tanggal lahir pada NIK "
                "(tanggal +40 untuk perempuan)."
            )
        if nik in set(other_niks):
            errors["nik"] = _("NIK ini sudah ada di susunan pengurus.")
    if position == Position.KETUA and Position.KETUA in set(other_positions):
        errors["position"] = _("Susunan pengurus sudah memiliki Ketua; hanya boleh satu.")
    return errors
