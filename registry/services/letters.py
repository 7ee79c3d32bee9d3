"""Surat Keterangan Terdaftar: issuing, rendering, superseding, revoking, bulk ZIPs.

Issuing takes the number in a short transaction: the letter exists at once with its
number, verification token and the state "being prepared". A worker then renders it
once (in Bahasa Indonesia) and stores its exact bytes and SHA-256; downloads serve
those bytes, so a printed copy and a re-download are the same file, and anyone can
check a PDF against the register by its hash. A failed render is retried; it never
frees or reuses the number.
"""

import datetime
import hashlib
import tempfile
import zipfile

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from kimportal.core import audit, jobs
from kimportal.core.access import ActionRefused, require
from kimportal.core.jobs.tasking import enqueue_on_commit
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

IN_FLIGHT = (LetterStatus.PREPARING, LetterStatus.FAILED)


def _refuse_second_letter(kim, replaces):
    """Refuse unless this request may add a letter now (see letter_issue)."""
    pending = Letter.objects.filter(kim=kim, status__in=IN_FLIGHT).only("number", "status").first()
    if pending is not None and pending.is_failed:
        raise LetterError(
            _(
                "Surat nomor %(n)s untuk KIM ini gagal dibuat. Buat ulang surat itu (nomornya "
                "tetap) sebelum menerbitkan surat lain."
            )
            % {"n": pending.number}
        )
    if pending is not None:
        raise LetterError(
            _("Surat nomor %(n)s untuk KIM ini sedang disiapkan; tunggu sampai selesai.")
            % {"n": pending.number}
        )
    valid = Letter.objects.filter(kim=kim, status=LetterStatus.VALID).only("number").first()
    if valid is not None and replaces != valid.pk:
        raise LetterError(
            _(
                "KIM ini sudah punya surat yang berlaku (nomor %(n)s). Untuk menggantinya, "
                "pilih “Terbitkan ulang” dan konfirmasi."
            )
            % {"n": valid.number}
        )
    if valid is None and replaces is not None:
        raise LetterError(
            _("Surat yang hendak diganti sudah tidak berlaku. Muat ulang halaman surat.")
        )
    return valid


@transaction.atomic
def letter_issue(*, kim, actor, replaces=None, reason="", job=None):
    """Take the next number for a registered KIM and record its letter, "being prepared";
    a worker renders the PDF (`letter_render`) once this commits.

    Short: the KIM row (one issuance per KIM at a time) and the regency's counter for the
    year (numbers unique and gap-free even under concurrent clicks) are locked only while
    the letter row and its audit entry are written — never while a PDF renders.

    One letter at a time: refused while a letter of the KIM is being prepared (or failed
    and awaits a retry), and while it has a valid letter unless `replaces` names that
    letter — a deliberate, confirmed re-issue (with a `reason`). A double click, a second
    tab or a stale form can therefore never issue a second letter.
    """
    require(actor, "registry.issue_letter", kim)
    current = (
        Kim.objects.select_for_update(of=("self",))
        .select_related("village__district__regency__province", "regency")
        .get(pk=kim.pk)
    )
    facts = _facts(current)
    valid = _refuse_second_letter(current, replaces)
    reason = (reason or "").strip()
    if valid is not None and not reason:
        raise LetterError(_("Tuliskan alasan penerbitan ulang surat."))
    now = timezone.now()
    issued_on = timezone.localdate(now)
    valid_until = valid_until_for(facts.office, facts.roster, issued_on)
    # The counter's lock is held from here to the commit: two INSERTs.
    seq = next_value(f"letter:{current.regency_id}:{issued_on.year}")
    number = letter_number_format(
        facts.office.letter_number_pattern, regency_id=current.regency_id, on=issued_on, seq=seq
    )
    letter = Letter.objects.create(
        kim=current,
        regency_id=current.regency_id,
        number=number,
        token=new_token(),
        kim_name=current.name,
        nomor_induk=current.nomor_induk,
        issued_at=now,
        issued_by=actor if actor and actor.is_authenticated else None,
        valid_until=valid_until,
        status=LetterStatus.PREPARING,
        job=job,
    )
    changes = {
        "number": [None, number],
        "kim": [None, current.nomor_induk],
        "valid_until": [None, valid_until.isoformat()],
    }
    if valid is not None:
        changes.update(replaces=[None, valid.number], reason=[None, reason])
    audit.record(actor=actor, obj=letter, action=LetterAction.ISSUED, changes=changes)
    _render_later(letter)
    return letter


def _render_later(letter):
    from registry.tasks import letter_render

    # A bulk run's letters wait in their own queue: a single letter is not stuck behind it.
    queue = settings.TASK_BULK_QUEUE if letter.job_id else None
    enqueue_on_commit(letter_render, letter.pk, queue=queue)


def _max_render_attempts():
    return settings.TASK_MAX_RETRIES + 3


