"""The agreement's text as a PDF for signing: parties, scope, obligations, term, signatories,
and a QR code to the public verification page. Pure rendering: no writes, no checks (the
service `agreement_pdf` stores what this returns)."""

from dataclasses import dataclass

import segno
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kimportal.core import verification
from kimportal.core.pdf import render_pdf
from partnerships.selectors.agreements import parties_of
from partnerships.selectors.forums import board_of
from registry.selectors.offices import letterhead_for
from registry.selectors.partners import kim_heads

TEMPLATE = "partnerships/agreement_pdf.html"


@dataclass(frozen=True)
class Party:
    """One party of the second part, as printed: name, who signs, and who they are."""

    name: str
    head: str
    description: str


def qr_svg(url):
    """The QR code of `url` as inline SVG (vector); sized by the template's CSS."""
    return mark_safe(segno.make(url, error="m").svg_inline(border=2, omitsize=True))


def _forum_head(forum):
    ketua = next((m for m in board_of(forum, show_personal=False) if m.position == "ketua"), None)
    return ketua.full_name if ketua else ""


def agreement_context(agreement, *, letterhead=None, printed_on=None):
    kims, forums = parties_of(agreement)
    heads = kim_heads([kim.pk for kim in kims])
    url = verification.url_for(agreement.token)
    parties = [
        Party(
            name=kim.name,
            head=heads.get(kim.pk, ""),
            description=_(
                "Ketua %(name)s (Nomor Induk %(nomor)s), Desa/Kelurahan %(village)s, "
                "Kecamatan %(district)s, %(regency)s"
            )
            % {
                "name": kim.name,
                "nomor": kim.nomor_induk or "—",
                "village": kim.village.name,
                "district": kim.village.district.name,
                "regency": kim.village.district.regency.name,
            },
        )
        for kim in kims
    ] + [
        Party(
            name=forum.name,
            head=_forum_head(forum),
            description=_("Ketua %(name)s") % {"name": forum.name},
        )
        for forum in forums
    ]
    letterhead = letterhead or letterhead_for(agreement.dinas_code)
    province = len(letterhead.code) == 2
    return {
        "agreement": agreement,
        "letterhead": letterhead,
        # "Dinas Komunikasi dan Informatika Kabupaten Serang" / "… Provinsi Banten"
        "dinas": " ".join(
            [letterhead.dinas_name, _("Provinsi") if province else "", letterhead.area_name]
        ).replace("  ", " "),
        "parties": parties,
        "signed_on": printed_on or timezone.localdate(),
        "verify_url": url,
        "verify_page": verification.check_page_url(),
        "token": agreement.token_display,
        "qr": qr_svg(url),
    }


def render_agreement(agreement, *, letterhead=None):
    """The PDF bytes of the agreement as it stands (in Bahasa Indonesia), on the letterhead
    of its Dinas (the same kop and signature block as the registry's letters)."""
    return render_pdf(TEMPLATE, agreement_context(agreement, letterhead=letterhead))
