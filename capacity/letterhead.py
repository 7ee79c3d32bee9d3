"""The organiser's letterhead and signatory for certificates and the attendance sheet.

The shared source is `registry.selectors.offices.letterhead_for(area_code)` (the same kop
and signatory as the KIM letters). Until it is on main, a plain letterhead from the
regency's letter settings stands in.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PlainLetterhead:
    government: str
    dinas_name: str
    dinas_address: str = ""
    logo: str = ""
    signatory_name: str = ""
    signatory_nip: str = ""
    signatory_position: str = ""
    signing_city: str = ""
    missing: list = field(default_factory=list)


def letterhead_for_event(event):
    try:
        from registry.selectors.offices import letterhead_for
    except ImportError:
        return _plain(event)
    return letterhead_for(event.organiser_code)


def _plain(event):
    if event.regency_id:
        government = _("Pemerintah %(area)s") % {"area": event.regency.name}
    else:
        government = _("Pemerintah Provinsi %(area)s") % {"area": event.province.name.title()}
    return PlainLetterhead(
        government=government,
        dinas_name=_("Dinas Komunikasi dan Informatika"),
        signatory_position=_("Kepala Dinas Komunikasi dan Informatika"),
        signing_city=(event.regency or event.province)
        .name.replace("Kabupaten ", "")
        .replace("Kota ", "")
        .title(),
    )
