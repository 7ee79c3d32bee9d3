"""kimportal.core.uploads: files are judged by their bytes, never by name or declared type."""

import hashlib
import io

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
