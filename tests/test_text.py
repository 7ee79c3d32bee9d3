"""kimportal.core.text: bidirectional controls out of every text field, one phone shape."""

import pytest
from django.core.exceptions import ValidationError

from kimportal.core.text import PhoneField, normalise_phone, strip_bidi, validate_phone
from registry.models import Member, VerificationNote
from registry.services import roster as roster_services
from registry.services import workflow
from tests.dates import current_term
from tests.factories import KimFactory, RosterFactory, make_board

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_every_bidi_control_is_stripped_and_other_text_kept():
    assert strip_bidi(f"Siti{BIDI} Aisyah — ‘Bu’ é ✓") == "Siti Aisyah — ‘Bu’ é ✓"
    assert strip_bidi(None) is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("0812-3456 7890", "081234567890"),
        ("(0254) 123456", "0254123456"),
        ("+62 812.3456.7890", "+6281234567890"),
        ("81234567890", "081234567890"),
        ("=1+2", None),
        ("{% debug %}", None),
        ("0812", None),
        ("08123456789012345", None),
    ],
)
def test_phone_numbers_have_one_shape(text, phone):
    assert normalise_phone(text) == phone


def test_phone_field_and_validator_agree():
    assert PhoneField(required=False).clean(" 0812 3456 7890 ") == "081234567890"
    assert PhoneField(required=False).clean("") == ""
    with pytest.raises(ValidationError):
        PhoneField().clean("=HYPERLINK()")
    validate_phone("081234567890")
    with pytest.raises(ValidationError):
        validate_phone("0812-3456-7890")  # stored numbers are normalised


def test_notes_and_member_names_lose_bidi_controls_when_saved(officer_kab_serang):
    kim = KimFactory(status="submitted")
    note = workflow.note_add(kim=kim, actor=officer_kab_serang, text="Cek\u202e lagi")
    assert VerificationNote.objects.get(pk=note.pk).text == "Cek lagi"


def test_imported_members_lose_bidi_controls_despite_bulk_create(officer_kab_serang):
    kim = KimFactory()
    make_board(RosterFactory(kim=kim))
    rows = [
        {
            **{f: getattr(m, f) for f in roster_services.MEMBER_FIELDS},
            "full_name": f"{m.full_name}\u202e",
        }
        for m in Member.objects.filter(roster__kim=kim)
    ]
    roster_services.roster_replace(kim=kim, actor=officer_kab_serang, rows=rows, **current_term())
    names = Member.objects.filter(roster__kim=kim, roster__is_current=True)
    assert not any("\u202e" in name for name in names.values_list("full_name", flat=True))
