"""Check-in at the door: by QR code, typed code, or a tick on the list; also from phones
that were offline (their queued check-ins arrive later, maybe twice, maybe from two
phones for the same person: each person is present once per day, the earliest check-in
is kept, and the phone is told what happened to each of its items)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity.audit_actions import RegistrationAction
from capacity.models import (
    Attendance,
    CheckInMethod,
    Event,
    ParticipantKind,
    Registration,
    RegistrationStatus,
    normalize_code,
)
from kimportal.core import audit
from kimportal.core.access import ActionRefused, require

# A phone's clock may be wrong, and a queue may wait for days in a village hall: times
# are trusted within this window before now, and never in the future.
OFFLINE_WINDOW = datetime.timedelta(days=14)
MAX_ITEMS = 1000


class CheckInError(ActionRefused):
    pass


@dataclass
class CheckInItem:
    """One check-in as a phone queued it."""

    id: str  # the phone's own id for the item (echoed back)
    code: str
    day: datetime.date | None
    at: datetime.datetime | None = None
    method: str = CheckInMethod.SCAN


@dataclass
class CheckInResult:
    id: str
    result: str  # "recorded", "duplicate", "refused"
    message: str
    registration: int | None = None
    name: str = ""
    at: datetime.datetime | None = None

    def as_json(self):
        return {
            "id": self.id,
            "result": self.result,
            "message": self.message,
            "registration": self.registration,
            "name": self.name,
            "at": self.at.isoformat() if self.at else None,
        }


def _when(at, now):
    if at is None or at > now or at < now - OFFLINE_WINDOW:
        return now
    return at


def _time(moment):
    return timezone.localtime(moment).strftime("%H:%M")


@transaction.atomic
def check_in_many(*, event, actor, items, device=""):
    """Record `items` (CheckInItem) for `event`; returns one CheckInResult per item."""
    require(actor, "capacity.check_in", event)
    if len(items) > MAX_ITEMS:
        raise CheckInError(_("Terlalu banyak presensi sekaligus; kirim bertahap."))
    now = timezone.now()
    days = set(event.days)
    codes = {normalize_code(item.code) for item in items} - {""}
    registrations = {
        r.code: r
        for r in Registration.objects.filter(event=event, code__in=codes).only(
            "pk", "code", "name", "status", "event_id"
        )
    }
    for registration in registrations.values():
        registration.event = event  # the audit asks each for its jurisdiction
    existing = {
        (a.registration_id, a.day): a
        for a in Attendance.objects.filter(
            event=event, registration__in=[r.pk for r in registrations.values()]
        ).select_related("checked_in_by")
    }
    results, new = [], []
    for item in items:
        code = normalize_code(item.code)
        registration = registrations.get(code)
        if registration is None:
            results.append(
                CheckInResult(
                    item.id,
                    "refused",
                    _("Kode %(code)s tidak terdaftar di kegiatan ini.") % {"code": item.code[:20]},
                )
            )
            continue
        base = {"registration": registration.pk, "name": registration.name}
        if item.day not in days:
            results.append(
                CheckInResult(item.id, "refused", _("Hari ini bukan hari kegiatan."), **base)
            )
            continue
        if registration.status == RegistrationStatus.CANCELLED:
            results.append(
                CheckInResult(
                    item.id, "refused", _("Pendaftaran %(name)s sudah dibatalkan.") % base, **base
                )
            )
            continue
        if registration.status == RegistrationStatus.WAITLISTED:
            results.append(
                CheckInResult(
                    item.id,
                    "refused",
                    _(
                        "%(name)s masih di daftar tunggu: tambahkan sebagai peserta langsung bila "
                        "diterima."
                    )
                    % base,
                    **base,
                )
            )
            continue
        key = (registration.pk, item.day)
        earlier = existing.get(key)
        if earlier is not None:
            by = earlier.checked_in_by.get_full_name() if earlier.checked_in_by else ""
            results.append(
                CheckInResult(
                    item.id,
                    "duplicate",
                    _("%(name)s sudah tercatat hadir pukul %(time)s%(by)s.")
                    % {
                        "name": registration.name,
                        "time": _time(earlier.checked_in_at),
                        "by": (" " + _("oleh %(who)s") % {"who": by}) if by else "",
                    },
                    at=earlier.checked_in_at,
                    **base,
                )
            )
            continue
        attendance = Attendance(
            event=event,
            registration=registration,
            day=item.day,
            checked_in_at=_when(item.at, now),
            checked_in_by=actor,
            method=item.method if item.method in CheckInMethod.values else CheckInMethod.SCAN,
            device=device[:40],
            client_id=item.id[:40],
        )
        existing[key] = attendance
        new.append(attendance)
        results.append(
            CheckInResult(
                item.id,
                "recorded",
                _("%(name)s hadir.") % base,
                at=attendance.checked_in_at,
                **base,
            )
        )
    if new:
        # Another phone may have recorded the same person a moment ago: the database
        # keeps one row per person and day, and ours then reports what is stored.
        Attendance.objects.bulk_create(new, ignore_conflicts=True)
        stored = {
            (a.registration_id, a.day): a
            for a in Attendance.objects.filter(
                event=event, registration__in=[a.registration_id for a in new]
            )
        }
        kept = [a for a in new if stored[(a.registration_id, a.day)].client_id == a.client_id]
        lost = {(a.registration_id, a.day) for a in new if a not in kept}
        for result, item in zip(results, items, strict=True):
            if result.result == "recorded" and (result.registration, item.day) in lost:
                earlier = stored[(result.registration, item.day)]
                result.result = "duplicate"
                result.at = earlier.checked_in_at
                result.message = _("%(name)s sudah tercatat hadir pukul %(time)s.") % {
                    "name": result.name,
                    "time": _time(earlier.checked_in_at),
                }
        by_day = defaultdict(list)
        for attendance in kept:
            by_day[attendance.day].append(attendance.registration)
        for day, people in by_day.items():
            audit.record_many(
                actor=actor,
                objs=people,
                action=RegistrationAction.CHECKED_IN,
                changes={"day": [None, day.isoformat()]},
            )
    return results


def check_in_one(*, event, actor, code, day, method):
    [result] = check_in_many(
        event=event,
        actor=actor,
        items=[CheckInItem(id="web", code=code, day=day, method=method)],
    )
    return result


@transaction.atomic
def walk_in_add(*, event, actor, name, organisation="", position="", kim=None, day=None):
    """Someone who came without registering: registered as a walk-in (beyond the quota:
    they are in the room) and checked in for `day`."""
    require(actor, "capacity.check_in", event)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not name.strip():
        raise CheckInError(_("Tuliskan nama peserta."))
    day = day or timezone.localdate()
    if day not in locked.days:
        raise CheckInError(_("Hari ini bukan hari kegiatan."))
    registration = Registration.objects.create(
        event=locked,
        kind=ParticipantKind.WALK_IN,
        kim=kim,
        name=name.strip()[:150],
        position=position.strip()[:150],
        organisation=(organisation.strip() or (kim.name if kim else ""))[:200],
        status=RegistrationStatus.CONFIRMED,
        registered_by=actor,
        status_changed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        obj=registration,
        action=RegistrationAction.WALK_IN,
        changes={
            "name": [None, registration.name],
            "organisation": [None, registration.organisation],
        },
    )
    Attendance.objects.create(
        event=locked,
        registration=registration,
        day=day,
        checked_in_at=timezone.now(),
        checked_in_by=actor,
        method=CheckInMethod.WALK_IN,
    )
    return registration
