"""A KIM's capacity history (shown on its page in the register): the events its people
attended, and the hours (JP) they accumulated."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from capacity.models import Attendance, Event, Registration, RegistrationStatus


@dataclass(frozen=True)
class HistoryRow:
    event: Event
    attended: int  # people of the KIM present
    certificates: int
    jp: int  # attended × the event's JP


@dataclass(frozen=True)
class CapacityHistory:
    rows: list
    events: int
    people_attended: int
    jp_total: int
    upcoming: int  # registrations of the KIM in events not held yet


def kim_history(kim, limit=10):
    """Two queries: the attended events (newest first) and the upcoming registrations."""
    present = Attendance.objects.filter(registration=OuterRef("pk"))
    attended = (
        Registration.objects.filter(kim_id=kim.pk, status=RegistrationStatus.CONFIRMED)
        .filter(Exists(present))
        .values("event_id")
        .annotate(n=Count("pk"), certificates=Count("certificate"))
    )
    counts = {row["event_id"]: row for row in attended}
    events = Event.objects.filter(pk__in=list(counts)).select_related("province", "regency")
    rows = sorted(
        (
            HistoryRow(
                event=event,
                attended=counts[event.pk]["n"],
                certificates=counts[event.pk]["certificates"],
                jp=counts[event.pk]["n"] * event.hours_jp,
            )
            for event in events
        ),
        key=lambda row: (row.event.starts_at, row.event.pk),
        reverse=True,
    )
    upcoming = Registration.objects.filter(
        Q(event__status__in=("open", "closed")),
        kim_id=kim.pk,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
    ).count()
    return CapacityHistory(
        rows=rows[:limit],
        events=len(rows),
        people_attended=sum(row.attended for row in rows),
        jp_total=sum(row.jp for row in rows),
        upcoming=upcoming,
    )
