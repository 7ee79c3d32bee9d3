"""Capacity-building demo for `seed_demo`: past and upcoming Banten events with
registrations, a waiting list, attendance, certificates, evaluations and a report, and
success-indicator scores for the registered KIM. Idempotent (events are found by title).

Everything goes through the services; past events are registered while "open" and then
moved back in time (the only direct writes: the dates and check-in times of the demo).
"""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from capacity.models import Assessment, Attendance, Event, EventKind, PersonRole
from capacity.selectors.registration import admitted_kims, officer_candidates, roster_choices
from capacity.services import certificates, evaluation, events, indicators, registration
from capacity.services.attendance import CheckInItem, check_in_many
from kimportal.core.models import User
from registry.selectors.kims import registered_kims_for

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

# title, organiser username, kind, days from today (negative: past), days long, hours,
# JP, quota, audience, final state, theme
EVENTS = [
    (
        "Bimtek Pengelolaan Situs KIM.id",
        "petugas.kabserang",
        EventKind.KIMID,
        -45,
        1,
        (8, 15),
        6,
        30,
        "kim",
        "reported",
        "Mengisi profil, berita desa dan galeri di situs KIM.id; mengelola akun kelola.kim.id.",
    ),
    (
        "Sarasehan KIM se-Banten: Informasi Desa untuk Warga",
        "provinsi.banten",
        EventKind.SARASEHAN,
        -20,
        2,
        (9, 16),
        12,
        40,
        "both",
        "held",
        "Berbagi praktik baik KIM dalam menyebarkan informasi pembangunan desa.",
    ),
    (
        "Workshop Konten Media Sosial untuk KIM",
        "provinsi.banten",
        EventKind.SOCIAL_MEDIA,
        12,
        1,
        (8, 16),
        8,
        6,
        "kim",
        "open",
        "Membuat konten singkat yang akurat: foto, video pendek, dan pesan berantai "
        "yang bertanggung jawab.",
    ),
    (
        "Rapat Koordinasi Pendampingan KIM Kabupaten Serang",
        "petugas.kabserang",
        EventKind.RAKOR,
        5,
        1,
        (9, 12),
        3,
        20,
        "both",
        "open",
        "Rencana pendampingan KIM dan jadwal penilaian indikator keberhasilan.",
    ),
    (
        "Forum Diskusi Literasi Informasi Kota Serang",
        "petugas.kotaserang",
        EventKind.FORUM,
        30,
        1,
        (13, 16),
        3,
        25,
        "kim",
        "draft",
        "Melawan hoaks di grup percakapan warga.",
    ),
]

SPEAKERS = [
    (
        PersonRole.SPEAKER,
        "Dr. Hendra Kusuma, M.Kom.",
        "Tim KIM.id, Kementerian Komunikasi dan Digital",
    ),
    (PersonRole.SPEAKER, "Maya Permata, S.I.Kom.", "Pegiat literasi digital Banten"),
    (
        PersonRole.MODERATOR,
        "Rina Susanti",
        "Analis Kemitraan Komunikasi, Diskominfo Provinsi Banten",
    ),
]

COMMENTS = [
    "Materinya langsung bisa dipraktikkan di desa.",
    "Waktu praktik kurang panjang.",
    "Narasumber jelas, mohon ada lanjutan.",
    "",
]


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _create(spec, today):
    title, organiser, kind, offset, length, (start_h, end_h), jp, quota, audience, state, theme = (
        spec
    )
    actor = User.objects.get(username=organiser)
    start_day = today + datetime.timedelta(days=offset)
    past = offset < 0
    # Past events are made while still ahead, registered, then moved back in time.
    made_day = today + 3 * DAY if past else start_day
    province, regency = actor.province_id, actor.regency_id
    event = events.event_create(
        actor=actor,
        data={
            "kind": kind,
            "title": title,
            "theme": theme,
            "province_id": province,
            "regency_id": regency,
            "starts_at": _at(made_day, start_h),
            "ends_at": _at(made_day + (length - 1) * DAY, end_h),
            "venue": "Aula Diskominfo, Jl. Veteran No. 1"
            if not regency
            else f"Aula Kecamatan, {actor.regency.name}",
            "online_link": "",
            "hours_jp": jp,
            "quota": quota,
            "audience": audience,
            "registration_opens": timezone.now() - 2 * DAY,
            "registration_closes": _at(made_day - DAY, 16),
        },
        people=SPEAKERS if kind != EventKind.RAKOR else SPEAKERS[2:],
    )
    if state != "draft":
        events.event_transition(event=event, actor=actor, action="open")
    return event, actor, past, start_day, length, (start_h, end_h)


