"""Surat Keterangan Terdaftar: issuing, superseding, revoking, bulk runs.

A letter is rendered once (in Bahasa Indonesia), and its exact bytes and SHA-256 are
stored; downloads serve those bytes, so a printed copy and a re-download are the same
file, and anyone can check a PDF against the register by its hash.
"""

import datetime
import hashlib
import tempfile
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import ActionRefused, require
from kimportal.core.numbering import next_value
from registry.audit_actions import LetterAction
from registry.letter_pdf import LetterFacts, render_letter
from registry.models import (
    Document,
    DocumentKind,
    Kim,
    Letter,
    LetterStatus,
    Member,
    Position,
    Roster,
)
from registry.models.letters import new_token
from registry.services.office import letter_number_format, office_for

BOARD_POSITIONS = (Position.KETUA, Position.SEKRETARIS, Position.BENDAHARA)


class LetterError(ActionRefused):
    """A letter that cannot be issued now; the message says why."""


def valid_until_for(office, roster, issued_on):
    """Until the roster's term ends; with a set number of months, whichever comes first."""
    end = roster.term_end
    months = office.letter_validity_months
    if months:
        month_index = issued_on.month - 1 + months
        year, month = issued_on.year + month_index // 12, month_index % 12 + 1
        day = min(issued_on.day, _days_in_month(year, month))
        end = min(end, datetime.date(year, month, day))
    return end


