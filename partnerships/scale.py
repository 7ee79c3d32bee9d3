"""Partnerships part of the synthetic national dataset (`manage.py seed_scale`): agreements
of regency Dinas with their registered KIM, in every state, and ADINDA activity reports.
Takes the registered KIM as plain ids from the registry's generator (the apps meet only
through plain data here); rows go in with COPY."""

import datetime

from django.utils import timezone

from kimportal.core.bulkload import analyze, copy_rows, reserve_ids
from kimportal.core.verification.tokens import TOKEN_ALPHABET, TOKEN_LENGTH
from partnerships.models import (
    ActivityReport,
    Adinda,
    Agreement,
    AgreementStatus,
    Channel,
    ReportStatus,
    Scope,
)

STATUS_MIX = [AgreementStatus.ACTIVE] * 6 + [
    AgreementStatus.EXPIRED,
    AgreementStatus.EXPIRED,
    AgreementStatus.DRAFT,
    AgreementStatus.TERMINATED,
]
REPORT_MIX = [ReportStatus.ACCEPTED] * 3 + [ReportStatus.SUBMITTED, ReportStatus.CLARIFICATION]


def seed_partnerships(rng, count, *, registered, creator_id, officers, reports_per=2):
    """`count` agreements, each with one to three registered KIM of its regency and
    `reports_per` activity reports when it ran; returns the counts."""
    by_regency = {}
    for kim_id, regency, _name in registered:
        by_regency.setdefault(regency, []).append(kim_id)
    regencies = sorted(by_regency)
    if not regencies or not count:
        return {"agreements": 0, "reports": 0}
    now = timezone.now()
    today = timezone.localdate()
    ids = reserve_ids(Agreement, count)
    agreements, links, reports, numbers = [], [], [], {}
    for agreement_id in ids:
        regency = rng.choice(regencies)
        status = rng.choice(STATUS_MIX)
        if status == AgreementStatus.ACTIVE:
            start = today - datetime.timedelta(days=rng.randrange(1, 700))
            end = today + datetime.timedelta(days=rng.randrange(1, 700))
        else:
            start = today - datetime.timedelta(days=rng.randrange(800, 1800))
            end = start + datetime.timedelta(days=rng.randrange(365, 730))
        numbers[regency] = numbers.get(regency, 0) + 1
        officer = officers.get(regency)
        ran = status != AgreementStatus.DRAFT
        agreements.append(
            {
                "id": agreement_id,
                "province_id": regency[:2],
                "regency_id": regency,
                "dinas_code": regency,
                "number": f"{numbers[regency]}/PKS-KIM/{regency.replace('.', '')}/{start.year}",
                "title": f"Kemitraan diseminasi informasi {start.year} nomor {numbers[regency]}",
                "scopes": rng.sample([Scope.DISSEMINATION, Scope.ASPIRATION, Scope.CONTENT], 2),
                "dinas_obligations": "Menyediakan bahan informasi dan pelatihan.",
                "partner_obligations": "Menyebarluaskan informasi dan melaporkan kegiatan.",
                "start_date": start,
                "end_date": end,
                "status": status,
                "token": "".join(rng.choices(TOKEN_ALPHABET, k=TOKEN_LENGTH)),
                "activated_at": timezone.make_aware(
                    datetime.datetime.combine(start, datetime.time(9))
                )
                if ran
                else None,
                "activated_by_id": officer if ran else None,
                "ended_at": now if status == AgreementStatus.TERMINATED else None,
                "terminated_by_id": officer if status == AgreementStatus.TERMINATED else None,
                "termination_reason": "Tidak aktif."
                if status == AgreementStatus.TERMINATED
                else "",
                "created_by_id": officer or creator_id,
                "created_at": now - datetime.timedelta(days=rng.randrange(1, 900)),
            }
        )
        kims = rng.sample(by_regency[regency], min(len(by_regency[regency]), rng.randint(1, 3)))
        links.extend({"agreement_id": agreement_id, "kim_id": kim_id} for kim_id in kims)
        if ran:
            for n in range(reports_per):
                held = min(today, start + datetime.timedelta(days=30 * (n + 1)))
                reports.append(
                    {
                        "agreement_id": agreement_id,
                        "kim_id": kims[n % len(kims)],
                        "held_on": held,
                        "title": f"Sosialisasi program desa {n + 1}",
                        "description": "Penyebaran informasi kepada warga.",
                        "principles": [Adinda.DISEMINASI, Adinda.ASPIRASI],
                        "channel": rng.choice(Channel.values),
                        "reach": rng.randrange(10, 500),
                        "status": rng.choice(REPORT_MIX),
                        "created_by_id": creator_id,
                    }
                )
    copy_rows(Agreement, agreements, now=now)
    copy_rows(Agreement.kims.through, links, now=now)
    made = copy_rows(ActivityReport, reports, now=now)
    analyze(Agreement, Agreement.kims.through, ActivityReport)
    return {"agreements": len(agreements), "reports": made}
