from .agreements import (
    AGREEMENT_STATUS_RANK,
    Agreement,
    AgreementDocument,
    AgreementEvaluation,
    AgreementStatus,
    Objectives,
    Recommendation,
    Scope,
)
from .forums import Forum, ForumInvitation, ForumMember
from .mapping import MappingScore
from .reminders import ReminderSent
from .reports import ActivityReport, Adinda, Channel, ReportPhoto, ReportStatus
from .supervision import FollowUp, FollowUpStatus, Visit, VisitKind

__all__ = [
    "AGREEMENT_STATUS_RANK",
    "ActivityReport",
    "Adinda",
    "Agreement",
    "AgreementDocument",
    "AgreementEvaluation",
    "AgreementStatus",
    "Channel",
    "FollowUp",
    "FollowUpStatus",
    "Forum",
    "ForumInvitation",
    "ForumMember",
    "MappingScore",
    "Objectives",
    "Recommendation",
    "ReminderSent",
    "ReportPhoto",
    "ReportStatus",
    "Scope",
    "Visit",
    "VisitKind",
]
