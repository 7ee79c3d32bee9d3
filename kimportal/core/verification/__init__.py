"""Public verification of what the portal issues (letters, agreements, certificates): by
the code printed under the document's QR code, or by uploading the PDF (its SHA-256).

The core names no document: each app registers its kinds in `<app>/verification.py`,
found at start-up. A kind says how to find a document by token or hash, which partial
shows its public facts (never personal data), and how to count a check.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from kimportal.core.verification.tokens import new_token, normalize_token, token_display

__all__ = [
    "Kind",
    "find",
    "find_by_sha256",
    "kinds",
    "new_token",
    "normalize_token",
    "register",
    "token_display",
    "url_for",
]


@dataclass(frozen=True)
class Kind:
    name: str
    title: object  # heading of its verification page (translated lazily)
    by_token: Callable  # token -> document or None
    by_sha256: Callable  # hex digest -> document or None
    template: str  # partial showing the document's public facts
    context: Callable  # document -> template context
    count: Callable = field(default=lambda document: None)  # record one public check


_KINDS = {}


def register(kind):
    if kind.name in _KINDS:
        raise ValueError(f"verification kind registered twice: {kind.name}")
    _KINDS[kind.name] = kind
    return kind


def kinds():
    return list(_KINDS.values())


def discover():
    autodiscover_modules("verification")


def find(token):
    """(kind, document) for a normalised token, or None."""
    for kind in _KINDS.values():
        document = kind.by_token(token)
        if document is not None:
            return kind, document
    return None


def find_by_sha256(digest):
    for kind in _KINDS.values():
        document = kind.by_sha256(digest)
        if document is not None:
            return kind, document
    return None


def url_for(token):
    """The absolute address printed and encoded in the QR code."""
    return settings.SITE_URL + reverse("verification:document", args=[token])


def check_page_url():
    return settings.SITE_URL + reverse("verification:check")
