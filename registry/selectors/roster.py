"""Queries behind the roster pages and the requirements checklist."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils import formats
from django.utils.translation import gettext as _

from kimportal.core.access import visible_to
from registry.models import Kim, KimStatus, Member, Position, Roster
from registry.nik import mask_nik, mask_phone
from registry.roster_import import board_problems

# Display order of positions on every roster table.
POSITION_RANK = {value: rank for rank, value in enumerate(Position.values)}

# A KIM in these states is not "active": a NIK on its board is no conflict.
NOT_ACTIVE = (KimStatus.DRAFT, KimStatus.REJECTED, KimStatus.REVOKED)


def current_roster(kim):
    return Roster.objects.filter(kim=kim, is_current=True).select_related("created_by").first()


def sorted_members(members):
    """Ketua, Wakil Ketua, Sekretaris, Bendahara, Seksi, Anggota; then file/form order."""
    return sorted(members, key=lambda m: (POSITION_RANK.get(m.position, 99), m.order, m.pk))


def with_display(members, show_personal):
    """Attach what a page may show of each member's NIK and phone (masked unless allowed)."""
    for member in members:
        member.nik_display = member.nik if show_personal else mask_nik(member.nik)
        member.phone_display = member.phone if show_personal else mask_phone(member.phone)
    return members


def roster_members(roster):
    return sorted_members(roster.members.all()) if roster else []


@dataclass
class NikConflict:
    nik: str
    kim_id: int
    kim_name: str
    regency_name: str


def nik_conflicts(roster, viewer=None):
    """NIKs of `roster` that are on the current board of another active KIM (one query,
    two with `viewer`). Matched by the NIK's HMAC (an index), decrypting only the matches.

    A warning for reviewers, not an error: a person may move between KIM, but one
    person on two active boards usually means a copied roster. The other KIM's name is
    shown only when `viewer` may see that KIM; otherwise it stays anonymous.
    """
    if roster is None:
        return []
    rows = (
        Member.objects.filter(
            roster__is_current=True,
            nik_hash__in=Member.objects.filter(roster=roster).values("nik_hash"),
        )
        .exclude(roster__kim_id=roster.kim_id)
        .exclude(roster__kim__status__in=NOT_ACTIVE)
        .order_by("nik_hash", "roster__kim__name")
        .values_list("nik", "roster__kim_id", "roster__kim__name", "roster__kim__regency__name")
    )
    conflicts = [NikConflict(*row) for row in rows]
    if viewer is not None and conflicts:
        visible = set(
            visible_to(viewer, Kim)
            .filter(pk__in={c.kim_id for c in conflicts})
            .values_list("pk", flat=True)
        )
        for conflict in conflicts:
            if conflict.kim_id not in visible:
                conflict.kim_name = str(_("KIM lain di luar wilayah Anda"))
    return conflicts


def _names(members, limit=5):
    names = [m.full_name for m in members[:limit]]
    if len(members) > limit:
        names.append(_("dan %(count)s lainnya") % {"count": len(members) - limit})
    return ", ".join(names)


def problems_of(roster, members, today=None):
    """Human messages for what the roster still lacks (no queries: pass loaded members)."""
    if roster is None:
        return [_("Susunan pengurus belum diisi.")]
    problems = board_problems(Counter(m.position for m in members))
    undeclared = [m for m in members if not m.declared_all]
    if undeclared:
        problems.append(
            _(
                "Pengurus berikut belum menyatakan keempat syarat administratif (bukan ASN, "
                "tidak pernah dipidana, tidak berafiliasi partai politik dan LSM): %(names)s."
            )
            % {"names": _names(undeclared)}
        )
    today = today or datetime.date.today()
    if roster.term_end < today:
        problems.append(
            _("Masa bakti susunan pengurus berakhir pada %(date)s; unggah susunan yang baru.")
            % {"date": formats.date_format(roster.term_end, "j F Y")}
        )
    return problems


def roster_problems(kim):
    """What is missing for the administrative requirement (two queries). Empty when met."""
    roster = Roster.objects.filter(kim=kim, is_current=True).first()
    members = list(roster.members.all()) if roster else []
    return problems_of(roster, members)


def roster_history(kim):
    """Previous rosters of `kim`, newest first, with their member count."""
    return (
        Roster.objects.filter(kim=kim, is_current=False)
        .select_related("created_by")
        .annotate(member_count=Count("members"))
        .order_by("-created_at", "-pk")
    )
