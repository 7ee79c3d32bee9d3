"""Registry part of the synthetic national dataset (`manage.py seed_scale`): KIM in every
workflow state across all villages, their boards (valid NIKs), small documents, status
history, Nomor Induk with their counters, and letters for the registered ones.

Rows go in with COPY (kimportal.core.bulkload), not through the services: a national
dataset in minutes. The values follow the services' rules (numbers from the regency's
pattern, counters past them, one valid letter per registered KIM) so the pages and the
services work on it as on real data.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from kimportal.core.areas.models import Village
from kimportal.core.bulkload import analyze, copy_rows, reserve_ids
from kimportal.core.numbering import Counter
from kimportal.core.verification.tokens import TOKEN_ALPHABET, TOKEN_LENGTH
from registry.demo import BOARD, DEMO_LOGO, FEMALE, FIRST, LAST
from registry.models import (
    Document,
    DocumentKind,
    Kim,
    KimStatus,
    Letter,
    LetterStatus,
    Member,
    ProvinceOffice,
    RegencyOffice,
    Roster,
    StatusChange,
)
from registry.services.office import letter_number_format
from registry.services.workflow import format_nomor_induk

S = KimStatus
# Share of each state in a national register (per 100 KIM).
STATE_MIX = (
    (S.REGISTERED, 60),
    (S.SUBMITTED, 10),
    (S.DRAFT, 9),
    (S.APPROVED, 5),
    (S.RETURNED, 5),
    (S.INACTIVE, 4),
    (S.REVOKED, 4),
    (S.REJECTED, 3),
)
WITH_NUMBER = {S.REGISTERED, S.INACTIVE, S.REVOKED}
# The step that led to each state (for the status history).
PREVIOUS = {
    S.SUBMITTED: S.DRAFT,
    S.RETURNED: S.SUBMITTED,
    S.APPROVED: S.SUBMITTED,
    S.REJECTED: S.SUBMITTED,
    S.REGISTERED: S.APPROVED,
    S.INACTIVE: S.REGISTERED,
    S.REVOKED: S.REGISTERED,
}
WORDS = [
    "Mandiri",
    "Sejahtera",
    "Cahaya",
    "Harapan",
    "Maju",
    "Bersatu",
    "Lestari",
    "Makmur",
    "Berkah",
    "Jaya",
    "Sentosa",
    "Bina",
    "Karya",
    "Mulya",
    "Sinar",
    "Tunas",
    "Cerdas",
    "Digital",
    "Madani",
    "Berdaya",
]
FOCUS = ("pertanian", "kesehatan", "UMKM", "pariwisata", "pendidikan", "perikanan", "budaya")
# A one-page PDF small enough to store per letter (the real renderer is measured apart).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
BATCH = 20_000  # KIM per round: bounded memory, one COPY per table per round


@dataclass
class RegistrySeed:
    """What the other apps' generators need: plain ids, not registry models."""

    registered: list = field(default_factory=list)  # (kim id, regency code, name)
    kim_ids: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def _token(rng, length=TOKEN_LENGTH):
    return "".join(rng.choices(TOKEN_ALPHABET, k=length))


def _nik(district, rng, female, serial):
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 40))
    day = born.day + (40 if female else 0)
    return f"{district}{day:02d}{born:%m%y}{serial:04d}"


def seed_offices(regencies, provinces):
    """Letter settings for every Dinas (a letter cannot be issued without them)."""
    common = {
        "dinas_name": "Dinas Komunikasi dan Informatika",
        "signatory_name": "Drs. H. Ahmad Suryana, M.Si.",
        "signatory_nip": "197001011995031001",
        "logo": DEMO_LOGO,
        "logo_content_type": "image/svg+xml",
    }

    def office(model, key, code, name):
        city = name.replace("Kabupaten ", "").replace("Kota ", "")
        return model(
            **{key: code},
            **common,
            dinas_address=f"Jalan Pemuda Nomor 1, {city} · Telepon (021) 555-0100",
            signatory_position=f"Kepala Dinas Komunikasi dan Informatika {name}",
            signing_city=city,
        )

    RegencyOffice.objects.bulk_create(
        [office(RegencyOffice, "regency_id", code, name) for code, name in regencies],
        ignore_conflicts=True,
    )
    ProvinceOffice.objects.bulk_create(
        [office(ProvinceOffice, "province_id", code, name) for code, name in provinces],
        ignore_conflicts=True,
    )


