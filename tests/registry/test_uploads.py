"""kimportal.core.uploads: files are judged by their bytes, never by name or declared type."""

import hashlib
import io
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from kimportal.core.uploads import (
    IMAGE_TYPES,
    JPEG,
    PDF,
    PNG,
    sniff,
    validate_upload,
)
from tests.upload_samples import (
    ELF_BYTES,
    EXE_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    upload,
)

WRONG_TYPE = "Berkas harus PDF, JPG atau PNG; isi berkas ini bukan salah satunya."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (JPEG_BYTES, JPEG),
        (PNG_BYTES, PNG),
        (EXE_BYTES, None),
        (ELF_BYTES, None),
        (HTML_BYTES, None),
        (b"", None),
        (b"%PD", None),
    ],
)
def test_sniff_reads_magic_bytes_and_keeps_the_position(content, expected):
    file = io.BytesIO(content)
    file.seek(2 if content else 0)
    assert sniff(file) == expected
    assert file.tell() == (2 if content else 0)


@pytest.mark.parametrize(
    ("content", "expected"), [(PDF_BYTES, PDF), (JPEG_BYTES, JPEG), (PNG_BYTES, PNG)]
)
def test_real_pdf_jpeg_and_png_are_accepted_with_hash_and_size(content, expected):
    # The name and the browser's type lie on purpose: only the bytes count.
    file = upload(content, name="scan.exe", content_type="text/html")
    checked = validate_upload(file)
    assert checked.content_type == expected
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert file.tell() == 0  # ready to be stored


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (EXE_BYTES, "sk.pdf"),
        (ELF_BYTES, "sk.pdf"),
        (HTML_BYTES, "sk.pdf"),
        (b"GIF89a\x01\x00\x01\x00", "foto.png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.png"),
    ],
)
def test_other_content_is_refused_whatever_the_name(content, name):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(content, name=name, content_type="application/pdf"))
    assert refused.value.code == "file_type"
    assert refused.value.messages == [WRONG_TYPE]


def test_allowed_types_narrow_the_check_and_the_message():
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(PDF_BYTES), allowed=IMAGE_TYPES)
    assert refused.value.messages == [
        "Berkas harus JPG atau PNG; isi berkas ini bukan salah satunya."
    ]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(b""))
    assert refused.value.code == "file_empty"
    assert "kosong" in refused.value.messages[0]


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_file_over_the_setting_is_refused_before_reading():
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(PDF_BYTES + b"0" * 1024))
    assert refused.value.code == "file_too_large"
    assert "MB" in refused.value.messages[0]


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_stream_longer_than_the_limit_is_refused_while_reading():
    # A stream without a trustworthy size is counted as it is read.
    stream = io.BytesIO(PDF_BYTES + b"0" * 2048)
    with pytest.raises(ValidationError) as refused:
        validate_upload(stream)
    assert refused.value.code == "file_too_large"


def test_file_exactly_at_the_limit_passes():
    content = PDF_BYTES + b"0" * (2048 - len(PDF_BYTES))
    assert validate_upload(upload(content), max_bytes=2048).size == 2048


@pytest.mark.parametrize(
    ("limit", "shown"),
    [(10 * 1024 * 1024, "10"), (1536 * 1024, "1,5"), (256 * 1024, "0,25"), (100, "0,01")],
)
def test_size_message_states_the_limit_in_megabytes(limit, shown):
    # The declared size is enough to refuse: no need to build a 10 MB body.
    big = upload(PDF_BYTES)
    big.size = limit + 1
    with pytest.raises(ValidationError) as refused:
        validate_upload(big, max_bytes=limit)
    assert refused.value.messages == [f"Berkas terlalu besar; batas ukuran berkas {shown} MB."]


# --- a file must open as what its first bytes claim -----------------------------------


def _refused(content, code):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(content))
    assert refused.value.code == code, refused.value.messages
    return refused.value.messages[0]


def _pdf_writer(pages=1):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=200, height=200)
    return writer