def letter_render(*, letter_id, cache=None):
    """Render a letter that is being prepared, store its bytes and SHA-256 and make it the
    KIM's valid letter (superseding the previous one). Returns the letter.

    Idempotent: a letter already rendered (or revoked meanwhile) is left as it is, so a
    task delivered twice — its worker died after storing — stores once. The number and
    token were fixed when it was issued and never change, however often this runs.
    Raises LetterError when the letter cannot be made (e.g. the board's term ended since):
    that is final, the task gives up and `letter_render_failed` records it.
    """
    letter = Letter.objects.filter(pk=letter_id).only("pk", "status", "render_attempts").first()
    if letter is None or letter.status != LetterStatus.PREPARING:
        return letter
    if letter.render_attempts >= _max_render_attempts():
        raise LetterError(_("PDF surat gagal dibuat berulang kali."))
    Letter.objects.filter(pk=letter_id).update(render_attempts=F("render_attempts") + 1)
    letter = Letter.objects.defer("pdf").get(pk=letter_id)
    kim = Kim.objects.select_related("village__district__regency__province", "regency").get(
        pk=letter.kim_id
    )
    pdf = render_letter(
        _facts(kim),
        number=letter.number,
        token=letter.token,
        issued_on=timezone.localdate(letter.issued_at),
        valid_until=letter.valid_until,
        cache=cache,
    )
    with transaction.atomic():
        locked = Letter.objects.select_for_update().defer("pdf").get(pk=letter_id)
        if locked.status != LetterStatus.PREPARING:
            return locked  # stored by another delivery, or revoked meanwhile
        now = timezone.now()
        previous = list(
            Letter.objects.select_for_update()
            .filter(kim_id=locked.kim_id, status=LetterStatus.VALID)
            .only("pk", "number", "kim_name", "regency_id")
        )
        if previous:
            Letter.objects.filter(pk__in=[p.pk for p in previous]).update(
                status=LetterStatus.SUPERSEDED, status_changed_at=now, superseded_by=locked
            )
        locked.pdf, locked.size = pdf, len(pdf)
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        locked.status, locked.status_changed_at = LetterStatus.VALID, now
        locked.render_error = ""
        locked.save(
            update_fields=["pdf", "size", "sha256", "status", "status_changed_at", "render_error"]
        )
        audit.record(
            actor=None,
            obj=locked,
            action=LetterAction.READY,
            changes={
                "status": [LetterStatus.PREPARING, LetterStatus.VALID],
                "sha256": [None, locked.sha256],
            },
        )
        for old in previous:
            audit.record(
                actor=locked.issued_by,
                obj=old,
                action=LetterAction.SUPERSEDED,
                changes={
                    "status": [LetterStatus.VALID, LetterStatus.SUPERSEDED],
                    "superseded_by": [None, locked.number],
                },
            )
        _tell_job(locked)
    return locked


def letter_render_failed(*, letter_id, error):
    """The render failed for good: the letter is "failed" (its number stays taken, it is
    never reused), with the reason and an audit entry; an officer can retry it."""
    with transaction.atomic():
        locked = Letter.objects.select_for_update().defer("pdf").filter(pk=letter_id).first()
        if locked is None or locked.status != LetterStatus.PREPARING:
            return locked
        message = (
            error.message
            if isinstance(error, ActionRefused)
            else _("Kesalahan sistem saat membuat PDF; sudah dicatat.")
        )
        locked.status, locked.status_changed_at = LetterStatus.FAILED, timezone.now()
        locked.render_error = message
        locked.save(update_fields=["status", "status_changed_at", "render_error"])
        audit.record(
            actor=None,
            obj=locked,
            action=LetterAction.RENDER_FAILED,
            changes={
                "status": [LetterStatus.PREPARING, LetterStatus.FAILED],
                "error": [None, f"{error.__class__.__name__}: {error}"[:300]],
                "attempts": [None, locked.render_attempts],
            },
        )
        _tell_job(locked)
    return locked


@transaction.atomic
def letter_render_retry(*, letter, actor):
    """An officer asks for a failed letter to be rendered again: same number, same token."""
    locked = Letter.objects.select_for_update().defer("pdf").select_related("kim").get(pk=letter.pk)
    require(actor, "registry.issue_letter", locked.kim)
    if locked.status != LetterStatus.FAILED:
        raise LetterError(_("Hanya surat yang gagal dibuat yang dapat dibuat ulang."))
    locked.status, locked.status_changed_at = LetterStatus.PREPARING, timezone.now()
    locked.render_attempts, locked.render_error = 0, ""
    locked.save(update_fields=["status", "status_changed_at", "render_attempts", "render_error"])
    audit.record(
        actor=actor,
        obj=locked,
        action=LetterAction.RENDER_RETRIED,
        changes={"status": [LetterStatus.FAILED, LetterStatus.PREPARING]},
    )
    _render_later(locked)
    return locked


def _tell_job(letter):
    """A letter of a bulk run is done (rendered or failed): the run may be finished."""
    if letter.job_id:
        job_id = letter.job_id
        transaction.on_commit(
            lambda: jobs.part_finished(job_id, done=letters_done_in(job_id)), robust=True
        )


def letters_done_in(job_id):
    return Letter.objects.filter(job_id=job_id).exclude(status=LetterStatus.PREPARING).count()


def letters_requeue_stalled(older_than=datetime.timedelta(minutes=10)):
    """Send again the renders whose message was lost (letters "being prepared" for long)."""
    stalled = Letter.objects.filter(
        status=LetterStatus.PREPARING, issued_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    from registry.tasks import letter_render

    count = 0
    for pk in stalled:
        letter_render.delay(pk)
        count += 1
    return count


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
