"""A Dinas's letterhead and signatory, as every issued document prints them (public:
partnerships and capacity print agreements and certificates with it)."""

import base64
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kimportal.core.pdf import no_widow
from registry.models import ProvinceOffice
from registry.services.office import office_for


@dataclass(frozen=True)
class Letterhead:
    code: str  # "36" (a province's Dinas) or "36.04" (a regency's)
    area_name: str  # "Kabupaten Serang", "Banten"
    government: str  # "Pemerintah Kabupaten Serang", "Pemerintah Provinsi Banten"
    dinas_name: str
    dinas_address: str
    logo: str  # a data: URI, or ""
    signatory_name: str
    signatory_nip: str  # as printed: "19700101 199503 1 001"
    signatory_position: str
    signing_city: str
    missing: list  # labels of the settings still empty; documents wait for them


def letterhead_for(code):
    """The letterhead of the Dinas of area `code` (settings created empty the first time)."""
    return letterhead_of(office_for(code))


def letterhead_of(office):
    if isinstance(office, ProvinceOffice):
        area = office.province
        government = _("Pemerintah Provinsi %(name)s") % {"name": area.name}
    else:
        area = office.regency
        government = _("Pemerintah %(regency)s") % {"regency": area.name}
    return Letterhead(
        code=area.pk,
        area_name=area.name,
        government=government,
        dinas_name=office.dinas_name,
        dinas_address=office.dinas_address,
        logo=logo_data_uri(office),
        signatory_name=office.signatory_name,
        signatory_nip=nip_display(office.signatory_nip),
        # Printed in a narrow column: its last two words stay together (no widow).
        signatory_position=no_widow(office.signatory_position),
        signing_city=office.signing_city,
        missing=[str(label) for label in office.letter_settings_missing],
    )


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
