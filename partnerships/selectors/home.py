"""The partnership panels of the home pages: what is ending, waiting or overdue.

One function for every role; what a user may do decides which lists are filled, and every
list is limited, so the home page costs the same few queries whatever the data.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from partnerships.models import (
    ActivityReport,
    Agreement,
    AgreementEvaluation,
    AgreementStatus,
    FollowUp,
    Visit,
)
from partnerships.selectors import agreements as agreement_selectors
from partnerships.selectors import reports as report_selectors
from partnerships.selectors import supervision as supervision_selectors

SHOWN = 5
# What the panels read: a save or delete of any of these makes a cached panel out of date.
HOME_READS = (Agreement, AgreementEvaluation, ActivityReport, FollowUp, Visit)


@dataclass
class PartnershipHome:
    reviews: bool = False  # the user reviews reports (an officer)
    files: bool = False  # the user files reports (a KIM manager)
    ending: list = field(default_factory=list)
    ending_count: int = 0
    awaiting: list = field(default_factory=list)
    awaiting_count: int = 0
    clarification: list = field(default_factory=list)
    active: list = field(default_factory=list)
    evaluation_due: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    open_count: int = 0
    overdue_count: int = 0

    @property
    def empty(self):
        return not (
            self.ending
            or self.awaiting
            or self.clarification
            or self.active
            or self.evaluation_due
            or self.follow_ups
        )


def home_for(user):
    """The panels for `user`: officers 4–7 queries, KIM managers 5."""
    today = timezone.localdate()
    home = PartnershipHome(
        reviews=user.has_perm("partnerships.review_report"),
        files=user.has_perm("partnerships.file_report"),
    )
    agreements = agreement_selectors.agreements_for(user).defer("pdf")
    ending = list(agreement_selectors.ending_soon(agreements, today)[: SHOWN + 1])
    home.ending, home.ending_count = ending[:SHOWN], len(ending)
    reports = report_selectors.reports_for(user)
    if home.reviews:
        waiting = list(report_selectors.awaiting_review(reports)[: SHOWN + 1])
        home.awaiting, home.awaiting_count = waiting[:SHOWN], len(waiting)
        home.evaluation_due = list(agreement_selectors.awaiting_evaluation(agreements)[:SHOWN])
    if home.files:
        home.clarification = list(report_selectors.needing_clarification(reports)[:SHOWN])
        home.active = list(
            agreements.filter(status=AgreementStatus.ACTIVE).order_by("end_date", "pk")[:SHOWN]
        )
    follow_ups = supervision_selectors.follow_ups_for(user)
    home.follow_ups = list(supervision_selectors.open_follow_ups(follow_ups)[:SHOWN])
    if home.follow_ups:
        counts = supervision_selectors.open_follow_ups(follow_ups).aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
        )
        home.open_count, home.overdue_count = counts["open"], counts["overdue"]
    return home
