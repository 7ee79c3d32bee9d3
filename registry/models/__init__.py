from .documents import Document, DocumentKind
from .kim import EDITABLE_BY_MANAGER, Kim, KimStatus, StatusChange, VerificationNote
from .letters import Letter, LetterStatus
from .office import ProvinceOffice, RegencyOffice
from .roster import Gender, Member, Position, Roster

__all__ = [
    "EDITABLE_BY_MANAGER",
    "Document",
    "DocumentKind",
    "Gender",
    "Kim",
    "KimStatus",
    "Letter",
    "LetterStatus",
    "Member",
    "Position",
    "ProvinceOffice",
    "RegencyOffice",
    "Roster",
    "StatusChange",
    "VerificationNote",
]
