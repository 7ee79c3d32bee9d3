"""Checking uploaded files by what they contain, never by their name or the browser's word.

`validate_upload` reads the file once in chunks: it refuses empty and oversized files and
files whose first bytes are not one of the allowed formats; then it opens the file as
what it claims to be (first bytes prove nothing: a 54-byte "%PDF-" + HTML polyglot
passed): a PDF must parse (pypdf) and have at least one page; a JPEG or PNG must be
complete and decode. It returns the detected content type, size and SHA-256.

Memory stays bounded: files are at most UPLOAD_MAX_BYTES; images over MAX_IMAGE_PIXELS
are refused from their header, before decoding; a JPEG's segments are walked to its end
marker and it is decoded at 1/8 scale (every byte of it is still decoded); a PNG's pixel
stream is inflated in 64 KB steps and counted,
never kept, so a decompression bomb is stopped at the size its header promises.

Encrypted PDFs: one that opens without a password (only an "owner" password restricting
printing or editing, as scanners and e-signature tools often set) is accepted — every
viewer opens it; one that needs a password to open is refused, since an officer could
not read it.
"""

import hashlib
import logging
import math
import struct
import warnings
import zlib
from dataclasses import dataclass, field

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
# A 600 dpi A4 scan is 35 megapixels; a phone photo 12–50.
MAX_IMAGE_PIXELS = 60_000_000

# pypdf reports each oddity of a damaged upload at WARNING; the refusal says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


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
    try:
        CONTENT_CHECKS[content_type](file)
    finally:
        file.seek(0)
    return CheckedUpload(content_type=content_type, size=size, sha256=digest.hexdigest())


# --- opening the file as what it claims to be ---------------------------------------