def _days_in_month(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def _board(roster):
    """[(position label, member name)] for Ketua, Sekretaris, Bendahara, in that order."""
    first = {}
    for member in roster.members.all():
        first.setdefault(member.position, member)
    return [
        (label, first[value].full_name if value in first else "—")
        for value, label in ((p.value, p.label) for p in BOARD_POSITIONS)
    ]


def _facts(kim):
    """Check a (locked) KIM can get a letter now, and gather what the letter says."""
    if not kim.can_get_letter:
        raise LetterError(
            _(
                "Surat keterangan hanya diterbitkan untuk KIM yang terdaftar dan "
                "sudah bernomor induk."
            )
        )
    office = office_for(kim.regency_id)
    missing = office.letter_settings_missing
    if missing:
        raise LetterError(
            _("Lengkapi dulu pengaturan surat %(regency)s: %(fields)s.")
            % {"regency": kim.regency.name, "fields": ", ".join(map(str, missing))}
        )
    members = Member.objects.filter(position__in=BOARD_POSITIONS).order_by("order", "pk")
    roster = (
        Roster.objects.filter(kim=kim, is_current=True)
        .prefetch_related(Prefetch("members", queryset=members))
        .first()
    )
    if roster is None:
        raise LetterError(_("KIM ini belum punya susunan pengurus yang berlaku."))
    if roster.term_end < timezone.localdate():
        raise LetterError(
            _("Masa bakti pengurus KIM ini sudah berakhir; perbarui susunan pengurus dulu.")
        )
    sk = (
        Document.objects.filter(kim=kim, kind=DocumentKind.SK, is_current=True)
        .order_by("-uploaded_at", "-pk")
        .first()
    )
    return LetterFacts(kim=kim, office=office, roster=roster, board=_board(roster), sk=sk)


# --- issuing ---


@transaction.atomic
def letter_issue(*, kim, actor, cache=None):
    """Issue a new letter for a registered KIM; the previous valid one is superseded.

    The KIM row is locked (one issuance per KIM at a time), the number comes from the
    regency's counter for the year (locked too: unique even under concurrent clicks),
    and everything — number, stored PDF, superseding, audit — commits together.
    """
    require(actor, "registry.issue_letter", kim)
    current = (
        Kim.objects.select_for_update(of=("self",))
        .select_related("village__district__regency__province", "regency")
        .get(pk=kim.pk)
    )
    facts = _facts(current)
    now = timezone.now()
    issued_on = timezone.localdate(now)
    seq = next_value(f"letter:{current.regency_id}:{issued_on.year}")
    number = letter_number_format(
        facts.office.letter_number_pattern, regency_id=current.regency_id, on=issued_on, seq=seq
    )
    token = new_token()
    valid_until = valid_until_for(facts.office, facts.roster, issued_on)
    pdf = render_letter(
        facts, number=number, token=token, issued_on=issued_on, valid_until=valid_until, cache=cache
    )

    previous = list(
        Letter.objects.select_for_update()
        .filter(kim=current, status=LetterStatus.VALID)
        .only("pk", "number", "kim_name", "regency_id")
    )
    if previous:
        Letter.objects.filter(pk__in=[p.pk for p in previous]).update(
            status=LetterStatus.SUPERSEDED, status_changed_at=now
        )
    letter = Letter.objects.create(
        kim=current,
        regency_id=current.regency_id,
        number=number,
        token=token,
        kim_name=current.name,
        nomor_induk=current.nomor_induk,
        issued_at=now,
        issued_by=actor if actor and actor.is_authenticated else None,
        valid_until=valid_until,
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    audit.record(
        actor=actor,
        obj=letter,
        action=LetterAction.ISSUED,
        changes={
            "number": [None, number],
            "kim": [None, current.nomor_induk],
            "valid_until": [None, valid_until.isoformat()],
            "sha256": [None, letter.sha256],
        },
    )
    if previous:
        Letter.objects.filter(pk__in=[p.pk for p in previous]).update(superseded_by=letter)
        for old in previous:
            old.regency_id = current.regency_id
            audit.record(
                actor=actor,
                obj=old,
                action=LetterAction.SUPERSEDED,
                changes={
                    "status": [LetterStatus.VALID, LetterStatus.SUPERSEDED],
                    "superseded_by": [None, number],
                },
            )
    return letter


def letters_revoke_for(*, kim, actor=None):
    """Mark every letter of `kim` revoked (called when the KIM is revoked). Returns count.

    Runs inside the caller's transaction (the KIM's status change); audited per letter.
    """
    letters = list(
        Letter.objects.select_for_update()
        .filter(kim=kim)
        .exclude(status=LetterStatus.REVOKED)
        .only("pk", "number", "status", "regency_id", "kim_name")
    )
    if not letters:
        return 0
    now = timezone.now()
    Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        status=LetterStatus.REVOKED, status_changed_at=now
    )
    for letter in letters:
        audit.record(
            actor=actor,
            obj=letter,
            action=LetterAction.REVOKED,
            changes={"status": [letter.status, LetterStatus.REVOKED]},
        )
    return len(letters)


def letter_count_verification(letter):
    """Count one public check of `letter` (one UPDATE, safe under concurrent checks)."""
    Letter.objects.filter(pk=letter.pk).update(verification_count=F("verification_count") + 1)


# --- bulk ---


@dataclass
class BulkResult:
    letters: list
    errors: list  # [(kim, message)]


def letters_issue_bulk(*, kims, actor):
    """Issue letters for `kims` one transaction each: one refusal does not stop the rest."""
    cache = {}
    result = BulkResult(letters=[], errors=[])
    for kim in kims:
        try:
            result.letters.append(letter_issue(kim=kim, actor=actor, cache=cache))
        except ActionRefused as error:
            result.errors.append((kim, str(error)))
    return result


def letters_zip(letters):
    """One ZIP of the stored PDFs, as a file positioned at its start.

    Stored, not recompressed (PDFs are compressed already). A province-wide run can
    hold thousands of letters: the archive spills to a temporary file past 8 MB, and a
    queryset is read a few letters at a time.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (returned)
    rows = letters.iterator(chunk_size=20) if hasattr(letters, "iterator") else letters
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
        for letter in rows:
            issued = timezone.localtime(letter.issued_at)
            info = zipfile.ZipInfo(letter.filename, date_time=issued.timetuple()[:6])
            archive.writestr(info, bytes(letter.pdf))
    spool.seek(0)
    return spool
