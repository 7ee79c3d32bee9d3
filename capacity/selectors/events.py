"""Reads behind the event pages: lists, the calendar, and an event's figures."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from capacity.models import (
    Attendance,
    Evaluation,
    Event,
    EventStatus,
    ParticipantKind,
    Registration,
    RegistrationStatus,
)
from kimportal.core.access import visible_to

LIST_RELATED = ("province", "regency")


def events_for(user):
    """Every event `user` may see, with its organiser's area (no extra query per row)."""
    return visible_to(user, Event).select_related(*LIST_RELATED)


def _registrations(status):
    """Registrations of the outer event in `status`, counted for that row only: a JOIN
    with GROUP BY counted every event's registrations before the page's LIMIT."""
    counted = (
        Registration.objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(events):
    """Annotate confirmed and waitlisted counts (in the same query as the rows)."""
    return events.annotate(
        confirmed_count=_registrations(RegistrationStatus.CONFIRMED),
        waitlisted_count=_registrations(RegistrationStatus.WAITLISTED),
    )


def upcoming_for(user, limit=5):
    """Events still ahead (or running) that are not drafts or cancelled, soonest first."""
    return (
        with_counts(events_for(user))
        .filter(ends_at__gte=timezone.now())
        .exclude(status__in=(EventStatus.CANCELLED,))
        .order_by("starts_at", "pk")[:limit]
    )


def awaiting_work_for(user, limit=5):
    """Organisers' loose ends: held events without a report, oldest first."""
    return (
        events_for(user)
        .filter(Event.organised_q(user), status=EventStatus.HELD)
        .order_by("starts_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class EventFigures:
    confirmed: int
    waitlisted: int
    cancelled: int
    walk_ins: int
    attended: int  # people present on at least one day
    attendance_rate: float | None  # attended / (confirmed), 0..1
    rating: float | None
    evaluations: int
    certificates: int


def event_figures(event):
    """Registrations, attendance rate and average rating of one event (three queries)."""
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        walk_ins=Count("pk", filter=Q(kind=ParticipantKind.WALK_IN)),
        attended=Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, attendances__isnull=False),
            distinct=True,
        ),
        certificates=Count("certificate", distinct=True),
    )
    ratings = Evaluation.objects.filter(event=event).aggregate(avg=Avg("rating"), n=Count("pk"))
    confirmed = counts["confirmed"]
    return EventFigures(
        confirmed=confirmed,
        waitlisted=counts["waitlisted"],
        cancelled=counts["cancelled"],
        walk_ins=counts["walk_ins"],
        attended=counts["attended"],
        attendance_rate=(counts["attended"] / confirmed) if confirmed else None,
        rating=ratings["avg"],
        evaluations=ratings["n"],
        certificates=counts["certificates"],
    )


def seats_left(event):
    taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(event.quota - taken, 0)


# --- calendar ---------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    events: list


def month_grid(user, year, month):
    """Weeks (Monday first) of `month`, each day with the events running on it (one query)."""
    first = datetime.date(year, month, 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    window_start = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    window_end = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    events = list(
        events_for(user)
        .filter(starts_at__lt=window_end, ends_at__gte=window_start)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
    grid = []
    for week in weeks:
        row = []
        for day in week:
            running = [e for e in events if e.days[0] <= day <= e.days[-1]]
            row.append(CalendarDay(date=day, in_month=day.month == first.month, events=running))
        grid.append(row)
    return grid, events


def month_of(value, today=None):
    """`2025-04` -> (2025, 4); anything else -> this month."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return today.year, today.month
    if not 2000 <= year <= 2100:
        return today.year, today.month
    return year, month


def shift_month(year, month, delta):
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# --- feeds ------------------------------------------------------------------------------------


def organiser_feed_events(code):
    """The published events of the Dinas of area `code` ("36" or "36.04") for its public
    calendar feed: a year back and everything ahead."""
    events = Event.objects.select_related(*LIST_RELATED).filter(
        starts_at__gte=timezone.now() - datetime.timedelta(days=365),
        status__in=(
            EventStatus.OPEN,
            EventStatus.CLOSED,
            EventStatus.HELD,
            EventStatus.REPORTED,
            EventStatus.CANCELLED,
        ),
    )
    if "." in code:
        events = events.filter(regency=code)
    else:
        events = events.filter(province=code, regency__isnull=True)
    return events.order_by("starts_at", "pk")


def attendance_for_kim_rows(event):
    """(registration id, day) pairs present at `event` (one query)."""
    return set(Attendance.objects.filter(event=event).values_list("registration_id", "day"))


def registrations_of(event):
    return Registration.objects.filter(event=event)