def check_pdf(file):
    """A PDF that opens (without a password) and has at least one page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    broken = ValidationError(
        _(
            "Berkas ini tidak dapat dibuka sebagai PDF: rusak atau bukan PDF. Simpan ulang "
            "atau pindai kembali, lalu unggah lagi."
        ),
        code="pdf_broken",
    )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(file, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValidationError(
                    _(
                        "PDF ini terlindungi kata sandi sehingga tidak dapat dibuka petugas. "
                        "Simpan tanpa kata sandi, lalu unggah lagi."
                    ),
                    code="pdf_encrypted",
                )
            pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError):
        raise broken from None
    except RecursionError:  # a page tree nested or looped without end
        raise broken from None
    if pages < 1:
        raise ValidationError(
            _("PDF ini tidak berisi halaman. Unggah pindaian dokumennya."), code="pdf_empty"
        )


def _image_broken():
    return ValidationError(
        _(
            "Gambar ini rusak atau tidak lengkap sehingga tidak dapat ditampilkan. Simpan "
            "atau pindai ulang, lalu unggah lagi."
        ),
        code="image_broken",
    )


class _KeepOpen:
    """The upload as Pillow sees it: Pillow closes what it opened, the upload stays open."""

    def __init__(self, file):
        self._file = file

    def __getattr__(self, name):
        return getattr(self._file, name)

    def close(self):
        pass


def _open_image(file, expected_format):
    """The image's header, read by Pillow, after the pixel-count limit."""
    from PIL import Image, UnidentifiedImageError

    file.seek(0)
    too_large = ValidationError(
        _(
            "Gambar terlalu besar; paling banyak %(limit)s megapiksel. Perkecil "
            "resolusinya, lalu unggah lagi."
        )
        % {"limit": MAX_IMAGE_PIXELS // 1_000_000},
        code="image_too_large",
    )
    try:
        # Only the plugin of the sniffed format runs on an untrusted file.
        image = Image.open(_KeepOpen(file), formats=[expected_format])
    except Image.DecompressionBombError:
        raise too_large from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _image_broken() from None
    width, height = image.size
    if image.format != expected_format or width < 1 or height < 1:
        image.close()
        raise _image_broken()
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise too_large
    return image


def _jpeg_reaches_its_end(data):
    """Walk the JPEG's segments and entropy-coded scans to its EOI marker. Pillow cannot
    be asked this: WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process,
    and Pillow then pads a cut-off picture (and ignores decoder errors) in silence."""
    pos, end = 2, len(data)  # after SOI
    while pos + 1 < end:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # EOI
            return True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            pos += 2
            continue
        if pos + 4 > end:
            return False
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if pos > end:
            return False
        if marker == 0xDA:  # SOS: entropy-coded data up to the next real marker
            while True:
                found = data.find(b"\xff", pos)
                if found < 0 or found + 1 >= end:
                    return False
                following = data[found + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos = found + 2  # a stuffed byte or a restart marker: still the scan
                elif following == 0xFF:
                    pos = found + 1
                else:
                    pos = found
                    break
    return False


def check_jpeg(file):
    """The JPEG's structure walked to its end marker, and the whole stream decoded at 1/8
    scale (memory: a fraction of the picture; the file itself is within the size limit)."""
    from PIL import Image

    file.seek(0)
    if not _jpeg_reaches_its_end(file.read()):
        raise _image_broken()
    image = _open_image(file, "JPEG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _image_broken() from None
    finally:
        image.close()


# PNG colour type -> samples per pixel.
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# Adam7 interlacing passes: (x0, y0, dx, dy).
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2))
_ADAM7 += ((0, 1, 1, 2),)


def _png_raw_size(width, height, bit_depth, colour_type, interlaced):
    """Bytes the inflated pixel stream must have: each row is a filter byte + pixels."""
    bits = bit_depth * _PNG_CHANNELS[colour_type]

    def rows(w, h):
        return h * (1 + math.ceil(w * bits / 8)) if w and h else 0

    if not interlaced:
        return rows(width, height)
    return sum(
        rows(math.ceil((width - x0) / dx), math.ceil((height - y0) / dy))
        if width > x0 and height > y0
        else 0
        for x0, y0, dx, dy in _ADAM7
    )


def check_png(file):
    """Every chunk's CRC (Pillow's verify), then the pixel stream inflated in steps and
    counted: complete, and not one byte more than the header promises (no bomb)."""
    image = _open_image(file, "PNG")
    try:
        image.verify()
    except Exception:  # Pillow raises many kinds for a damaged PNG
        raise _image_broken() from None
    finally:
        image.close()

    file.seek(8)
    header = file.read(25)
    if len(header) < 25 or header[4:8] != b"IHDR":
        raise _image_broken()
    width, height, bit_depth, colour_type, _c, _f, interlace = struct.unpack(
        ">IIBBBBB", header[8:21]
    )
    if colour_type not in _PNG_CHANNELS:
        raise _image_broken()
    expected = _png_raw_size(width, height, bit_depth, colour_type, interlace == 1)
    inflater = zlib.decompressobj()
    total = 0
    file.seek(8)
    try:
        while True:
            length_type = file.read(8)
            if len(length_type) < 8:
                raise _image_broken()  # no IEND: truncated
            length, kind = struct.unpack(">I4s", length_type)
            if kind == b"IEND":
                break
            if kind != b"IDAT":
                file.seek(length + 4, 1)  # skip the data and the CRC (verified above)
                continue
            remaining = length
            while remaining:
                data = file.read(min(CHUNK_SIZE, remaining))
                if not data:
                    raise _image_broken()
                remaining -= len(data)
                while data:
                    total += len(inflater.decompress(data, CHUNK_SIZE))
                    data = inflater.unconsumed_tail
                    if total > expected:
                        raise _image_broken()
            file.seek(4, 1)  # CRC
        total += len(inflater.flush())
    except zlib.error:
        raise _image_broken() from None
    if total != expected or not inflater.eof:
        raise _image_broken()


CONTENT_CHECKS = {PDF: check_pdf, JPEG: check_jpeg, PNG: check_png}


# --- files with no row ------------------------------------------------------------------
# A document's file is written to storage inside the transaction that creates its row, and
# removed again when that transaction fails. A worker killed between the two (or an outer
# transaction rolled back later) leaves a file no row names. `cleanup_orphan_uploads`
# removes those, run on a schedule; it only ever deletes files that are older than a grace
# period (an upload in progress is younger) and that no FileField of any model names.


@dataclass
class OrphanCleanup:
    checked: int = 0
    in_use: int = 0
    too_recent: int = 0
    deleted: list = field(default_factory=list)  # storage names


def _file_fields():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def _walk(storage, path=""):
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def cleanup_orphan_uploads(*, grace, dry_run=False, now=None):
    """Delete stored files older than `grace` (a timedelta) that no row names.

    Idempotent and safe to run while people upload: the files are listed before the
    rows are read, so a file committed in between is still found in use, and a file
    younger than `grace` is never touched. Returns an OrphanCleanup summary.
    """
    from django.utils import timezone

    now = now or timezone.now()
    storages = {}
    for _model, file_field in _file_fields():
        storages.setdefault(id(file_field.storage), file_field.storage)
    result = OrphanCleanup()
    for storage in storages.values():
        stored = list(_walk(storage))
        referenced = set()
        for model, file_field in _file_fields():
            if file_field.storage is storage:
                referenced.update(
                    model._default_manager.exclude(**{file_field.attname: ""})
                    .values_list(file_field.attname, flat=True)
                    .iterator(chunk_size=5000)
                )
        for name in stored:
            result.checked += 1
            if name in referenced:
                result.in_use += 1
                continue
            try:
                modified = storage.get_modified_time(name)
            except FileNotFoundError:
                continue  # removed meanwhile
            if now - modified < grace:
                result.too_recent += 1
                continue
            if not dry_run:
                storage.delete(name)
            result.deleted.append(name)
    return result
