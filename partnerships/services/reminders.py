"""The daily reminders: agreements ending within 60 days, reports awaiting review or
asked to clarify, overdue follow-ups. Each person concerned gets one e-mail listing what
is new for them.

Idempotent per day, and not a daily nag: each reminder has a key naming the thing and its
stage ("agreement 7 ends within 30 days", "report 12 has waited 2 weeks"); a key is sent
to a person once (ReminderSent). A second run on the same day finds every key sent and
sends nothing; a thing is reminded again only when it reaches its next stage.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from kimportal.core import mail
from kimportal.core.access.predicates import officers_of_q
from kimportal.core.models import User
from partnerships.models import (
    ActivityReport,
    Agreement,
    AgreementStatus,
    FollowUp,
    FollowUpStatus,
    ReminderSent,
    ReportStatus,
)
from partnerships.selectors.agreements import ENDING_SOON_DAYS

ENDING_STAGES = (7, 30, ENDING_SOON_DAYS)  # reminded when fewer days than this are left


@dataclass(frozen=True)
class Reminder:
    """One thing to remind of. Its words are kept untranslated (a lazy message and its
    values) so each e-mail reads in its recipient's language."""

    key: str
    message: object  # gettext_lazy / ngettext_lazy
    params: tuple  # ((name, value), ...)
    url: str

    @property
    def text(self):
        return str(self.message % dict(self.params))


@dataclass
class RunResult:
    emails: int = 0
    reminders: int = 0
    skipped: int = 0  # already sent (an earlier run)


_PREFIXES = {}


def _url(name, pk):
    """The absolute address of object `pk` behind URL `name` (reversed once per name)."""
    if name not in _PREFIXES:
        _PREFIXES[name] = settings.SITE_URL + reverse(name, args=[0]).replace("/0/", "/{}/")
    return _PREFIXES[name].format(pk)


def _weeks(since, today):
    return max((today - since).days, 0) // 7


class _People:
    """Who to tell, looked up once per jurisdiction / KIM."""

    def __init__(self):
        self._officers = {}
        self._managers = {}

    def officers(self, obj, perm):
        key = obj.jurisdiction()
        if key not in self._officers:
            self._officers[key] = list(
                User.objects.filter(is_active=True).filter(officers_of_q(obj))
            )
        return [u for u in self._officers[key] if u.has_perm(perm, obj)]

    def managers(self, kims):
        missing = [kim for kim in kims if kim.pk not in self._managers]
        if missing:
            for kim in missing:
                self._managers[kim.pk] = []
            through = User.managed_kims.through.objects.filter(
                kim_id__in=[kim.pk for kim in missing], user__is_active=True
            ).select_related("user")
            for row in through:
                self._managers[row.kim_id].append(row.user)
        return [user for kim in kims for user in self._managers[kim.pk]]


