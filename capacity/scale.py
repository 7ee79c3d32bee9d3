"""Capacity part of the synthetic national dataset (`manage.py seed_scale`): events of the
Dinas in every state and their registrations (KIM members and guests). Takes the
registered KIM as plain ids from the registry's generator; rows go in with COPY."""

import datetime

from django.utils import timezone

from capacity.models import (
    CODE_LENGTH,
    Event,
    EventKind,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationStatus,
)
from kimportal.core.bulkload import analyze, copy_rows, reserve_ids
from kimportal.core.verification.tokens import TOKEN_ALPHABET

S = EventStatus
FIRST = ("Ahmad", "Siti", "Budi", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko", "Maya")
LAST = ("Hidayat", "Rahmawati", "Santoso", "Lestari", "Saputra", "Wijaya", "Nugroho")
PAST = (S.HELD, S.HELD, S.REPORTED, S.REPORTED, S.CANCELLED)
FUTURE = (S.OPEN, S.OPEN, S.CLOSED, S.DRAFT)


def seed_capacity(rng, count, registrations, *, registered, creator_id, officers):
    """`count` events over the regencies with registered KIM (one in ten by the province),
    `registrations` registrations spread over them; returns the counts."""
    by_regency = {}
    for kim_id, regency, name in registered:
        by_regency.setdefault(regency, []).append((kim_id, name))
    regencies = sorted(by_regency)
    if not regencies or not count:
        return {"events": 0, "registrations": 0}
    now = timezone.now()
    ids = reserve_ids(Event, count)
    events, regs, codes = [], [], set()
    statuses = [rng.choice(PAST if n % 3 else FUTURE) for n in range(count)]
    # Drafts take no registrations: the others share them.
    per_event = max(1, -(-registrations // max(1, count - statuses.count(S.DRAFT))))
    for n, event_id in enumerate(ids):
        regency = rng.choice(regencies)
        past = n % 3 != 0
        status = statuses[n]
        days = -rng.randrange(1, 900) if past else rng.randrange(3, 120)
        starts = (now + datetime.timedelta(days=days)).replace(
            hour=1, minute=0, second=0, microsecond=0
        )
        quota = per_event * 2
        events.append(
            {
                "id": event_id,
                "kind": rng.choice(EventKind.values),
                "title": f"Bimtek pengelolaan informasi {regency} angkatan {n % 40 + 1}",
                "province_id": regency[:2],
                # One in ten is the province's own.
                "regency_id": None if n % 10 == 0 else regency,
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=7),
                "venue": "Aula Diskominfo",
                "hours_jp": 8,
                "quota": quota,
                "audience": "kim",
                "registration_opens": starts - datetime.timedelta(days=30),
                "registration_closes": starts - datetime.timedelta(days=1),
                "status": status,
                "report_summary": "Kegiatan terlaksana." if status == S.REPORTED else "",
                "reported_at": starts + datetime.timedelta(days=2)
                if status == S.REPORTED
                else None,
                "created_by_id": officers.get(regency) or creator_id,
                "created_at": starts - datetime.timedelta(days=40),
            }
        )
        if status == S.DRAFT:
            continue
        kims = by_regency[regency]
        for r in range(per_event):
            code = "".join(rng.choices(TOKEN_ALPHABET, k=CODE_LENGTH))
            while code in codes:
                code = "".join(rng.choices(TOKEN_ALPHABET, k=CODE_LENGTH))
            codes.add(code)
            kim_id, kim_name = kims[rng.randrange(len(kims))]
            regs.append(
                {
                    "event_id": event_id,
                    "kind": ParticipantKind.GUEST,
                    "kim_id": kim_id,
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "position": "Anggota",
                    "organisation": kim_name,
                    "code": code,
                    "status": RegistrationStatus.CONFIRMED
                    if r % 20
                    else RegistrationStatus.CANCELLED,
                    "registered_by_id": creator_id,
                    "created_at": starts - datetime.timedelta(days=20, minutes=r),
                }
            )
    copy_rows(Event, events, now=now)
    made = copy_rows(Registration, regs, now=now)
    analyze(Event, Registration)
    return {"events": len(events), "registrations": made}