def _media_files():
    """One small file per document kind, shared by every synthetic document."""
    folder = Path(settings.MEDIA_ROOT) / "scale"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in (DocumentKind.SK, DocumentKind.ROSTER_SCAN, DocumentKind.DECLARATION_BUNDLE):
        path = folder / f"{kind}.pdf"
        if not path.exists():
            path.write_bytes(TINY_PDF)
        files[kind] = (f"scale/{kind}.pdf", hashlib.sha256(TINY_PDF).hexdigest())
    return files


def _board(roster_id, district, rng):
    """Ten board members with valid NIKs registered in `district` ("360405")."""
    board = [*BOARD, ("anggota", ""), ("anggota", "")]
    for order, (position, detail) in enumerate(board):
        first = rng.choice(FIRST)
        female = first in FEMALE
        yield {
            "roster_id": roster_id,
            # The serial makes each NIK unique within the board.
            "nik": _nik(district, rng, female, order * 1000 + rng.randrange(1000)),
            "full_name": f"{first} {rng.choice(LAST)}",
            "position": position,
            "position_detail": detail,
            "gender": "P" if female else "L",
            "phone": f"08{rng.randrange(11, 99)}{rng.randrange(10**7, 10**8)}",
            "not_civil_servant": True,
            "no_criminal_record": True,
            "no_political_party": True,
            "no_ngo": True,
            "order": order,
        }


def _document(kim_id, kind, file, created, village_name, creator_id, rng):
    path, digest = file
    row = {
        "kim_id": kim_id,
        "kind": kind,
        "file": path,
        "content_type": "application/pdf",
        "size": len(TINY_PDF),
        "sha256": digest,
        "original_name": f"{kind}.pdf",
        "is_current": True,
        "uploaded_by_id": creator_id,
        "uploaded_at": created,
    }
    if kind == DocumentKind.SK:
        row.update(
            number=f"141/{rng.randrange(1, 900)}/{created.year}",
            issued_on=created.date(),
            issuer_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            issuer_office=f"Kepala Desa {village_name}",
        )
    elif kind == DocumentKind.ROSTER_SCAN:
        row["acknowledged_by"] = f"Kepala Desa {village_name}"
    return row


