"""Surat Keterangan Terdaftar: settings per regency, issuing, superseding, revoking.

A letter is rendered once (in Bahasa Indonesia), and its exact bytes and SHA-256 are
stored; downloads serve those bytes, so a printed copy and a re-download are the same
file, and anyone can check a PDF against the register by its hash.
"""

import base64
import datetime
import hashlib
import tempfile
import zipfile
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import visible_to
from kimportal.core.accounts.roles import Role
from kimportal.core.numbering import next_value
from kimportal.core.pdf import render_document
from registry.audit_actions import LetterAction, OfficeAction
from registry.models import (
    Document,
    DocumentKind,
    Kim,
    KimStatus,
    Letter,
    LetterStatus,
    Member,
    Position,
    RegencyOffice,
    Roster,
)
from registry.models.letters import new_token

LETTER_TEMPLATE = "registry/letters/letter_pdf.html"
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
BOARD_POSITIONS = (Position.KETUA, Position.SEKRETARIS, Position.BENDAHARA)

# Settings fields an officer edits (the logo is handled apart: bytes, not text).
OFFICE_FIELDS = (
    "dinas_name",
    "dinas_address",
    "signatory_name",
    "signatory_nip",
    "signatory_position",
    "signing_city",
    "letter_number_pattern",
    "letter_validity_months",
    "nomor_induk_pattern",
    "nomor_induk_start",
)


class LetterError(Exception):
    """A refused action; the message is shown to the user as it is."""


# --- settings -------------------------------------------------------------------------


def office_for(regency_id):
    """The settings row of a regency (created with defaults the first time)."""
    office, _created = RegencyOffice.objects.get_or_create(regency_id=regency_id)
    return office


@transaction.atomic
def office_update(*, office, actor, data, logo=None, remove_logo=False):
    """Save letter and numbering settings; `logo` is a CheckedLogo or None. Audited."""
    if not office.writable_by(actor):
        raise PermissionDenied
    before = RegencyOffice.objects.select_for_update().get(pk=office.pk)
    unknown = set(data) - set(OFFICE_FIELDS)
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
    changes = audit.diff(before, office, OFFICE_FIELDS)
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


# --- what goes on the letter ------------------------------------------------------------


def verification_url(token):
    return settings.SITE_URL + reverse("registry:letter-verify", args=[token])


def qr_svg(url):
    """The QR code of `url` as inline SVG (vector); sized by the template's CSS."""
    return mark_safe(segno.make(url, error="m").svg_inline(border=2, omitsize=True))


def nip_display(nip):
    """`197001011995031001` -> `19700101 199503 1 001` (birth date, appointment, sex, serial)."""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def logo_data_uri(office):
    if not office.logo:
        return ""
    encoded = base64.b64encode(bytes(office.logo)).decode("ascii")
    content_type = "image/svg+xml" if office.logo_content_type == "image/svg+xml" else "image/png"
    return f"data:{content_type};base64,{encoded}"


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


@dataclass(frozen=True)
class LetterFacts:
    """Everything printed on a letter, gathered before the number is taken."""

    kim: Kim
    office: RegencyOffice
    roster: Roster
    board: list
    sk: Document | None


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
    if kim.status != KimStatus.REGISTERED or not kim.nomor_induk:
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


def letter_context(facts, *, number, token, issued_on, valid_until):
    kim, office = facts.kim, facts.office
    village = kim.village
    regency = village.district.regency
    url = verification_url(token)
    return {
        "kim": kim,
        "office": office,
        "government": _("Pemerintah %(regency)s") % {"regency": regency.name},
        "logo": logo_data_uri(office),
        "village": village,
        "district": village.district,
        "regency": regency,
        "province": regency.province,
        "roster": facts.roster,
        "board": facts.board,
        "sk": facts.sk,
        "number": number,
        "issued_on": issued_on,
        "valid_until": valid_until,
        "nip": nip_display(office.signatory_nip),
        "verify_url": url,
        "verify_page": settings.SITE_URL + reverse("registry:verify"),
        "token": "-".join(token[i : i + 4] for i in range(0, len(token), 4)),
        "qr": qr_svg(url),
    }


def render_letter(facts, *, number, token, issued_on, valid_until, cache=None):
    """The letter's PDF bytes: one page; unusually long content is set more compactly."""
    context = letter_context(
        facts, number=number, token=token, issued_on=issued_on, valid_until=valid_until
    )
    document = render_document(LETTER_TEMPLATE, {**context, "compact": False}, cache=cache)
    if len(document.pages) > 1:
        document = render_document(LETTER_TEMPLATE, {**context, "compact": True}, cache=cache)
    return document.write_pdf()


# --- issuing ----------------------------------------------------------------------------


def letter_can_issue(*, kim, actor):
    """Regency officer of the KIM's regency, or provincial staff of its province."""
    return actor.is_authenticated and kim.is_officer_of(actor)


@transaction.atomic
def letter_issue(*, kim, actor, cache=None):
    """Issue a new letter for a registered KIM; the previous valid one is superseded.

    The KIM row is locked (one issuance per KIM at a time), the number comes from the
    regency's counter for the year (locked too: unique even under concurrent clicks),
    and everything — number, stored PDF, superseding, audit — commits together.
    """
    if not letter_can_issue(kim=kim, actor=actor):
        raise LetterError(
            _("Surat keterangan diterbitkan oleh petugas Diskominfo wilayah KIM ini.")
        )
    return _issue(kim=kim, actor=actor, cache=cache)


