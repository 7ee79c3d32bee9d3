"""Letter settings per regency: who may see and edit them, validation, the logo check."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kimportal.core.models import AuditEntry
from registry.models import ProvinceOffice, RegencyOffice
from registry.selectors.offices import letterhead_for
from tests.registry.letter_helpers import configure_office

pytestmark = pytest.mark.django_db

KAB_SERANG = reverse("registry:office-settings", args=["36.04"])

VALID = {
    "dinas_name": "Dinas Komunikasi dan Informatika",
    "dinas_address": "Jalan Veteran Nomor 1, Serang",
    "signatory_name": "Drs. H. Ahmad Suryana, M.Si.",
    "signatory_nip": "197001011995031001",
    "signatory_position": "Kepala Dinas",
    "signing_city": "Serang",
    "legal_basis": "Peraturan Bupati Serang Nomor 12 Tahun 2025 tentang Kemitraan Komunikasi",
    "letter_number_pattern": "{seq}/KIM/{regency}/{year}",
    "letter_validity_months": "",
    "nomor_induk_pattern": "KIM-{regency}-{year}-{seq:04d}",
    "nomor_induk_start": "1",
}


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (40, 48), "navy").save(out, "PNG")
    return out.getvalue()


SVG_OK = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'


@pytest.mark.parametrize(
    ("user", "get_status", "post_status"),
    [
        ("officer_kab_serang", 200, 302),
        ("province_staff", 200, 403),
        ("officer_kota_serang", 404, 404),
        ("other_province_staff", 404, 404),
        ("manager", 403, 403),
    ],
)
def test_settings_access_matrix(request, client_for, user, get_status, post_status):
    client = client_for(request.getfixturevalue(user))
    assert client.get(KAB_SERANG).status_code == get_status
    assert client.post(KAB_SERANG, VALID).status_code == post_status
    saved = RegencyOffice.objects.filter(pk="36.04", signatory_name=VALID["signatory_name"])
    assert saved.exists() == (post_status == 302)


def test_provincial_staff_see_the_settings_read_only(client_for, province_staff):
    configure_office()
    response = client_for(province_staff).get(KAB_SERANG)
    assert response.context["form"].fields["signatory_name"].disabled
    assert "Simpan pengaturan" not in response.content.decode()


def test_unknown_regency_is_404(client_for, admin_user):
    assert (
        client_for(admin_user).get(reverse("registry:office-settings", args=["99.99"])).status_code
        == 404
    )


def test_saving_is_audited_with_old_and_new_values(client_for, officer_kab_serang):
    configure_office(signatory_name="Lama")
    client_for(officer_kab_serang).post(KAB_SERANG, VALID)
    entry = AuditEntry.objects.get(action="registry.office.updated")
    assert entry.changes["signatory_name"] == ["Lama", VALID["signatory_name"]]
    assert entry.actor == officer_kab_serang


@pytest.mark.parametrize("nip", ["19700101199503100", "1970010119950310011", "19700101199503100A"])
def test_nip_must_be_exactly_18_digits(client_for, officer_kab_serang, nip):
    response = client_for(officer_kab_serang).post(KAB_SERANG, {**VALID, "signatory_nip": nip})
    assert response.status_code == 200
    assert "NIP terdiri atas tepat 18 angka." in response.context["form"].errors["signatory_nip"]


@pytest.mark.parametrize(
    "pattern", ["{seq}/KIM/{regency}", "KIM/{year}", "{seq}/{nope}/{year}", "{seq:zz}/{year}"]
)
def test_letter_number_pattern_must_be_usable_and_unique_over_years(
    client_for,
    officer_kab_serang,
    pattern,
):
    response = client_for(officer_kab_serang).post(
        KAB_SERANG, {**VALID, "letter_number_pattern": pattern}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["letter_number_pattern"]


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("lambang.png", png_bytes(), "image/png"),
        ("lambang.svg", SVG_OK, "image/svg+xml"),
        ("logo-tanpa-ekstensi", b'<?xml version="1.0"?>\n' + SVG_OK, "image/svg+xml"),
    ],
)
def test_png_and_svg_logos_are_accepted_by_content(
    client_for, officer_kab_serang, name, data, content_type
):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = client_for(officer_kab_serang).post(KAB_SERANG, {**VALID, "logo_file": upload})
    assert response.status_code == 302
    office = RegencyOffice.objects.get(pk="36.04")
    assert bytes(office.logo) == data
    assert office.logo_content_type == content_type
    entry = AuditEntry.objects.get(action="registry.office.updated")
    assert entry.changes["logo"][0] is None
    assert "sha256:" in entry.changes["logo"][1]


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<image x:href="https://example.org/a.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/y.css);</style></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/p)"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
        b"<svg><unclosed></svg>",
        b'<?xml version="1.0"?><html><body/></html>',
        b"GIF89a not a logo",
        b"\x89PNG\r\n\x1a\nbroken png body",
    ],
)
def test_unsafe_or_unknown_logos_are_refused(client_for, officer_kab_serang, data):
    upload = SimpleUploadedFile("logo.svg", data, content_type="image/svg+xml")
    response = client_for(officer_kab_serang).post(KAB_SERANG, {**VALID, "logo_file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["logo_file"]
    assert not RegencyOffice.objects.filter(pk="36.04", logo__isnull=False).exists()


def test_oversized_logo_is_refused(client_for, officer_kab_serang):
    data = SVG_OK[:-6] + b"<!--" + b"x" * 600_000 + b"--></svg>"
    upload = SimpleUploadedFile("logo.svg", data, content_type="image/svg+xml")
    response = client_for(officer_kab_serang).post(KAB_SERANG, {**VALID, "logo_file": upload})
    assert "terlalu besar" in str(response.context["form"].errors["logo_file"])


def test_logo_can_be_removed(client_for, officer_kab_serang):
    configure_office(logo=SVG_OK, logo_content_type="image/svg+xml")
    client_for(officer_kab_serang).post(KAB_SERANG, {**VALID, "remove_logo": "on"})
    assert RegencyOffice.objects.get(pk="36.04").logo is None


def test_nip_typed_with_spaces_is_stored_as_18_digits(client_for, officer_kab_serang):
    response = client_for(officer_kab_serang).post(
        KAB_SERANG, {**VALID, "signatory_nip": "19700101 199503 1 001"}
    )
    assert response.status_code == 302
    assert RegencyOffice.objects.get(pk="36.04").signatory_nip == "197001011995031001"


# --- the legal basis printed on the letter ------------------------------------------------


def test_a_regency_starts_with_the_current_legal_basis():
    from registry.services.office import office_for

    basis = office_for("36.02").legal_basis
    assert basis.startswith(
        "Pasal 23 Peraturan Menteri Komunikasi dan Informatika Nomor 4 Tahun 2024"
    )
    assert "8 Tahun 2010" not in basis


def test_the_legal_basis_is_a_setting_of_the_regency_and_audited(client_for, officer_kab_serang):
    configure_office()
    page = client_for(officer_kab_serang).get(KAB_SERANG).content.decode()
    assert "Nomor 4 Tahun 2024" in page  # the default, ready to edit
    response = client_for(officer_kab_serang).post(
        KAB_SERANG, {**VALID, "legal_basis": "  Peraturan Bupati Serang Nomor 3 Tahun 2025.  "}
    )
    assert response.status_code == 302
    office = RegencyOffice.objects.get(pk="36.04")
    assert office.legal_basis == "Peraturan Bupati Serang Nomor 3 Tahun 2025"
    entry = AuditEntry.objects.get(action="registry.office.updated")
    assert entry.changes["legal_basis"][1] == "Peraturan Bupati Serang Nomor 3 Tahun 2025"


def test_the_legal_basis_cannot_be_left_empty(client_for, officer_kab_serang):
    response = client_for(officer_kab_serang).post(KAB_SERANG, {**VALID, "legal_basis": " "})
    assert response.status_code == 200
    assert not RegencyOffice.objects.filter(pk="36.04", signatory_name=VALID["signatory_name"])


# --- the provincial Dinas: letterhead and signatory for agreements and certificates ---

BANTEN = reverse("registry:office-settings", args=["36"])
LETTERHEAD = {key: VALID[key] for key in list(VALID)[:6]}


@pytest.mark.parametrize(
    ("user", "get_status", "post_status"),
    [
        ("province_staff", 200, 302),
        ("officer_kab_serang", 404, 404),
        ("other_province_staff", 404, 404),
        ("manager", 403, 403),
        ("admin_user", 200, 302),
    ],
)
def test_province_settings_are_edited_by_its_staff_only(
    request, client_for, user, get_status, post_status
):
    client = client_for(request.getfixturevalue(user))
    assert client.get(BANTEN).status_code == get_status
    assert client.post(BANTEN, LETTERHEAD).status_code == post_status
    saved = ProvinceOffice.objects.filter(pk="36", signatory_name=VALID["signatory_name"])
    assert saved.exists() == (post_status == 302)


def test_province_settings_have_no_numbering_and_are_audited(client_for, province_staff):
    client = client_for(province_staff)
    page = client.get(BANTEN).content.decode()
    assert "Pola Nomor Induk" not in page
    assert "pola Nomor Induk" not in page
    client.post(BANTEN, LETTERHEAD)
    entry = AuditEntry.objects.get(object_id="36")
    assert entry.changes["signatory_name"] == ["", VALID["signatory_name"]]
    assert entry.province_code == "36"


def test_letterheads_name_the_government_of_their_dinas(client_for, province_staff):
    client_for(province_staff).post(BANTEN, LETTERHEAD)
    province = letterhead_for("36")
    assert province.government == "Pemerintah Provinsi Banten"
    assert province.signatory_nip == "19700101 199503 1 001"
    assert province.missing == []
    regency = letterhead_for("36.04")
    assert regency.government == "Pemerintah Kabupaten Serang"
    assert "nama dinas" in regency.missing  # nothing filled in yet: documents wait for it


def test_the_staff_menu_leads_to_the_province_settings(client_for, province_staff):
    page = client_for(province_staff).get(reverse("dashboard")).content.decode()
    assert BANTEN in page
