"""Registry demo data for `seed_demo`: KIM in every workflow state, with boards and scans.

Everything goes through the real services, so the demo also exercises the rules.
"""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Village
from kimportal.core.models import User
from registry.models import DocumentKind, Kim, KimStatus
from registry.services import workflow
from registry.services.documents import document_upload
from registry.services.roster import roster_replace

FIRST = [
    "Ahmad",
    "Siti",
    "Budi",
    "Dewi",
    "Eko",
    "Fitri",
    "Hendra",
    "Indah",
    "Joko",
    "Kartini",
    "Lukman",
    "Maya",
    "Nur",
    "Putri",
    "Rudi",
    "Sri",
    "Taufik",
    "Wulan",
    "Yusuf",
    "Zahra",
]
LAST = [
    "Hidayat",
    "Rahmawati",
    "Santoso",
    "Lestari",
    "Saputra",
    "Wijaya",
    "Kurniawan",
    "Permata",
    "Nugroho",
    "Maulana",
    "Susanti",
    "Pratama",
]
FEMALE = {"Siti", "Dewi", "Fitri", "Indah", "Kartini", "Maya", "Putri", "Sri", "Wulan", "Zahra"}
BOARD = [
    ("ketua", ""),
    ("wakil_ketua", ""),
    ("sekretaris", ""),
    ("bendahara", ""),
    ("seksi", "Seksi Pengumpulan Informasi"),
    ("seksi", "Seksi Penyebaran Informasi"),
    ("anggota", ""),
    ("anggota", ""),
]

# (KIM name, village code, final status, manager username or None)
DEMO_KIM = [
    ("KIM Kramat Berdaya", "36.04.05.2001", KimStatus.REGISTERED, "pengelola.serang"),
    ("KIM Margasana Informasi", "36.04.05.2002", KimStatus.SUBMITTED, "pengelola.serang"),
    ("KIM Pejaten Cerdas", "36.04.05.2003", KimStatus.DRAFT, "pengelola.serang"),
    ("KIM Cilangkahan Maju", "36.02.01.2002", KimStatus.RETURNED, "pengelola.lebak"),
    ("KIM Pagelaran Sejahtera", "36.02.01.2003", KimStatus.APPROVED, "pengelola.lebak"),
    ("KIM Sukaraja Mandiri", "36.02.01.2004", KimStatus.REGISTERED, "pengelola.lebak"),
    ("KIM Kota Serang Madani", "36.73.01.1001", KimStatus.REGISTERED, "pengelola.kotaserang"),
    ("KIM Cipare Digital", "36.73.01.1002", KimStatus.SUBMITTED, "pengelola.kotaserang"),
    ("KIM Kramatwatu Lama", "36.04.05.2004", KimStatus.INACTIVE, None),
    ("KIM Waringin Terang", "36.04.06.2001", KimStatus.REVOKED, None),
    ("KIM Bojonegara Bersatu", "36.04.07.2001", KimStatus.REJECTED, None),
]


def _scan(title, lines):
    """A small PNG that looks like a scanned letter (the portal checks content, not names)."""
    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), title, fill="black")
    for row, text in enumerate(lines):
        draw.text((60, 110 + 22 * row), text, fill="black")
    draw.line((60, 90, 560, 90), fill="black", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("scan.png", out.getvalue(), content_type="image/png")


def _nik(district_code, rng, female):
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 35))
    day = born.day + (40 if female else 0)
    return f"{district_code.replace('.', '')}{day:02d}{born:%m%y}{rng.randrange(1, 9999):04d}"


def _board_rows(village, rng):
    rows, used = [], set()
    for position, detail in BOARD:
        first = rng.choice(FIRST)
        female = first in FEMALE
        nik = _nik(village.district_id, rng, female)
        while nik in used:
            nik = _nik(village.district_id, rng, female)
        used.add(nik)
        rows.append(
            {
                "nik": nik,
                "full_name": f"{first} {rng.choice(LAST)}",
                "position": position,
                "position_detail": detail,
                "gender": "P" if female else "L",
                "phone": f"08{rng.randrange(11, 99)}{rng.randrange(10**7, 10**8)}",
                "not_civil_servant": True,
                "no_criminal_record": True,
                "no_political_party": True,
                "no_ngo": True,
            }
        )
    return rows


