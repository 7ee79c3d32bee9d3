"""The agreement's text as a PDF for signing: parties, scope, obligations, term, signatories,
and a QR code to the public verification page. Pure rendering: no writes, no checks (the
service `agreement_pdf` stores what this returns)."""

import segno
from django.utils import timezone
from django.utils.safestring import mark_safe

from kimportal.core import verification
from kimportal.core.pdf import render_pdf
from partnerships.letterhead import letterhead_for
from partnerships.selectors.agreements import parties_of
from partnerships.selectors.forums import board_of
from registry.selectors.partners import kim_heads

TEMPLATE = "partnerships/agreement_pdf.html"


def qr_svg(url):
    """The QR code of `url` as inline SVG (vector); sized by the template's CSS."""
    return mark_safe(segno.make(url, error="m").svg_inline(border=2, omitsize=True))


def _forum_head(forum):
    ketua = next((m for m in board_of(forum, show_personal=False) if m.position == "ketua"), None)
    return ketua.full_name if ketua else ""


def agreement_context(agreement, *, printed_on=None):
    kims, forums = parties_of(agreement)
    heads = kim_heads([kim.pk for kim in kims])
    url = verification.url_for(agreement.token)
    return {
        "agreement": agreement,
        "letterhead": letterhead_for(agreement.dinas_code),
        "kims": [(kim, heads.get(kim.pk, "")) for kim in kims],
        "forums": [(forum, _forum_head(forum)) for forum in forums],
        "printed_on": printed_on or timezone.localdate(),
        "verify_url": url,
        "verify_page": verification.check_page_url(),
        "token": agreement.token_display,
        "qr": qr_svg(url),
    }


def render_agreement(agreement):
    """The PDF bytes of the agreement as it stands (in Bahasa Indonesia)."""
    return render_pdf(TEMPLATE, agreement_context(agreement))
