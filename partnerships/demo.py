"""Partnership demo data for `seed_demo` (Banten): agreements in every state with reports,
mapping scores, forums with boards, visits with follow-ups, so each role's home shows them.

Everything goes through the services (permissions, checks and audit included). Only the
history is back-dated: a past agreement is made, signed and activated through the
services, then its dates are moved into the past and the daily expiry runs on it.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from kimportal.core.models import User
from partnerships.models import (
    ActivityReport,
    Agreement,
    AgreementStatus,
    Forum,
    MappingScore,
    Visit,
)
from partnerships.services import agreements as agreement_services
from partnerships.services import forums as forum_services
from partnerships.services import mapping as mapping_services
from partnerships.services import reports as report_services
from partnerships.services import supervision as supervision_services
from registry.selectors.kims import kims_for

DINAS_DUTIES = (
    "Menyediakan bahan informasi program pemerintah daerah setiap bulan.\n"
    "Memberikan bimbingan teknis pengelolaan media sosial dan KIM.id.\n"
    "Menindaklanjuti aspirasi warga yang disampaikan melalui KIM."
)
PARTNER_DUTIES = (
    "Menyebarluaskan informasi pemerintah kepada warga desa melalui media sosial, grup "
    "WhatsApp dan pertemuan warga.\n"
    "Menghimpun dan menyampaikan aspirasi warga kepada Dinas."
)


def _png(title, lines=(), size=(620, 877), colour="white"):
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), title, fill="black")
    for row, text in enumerate(lines):
        draw.text((40, 80 + 22 * row), text, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("pindaian.png", out.getvalue(), content_type="image/png")


def _user(username):
    return User.objects.filter(username=username).first()


def _kim(officer, name):
    return kims_for(officer).filter(name=name).first() if officer else None


def _agreement(
    title, *, officer, dinas, kims=(), forums=(), start, end, number, state, reason="", renews=None
):
    """An agreement through the services, ending in `state` (draft, active, expired,
    terminated). Past terms are back-dated after activation."""
    existing = Agreement.objects.filter(title=title, dinas_code=dinas).first()
    if existing:
        return existing
    today = timezone.localdate()
    agreement = agreement_services.agreement_create(
        actor=officer,
        dinas_code=dinas,
        data={
            "number": number if state != "draft" else "",
            "title": title,
            "scopes": ["dissemination", "aspiration", "content"],
            "scope_other": "",
            "dinas_obligations": DINAS_DUTIES,
            "partner_obligations": PARTNER_DUTIES,
            "start_date": start,
            "end_date": max(end, today),
        },
        kims=kims,
        forums=forums,
        renews=renews,
    )
    if state == "draft":
        return agreement
    agreement_services.agreement_upload_signed(
        agreement=agreement,
        actor=officer,
        file=_png("NASKAH PERJANJIAN BERTANDA TANGAN", [title, number]),
    )
    if state == "terminated" and any(not kim.is_registered for kim in kims):
        agreement_services.agreement_terminate(agreement=agreement, actor=officer, reason=reason)
        return agreement
    agreement_services.agreement_activate(agreement=agreement, actor=officer)
    if end < today:  # history: the term lies in the past
        Agreement.objects.filter(pk=agreement.pk).update(start_date=start, end_date=end)
        agreement_services.agreements_expire(today=today)
    if state == "terminated":
        agreement_services.agreement_terminate(agreement=agreement, actor=officer, reason=reason)
    agreement.refresh_from_db()
    return agreement


def _report(
    agreement,
    kim,
    manager,
    title,
    *,
    days_ago,
    principles,
    channel,
    reach,
    review=None,
    officer=None,
    note="",
    photos=0,
):
    if ActivityReport.objects.filter(agreement=agreement, title=title).exists():
        return
    if agreement.status != AgreementStatus.ACTIVE:
        return  # closed while someone tried the demo: `make run` must start again
    held_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    report = report_services.report_file(
        agreement=agreement,
        kim=kim,
        actor=manager,
        data={
            "held_on": held_on,
            "title": title,
            "description": (
                f"{kim.name} menyelenggarakan {title.lower()} bersama warga. Materi dari "
                "Diskominfo disampaikan, pertanyaan warga dicatat dan diteruskan."
            ),
            "principles": principles,
            "channel": channel,
            "reach": reach,
            "links": "https://www.instagram.com/p/contoh-kegiatan-kim/",
        },
        photos=[_png(title, [kim.name], size=(480, 360), colour="#dbe9f6") for _ in range(photos)],
    )
    if review == "accept":
        report_services.report_review(report=report, actor=officer, accept=True, note=note)
    elif review == "clarify":
        report_services.report_review(report=report, actor=officer, accept=False, note=note)


def _forum(name, *, officer, dinas, kims, board):
    forum = Forum.objects.filter(name=name).first()
    if forum:
        return forum
    today = timezone.localdate()
    forum = forum_services.forum_create(
        actor=officer,
        dinas_code=dinas,
        data={
            "name": name,
            "address": "Sekretariat di kantor Diskominfo",
            "founded_on": today.replace(year=today.year - 2, month=3, day=1),
            "decree": "SK Kepala Dinas Nomor 480/12/Kominfo",
            "term_start": today.replace(year=today.year - 1, month=1, day=1),
            "term_end": today.replace(year=today.year + 2, month=1, day=1),
            "contact_name": board[0][1],
            "contact_phone": "081234500011",
            "contact_email": "fkkim@example.org",
            "is_active": True,
        },
        kims=kims,
    )
    for nik, full_name, position, gender in board:
        forum_services.forum_member_add(
            forum=forum,
            actor=officer,
            data={
                "nik": nik,
                "full_name": full_name,
                "position": position,
                "position_detail": "",
                "gender": gender,
                "phone": "0812345" + nik[-5:],
                "kim": kims[0] if kims else None,
            },
        )
    return forum


def _score(kim, officer, scores, *, days_ago, note):
    on = timezone.localdate() - datetime.timedelta(days=days_ago)
    if kim is None or MappingScore.objects.filter(kim_id=kim.pk, scored_on=on).exists():
        return
    interest, influence, power = scores
    mapping_services.kim_score(
        kim=kim,
        actor=officer,
        interest=interest,
        influence=influence,
        power=power,
        note=note,
        scored_on=on,
    )


def _visit(kim, officer, kind, *, days_ago, topics, findings, follow_ups=()):
    on = timezone.localdate() - datetime.timedelta(days=days_ago)
    if kim is None or Visit.objects.filter(kim_id=kim.pk, visited_on=on, kind=kind).exists():
        return None
    today = timezone.localdate()
    return supervision_services.visit_log(
        kim=kim,
        actor=officer,
        data={
            "kind": kind,
            "visited_on": on,
            "team": officer.get_full_name() or officer.username,
            "topics": topics,
            "findings": findings,
        },
        follow_ups=[(action, today + datetime.timedelta(days=due)) for action, due in follow_ups],
    )


def seed_partnerships(stdout=None):
    """Create what is missing of the Banten partnership demo; returns a one-line summary."""
    staff = _user("provinsi.banten")
    kab_serang = _user("petugas.kabserang")
    lebak = _user("petugas.kablebak")
    kota_serang = _user("petugas.kotaserang")
    mgr_serang, mgr_lebak, mgr_kota = (
        _user("pengelola.serang"),
        _user("pengelola.lebak"),
        _user("pengelola.kotaserang"),
    )
    if not all((staff, kab_serang, lebak, kota_serang, mgr_serang, mgr_lebak, mgr_kota)):
        return "Kemitraan demo: akun demo belum ada; lewati."
    kramat = _kim(kab_serang, "KIM Kramat Berdaya")
    kramatwatu = _kim(kab_serang, "KIM Kramatwatu Lama")
    waringin = _kim(kab_serang, "KIM Waringin Terang")
    sukaraja = _kim(lebak, "KIM Sukaraja Mandiri")
    madani = _kim(kota_serang, "KIM Kota Serang Madani")
    if not all((kramat, sukaraja, madani)):
        return "Kemitraan demo: KIM terdaftar demo belum ada; lewati."
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    year = today.year

    with transaction.atomic():
        forum_serang = _forum(
            "Forum KIM Kabupaten Serang",
            officer=kab_serang,
            dinas="36.04",
            kims=[k for k in (kramat, kramatwatu) if k],
            board=[
                ("3604051203850001", "Hendra Saputra", "ketua", "L"),
                ("3604055107900002", "Wulan Permata", "sekretaris", "P"),
                ("3604052208880003", "Rudi Hidayat", "bendahara", "L"),
            ],
        )
        forum_banten = _forum(
            "Forum KIM Provinsi Banten",
            officer=staff,
            dinas="36",
            kims=[sukaraja, madani, kramat],
            board=[
                ("3604051507800004", "Taufik Maulana", "ketua", "L"),
                ("3602014203870005", "Sri Lestari", "sekretaris", "P"),
                ("3673011010890006", "Eko Nugroho", "bendahara", "L"),
            ],
        )

        # Kabupaten Serang: last term expired (to evaluate), renewed and ending soon,
        # a draft, and one terminated when its KIM was revoked.
        past = _agreement(
            f"Diseminasi informasi pembangunan desa {year - 1}",
            officer=kab_serang,
            dinas="36.04",
            kims=[kramat],
            start=today - 420 * day,
            end=today - 60 * day,
            number=f"045/PKS-KIM/Diskominfo/{year - 1}",
            state="expired",
        )
        current = _agreement(
            f"Diseminasi informasi pembangunan desa {year}",
            officer=kab_serang,
            dinas="36.04",
            kims=[kramat],
            forums=[forum_serang],
            start=today - 59 * day,
            end=today + 45 * day,
            number=f"012/PKS-KIM/Diskominfo/{year}",
            state="active",
            renews=past,
        )
        _agreement(
            "Kanal aspirasi warga Kramatwatu",
            officer=kab_serang,
            dinas="36.04",
            kims=[kramat],
            start=today + 30 * day,
            end=today + 395 * day,
            number="",
            state="draft",
        )
        if waringin:
            _agreement(
                "Produksi konten video desa Waringin",
                officer=kab_serang,
                dinas="36.04",
                kims=[waringin],
                start=today - 30 * day,
                end=today + 335 * day,
                number=f"019/PKS-KIM/Diskominfo/{year}",
                state="terminated",
                reason="Pendaftaran KIM Waringin Terang dicabut; naskah tidak diberlakukan.",
            )
        _report(
            current,
            kramat,
            mgr_serang,
            "Sosialisasi program sanitasi desa",
            days_ago=40,
            principles=["diseminasi", "akses"],
            channel="face_to_face",
            reach=85,
            review="accept",
            officer=kab_serang,
            note="Lengkap, terima kasih.",
            photos=2,
        )
        _report(
            current,
            kramat,
            mgr_serang,
            "Siaran informasi vaksinasi di grup WhatsApp",
            days_ago=21,
            principles=["diseminasi"],
            channel="messaging",
            reach=340,
            review="accept",
            officer=kab_serang,
        )
        _report(
            current,
            kramat,
            mgr_serang,
            "Musyawarah aspirasi jalan desa",
            days_ago=9,
            principles=["diskusi", "aspirasi"],
            channel="face_to_face",
            reach=60,
            review="clarify",
            officer=kab_serang,
            note="Lampirkan daftar hadir atau foto kegiatan.",
        )
        _report(
            current,
            kramat,
            mgr_serang,
            "Video profil UMKM desa di Instagram",
            days_ago=3,
            principles=["diseminasi", "implementasi"],
            channel="social_media",
            reach=1200,
            photos=1,
        )

        # Province: an agreement with the provincial forum and two KIM, ending within weeks.
        province_agreement = _agreement(
            "Jaringan informasi publik Provinsi Banten",
            officer=staff,
            dinas="36",
            kims=[sukaraja, madani],
            forums=[forum_banten],
            start=today - 340 * day,
            end=today + 20 * day,
            number=f"005/PKS/Diskominfo.Banten/{year}",
            state="active",
        )
        _report(
            province_agreement,
            madani,
            mgr_kota,
            "Liputan rapat koordinasi KIM se-Banten",
            days_ago=12,
            principles=["networking", "diseminasi"],
            channel="website",
            reach=450,
        )

        # Lebak: active; a report returned for clarification, one waiting.
        lebak_agreement = _agreement(
            "Kemitraan komunikasi KIM Sukaraja",
            officer=lebak,
            dinas="36.02",
            kims=[sukaraja],
            start=today - 100 * day,
            end=today + 265 * day,
            number=f"031/PKS-KIM/Kominfo-Lbk/{year}",
            state="active",
        )
        _report(
            lebak_agreement,
            sukaraja,
            mgr_lebak,
            "Penyuluhan harga gabah",
            days_ago=15,
            principles=["akses", "diseminasi"],
            channel="face_to_face",
            reach=70,
            review="clarify",
            officer=lebak,
            note="Jumlah peserta berbeda dengan foto.",
        )
        _report(
            lebak_agreement,
            sukaraja,
            mgr_lebak,
            "Siaran radio komunitas",
            days_ago=5,
            principles=["diseminasi", "aspirasi"],
            channel="other",
            reach=900,
        )

        # Kota Serang: a past term, evaluated, and its terminated successor.
        kota_past = _agreement(
            f"Diseminasi informasi layanan publik Kota Serang {year - 1}",
            officer=kota_serang,
            dinas="36.73",
            kims=[madani],
            start=today - 500 * day,
            end=today - 135 * day,
            number=f"101/PKS/Kominfo-Kota/{year - 1}",
            state="expired",
        )
        if not hasattr(kota_past, "evaluation"):
            agreement_services.agreement_evaluate(
                agreement=kota_past,
                actor=kota_serang,
                objectives="partly",
                activity_count=9,
                assessment="Diseminasi rutin berjalan; kanal aspirasi belum dimanfaatkan.",
                recommendation="renew_changed",
            )
        _agreement(
            f"Kanal aspirasi layanan publik Kota Serang {year}",
            officer=kota_serang,
            dinas="36.73",
            kims=[madani],
            start=today - 120 * day,
            end=today + 245 * day,
            number=f"014/PKS/Kominfo-Kota/{year}",
            state="terminated",
            reason="Digabung ke perjanjian jaringan informasi tingkat provinsi.",
        )

        _score(kramat, kab_serang, (3, 3, 2), days_ago=200, note="Penilaian awal.")
        _score(
            kramat,
            kab_serang,
            (5, 4, 4),
            days_ago=10,
            note="Aktif melapor; jaringan WhatsApp desa luas.",
        )
        _score(
            kramatwatu,
            kab_serang,
            (2, 3, 2),
            days_ago=30,
            note="Tidak aktif sejak masa bakti berakhir.",
        )
        _score(sukaraja, lebak, (4, 2, 3), days_ago=20, note="Berminat, jangkauan terbatas.")
        _score(madani, kota_serang, (4, 5, 5), days_ago=14, note="Mitra utama di kota.")

        _visit(
            kramat,
            kab_serang,
            "supervision",
            days_ago=25,
            topics="Pelaporan kegiatan dan pengelolaan KIM.id",
            findings="Laporan bulan lalu belum lengkap; situs KIM.id belum diperbarui.",
            follow_ups=[
                ("Perbarui profil dan berita di KIM.id", -5),
                ("Kirim laporan kegiatan bulan lalu", 10),
            ],
        )
        _visit(
            sukaraja,
            staff,
            "mentoring",
            days_ago=40,
            topics="Pendampingan produksi konten video pendek",
            findings="Pengurus sudah memiliki peralatan dasar.",
            follow_ups=[("Unggah dua video kegiatan desa", 20)],
        )
        _visit(
            madani,
            kota_serang,
            "supervision",
            days_ago=8,
            topics="Supervisi terpadu bersama Diskominfo Provinsi",
            findings="Administrasi lengkap.",
            follow_ups=[("Susun rencana kegiatan triwulan", -2)],
        )

    summary = (
        f"Kemitraan demo: {Agreement.objects.count()} perjanjian, "
        f"{ActivityReport.objects.count()} laporan, {Forum.objects.count()} forum, "
        f"{MappingScore.objects.count()} skor pemetaan, {Visit.objects.count()} kunjungan."
    )
    if stdout:
        stdout.write(summary)
    return summary