def seed_registry(
    rng, count, *, creator_id, officers, stdout=None, area="", states=None, letters=True
):
    """`count` KIM over every village of the loaded areas (or those of `area`, a code
    prefix), in the states of STATE_MIX (or `states`), registered ones with a letter unless
    `letters` is false; returns a RegistrySeed.

    `officers` maps a regency code to the id of a (synthetic) officer who acted there."""
    villages = list(
        Village.objects.filter(code__startswith=area).order_by("code").values_list("code", "name")
    )
    if not villages:
        raise ValueError("No areas: run `manage.py load_areas` first.")
    states = states or [state for state, share in STATE_MIX for _ in range(share)]
    now = timezone.now()
    today = timezone.localdate()
    files = _media_files()
    pattern = RegencyOffice._meta.get_field("nomor_induk_pattern").default
    letter_pattern = RegencyOffice._meta.get_field("letter_number_pattern").default
    # Counter key -> last value, continuing what an earlier run wrote.
    nomor_seq = dict(
        Counter.objects.filter(key__startswith="nomor_induk:").values_list("key", "last")
    )
    letter_seq = dict(Counter.objects.filter(key__startswith="letter:").values_list("key", "last"))
    seed = RegistrySeed()
    totals = dict.fromkeys(("kim", "members", "documents", "letters", "history"), 0)
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        kim_ids = reserve_ids(Kim, size)
        roster_ids = reserve_ids(Roster, size)
        seed.kim_ids.extend(kim_ids)
        kims, rosters, members, documents, history, letter_rows = [], [], [], [], [], []
        for n, (kim_id, roster_id) in enumerate(zip(kim_ids, roster_ids, strict=True)):
            code, village_name = villages[rng.randrange(len(villages))]
            regency = code[:5]
            status = rng.choice(states)
            index = start + n
            name = f"KIM {rng.choice(WORDS)} {village_name} {index % 97 + 1}"
            created = now - datetime.timedelta(days=rng.randrange(30, 2000), minutes=index)
            submitted = None
            if status != S.DRAFT:
                submitted = created + datetime.timedelta(days=rng.randrange(1, 25))
            kim = {
                "id": kim_id,
                "name": name,
                "village_id": code,
                "regency_id": regency,
                "address": f"Jalan {rng.choice(WORDS)} Nomor {rng.randrange(1, 200)}",
                "phone": f"08{rng.randrange(11, 99)}{rng.randrange(10**7, 10**8)}",
                "email": f"kim{kim_id}@example.org" if index % 3 == 0 else "",
                "founded_on": (created - datetime.timedelta(days=rng.randrange(400))).date(),
                "focus": rng.choice(FOCUS),
                "website": f"https://kim{kim_id}.example.org/" if index % 5 == 0 else "",
                "member_count": rng.randrange(8, 60),
                "status": status,
                "submitted_at": submitted,
                "created_by_id": creator_id,
                "created_at": created,
                "updated_at": (submitted or created) + datetime.timedelta(hours=index % 500),
            }
            officer = officers.get(regency)
            if status in WITH_NUMBER:
                registered = submitted + datetime.timedelta(days=rng.randrange(3, 40))
                year = timezone.localtime(registered).year
                key = f"nomor_induk:{regency}:{year}"
                nomor_seq[key] = nomor_seq.get(key, 0) + 1
                kim["nomor_induk"] = format_nomor_induk(
                    pattern, regency=regency, year=year, seq=nomor_seq[key]
                )
                kim["registered_at"] = registered
                if status == S.REGISTERED:
                    seed.registered.append((kim_id, regency, name))
                if status == S.REGISTERED and letters:
                    issued = registered + datetime.timedelta(hours=2)
                    on = timezone.localtime(issued).date()
                    key = f"letter:{regency}:{on.year}"
                    letter_seq[key] = letter_seq.get(key, 0) + 1
                    letter_rows.append(
                        {
                            "kim_id": kim_id,
                            "regency_id": regency,
                            "number": letter_number_format(
                                letter_pattern, regency_id=regency, on=on, seq=letter_seq[key]
                            ),
                            "token": _token(rng),
                            "kim_name": name,
                            "nomor_induk": kim["nomor_induk"],
                            "issued_at": issued,
                            "issued_by_id": officer,
                            "status": LetterStatus.VALID,
                            "pdf": TINY_PDF,
                            "size": len(TINY_PDF),
                            "sha256": hashlib.sha256(TINY_PDF + str(kim_id).encode()).hexdigest(),
                            "render_attempts": 1,
                        }
                    )
            kims.append(kim)
            term_start = today - datetime.timedelta(days=rng.randrange(700))
            rosters.append(
                {
                    "id": roster_id,
                    "kim_id": kim_id,
                    "term_start": term_start,
                    "term_end": term_start + datetime.timedelta(days=3 * 365),
                    "is_current": True,
                    "created_by_id": creator_id,
                    "created_at": created,
                    "source": "form",
                }
            )
            members.extend(_board(roster_id, code[:8].replace(".", ""), rng))
            kinds = list(files) if status != S.DRAFT else list(files)[: index % 3]
            documents.extend(
                _document(kim_id, kind, files[kind], created, village_name, creator_id, rng)
                for kind in kinds
            )
            if status in PREVIOUS:
                history.append(
                    {
                        "kim_id": kim_id,
                        "from_status": PREVIOUS[status],
                        "to_status": status,
                        "actor_id": officer if status != S.SUBMITTED else creator_id,
                        "note": "Catatan peninjauan." if status == S.RETURNED else "",
                        "created_at": kim.get("registered_at") or submitted,
                    }
                )
        totals["kim"] += copy_rows(Kim, kims, now=now)
        copy_rows(Roster, rosters, now=now)
        totals["members"] += copy_rows(Member, members, now=now)
        totals["documents"] += copy_rows(Document, documents, now=now)
        totals["history"] += copy_rows(StatusChange, history, now=now)
        totals["letters"] += copy_rows(Letter, letter_rows, now=now)
        if stdout:
            stdout.write(f"  KIM {start + size:,}/{count:,}", ending="\r")
    _advance_counters({**nomor_seq, **letter_seq})
    if count >= BATCH:
        analyze(Kim, Roster, Member, Document, StatusChange, Letter)
    seed.counts = totals
    return seed


def _advance_counters(values):
    """Counters at the last numbers written, so the next issue continues the sequence."""
    Counter.objects.bulk_create(
        [Counter(key=key, last=last) for key, last in values.items()],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["last"],
    )


YES = ("Ya", "Ya", "Ya", "Ya")  # the four declarations


def roster_rows(district, count):
    """`count` valid rows of the roster import template for a board registered in
    `district` ("36.04.05"): Ketua, Sekretaris, Bendahara, then Anggota; distinct NIKs."""
    plain = district.replace(".", "")
    positions = ["Ketua", "Sekretaris", "Bendahara"]
    for i in range(count):
        female = i % 2 == 1
        day = 1 + i % 28 + (40 if female else 0)
        nik = f"{plain}{day:02d}{1 + i % 12:02d}{80 + i % 20:02d}{i % 10000:04d}"
        position = positions[i] if i < 3 else "Anggota"
        phone = f"0812{i:08d}"
        yield [nik, f"Pengurus {i + 1}", position, "", "P" if female else "L", phone, *YES]
