"""KIM pages: access for every role, forms, decisions through the browser-facing views."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kimportal.core.models import AuditEntry
from registry.models import Kim, KimStatus
from registry.services import workflow
from tests.factories import KimFactory
from tests.registry.letter_helpers import registered_kim

pytestmark = pytest.mark.django_db

ROLES = [
    "manager",
    "other_manager",
    "officer_kab_serang",
    "officer_kota_serang",
    "province_staff",
    "other_province_staff",
]
# Who can see a KIM of Kabupaten Serang managed by `manager`.
SEES_KAB_SERANG_KIM = {"manager", "officer_kab_serang", "province_staff"}


@pytest.fixture
def kim(manager):
    return KimFactory(managers=[manager], phone="081234567890")


@pytest.mark.parametrize("role", ROLES)
def test_kim_page_access(request, client_for, kim, role):
    response = client_for(request.getfixturevalue(role)).get(f"/kim/{kim.pk}/")
    assert response.status_code == (200 if role in SEES_KAB_SERANG_KIM else 404)


@pytest.mark.parametrize("role", ROLES)
def test_kim_edit_access_while_draft(request, client_for, kim, role):
    response = client_for(request.getfixturevalue(role)).get(f"/kim/{kim.pk}/ubah/")
    assert response.status_code == (200 if role in SEES_KAB_SERANG_KIM else 404)


def test_manager_cannot_edit_after_submission(client_for, kim, manager):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.SUBMITTED)
    assert client_for(manager).get(f"/kim/{kim.pk}/ubah/").status_code == 403


def test_officer_correction_of_a_submitted_kim_is_audited(client_for, kim, officer_kab_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.SUBMITTED)
    response = client_for(officer_kab_serang).post(
        f"/kim/{kim.pk}/ubah/",
        {
            "name": "KIM Maju Jaya",
            "village": kim.village_id,
            "address": kim.address,
            "phone": "081299990000",
            "email": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="registry.kim.updated")
    assert entry.actor == officer_kab_serang
    assert entry.changes["name"] == [kim.name, "KIM Maju Jaya"]
    assert entry.changes["phone"] == ["•••", "•••"]  # personal data never in the trail


def test_manager_registers_a_kim_in_a_village(client_for, manager):
    response = client_for(manager).post(
        "/kim/baru/",
        {
            "name": "KIM Kramat Informasi",
            "village": "36.04.05.2001",
            "address": "Jl. Raya Kramatwatu 5",
            "phone": "0254123456",
            "website": "kramat.example.org",
            "kimid_address": "https://kramat.kim.id",
        },
    )
    kim = Kim.objects.get(name="KIM Kramat Informasi")
    assert response.status_code == 302
    assert response["Location"] == f"/kim/{kim.pk}/"
    assert kim.regency_id == "36.04"
    assert kim.website == "https://kramat.example.org"
    assert list(kim.managers.all()) == [manager]
    assert kim.status == KimStatus.DRAFT


def test_bad_kimid_address_gets_a_clear_message(client_for, manager):
    response = client_for(manager).post(
        "/kim/baru/",
        {
            "name": "KIM X",
            "village": "36.04.05.2001",
            "address": "Jl. X",
            "kimid_address": "https://example.com/kim",
        },
    )
    assert response.status_code == 200
    assert "https://nama.kim.id" in response.content.decode()
    assert not Kim.objects.filter(name="KIM X").exists()


def test_regency_officer_cannot_register_a_kim_in_another_regency(client_for, officer_kota_serang):
    response = client_for(officer_kota_serang).post(
        "/kim/baru/", {"name": "KIM Luar", "village": "36.04.05.2001", "address": "Jl. X"}
    )
    assert response.status_code == 200
    assert not Kim.objects.filter(name="KIM Luar").exists()


@pytest.mark.parametrize("role", ["province_staff", "other_province_staff", "admin_user"])
def test_only_managers_and_regency_officers_register_kim(request, client_for, role):
    status = client_for(request.getfixturevalue(role)).get("/kim/baru/").status_code
    assert status == (200 if role == "admin_user" else 403)


def test_kim_list_shows_only_the_jurisdiction(
    client_for, kim, officer_kota_serang, officer_kab_serang
):
    KimFactory(name="KIM Kota Serang", village_id="36.73.01.1001")
    body = client_for(officer_kab_serang).get("/kim/").content.decode()
    assert kim.name in body
    assert "KIM Kota Serang" not in body
    body = client_for(officer_kota_serang).get("/kim/").content.decode()
    assert kim.name not in body


# --- review queue ---------------------------------------------------------------------


def _submitted(n, **fields):
    now = timezone.now()
    kims = [
        Kim(
            name=f"KIM Antre {i:04d}",
            village_id="36.04.05.2001",
            regency_id="36.04",
            address="x",
            status=KimStatus.SUBMITTED,
            submitted_at=now - timezone.timedelta(days=i % 40),
            **fields,
        )
        for i in range(n)
    ]
    Kim.objects.bulk_create(kims)


@pytest.mark.parametrize("role", ROLES)
def test_review_queue_access(request, client_for, role):
    status = client_for(request.getfixturevalue(role)).get("/kim/peninjauan/").status_code
    assert status == (403 if "manager" in role else 200)


def test_review_queue_is_oldest_first_with_days_waiting(client_for, province_staff):
    _submitted(3)
    body = client_for(province_staff).get("/kim/peninjauan/").content.decode()
    assert (
        body.index("KIM Antre 0002") < body.index("KIM Antre 0001") < body.index("KIM Antre 0000")
    )
    assert "2 hari" in body


def test_review_queue_filters_by_regency_and_name(client_for, province_staff):
    _submitted(2)
    KimFactory(
        name="KIM Lebak Sejahtera",
        village_id="36.02.01.2002",
        status=KimStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client = client_for(province_staff)
    body = client.get("/kim/peninjauan/", {"regency": "36.02"}).content.decode()
    assert "KIM Lebak Sejahtera" in body
    assert "KIM Antre" not in body
    body = client.get("/kim/peninjauan/", {"q": "antre 0001"}).content.decode()
    assert "KIM Antre 0001" in body
    assert "KIM Antre 0000" not in body


@pytest.mark.parametrize("path", ["/kim/peninjauan/", "/kim/", "/beranda/"])
def test_list_pages_cost_the_same_for_10_and_1000_kim(client_for, province_staff, path):
    client = client_for(province_staff)
    _submitted(10)
    client.get(path)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _submitted(990)
    with CaptureQueriesContext(connection) as large:
        assert client.get(path).status_code == 200
    # session + user, count for the paginator, one page of rows with their areas
    assert len(large) == len(small)


def test_review_queue_query_count(client_for, province_staff, django_assert_num_queries):
    _submitted(30)
    client = client_for(province_staff)
    client.get("/kim/peninjauan/")
    # 1 session, 2 user, 3-4 the planner's estimate and a count capped at 10,000 (the
    # total), 5 regency choices of the filter, 6 one page of KIM with village, district and
    # regency joined.
    with django_assert_num_queries(6):
        client.get("/kim/peninjauan/")


# --- decisions through the views -------------------------------------------------------


@pytest.fixture
def submitted(kim, monkeypatch):
    monkeypatch.setattr(workflow, "unmet_requirements", lambda kim: [])
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.SUBMITTED, submitted_at=timezone.now())
    return kim


def test_staff_returns_with_a_note_and_the_manager_sees_it(
    client_for, submitted, province_staff, manager
):
    response = client_for(province_staff).post(
        f"/kim/{submitted.pk}/keputusan/", {"action": "return", "note": "Scan SK tidak terbaca."}
    )
    assert response.status_code == 302
    body = client_for(manager).get(f"/kim/{submitted.pk}/").content.decode()
    assert "Scan SK tidak terbaca." in body
    assert Kim.objects.get(pk=submitted.pk).status == KimStatus.RETURNED


def test_decision_without_reason_changes_nothing_and_says_why(
    client_for, submitted, province_staff
):
    response = client_for(province_staff).post(
        f"/kim/{submitted.pk}/keputusan/", {"action": "reject", "note": ""}, follow=True
    )
    assert "alasan" in response.content.decode()
    assert Kim.objects.get(pk=submitted.pk).status == KimStatus.SUBMITTED


@pytest.mark.parametrize("role", ["manager", "officer_kab_serang"])
def test_only_province_staff_decide(request, client_for, submitted, role):
    response = client_for(request.getfixturevalue(role)).post(
        f"/kim/{submitted.pk}/keputusan/", {"action": "approve"}
    )
    assert response.status_code == 403
    assert Kim.objects.get(pk=submitted.pk).status == KimStatus.SUBMITTED


def test_staff_of_another_province_gets_404_on_decision(
    client_for, submitted, other_province_staff
):
    response = client_for(other_province_staff).post(
        f"/kim/{submitted.pk}/keputusan/", {"action": "approve"}
    )
    assert response.status_code == 404


def test_officer_of_another_regency_gets_404_on_issuing(client_for, kim, officer_kota_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    assert client_for(officer_kota_serang).post(f"/kim/{kim.pk}/nomor-induk/").status_code == 404
    assert Kim.objects.get(pk=kim.pk).nomor_induk is None


def test_issue_number_view(client_for, kim, officer_kab_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    response = client_for(officer_kab_serang).post(
        f"/kim/{kim.pk}/nomor-induk/", {"confirmed": "1"}, follow=True
    )
    kim.refresh_from_db()
    assert kim.nomor_induk.startswith("KIM-3604-")
    assert kim.nomor_induk in response.content.decode()


# --- irreversible buttons: a confirmation step, and a double POST does it once ----------


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_issue_number_button_asks_for_confirmation_first(client_for, kim, officer_kab_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    client = client_for(officer_kab_serang)
    detail = client.get(f"/kim/{kim.pk}/").content.decode()
    assert f'action="/kim/{kim.pk}/nomor-induk/"' in detail

    response = client.post(f"/kim/{kim.pk}/nomor-induk/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Terbitkan Nomor Induk untuk {kim.name}?" in page
    assert "tidak dapat diubah, ditarik atau dipakai ulang" in page
    assert 'name="confirmed" value="1"' in page
    assert "Ya, terbitkan Nomor Induk" in page
    # Works without script; the one script is a static file (the CSP forbids inline).
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == []
    assert "js/portal.min.js" in page  # which sends each form once
    kim.refresh_from_db()
    assert kim.nomor_induk is None
    assert kim.status == KimStatus.APPROVED


def test_double_confirmed_issue_number_issues_once_and_says_so(client_for, kim, officer_kab_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    client = client_for(officer_kab_serang)
    url = f"/kim/{kim.pk}/nomor-induk/"
    first = client.post(url, {"confirmed": "1"}, follow=True)
    second = client.post(url, {"confirmed": "1"}, follow=True)
    kim.refresh_from_db()
    assert _messages(first) == [f"Nomor Induk {kim.nomor_induk} diterbitkan."]
    assert second.status_code == 200
    assert _messages(second) == [
        f"Nomor Induk KIM ini baru saja diterbitkan: {kim.nomor_induk}, oleh {officer_kab_serang}."
    ]
    assert kim.status_changes.filter(to_status=KimStatus.REGISTERED).count() == 1
    assert AuditEntry.objects.filter(action="registry.kim.number_issued").count() == 1


def test_revoke_asks_for_confirmation_and_a_double_post_revokes_once(
    client_for, officer_kab_serang
):
    kim = registered_kim()
    client = client_for(officer_kab_serang)
    url = f"/kim/{kim.pk}/status/"
    reason = "Pengurus tidak lagi aktif dan desa mencabut SK."

    asked = client.post(url, {"action": "revoke", "note": reason})
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Cabut pendaftaran KIM ini?" in page
    assert "tidak dapat dibatalkan" in page
    assert reason in page
    assert 'name="confirmed" value="1"' in page
    kim.refresh_from_db()
    assert kim.status == KimStatus.REGISTERED

    data = {"action": "revoke", "note": reason, "confirmed": "1"}
    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)
    kim.refresh_from_db()
    assert kim.status == KimStatus.REVOKED
    assert _messages(first) == ["Status KIM sekarang: Dicabut."]
    [message] = _messages(second)
    assert message.startswith("KIM ini sudah berstatus Dicabut sejak ")
    assert message.endswith(f"WIB, oleh {officer_kab_serang}; tidak ada yang diubah.")
    assert AuditEntry.objects.filter(action="registry.kim.revoke").count() == 1


def test_reversible_status_change_needs_no_confirmation(client_for, officer_kab_serang):
    kim = registered_kim()
    response = client_for(officer_kab_serang).post(
        f"/kim/{kim.pk}/status/", {"action": "deactivate", "note": "Tidak ada kegiatan."}
    )
    assert response.status_code == 302
    kim.refresh_from_db()
    assert kim.status == KimStatus.INACTIVE


def test_notes_view(client_for, kim, officer_kab_serang, manager):
    client_for(officer_kab_serang).post(f"/kim/{kim.pk}/catatan/", {"text": "Sudah dicek."})
    assert kim.notes.get().text == "Sudah dicek."
    assert client_for(manager).post(f"/kim/{kim.pk}/catatan/", {"text": "x"}).status_code == 403


def test_kim_list_exports_the_filtered_list_as_csv_with_formulas_neutralised(
    client_for, officer_kab_serang
):
    KimFactory(name='=HYPERLINK("http://x")')
    KimFactory(name="KIM Registered", status=KimStatus.REGISTERED)
    KimFactory(name="KIM Kota", village_id="36.73.01.1001")
    response = client_for(officer_kab_serang).get("/kim/", {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body
    assert "KIM Registered" in body
    assert "KIM Kota" not in body  # another regency
    filtered = client_for(officer_kab_serang).get(
        "/kim/", {"format": "csv", "status": "registered"}
    )
    body = b"".join(filtered.streaming_content).decode("utf-8-sig")
    assert "KIM Registered" in body
    assert "HYPERLINK" not in body


def test_review_queue_exports_xlsx(client_for, province_staff):
    _submitted(3)
    response = client_for(province_staff).get("/kim/peninjauan/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_reviewers_see_board_members_shared_with_another_active_kim(
    client_for, kim, officer_kab_serang, manager
):
    from tests.factories import MemberFactory, RosterFactory, make_board

    ketua = make_board(RosterFactory(kim=kim))[0]
    other = KimFactory(name="KIM Tetangga Aktif", status=KimStatus.REGISTERED)
    MemberFactory(roster=RosterFactory(kim=other), nik=ketua.nik)
    body = client_for(officer_kab_serang).get(f"/kim/{kim.pk}/").content.decode()
    assert "1 pengurus juga tercatat di KIM aktif lain" in body
    assert "KIM Tetangga Aktif" in body
    # the manager is not a reviewer, and another KIM's name is not theirs to see
    body = client_for(manager).get(f"/kim/{kim.pk}/").content.decode()
    assert "KIM Tetangga Aktif" not in body


def test_a_shared_member_on_a_kim_outside_the_jurisdiction_stays_anonymous(
    client_for, kim, officer_kab_serang
):
    from tests.factories import MemberFactory, RosterFactory, make_board

    ketua = make_board(RosterFactory(kim=kim))[0]
    elsewhere = KimFactory(
        name="KIM Rahasia Kota", village_id="36.73.01.1001", status=KimStatus.SUBMITTED
    )
    MemberFactory(roster=RosterFactory(kim=elsewhere), nik=ketua.nik)
    body = client_for(officer_kab_serang).get(f"/kim/{kim.pk}/").content.decode()
    assert "1 pengurus juga tercatat di KIM aktif lain" in body
    assert "KIM Rahasia Kota" not in body
    assert "KIM lain di luar wilayah Anda" in body


def test_managers_do_not_read_officers_verification_notes(
    client_for, kim, officer_kab_serang, manager
):
    workflow.note_add(kim=kim, actor=officer_kab_serang, text="Catatan internal petugas.")
    assert (
        "Catatan internal petugas."
        not in client_for(manager).get(f"/kim/{kim.pk}/").content.decode()
    )
    assert (
        "Catatan internal petugas."
        in client_for(officer_kab_serang).get(f"/kim/{kim.pk}/").content.decode()
    )


def test_reviewers_read_the_application_on_one_page(client_for, kim, province_staff, manager):
    from registry.models import DocumentKind
    from registry.services.documents import document_upload
    from tests.factories import RosterFactory, make_board
    from tests.upload_samples import pdf

    members = make_board(RosterFactory(kim=kim))
    document_upload(
        kim=kim,
        actor=manager,
        kind=DocumentKind.SK,
        file=pdf(),
        number="141/7/Kpts/2025",
        issued_on=timezone.localdate(),
        issuer_name="H. Ahmad",
        issuer_office="Kepala Desa Kramatwatu",
    )
    body = client_for(province_staff).get(f"/kim/{kim.pk}/").content.decode()
    assert "Berkas pengajuan" in body
    assert "141/7/Kpts/2025" in body
    assert "<iframe" in body  # the SK is previewed inline
    assert members[0].nik in body  # officers of the province see the full NIK
    body = client_for(manager).get(f"/kim/{kim.pk}/").content.decode()
    assert "Berkas pengajuan" not in body
    assert members[0].nik not in body


RLO, PDF_MARK = "\u202e", "\u202c"


@pytest.mark.parametrize(
    "phone",
    ['=HYPERLINK("http://example.org","hubungi")', "{{ request.user }}", "0812 3456 7890 ext. 5"],
)
def test_kim_contact_phone_is_validated_like_a_member_phone(client_for, manager, phone):
    response = client_for(manager).post(
        "/kim/baru/",
        {"name": "KIM Telepon", "village": "36.04.05.2001", "address": "Jl. X", "phone": phone},
    )
    assert response.status_code == 200
    assert "Bukan nomor telepon yang valid (8–15 digit, boleh diawali +)." in (
        response.content.decode()
    )
    assert not Kim.objects.filter(name="KIM Telepon").exists()


def test_kim_contact_phone_is_stored_without_separators(client_for, manager):
    client_for(manager).post(
        "/kim/baru/",
        {
            "name": "KIM Telepon",
            "village": "36.04.05.2001",
            "address": "Jl. X",
            "phone": f"(0254) 123-456{RLO}",
        },
    )
    assert Kim.objects.get(name="KIM Telepon").phone == "0254123456"


def test_bidi_controls_are_stripped_from_names_and_free_text(client_for, manager):
    client_for(manager).post(
        "/kim/baru/",
        {
            "name": f"KIM {RLO}akgnuS{PDF_MARK} Jaya",
            "village": "36.04.05.2001",
            "address": "Jl. Mawar\u2066 5\u2069",
            "focus": "pertanian\u200f",
        },
    )
    kim = Kim.objects.get(name="KIM akgnuS Jaya")
    assert (kim.address, kim.focus) == ("Jl. Mawar 5", "pertanian")
    entry = AuditEntry.objects.get(action="registry.kim.created")
    assert entry.changes["name"] == [None, "KIM akgnuS Jaya"]


def test_a_nul_byte_in_a_status_note_is_refused_and_changes_nothing(client_for, officer_kab_serang):
    kim = registered_kim()
    response = client_for(officer_kab_serang).post(
        f"/kim/{kim.pk}/status/", {"action": "deactivate", "note": "Tidak\x00 aktif."}, follow=True
    )
    assert response.status_code == 200
    assert "null" in response.content.decode()
    kim.refresh_from_db()
    assert kim.status == KimStatus.REGISTERED


def test_a_tampered_village_code_is_a_form_error(client_for, manager):
    response = client_for(manager).post(
        "/kim/baru/", {"name": "KIM Uji", "village": "36.0\x004.05.2001", "address": "Jl. Mawar 5"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["village"]
    assert not Kim.objects.filter(name="KIM Uji").exists()
