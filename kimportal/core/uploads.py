"""Checking uploaded files by what they contain, never by their name or the browser's word.

`validate_upload` reads the file once in chunks: it refuses empty and oversized files and
files whose first bytes are not one of the allowed formats, and returns the detected
content type, size and SHA-256. Used for legal documents; meant for logos and letters too.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# Magic bytes at offset 0. Anything else (HTML, SVG, ZIP, MZ/ELF executables...) is refused.
SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
HEADER_BYTES = max(len(magic) for magic, _type in SIGNATURES)

DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG})
IMAGE_TYPES = frozenset({JPEG, PNG})

LABELS = {PDF: "PDF", JPEG: "JPG", PNG: "PNG"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
# The HTML `accept` attribute for file inputs: a hint for the picker, not a check.
ACCEPT = {PDF: ".pdf,application/pdf", JPEG: ".jpg,.jpeg,image/jpeg", PNG: ".png,image/png"}

CHUNK_SIZE = 64 * 1024
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def sniff(file):
    """The content type of `file` from its first bytes, or None. The position is kept."""
    position = file.tell()
    try:
        file.seek(0)
        header = file.read(HEADER_BYTES)
    finally:
        file.seek(position)
    for magic, content_type in SIGNATURES:
        if header.startswith(magic):
            return content_type
    return None


def megabytes(size):
    """`size` in MB for messages: '10', '1,5', '0,25' (Indonesian separators, never '0')."""
    value = size / MEGABYTE
    if value == int(value):
        return number_format(int(value), use_l10n=True)
    decimals = 1 if value >= 1 else 2
    return number_format(max(value, 10**-decimals), decimal_pos=decimals, use_l10n=True)


def _type_list(allowed):
    labels = [LABELS[t] for t in sorted(allowed, key=list(LABELS).index)]
    if len(labels) == 1:
        return labels[0]
    return format_lazy(
        gettext_lazy("{first} atau {last}"), first=", ".join(labels[:-1]), last=labels[-1]
    )


def accept_attribute(allowed=DOCUMENT_TYPES):
    return ",".join(ACCEPT[t] for t in sorted(allowed, key=list(LABELS).index))


def validate_upload(file, allowed=DOCUMENT_TYPES, max_bytes=None):
    """Check `file` by its content; return CheckedUpload or raise ValidationError.

    The declared size is checked before reading (cheap refusal), and the bytes are
    counted while reading (a stream may lie about its size).
    """
    if max_bytes is None:
        max_bytes = settings.UPLOAD_MAX_BYTES
    too_large = ValidationError(
        _("Berkas terlalu besar; batas ukuran berkas %(limit)s MB.")
        % {"limit": megabytes(max_bytes)},
        code="file_too_large",
    )
    declared = getattr(file, "size", None)
    if declared is not None and declared > max_bytes:
        raise too_large

    content_type = sniff(file)
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    while chunk := file.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            file.seek(0)
            raise too_large
        digest.update(chunk)
    file.seek(0)

    if size == 0:
        raise ValidationError(_("Berkas kosong; pilih berkas yang berisi."), code="file_empty")
    if content_type not in allowed:
        raise ValidationError(
            _("Berkas harus %(types)s; isi berkas ini bukan salah satunya.")
            % {"types": _type_list(allowed)},
            code="file_type",
        )
    return CheckedUpload(content_type=content_type, size=size, sha256=digest.hexdigest())
