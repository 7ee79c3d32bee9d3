import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from kimportal.core import audit
from registry.audit_actions import KimAction, RosterAction
from registry.services import workflow
from tests.factories import KimFactory

pytestmark = pytest.mark.django_db


def _trail(actor, kim, n):
    with transaction.atomic():
        for i in range(n):
            audit.record(
                actor=actor,
                obj=kim,
                action=KimAction.UPDATED,
                changes={"name": [f"lama {i}", f"baru {i}"]},
            )


def test_supervisors_read_their_jurisdiction_only(client_for, province_staff, officer_kota_serang):
    serang = KimFactory(name="KIM Jejak Serang")
    kota = KimFactory(name="KIM Jejak Kota", village_id="36.73.01.1001")
    _trail(province_staff, serang, 1)
    _trail(province_staff, kota, 1)
    body = client_for(province_staff).get("/audit/").content.decode()
    assert "KIM Jejak Serang" in body
    assert "KIM Jejak Kota" in body
    body = client_for(officer_kota_serang).get("/audit/").content.decode()
    assert "KIM Jejak Kota" in body
    assert "KIM Jejak Serang" not in body


def test_filters_by_part_of_the_portal_and_exports(client_for, province_staff):
    kim = KimFactory(name="KIM Jejak")
    _trail(province_staff, kim, 2)
    client = client_for(province_staff)
    assert "KIM Jejak" not in client.get("/audit/", {"bagian": "accounts."}).content.decode()
    response = client.get("/audit/", {"format": "csv", "q": "Jejak"})
    assert "baru 1" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_audit_page_query_count_does_not_grow(
    client_for, province_staff, django_assert_num_queries
):
    kim = KimFactory()
    _trail(province_staff, kim, 5)
    client = client_for(province_staff)
    client.get("/audit/")
    # session, user, the planner's estimate and a count capped at 10,000 (the total), one
    # page of entries with their actors
    with django_assert_num_queries(5):
        client.get("/audit/")
    _trail(province_staff, kim, 60)
    with django_assert_num_queries(5):
        client.get("/audit/")


# --- the trail in people's words ----------------------------------------------------------


@pytest.fixture
def worked_kim(monkeypatch, manager, officer_kab_serang, province_staff):
    """A KIM moved by officer and reviewer: corrected, submitted, approved, numbered."""
    monkeypatch.setattr(workflow, "unmet_requirements", lambda kim: [])
    kim = KimFactory(name="KIM Kata Jelas", managers=[manager])
    workflow.kim_update(kim=kim, actor=officer_kab_serang, data={"village_id": "36.04.05.2002"})
    workflow.kim_transition(kim=kim, actor=manager, action="submit")
    workflow.kim_transition(kim=kim, actor=province_staff, action="approve")
    workflow.nomor_induk_issue(kim=kim, actor=officer_kab_serang)
    with transaction.atomic():
        audit.record(
            actor=officer_kab_serang,
            obj=kim,
            action=RosterAction.MEMBER_UPDATED,
            changes={"nik": ["3604051501900001", "3604051501900002"], "phone": ["0812", "0813"]},
        )
    kim.refresh_from_db()
    return kim


def _english(client):
    # The switcher: a signed-in person's language is the account's, not a bare cookie's.
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