def _issue(*, kim, actor, cache=None):
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


# --- lists and bulk ----------------------------------------------------------------------


def letters_for_kim(kim):
    """A KIM's letters for its letters page, newest first, without the PDF bytes."""
    return (
        Letter.objects.filter(kim=kim)
        .defer("pdf")
        .select_related("issued_by", "superseded_by")
        .order_by("-issued_at", "-pk")
    )


def bulk_candidates(user, regency_id=None):
    """Registered KIM (with a Nomor Induk) of `user`'s jurisdiction without a valid letter."""
    valid = Letter.objects.filter(kim=OuterRef("pk"), status=LetterStatus.VALID)
    kims = (
        visible_to(user, Kim)
        .filter(status=KimStatus.REGISTERED, nomor_induk__isnull=False)
        .exclude(Exists(valid))
    )
    if user.role not in (Role.PROVINCE, Role.REGENCY):
        return kims.none()
    if regency_id:
        kims = kims.filter(regency_id=regency_id)
    return kims.order_by("regency_id", "name", "pk")


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
        except LetterError as error:
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


# --- demo data ---------------------------------------------------------------------------

# Seats of government (for "Serang, 17 April 2025") of Banten's regencies and cities.
DEMO_CITIES = {
    "36.01": "Pandeglang",
    "36.02": "Rangkasbitung",
    "36.03": "Tigaraksa",
    "36.04": "Serang",
    "36.71": "Tangerang",
    "36.72": "Cilegon",
    "36.73": "Serang",
    "36.74": "Tangerang Selatan",
}
DEMO_SIGNATORIES = (
    "Drs. H. Ahmad Suryana, M.Si.",
    "Dra. Hj. Nurhayati, M.M.",
    "Ir. Bambang Prasetyo, M.T.",
    "Dr. Rudi Hartono, S.Sos., M.Si.",
)
DEMO_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120">'
    b'<path d="M50 4 L94 18 V58 C94 88 74 106 50 116 C26 106 6 88 6 58 V18 Z" fill="#0b5394" '
    b'stroke="#c9a227" stroke-width="5"/>'
    b'<path d="M50 22 L58 44 L82 44 L62 58 L70 80 L50 66 L30 80 L38 58 L18 44 L42 44 Z" '
    b'fill="#c9a227"/>'
    b'<rect x="22" y="88" width="56" height="8" rx="2" fill="#ffffff"/></svg>'
)


def _demo_office(office, index):
    regency = office.regency
    short = regency.name.replace("Kabupaten ", "").replace("Kota ", "")
    slug = short.lower().replace(" ", "")
    prefix = "kab" if regency.name.startswith("Kabupaten") else "kota"
    defaults = {
        "dinas_name": "Dinas Komunikasi dan Informatika",
        "dinas_address": (
            f"Jalan Pemuda Nomor {index + 1}, {DEMO_CITIES.get(regency.code, short)}"
            f", Banten · Telepon (0254) 20{index:04d}\n"
            f"Laman: diskominfo.{slug}{prefix}.go.id · "
            f"Pos-el: diskominfo@{slug}{prefix}.go.id"
        ),
        "signatory_name": DEMO_SIGNATORIES[index % len(DEMO_SIGNATORIES)],
        "signatory_nip": f"1970{index % 12 + 1:02d}1{index % 9 + 1}199503100{index % 9 + 1}",
        "signatory_position": f"Kepala Dinas Komunikasi dan Informatika {regency.name}",
        "signing_city": DEMO_CITIES.get(regency.code, short),
    }
    changed = False
    for name, value in defaults.items():
        if not getattr(office, name):
            setattr(office, name, value)
            changed = True
    if not office.logo:
        office.logo, office.logo_content_type = DEMO_LOGO, "image/svg+xml"
        changed = True
    if changed:
        office.full_clean()
        office.save()
    return changed


def letters_seed_demo(stdout=None, province_id="36"):
    """Demo letter settings for the province's regencies, and a letter for each registered
    KIM without one. Idempotent: filled settings are kept, KIM with a letter are skipped."""
    from kimportal.core.areas.models import Regency
    from kimportal.core.models import User

    configured = issued = 0
    with transaction.atomic():
        for index, regency in enumerate(
            Regency.objects.filter(province_id=province_id).order_by("code")
        ):
            configured += _demo_office(office_for(regency.code), index)
    officers = {
        u.regency_id: u
        for u in User.objects.filter(role=Role.REGENCY, regency__province=province_id)
    }
    valid = Letter.objects.filter(kim=OuterRef("pk"), status=LetterStatus.VALID)
    kims = (
        Kim.objects.filter(
            regency__province=province_id, status=KimStatus.REGISTERED, nomor_induk__isnull=False
        )
        .exclude(Exists(valid))
        .order_by("pk")
    )
    cache = {}
    for kim in kims:
        try:
            with transaction.atomic():
                _issue(kim=kim, actor=officers.get(kim.regency_id), cache=cache)
            issued += 1
        except LetterError as error:
            if stdout:
                stdout.write(f"  surat {kim.name}: {error}")
    if stdout:
        stdout.write(
            f"Surat keterangan: {configured} pengaturan kab/kota diisi, {issued} surat diterbitkan."
        )
    return issued
