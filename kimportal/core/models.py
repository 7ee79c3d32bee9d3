"""The core app's models, defined in the sub-packages that own them."""

from kimportal.core.accounts.models import User
from kimportal.core.areas.models import District, Province, Regency, Village
from kimportal.core.audit.models import AuditEntry
from kimportal.core.jobs.models import Job, JobState
from kimportal.core.numbering import Counter

__all__ = [
    "AuditEntry",
    "Counter",
    "District",
    "Job",
    "JobState",
    "Province",
    "Regency",
    "User",
    "Village",
]