def _register(event, rng, per_kim):
    """Each manager whose KIM the event admits registers a few board members."""
    made = []
    for manager in User.objects.filter(username__startswith="pengelola.").order_by("username"):
        for kim in admitted_kims(event, manager):
            choices = [m for m, taken in roster_choices(kim, event) if not taken]
            picked = [str(m.pk) for m in choices[:per_kim]]
            if picked:
                made += registration.kim_participants_register(
                    event=event, actor=manager, kim=kim, member_ids=picked
                )
    return made


def _move_back(event, start_day, length, hours):
    start_h, end_h = hours
    Event.objects.filter(pk=event.pk).update(
        starts_at=_at(start_day, start_h),
        ends_at=_at(start_day + (length - 1) * DAY, end_h),
        registration_opens=_at(start_day - 21 * DAY, 8),
        registration_closes=_at(start_day - DAY, 16),
    )
    event.refresh_from_db()
    return event


def _attend(event, actor, rng):
    people = list(event.registrations.filter(status="confirmed"))
    for day in event.days:
        present = [r for r in people if rng.random() < 0.85]
        check_in_many(
            event=event,
            actor=actor,
            items=[
                CheckInItem(id=f"demo-{r.pk}-{day}", code=r.code, day=day, method="scan")
                for r in present
            ],
            device="demo",
        )
        Attendance.objects.filter(event=event, day=day).update(
            checked_in_at=_at(day, 8) + F("registration_id") % 50 * datetime.timedelta(seconds=40)
        )


def seed_capacity(stdout=None):
    rng = random.Random(11)
    today = timezone.localdate()
    made = 0
    for spec in EVENTS:
        if Event.objects.filter(title=spec[0]).exists():
            continue
        event, actor, past, start_day, length, hours = _create(spec, today)
        state = spec[9]
        made += 1
        if state == "draft":
            continue
        _register(event, rng, per_kim=3 if spec[8] == "kim" else 2)
        if event.admits_officers:
            officers = [u.pk for u in officer_candidates(event, actor) if not u.registered]
            if officers:
                registration.officers_register(event=event, actor=actor, officer_ids=officers)
        if not past:
            continue
        event = _move_back(event, start_day, length, hours)
        _attend(event, actor, rng)
        event = events.event_transition(event=event, actor=actor, action="hold")
        for person in event.registrations.filter(attendances__isnull=False).distinct():
            if person.kim_id and rng.random() < 0.8:
                manager = person.kim.managers.first()
                if manager:
                    evaluation.evaluation_save(
                        registration=person,
                        actor=manager,
                        rating=rng.choice([3, 4, 4, 5, 5]),
                        comment=rng.choice(COMMENTS),
                    )
        certificates.certificates_issue_bulk(event=event, actor=actor)
        if state == "reported":
            evaluation.report_save(
                event=event,
                actor=actor,
                summary=(
                    "Peserta mempraktikkan pengisian profil dan berita desa di situs KIM.id. "
                    "Setiap KIM menyusun rencana unggahan satu bulan. Tindak lanjut: "
                    "pendampingan daring setiap dua minggu."
                ),
                mark_reported=True,
            )
    assessed = _assess(today.year, rng)
    if stdout:
        stdout.write(
            f"Kegiatan demo: {made} dibuat, {Event.objects.count()} seluruhnya; "
            f"penilaian indikator: {assessed} baru."
        )
    return made


def _assess(this_year, rng):
    made = 0
    for officer in User.objects.filter(username__startswith="petugas.").order_by("username"):
        if not officer.regency_id:
            continue
        for kim in registered_kims_for(officer).filter(regency_id=officer.regency_id):
            base = rng.randint(2, 3)
            for offset, period in enumerate(range(this_year - 2, this_year + 1)):
                if Assessment.objects.filter(kim_id=kim.pk, period=period).exists():
                    continue
                scores = {
                    name: max(1, min(5, base + offset + rng.choice([-1, 0, 0, 1])))
                    for name in (
                        "awareness",
                        "accessibility",
                        "participation",
                        "quality_of_life",
                        "information_use",
                    )
                }
                scores["awareness_note"] = "Warga membahas informasi KIM di musyawarah dusun."
                scores["information_use_note"] = "Unggahan rutin di KIM.id dan grup WhatsApp desa."
                indicators.assessment_save(kim=kim, actor=officer, period=period, scores=scores)
                made += 1
    return made