def _complete(kim, actor, village, rng):
    today = datetime.date.today()
    head = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    document_upload(
        kim=kim,
        actor=actor,
        kind=DocumentKind.SK,
        file=_scan("SURAT KEPUTUSAN KEPALA DESA", [f"Pembentukan {kim.name}", village.name]),
        number=f"141/{rng.randrange(10, 99)}/Kpts/{today.year}",
        issued_on=today.replace(day=1),
        issuer_name=head,
        issuer_office=f"Kepala Desa {village.name}",
    )
    roster = roster_replace(
        kim=kim,
        actor=actor,
        term_start=datetime.date(today.year, 1, 1),
        term_end=datetime.date(today.year + 3, 1, 1),
        rows=_board_rows(village, rng),
        source="form",
    )
    document_upload(
        kim=kim,
        actor=actor,
        kind=DocumentKind.ROSTER_SCAN,
        file=_scan("SUSUNAN PENGURUS", [kim.name, f"Mengetahui, {head}"]),
        acknowledged_by=head,
        acknowledged_on=today.replace(day=1),
    )
    for member in roster.members.all():
        document_upload(
            kim=kim,
            actor=actor,
            kind=DocumentKind.DECLARATION,
            member=member,
            file=_scan("SURAT PERNYATAAN", [member.full_name]),
        )


def seed_registry(stdout):
    """Create the demo KIM that do not exist yet; returns how many were made."""
    rng = random.Random(36)  # the same demo every time
    staff = User.objects.get(username="provinsi.banten")
    made = 0
    for name, village_code, target, manager_name in DEMO_KIM:
        if Kim.objects.filter(name=name).exists():
            continue
        village = Village.objects.select_related("district").get(code=village_code)
        officer = User.objects.get(
            role=Role.REGENCY, regency_id=village_code[:5], username__startswith="petugas."
        )
        manager = User.objects.filter(username=manager_name).first()
        creator = manager or officer
        kim = workflow.kim_create(
            actor=creator,
            data={
                "name": name,
                "village_id": village_code,
                "address": f"Jl. Raya {village.name} No. {rng.randrange(1, 120)}",
                "phone": f"0254{rng.randrange(100000, 999999)}",
                "email": f"{name.lower().replace(' ', '')}@example.org",
                "founded_on": datetime.date(2015 + rng.randrange(9), rng.randrange(1, 13), 1),
                "focus": rng.choice(["pertanian", "kesehatan", "UMKM", "pariwisata", "pendidikan"]),
                "kimid_address": "https://{}.kim.id".format(
                    name.lower().replace("kim ", "").replace(" ", "")
                ),
            },
        )
        if target != KimStatus.DRAFT:
            _complete(kim, creator, village, rng)
            _advance(kim, target, creator, staff, officer)
        made += 1
    stdout.write(f"KIM demo: {made} dibuat, {Kim.objects.count()} seluruhnya.")
    return made


def _advance(kim, target, submitter, staff, officer):
    def step(actor, action, note=""):
        workflow.kim_transition(kim=kim, actor=actor, action=action, note=note)

    step(submitter, "submit")
    if target == KimStatus.SUBMITTED:
        # A lived-in queue: applications have waited for different lengths of time.
        Kim.objects.filter(pk=kim.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=3 + 9 * (kim.pk % 3))
        )
        return
    if target == KimStatus.RETURNED:
        step(staff, "return", "Foto SK kurang jelas; unggah ulang hasil pindaian yang terbaca.")
        return
    if target == KimStatus.REJECTED:
        step(staff, "reject", "Sudah ada KIM terdaftar dengan pengurus yang sama di desa ini.")
        return
    step(staff, "approve")
    if target == KimStatus.APPROVED:
        return
    workflow.nomor_induk_issue(kim=kim, actor=officer)
    if target == KimStatus.INACTIVE:
        step(officer, "deactivate", "Masa bakti berakhir tanpa susunan pengurus baru.")
    elif target == KimStatus.REVOKED:
        step(officer, "revoke", "KIM membubarkan diri menurut surat kepala desa.")
