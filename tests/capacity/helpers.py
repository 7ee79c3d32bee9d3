"""Events, registrations and certificates for the capacity tests (Kabupaten Serang)."""

import datetime
import hashlib

from django.utils import timezone

from capacity.models import (
    Attendance,
    Certificate,
    Event,
    Registration,
    ReportFile,
)
from registry.models import Member

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def make_event(
    *,
    regency="36.04",
    province="36",
    status="open",
    quota=30,
    audience="both",
    starts_in=DAY * 7,
    length=HOUR * 6,
    title="Bimtek Pengelolaan Situs KIM.id",
    **fields,
):
    """An event of the Dinas of `regency` (None: the province's) whose registration is
    open now (unless `status` says otherwise)."""
    now = timezone.now()
    starts = now + starts_in
    values = {
        "kind": "bimtek",
        "title": title,
        "theme": "Mengisi profil dan berita desa di KIM.id",
        "province_id": province,
        "regency_id": regency,
        "starts_at": starts,
        "ends_at": starts + length,
        "venue": "Aula Kecamatan Kramatwatu",
        "hours_jp": 6,
        "quota": quota,
        "audience": audience,
        "registration_opens": now - DAY,
        "registration_closes": min(starts, now + DAY * 3) if starts > now else now - HOUR,
        "status": status,
        **fields,
    }
    if values["registration_closes"] <= values["registration_opens"]:
        values["registration_opens"] = values["registration_closes"] - DAY
    return Event.objects.create(**values)


def held_event(**fields):
    """An event held yesterday (one day), status "held"."""
    return make_event(status="held", starts_in=-DAY, **fields)


def board_of(kim):
    return list(Member.objects.filter(roster__kim=kim, roster__is_current=True).order_by("pk"))


def register(event, kim, member=None, *, status="confirmed", name=None, kind="member"):
    member = member if member is not None else board_of(kim)[0]
    return Registration.objects.create(
        event=event,
        kind=kind,
        kim=kim,
        member=member if kind == "member" else None,
        name=name or member.full_name,
        position="Ketua",
        organisation=kim.name,
        status=status,
    )


def attend(registration, day=None, by=None):
    return Attendance.objects.create(
        event=registration.event,
        registration=registration,
        day=day or registration.event.days[0],
        checked_in_at=timezone.now(),
        checked_in_by=by,
        method="typed",
    )


def stored_certificate(registration, number="0001/SERT-KIM/3604/2025"):
    """A certificate row with placeholder bytes (no rendering): for access tests."""
    pdf = b"%PDF-1.4\n% certificate " + number.encode() + b"\n%%EOF\n"
    event = registration.event
    return Certificate.objects.create(
        registration=registration,
        event=event,
        number=number,
        participant_name=registration.name,
        event_title=event.title,
        event_kind=event.kind,
        held_from=event.days[0],
        held_to=event.days[-1],
        hours_jp=event.hours_jp,
        organiser_name="Dinas Komunikasi dan Informatika Kabupaten Serang",
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )


def stored_report_file(event):
    from django.core.files.base import ContentFile

    report_file = ReportFile(
        event=event,
        kind="document",
        caption="Notulen",
        original_name="notulen.pdf",
        content_type="application/pdf",
        size=11,
        sha256="0" * 64,
    )
    report_file.file.save("notulen.pdf", ContentFile(b"%PDF-1.4 nt"), save=False)
    report_file.save()
    return report_file
