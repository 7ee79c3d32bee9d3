"""The certificate of attendance as a PDF (WeasyPrint, like the letters): pure rendering."""

import segno
from django.utils.safestring import mark_safe

from kimportal.core import verification
from kimportal.core.pdf import render_document

CERTIFICATE_TEMPLATE = "capacity/pdf/certificate.html"


def organiser_full_name(event, letterhead):
    """The organiser as certificates name it ("Dinas Komunikasi dan Informatika Kab. X")."""
    name = str(letterhead.dinas_name or "").strip()
    area = str(event.area_name)
    return name if name.lower().endswith(area.lower()) else f"{name} {area}".strip()


def qr_svg(url):
    return mark_safe(segno.make(url, error="m").svg_inline(border=2, omitsize=True))


def certificate_context(
    *, event, letterhead, number, token, name, position, organisation, issued_on, people
):
    url = verification.url_for(token)
    return {
        "event": event,
        "days": event.days,
        "letterhead": letterhead,
        "organiser": organiser_full_name(event, letterhead),
        "number": number,
        "name": name,
        "position": position,
        "organisation": organisation,
        "issued_on": issued_on,
        "people": people,
        "verify_url": url,
        "verify_page": verification.check_page_url(),
        "token": verification.token_display(token),
        "qr": qr_svg(url),
    }


def render_certificate(context, *, cache=None):
    return render_document(CERTIFICATE_TEMPLATE, context, cache=cache).write_pdf()


def render_attendance_sheet(context):
    return render_document("capacity/pdf/attendance_sheet.html", context).write_pdf()