def _written(writer):
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_html_polyglot_is_refused():
    polyglot = b"%PDF-1.4\n<html><script>alert(document.domain)</script></html>"
    assert len(polyglot) < 64
    assert sniff(upload(polyglot)) == PDF  # the first bytes alone would let it in
    assert _refused(polyglot, "pdf_broken").startswith("Berkas ini tidak dapat dibuka sebagai PDF")


@pytest.mark.parametrize(
    "content", [PDF_BYTES[: len(PDF_BYTES) // 3], b"%PDF-1.7\n" + b"\x00" * 200, b"%PDF-"]
)
def test_damaged_pdf_is_refused(content):
    _refused(content, "pdf_broken")


def test_pdf_without_pages_is_refused():
    assert "tidak berisi halaman" in _refused(_written(_pdf_writer(pages=0)), "pdf_empty")


def test_pdf_that_needs_a_password_to_open_is_refused():
    writer = _pdf_writer()
    writer.encrypt(user_password="rahasia", owner_password="pemilik", algorithm="AES-128")
    assert "kata sandi" in _refused(_written(writer), "pdf_encrypted")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_only_an_owner_password_opens_anywhere_and_is_accepted(algorithm):
    writer = _pdf_writer(pages=2)
    writer.encrypt(user_password="", owner_password="pemilik", algorithm=algorithm)
    assert validate_upload(upload(_written(writer))).content_type == PDF


def _noise_image(fmt, size=(64, 64)):
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", size, bytes(range(256)) * (size[0] * size[1] * 3 // 256)).save(
        out, format=fmt
    )
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
@pytest.mark.parametrize("weasyprint_loaded", [False, True])
def test_truncated_images_are_refused(fmt, weasyprint_loaded, monkeypatch):
    from PIL import ImageFile

    # WeasyPrint sets this for the whole process once it is imported (any PDF rendered):
    # Pillow then pads a cut-off picture in silence. The check must not depend on it.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", weasyprint_loaded)
    data = _noise_image(fmt)
    assert validate_upload(upload(data)).size == len(data)
    assert "rusak atau tidak lengkap" in _refused(data[: len(data) // 2], "image_broken")


def _png(width, height, idat, colour_type=0):
    def chunk(kind, body):
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_png_whose_pixels_do_not_inflate_is_refused_even_with_good_crcs():
    _refused(_png(4, 4, b"not zlib at all"), "image_broken")
    _refused(_png(4, 4, zlib.compress(b"\x00" * 5)), "image_broken")  # too short


def test_png_decompression_bomb_is_stopped_with_bounded_memory():
    # 100 × 100 grey promises 10,100 bytes; the stream inflates to 50 MB.
    bomb = _png(100, 100, zlib.compress(b"\x00" * 50_000_000, 9))
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        _refused(bomb, "image_broken")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def test_large_png_is_checked_without_holding_its_pixels():
    # 4,000 × 4,000 RGB: 48 MB of pixels, checked in 64 KB steps.
    width = height = 4000
    row = b"\x00" + b"\x0b\x53\x94" * width
    big = _png(width, height, zlib.compress(row * height, 9), colour_type=2)
    tracemalloc.start()
    try:
        assert validate_upload(upload(big)).content_type == PNG
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_image_with_too_many_pixels_is_refused_from_its_header():
    huge = _png(20_000, 20_000, zlib.compress(b"\x00"))
    assert "terlalu besar" in _refused(huge, "image_too_large")
    wide = _png(60_000, 1_001, zlib.compress(b"\x00"))
    _refused(wide, "image_too_large")


@pytest.mark.parametrize(
    "options",
    [{"progressive": True}, {"exif": b"Exif\x00\x00" + b"\x00" * 64}, {"quality": 30}],
    ids=["progressive", "exif", "low-quality"],
)
def test_complete_jpeg_variants_are_accepted(options):
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (96, 64), bytes(range(256)) * 72).save(out, "JPEG", **options)
    data = out.getvalue() + b"\x00\x00"  # some cameras pad after the end marker
    assert validate_upload(upload(data)).content_type == JPEG