def due_reminders(today=None):
    """{user: [Reminder]} of everything that deserves a reminder today (before checking
    what was sent already)."""
    today = today or timezone.localdate()
    people = _People()
    due = defaultdict(dict)  # user -> {key: Reminder}, in the order found

    def add(users, reminder):
        for user in users:
            due[user].setdefault(reminder.key, reminder)

    ending = (
        Agreement.objects.filter(
            status=AgreementStatus.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS),
        )
        .defer("pdf")
        .prefetch_related("kims")
        .order_by("end_date", "pk")
    )
    for agreement in ending:
        left = (agreement.end_date - today).days
        stage = next(limit for limit in ENDING_STAGES if left <= limit)
        reminder = Reminder(
            key=f"agreement-ending:{agreement.pk}:{stage}",
            message=ngettext_lazy(
                "Perjanjian %(title)s berakhir %(date)s (%(n)s hari lagi).",
                "Perjanjian %(title)s berakhir %(date)s (%(n)s hari lagi).",
                "n",
            ),
            params=(
                ("title", str(agreement)),
                ("date", agreement.end_date.strftime("%d-%m-%Y")),
                ("n", left),
            ),
            url=_url("partnerships:agreement-detail", agreement.pk),
        )
        add(people.officers(agreement, "partnerships.renew_agreement"), reminder)
        add(people.managers(list(agreement.kims.all())), reminder)

    waiting = ActivityReport.objects.filter(status=ReportStatus.SUBMITTED).select_related(
        "agreement", "kim"
    )
    for report in waiting:
        weeks = _weeks(timezone.localdate(report.submitted_at), today)
        reminder = Reminder(
            key=f"report-review:{report.pk}:{report.submitted_at:%Y%m%d%H%M}:w{weeks}",
            message=_("Laporan kegiatan %(kim)s “%(title)s” menunggu tinjauan Anda."),
            params=(("kim", report.kim.name), ("title", report.title)),
            url=_url("partnerships:report-detail", report.pk),
        )
        add(people.officers(report, "partnerships.review_report"), reminder)

    clarify = ActivityReport.objects.filter(status=ReportStatus.CLARIFICATION).select_related(
        "agreement", "kim"
    )
    for report in clarify:
        reviewed = report.reviewed_at or report.updated_at
        weeks = _weeks(timezone.localdate(reviewed), today)
        reminder = Reminder(
            key=f"report-clarify:{report.pk}:{reviewed:%Y%m%d%H%M}:w{weeks}",
            message=_("Laporan kegiatan “%(title)s” perlu klarifikasi: %(note)s"),
            params=(("title", report.title), ("note", report.review_note)),
            url=_url("partnerships:report-detail", report.pk),
        )
        add(people.managers([report.kim]), reminder)

    late = FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_on__lt=today).select_related(
        "visit__kim", "visit__created_by"
    )
    for follow_up in late:
        weeks = _weeks(follow_up.due_on, today)
        reminder = Reminder(
            key=f"follow-up-overdue:{follow_up.pk}:w{weeks}",
            message=_("Tindak lanjut untuk %(kim)s lewat tenggat %(date)s: %(action)s"),
            params=(
                ("kim", follow_up.visit.kim.name),
                ("date", follow_up.due_on.strftime("%d-%m-%Y")),
                ("action", follow_up.action),
            ),
            url=_url("partnerships:visit-detail", follow_up.visit_id),
        )
        officers = people.officers(follow_up, "partnerships.close_follow_up")
        author = follow_up.visit.created_by
        if (
            author
            and author.is_active
            and author.has_perm("partnerships.close_follow_up", follow_up)
        ):
            officers.append(author)
        add(officers, reminder)
        add(people.managers([follow_up.visit.kim]), reminder)
    return {user: list(reminders.values()) for user, reminders in due.items()}


def reminders_send(*, today=None):
    """Send today's new reminders, one e-mail per person; record each key sent."""
    today = today or timezone.localdate()
    result = RunResult()
    for user, reminders in sorted(due_reminders(today).items(), key=lambda item: item[0].pk):
        with transaction.atomic():
            # One run at a time per person: the second of two concurrent runs waits here,
            # then finds the keys recorded by the first.
            User.objects.select_for_update().filter(pk=user.pk).first()
            sent = set(
                ReminderSent.objects.filter(
                    recipient=user, key__in=[r.key for r in reminders]
                ).values_list("key", flat=True)
            )
            new = [r for r in reminders if r.key not in sent]
            result.skipped += len(reminders) - len(new)
            if not new or not user.email:
                continue
            ReminderSent.objects.bulk_create(
                [ReminderSent(recipient=user, key=r.key, sent_on=today) for r in new]
            )
            count = len(new)
            # The core's mail task, after the commit, in the recipient's language.
            mail.send(
                to=[user],
                subject=lambda count=count: (
                    ngettext(
                        "Portal KIM: %(n)s hal kemitraan perlu perhatian",
                        "Portal KIM: %(n)s hal kemitraan perlu perhatian",
                        count,
                    )
                    % {"n": count}
                ),
                template="partnerships/email/reminders.txt",
                context={
                    "user": user,
                    "reminders": new,
                    "home": settings.SITE_URL + reverse("dashboard"),
                },
            )
            result.emails += 1
            result.reminders += len(new)
    return result
