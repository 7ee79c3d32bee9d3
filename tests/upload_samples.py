"""Tiny real files (and impostors) for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _pdf():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _image(fmt):
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 83, 148)).save(out, format=fmt)
    return out.getvalue()


PDF_BYTES = _pdf()
PNG_BYTES = _image("PNG")
JPEG_BYTES = _image("JPEG")
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"This program"
ELF_BYTES = b"\x7fELF\x02\x01\x01" + b"\x00" * 60
HTML_BYTES = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def upload(content, name="berkas.pdf", content_type="application/pdf"):
    """An uploaded file whose name and declared type say nothing true about its content."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name="sk-kepala-desa.pdf"):
    return upload(PDF_BYTES, name)


def png(name="susunan.png"):
    return upload(PNG_BYTES, name, "image/png")


def jpeg(name="pernyataan.jpg"):
    return upload(JPEG_BYTES, name, "image/jpeg")
