"""The Surat Keterangan Terdaftar as a PDF: what is printed, laid out by WeasyPrint.

Pure rendering: no database writes and no checks. The letter service gathers the facts,
takes the number, and stores the bytes this module returns.
"""

from dataclasses import dataclass

import segno
from django.utils.safestring import mark_safe

from kimportal.core import verification
from kimportal.core.pdf import render_document
from registry.models import Document, Kim, RegencyOffice, Roster
from registry.selectors.offices import letterhead_of

LETTER_TEMPLATE = "registry/letters/letter_pdf.html"
# Parsed once per process, not for every letter (kimportal.core.pdf.stylesheet).
LETTER_CSS = ("pdf/letterhead.css", "registry/letters/letter_pdf.css")


@dataclass(frozen=True)
class LetterFacts:
    """Everything printed on a letter, gathered before the number is taken."""

    kim: Kim
    office: RegencyOffice
    roster: Roster
    board: list
    sk: Document | None


def qr_svg(url):
    """The QR code of `url` as inline SVG (vector); sized by the template's CSS."""
    return mark_safe(segno.make(url, error="m").svg_inline(border=2, omitsize=True))


def letter_context(facts, *, number, token, issued_on, valid_until):
    kim, office = facts.kim, facts.office
    village = kim.village
    regency = village.district.regency
    url = verification.url_for(token)
    return {
        "kim": kim,
        "office": office,
        "letterhead": letterhead_of(office),
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
        "verify_url": url,
        "verify_page": verification.check_page_url(),
        "token": verification.token_display(token),
        "qr": qr_svg(url),
    }


def render_letter(facts, *, number, token, issued_on, valid_until, cache=None):
    """The letter's PDF bytes: one page; unusually long content is set more compactly."""
    context = letter_context(
        facts, number=number, token=token, issued_on=issued_on, valid_until=valid_until
    )

    def layout(compact):
        return render_document(
            LETTER_TEMPLATE, {**context, "compact": compact}, cache=cache, stylesheets=LETTER_CSS
        )

    document = layout(compact=False)
    if len(document.pages) > 1:
        document = layout(compact=True)
    return document.write_pdf()
