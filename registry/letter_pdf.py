"""The Surat Keterangan Terdaftar as a PDF: what is printed, laid out by WeasyPrint.

Pure rendering: no database writes and no checks. The letter service gathers the facts,
takes the number, and stores the bytes this module returns.
"""

import base64
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kimportal.core.pdf import render_document
from registry.models import Document, Kim, RegencyOffice, Roster

LETTER_TEMPLATE = "registry/letters/letter_pdf.html"


@dataclass(frozen=True)
class LetterFacts:
    """Everything printed on a letter, gathered before the number is taken."""

    kim: Kim
    office: RegencyOffice
    roster: Roster
    board: list
    sk: Document | None


def verification_url(token):
    return settings.SITE_URL + reverse("registry:letter-verify", args=[token])


def qr_svg(url):
    """The QR code of `url` as inline SVG (vector); sized by the template's CSS."""
    return mark_safe(segno.make(url, error="m").svg_inline(border=2, omitsize=True))


def nip_display(nip):
    """`197001011995031001` -> `19700101 199503 1 001` (birth date, appointment, sex, serial)."""
    if len(nip) != 18:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def logo_data_uri(office):
    if not office.logo:
        return ""
    encoded = base64.b64encode(bytes(office.logo)).decode("ascii")
    content_type = "image/svg+xml" if office.logo_content_type == "image/svg+xml" else "image/png"
    return f"data:{content_type};base64,{encoded}"


NBSP = "\u00a0"


def no_widow(text, words=2):
    """Join the last `words` words with no-break spaces, so a wrapped line never leaves
    one word alone ("…Kabupaten / Serang,"): the signature block's title wraps in a
    narrow column. Short texts (up to `words` + 1 words) are left as they are."""
    parts = text.split()
    if len(parts) <= words + 1:
        return " ".join(parts)
    return " ".join(parts[:-words]) + " " + NBSP.join(parts[-words:])


def letter_context(facts, *, number, token, issued_on, valid_until):
    kim, office = facts.kim, facts.office
    village = kim.village
    regency = village.district.regency
    url = verification_url(token)
    return {
        "kim": kim,
        "office": office,
        "government": _("Pemerintah %(regency)s") % {"regency": regency.name},
        "logo": logo_data_uri(office),
        "village": village,
        "district": village.district,
        "regency": regency,
        "province": regency.province,
        "roster": facts.roster,
        "board": facts.board,
        "sk": facts.sk,
        "number": number,
        "issued_on": issued_on,
        "valid_until": valid_until,
        "nip": nip_display(office.signatory_nip),
        "signatory_position": no_widow(office.signatory_position),
        "verify_url": url,
        "verify_page": settings.SITE_URL + reverse("registry:verify"),
        "token": "-".join(token[i : i + 4] for i in range(0, len(token), 4)),
        "qr": qr_svg(url),
    }


def render_letter(facts, *, number, token, issued_on, valid_until, cache=None):
    """The letter's PDF bytes: one page; unusually long content is set more compactly."""
    context = letter_context(
        facts, number=number, token=token, issued_on=issued_on, valid_until=valid_until
    )
    document = render_document(LETTER_TEMPLATE, {**context, "compact": False}, cache=cache)
    if len(document.pages) > 1:
        document = render_document(LETTER_TEMPLATE, {**context, "compact": True}, cache=cache)
    return document.write_pdf()
