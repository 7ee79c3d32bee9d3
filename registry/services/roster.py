"""Writes on the board roster (susunan pengurus). Each is atomic and audited.

A KIM has one current roster. An import replaces it as a whole (`roster_replace`): the
old one becomes history in the same transaction. Members can also be added, changed and
removed one by one on the current roster. Managers write while the KIM is a draft or
returned; officers of the KIM's jurisdiction always (their corrections are audited).
Audit entries carry names, positions and counts; never NIK or phone numbers.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import ActionRefused, require
from kimportal.core.crypto import blind_index
from kimportal.core.text import clean_model_text
from registry.audit_actions import RosterAction
from registry.models import Document, DocumentKind, Gender, Kim, Member, Position, Roster
from registry.nik import NikError, parse_nik, validate_nik
from registry.roster_import import board_problems, member_rows, template_xlsx_bytes

# Re-exported: the requirements checklist calls it from here.
from registry.selectors.roster import (
    roster_problems,  # noqa: F401
    sorted_members,
)

MEMBER_FIELDS = (
    "nik",
    "full_name",
    "position",
    "position_detail",
    "gender",
    "phone",
    "not_civil_servant",
    "no_criminal_record",
    "no_political_party",
    "no_ngo",
)


def _locked_for(kim, actor):
    """The KIM row locked for this change (serialises writers and submission), or 403."""
    locked = Kim.objects.select_for_update().get(pk=kim.pk)
    require(actor, "registry.change_kim_content", locked)
    return locked


def _check_term(term_start, term_end):
    if not term_start or not term_end:
        raise ValidationError({"term_start": _("Isi awal dan akhir masa bakti.")})
    if term_end <= term_start:
        raise ValidationError({"term_end": _("Akhir masa bakti harus setelah awal masa bakti.")})


@transaction.atomic
def roster_replace(*, kim, actor, term_start, term_end, rows, source="form"):
    """Make a new current roster of `rows` (validated member dicts); the old one is history."""
    _check_term(term_start, term_end)
    problems = board_problems(Counter(row["position"] for row in rows))
    if problems:
        raise ValidationError(problems)
    kim = _locked_for(kim, actor)
    old = Roster.objects.filter(kim=kim, is_current=True).values_list("pk", flat=True).first()
    old_count = Member.objects.filter(roster_id=old).count() if old else 0
    if old:
        Roster.objects.filter(pk=old).update(is_current=False)
    roster = Roster.objects.create(
        kim=kim,
        term_start=term_start,
        term_end=term_end,
        created_by=actor,
        source=source[:20],
    )
    members = [
        Member(roster=roster, order=row.get("order", index), **{f: row[f] for f in MEMBER_FIELDS})
        for index, row in enumerate(rows, start=1)
    ]
    for member in members:
        clean_model_text(member)  # bulk_create sends no pre_save
    Member.objects.bulk_create(members, batch_size=1000)
    carried = _carry_declarations(old, members) if old else 0
    audit.record(
        actor=actor,
        obj=kim,
        action=RosterAction.REPLACED,
        changes={
            "roster": [old, roster.pk],
            "members": [old_count, len(members)],
            "term": [None, f"{term_start:%Y-%m-%d} – {term_end:%Y-%m-%d}"],
            "source": [None, roster.source],
            "declarations_kept": [None, carried],
        },
    )
    return roster


def _carry_declarations(old_roster_id, new_members):
    """People who stay on the board keep their signed declaration: no re-upload."""
    by_nik = {member.nik: member for member in new_members}
    copies = []
    for document in Document.objects.filter(
        kind=DocumentKind.DECLARATION, is_current=True, member__roster_id=old_roster_id
    ).select_related("member"):
        successor = by_nik.get(document.member.nik)
        if successor:
            document.pk = None
            document.member = successor
            copies.append(document)
    Document.objects.bulk_create(copies)
    return len(copies)


def _check_member(roster, data, member=None):
    """Rules for a member entered by hand: valid NIK, unique on the roster, one Ketua."""
    errors = {}
    nik = data.get("nik", member.nik if member else "")
    gender = data.get("gender", member.gender if member else "")
    info = None
    try:
        # A NIK already stored was checked when it was saved; only a new one costs a query.
        info = validate_nik(nik) if "nik" in data else parse_nik(nik)
    except NikError as problem:
        errors["nik"] = problem.message[:1].upper() + problem.message[1:] + "."
    if info is not None and info.female != (gender == Gender.FEMALE):
        errors["gender"] = _(
            "Jenis kelamin tidak sesuai dengan tanggal lahir pada NIK "
            "(tanggal +40 untuk perempuan)."
        )
    if "nik" in data and "nik" not in errors:
        others = roster.members.filter(nik_hash=blind_index(nik))
        if member is not None:
            others = others.exclude(pk=member.pk)
        if others.exists():
            errors["nik"] = _("NIK ini sudah ada di susunan pengurus.")
    if data.get("position") == Position.KETUA:
        ketua = roster.members.filter(position=Position.KETUA)
        if member is not None:
            ketua = ketua.exclude(pk=member.pk)
        if ketua.exists():
            errors["position"] = _("Susunan pengurus sudah memiliki Ketua; hanya boleh satu.")
    if errors:
        raise ValidationError(errors)


def _clean(data):
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"not member fields: {sorted(unknown)}")
    return data


@transaction.atomic
def member_add(*, kim, actor, data, term_start=None, term_end=None):
    """Add a member to the current roster; a first roster is created with the given term."""
    data = _clean(data)
    kim = _locked_for(kim, actor)
    roster = Roster.objects.filter(kim=kim, is_current=True).first()
    created = roster is None
    if created:
        _check_term(term_start, term_end)
        roster = Roster.objects.create(
            kim=kim, term_start=term_start, term_end=term_end, created_by=actor, source="form"
        )
    _check_member(roster, data)
    last = roster.members.aggregate(last=Max("order"))["last"] or 0
    member = Member.objects.create(roster=roster, order=last + 1, **data)
    changes = {"member": [None, member.full_name], "position": [None, member.position]}
    if created:
        changes["roster"] = [None, roster.pk]
    audit.record(actor=actor, obj=kim, action=RosterAction.MEMBER_ADDED, changes=changes)
    return member


def _current_member(kim, member):
    member = (
        Member.objects.select_for_update()
        .filter(pk=member.pk, roster__kim=kim, roster__is_current=True)
        .select_related("roster")
        .first()
    )
    if member is None:
        raise ValidationError(_("Pengurus ini tidak ada di susunan pengurus saat ini."))
    return member


@transaction.atomic
def member_update(*, kim, actor, member, data):
    """Change a member of the current roster. Fields missing from `data` are kept."""
    data = _clean(data)
    kim = _locked_for(kim, actor)
    member = _current_member(kim, member)
    _check_member(member.roster, data, member=member)
    before = Member(**{f: getattr(member, f) for f in MEMBER_FIELDS})
    for name, value in data.items():
        setattr(member, name, value)
    member.save()
    changes = audit.diff(before, member, MEMBER_FIELDS)
    if changes:
        audit.record(
            actor=actor,
            obj=kim,
            action=RosterAction.MEMBER_UPDATED,
            changes={"member": [before.full_name, member.full_name], **changes},
        )
    return member


@transaction.atomic
def member_remove(*, kim, actor, member):
    kim = _locked_for(kim, actor)
    member = _current_member(kim, member)
    name, position = member.full_name, member.position
    member.delete()
    audit.record(
        actor=actor,
        obj=kim,
        action=RosterAction.MEMBER_REMOVED,
        changes={"member": [name, None], "position": [position, None]},
    )


@transaction.atomic
def roster_export_in_full(*, kim, actor):
    """The current board as the import template's XLSX with full NIK and phone numbers,
    for the KIM's managers (and officers) to correct and import back. Audited: personal
    data leaves the portal, so the trail says who took it and when."""
    require(actor, "registry.export_roster_in_full", kim)
    roster = Roster.objects.filter(kim=kim, is_current=True).first()
    if roster is None:
        raise ActionRefused(_("KIM ini belum punya susunan pengurus untuk diunduh."))
    members = sorted_members(roster.members.all())
    data = template_xlsx_bytes(rows=list(member_rows(members)))
    audit.record(
        actor=actor,
        obj=kim,
        action=RosterAction.EXPORTED_IN_FULL,
        changes={"roster": [None, roster.pk], "members": [None, len(members)]},
    )
    return data