@pytest.fixture(autouse=True)
def _back_to_indonesian():
    """A request in English leaves English active in this thread; later tests expect id."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


INDONESIAN = [
    "Pengajuan KIM",
    "Nomor Induk diterbitkan",
    "Profil KIM diubah",
    "desa/kelurahan:</span> 36.04.05.2001 → 36.04.05.2002",
    "status:</span> Draf → Diajukan",
    "status:</span> Disetujui → Terdaftar",
    "Data pengurus diubah",
    "NIK:</span> ••• → •••",
    "telepon:</span> ••• → •••",
]
ENGLISH = [
    "KIM application submitted",
    "Nomor Induk issued",
    "KIM profile changed",
    "village:</span> 36.04.05.2001 → 36.04.05.2002",
    "status:</span> Draft → Submitted",
    "status:</span> Approved → Registered",
    "Board member changed",
    "NIK:</span> ••• → •••",
    "phone:</span> ••• → •••",
]
# (The "Bagian" filter's option values are prefixes such as "registry.kim.": not shown.)
CODES = [
    "registry.kim.submit",
    "registry.kim.number_issued",
    "registry.kim.updated",
    "registry.roster.member_updated",
    "village_id",
    "3604051501900001",
]


def _assert_words(body, words):
    for text in words:
        assert text in body
    for code in CODES:
        assert code not in body


@pytest.mark.parametrize(("english", "words"), [(False, INDONESIAN), (True, ENGLISH)])
def test_kim_page_trail_shows_words_not_codes(
    client_for, officer_kab_serang, worked_kim, english, words
):
    client = client_for(officer_kab_serang)
    if english:
        _english(client)
    url = reverse("registry:kim-detail", args=[worked_kim.pk])
    _assert_words(client.get(url).content.decode(), words)


@pytest.mark.parametrize(("english", "words"), [(False, INDONESIAN), (True, ENGLISH)])
def test_audit_page_shows_words_not_codes(client_for, province_staff, worked_kim, english, words):
    client = client_for(province_staff)
    if english:
        _english(client)
    body = client.get("/audit/").content.decode()
    _assert_words(body, words)
    assert "KIM Kata Jelas" in body


def test_the_parts_of_the_portal_come_from_the_catalogues(client_for, province_staff):
    body = client_for(province_staff).get("/audit/").content.decode()
    for prefix, label in [
        ("accounts.", "Akun"),
        ("registry.kim.", "KIM dan keputusan"),
        ("registry.roster.", "Susunan pengurus"),
        ("registry.document.", "Dokumen"),
        ("registry.letter.", "Surat keterangan"),
        ("registry.office.", "Pengaturan kab/kota"),
    ]:
        assert f'<option value="{prefix}">{label}</option>' in body


def test_filter_by_part_keeps_only_its_actions(client_for, province_staff, worked_kim):
    body = client_for(province_staff).get("/audit/", {"bagian": "registry.roster."})
    body = body.content.decode()
    assert "Data pengurus diubah" in body
    assert "Nomor Induk diterbitkan" not in body


@pytest.mark.parametrize(
    ("english", "query", "found", "not_found"),
    [
        (False, "nomor induk", "Nomor Induk diterbitkan", "Pengajuan KIM"),
        (False, "Pengajuan KIM", "Pengajuan KIM", "Nomor Induk diterbitkan"),
        (True, "application submitted", "KIM application submitted", "Nomor Induk issued"),
        # The code still finds its entries, for whoever knows it.
        (False, "number_issued", "Nomor Induk diterbitkan", "Pengajuan KIM"),
    ],
)
def test_search_finds_entries_by_the_label_people_read(
    client_for, province_staff, worked_kim, english, query, found, not_found
):
    client = client_for(province_staff)
    if english:
        _english(client)
    body = client.get("/audit/", {"q": query}).content.decode()
    assert found in body
    assert not_found not in body


def test_search_by_label_keeps_the_query_count(
    client_for, province_staff, worked_kim, django_assert_num_queries
):
    client = client_for(province_staff)
    client.get("/audit/", {"q": "Nomor Induk"})
    # session, user, count, one page of entries with their actors
    with django_assert_num_queries(4):
        client.get("/audit/", {"q": "Nomor Induk"})


@pytest.mark.parametrize("english", [False, True])
def test_csv_export_uses_labels(client_for, province_staff, worked_kim, english):
    client = client_for(province_staff)
    if english:
        _english(client)
    response = client.get("/audit/", {"format": "csv"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    if english:
        assert "Nomor Induk issued" in csv
        assert "status: Approved → Registered; Nomor Induk: — → KIM-3604-" in csv
        assert "village: 36.04.05.2001 → 36.04.05.2002" in csv
    else:
        assert "Nomor Induk diterbitkan" in csv
        assert "status: Disetujui → Terdaftar; Nomor Induk: — → KIM-3604-" in csv
        assert "desa/kelurahan: 36.04.05.2001 → 36.04.05.2002" in csv
        assert "NIK: ••• → •••; telepon: ••• → •••" in csv
    for code in CODES:
        assert code not in csv
