"""Registry demo data for `seed_demo`: KIM in every workflow state, with boards and scans.

Everything goes through the real services, so the demo also exercises the rules.
"""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from PIL import Image, ImageDraw

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Village
from kimportal.core.models import User
from registry.models import DocumentKind, Kim, KimStatus, Letter, LetterStatus
from registry.services import workflow
from registry.services.documents import document_upload
from registry.services.letters import LetterError, letter_issue, letter_render
from registry.services.office import office_for
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


# --- letters ---

DEMO_CITIES = {
    "36": "Serang",
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
    area = getattr(office, "regency", None) or office.province
    short = area.name.replace("Kabupaten ", "").replace("Kota ", "")
    slug = short.lower().replace(" ", "")
    prefix = {"Kab": "kab", "Kot": "kota"}.get(area.name[:3], "prov")
    city = DEMO_CITIES.get(area.code, short)
    defaults = {
        "dinas_name": "Dinas Komunikasi dan Informatika",
        "dinas_address": (
            f"Jalan Pemuda Nomor {index + 1}, {city}"
            f", Banten · Telepon (0254) 20{index:04d}\n"
            f"Laman: diskominfo.{slug}{prefix}.go.id · "
            f"Pos-el: diskominfo@{slug}{prefix}.go.id"
        ),
        "signatory_name": DEMO_SIGNATORIES[index % len(DEMO_SIGNATORIES)],
        "signatory_nip": f"1970{index % 12 + 1:02d}1{index % 9 + 1}199503100{index % 9 + 1}",
        "signatory_position": (
            "Kepala Dinas Komunikasi dan Informatika "
            + (area.name if prefix != "prov" else f"Provinsi {area.name}")
        ),
        "signing_city": city,
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
        configured += _demo_office(office_for(province_id), 9)
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
            letter = letter_issue(kim=kim, actor=officers.get(kim.regency_id))
            # Rendered here: the demo needs no worker (a worker finds it done already).
            letter_render(letter_id=letter.pk, cache=cache)
            issued += 1
        except LetterError as error:
            if stdout:
                stdout.write(f"  surat {kim.name}: {error}")
    if stdout:
        stdout.write(
            f"Surat keterangan: {configured} pengaturan kab/kota diisi, {issued} surat diterbitkan."
        )
    return issued
