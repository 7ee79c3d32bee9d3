"""The Dinas letterhead for the agreement PDF.

Temporary bridge: the registry is adding `registry.selectors.offices.letterhead_for(area)`
(province or regency Dinas, with the government line and the signatory); until it lands on
main this reads the regency's letter settings through the registry's office service.
"""

import base64
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kimportal.core.areas.models import Province, Regency


@dataclass
class Letterhead:
    dinas_name: str
    address: str
    logo: str
    government: str
    signatory_name: str
    signatory_nip: str
    signatory_position: str
    signing_city: str
    missing: list = field(default_factory=list)


def _nip(nip):
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if len(nip) == 18 else nip


def letterhead_for(area_code):
    try:  # the shared letterhead, once the registry offers it
        from registry.selectors.offices import letterhead_for as shared
    except ImportError:
        shared = None
    if shared is not None:
        return shared(area_code)
    if len(area_code) == 2:
        province = Province.objects.get(pk=area_code)
        return Letterhead(
            dinas_name=_("Dinas Komunikasi dan Informatika"),
            address="",
            logo="",
            government=_("Pemerintah Provinsi %(name)s") % {"name": province.name},
            signatory_name="",
            signatory_nip="",
            signatory_position=_("Kepala Dinas Komunikasi dan Informatika Provinsi %(name)s")
            % {"name": province.name},
            signing_city="",
            missing=[_("pengaturan kop provinsi")],
        )
    from registry.services.office import office_for

    office = office_for(area_code)
    regency = Regency.objects.get(pk=area_code)
    logo = ""
    if office.logo:
        kind = "image/svg+xml" if office.logo_content_type == "image/svg+xml" else "image/png"
        logo = f"data:{kind};base64,{base64.b64encode(bytes(office.logo)).decode('ascii')}"
    return Letterhead(
        dinas_name=office.dinas_name,
        address=office.dinas_address,
        logo=logo,
        government=_("Pemerintah %(name)s") % {"name": regency.name},
        signatory_name=office.signatory_name,
        signatory_nip=_nip(office.signatory_nip),
        signatory_position=office.signatory_position,
        signing_city=office.signing_city,
        missing=[str(label) for label in office.letter_settings_missing],
    )
