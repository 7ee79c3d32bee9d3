"""Helpers shared by the partnership views: breadcrumbs, file responses, the Dinas a user
works for, the KIM behind a URL."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kimportal.core.access import refusal
from kimportal.core.access.predicates import working_area
from kimportal.core.uploads import DOCUMENT_TYPES, EXTENSIONS, PDF
from registry.selectors.partners import kim_for

# As registry/views/documents.py: files must not be guessed, cached or run; inline PDFs
# get a strict policy without `sandbox` (browser PDF viewers need it) and our frames only.
CSP_SANDBOXED = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
CSP_INLINE_PDF = (
    "default-src 'none'; img-src 'self' data: blob:; style-src 'unsafe-inline'; "
    "object-src 'self'; frame-ancestors 'self'"
)


def crumbs(*more, section=None):
    """Kemitraan › `section` (label, url) › `more` (label, url-or-None) pairs."""
    trail = [(_("Kemitraan"), reverse("partnerships:agreement-list"))]
    if section:
        trail.append(section)
    return trail + list(more)


def dinas_of(user):
    """The Dinas (area code) `user` works for: a regency officer's regency, provincial
    staff's province; None for anyone else."""
    province, regency = working_area(user)
    return regency or province or None


def own_dinas(user, perm):
    """The Dinas `user` creates things for; others (system admins) get the permission's
    refusal (they pass the page's door, but sign for no Dinas)."""
    code = dinas_of(user)
    if not code:
        raise PermissionDenied(refusal(perm))
    return code


def kim_or_404(user, pk):
    kim = kim_for(user, pk)
    if kim is None:
        raise Http404
    return kim


def stored_file_response(stored, *, name_stem, inline):
    """Stream an uploaded file (content type from its bytes, checked on upload)."""
    content_type = (
        stored.content_type if stored.content_type in DOCUMENT_TYPES else "application/octet-stream"
    )
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = (
        f"{slugify(name_stem)[:60] or 'berkas'}-{stored.pk}.{EXTENSIONS.get(content_type, 'bin')}"
    )
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = (
        CSP_INLINE_PDF if inline and content_type == PDF else CSP_SANDBOXED
    )
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
