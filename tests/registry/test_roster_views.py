"""Roster pages: access per role, masking of personal data, import, members, history."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kimportal.core.models import AuditEntry
from registry import roster_import
from registry.models import KimStatus, Member, Roster
from registry.nik import mask_nik
from tests.dates import as_form, current_term
from tests.factories import KimFactory, MemberFactory, RosterFactory, make_board, make_nik
from tests.registry.roster_files import board_rows, csv_bytes, row, upload

pytestmark = pytest.mark.django_db

NEW_TERM = as_form(current_term())  # a new board's term, as the form's date inputs send it


@pytest.fixture
def kim(manager):
    kim = KimFactory(managers=[manager])
    make_board(RosterFactory(kim=kim))
    return kim


def url(name, kim, member=None, query=""):
    args = [kim.pk] + ([member.pk] if member else [])
    return reverse(f"registry:{name}", args=args) + query


def ketua(kim):
    return Member.objects.get(roster__kim=kim, roster__is_current=True, position="ketua")


# --- access matrix ---------------------------------------------------------------------

VIEWS = [
    ("roster", "get", False, ""),
    ("roster-import", "get", False, ""),
    ("roster-template", "get", False, "?format=xlsx"),
    ("roster-template", "get", False, "?format=csv"),
    ("roster-history", "get", False, ""),
    ("roster-export", "get", False, "?format=xlsx"),
    ("roster-export", "get", False, "?format=csv"),
    ("member-add", "get", False, ""),
    ("member-edit", "get", True, ""),
    ("member-delete", "post", True, ""),
]
USERS = [
    ("manager", 200),
    ("other_manager", 404),
    ("officer_kab_serang", 200),
    ("officer_kota_serang", 404),
    ("province_staff", 200),
    ("other_province_staff", 404),
]


@pytest.mark.parametrize(("name", "method", "with_member", "query"), VIEWS)
@pytest.mark.parametrize(("user_fixture", "expected"), USERS)
def test_access_matrix(
    request, client_for, kim, name, method, with_member, query, user_fixture, expected
):
    user = request.getfixturevalue(user_fixture)
    member = Member.objects.filter(roster__kim=kim, position="anggota").first() or MemberFactory(
        roster=kim.rosters.get(), nik=make_nik(serial=900)
    )
    client = client_for(user)
    response = getattr(client, method)(url(name, kim, member if with_member else None, query))
    if method == "post" and expected == 200:
        expected = 302  # the delete redirects back to the roster
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("name", "method", "with_member"),
    [
        ("roster-import", "get", False),
        ("member-add", "get", False),
        ("member-edit", "get", True),
        ("member-delete", "post", True),
    ],
)
def test_manager_cannot_write_while_the_kim_is_under_review(
    client_for, manager, kim, name, method, with_member
):
    kim.status = KimStatus.SUBMITTED
    kim.save()
    response = getattr(client_for(manager), method)(
        url(name, kim, ketua(kim) if with_member else None)
    )
    assert response.status_code == 403


def test_officer_may_correct_a_submitted_roster(client_for, officer_kab_serang, kim):
    kim.status = KimStatus.SUBMITTED
    kim.save()
    response = client_for(officer_kab_serang).post(url("member-delete", kim, ketua(kim)))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="registry.roster.member_removed", actor=officer_kab_serang
    ).exists()


def test_read_only_page_shows_no_write_buttons(client_for, manager, kim):
    kim.status = KimStatus.SUBMITTED
    kim.save()
    content = client_for(manager).get(url("roster", kim)).content.decode()
    assert url("roster-import", kim) not in content
    assert url("member-add", kim) not in content


def test_unknown_template_format_is_404(client_for, manager, kim):
    assert (
        client_for(manager).get(url("roster-template", kim, query="?format=pdf")).status_code == 404
    )


# --- masking ---------------------------------------------------------------------------


def test_manager_sees_masked_nik_and_phone(client_for, manager, kim):
    member = ketua(kim)
    content = client_for(manager).get(url("roster", kim)).content.decode()
    assert mask_nik(member.nik) in content
    assert member.nik not in content
    assert member.phone not in content
    assert member.full_name in content


@pytest.mark.parametrize("user_fixture", ["officer_kab_serang", "province_staff"])
def test_officers_of_the_jurisdiction_see_the_full_nik(request, client_for, kim, user_fixture):
    member = ketua(kim)
    content = client_for(request.getfixturevalue(user_fixture)).get(url("roster", kim))
    assert member.nik in content.content.decode()
    assert member.phone in content.content.decode()


def test_other_regency_officer_sees_nothing_of_it(client_for, officer_kota_serang, kim):
    response = client_for(officer_kota_serang).get(url("roster", kim))
    assert response.status_code == 404
    assert ketua(kim).nik[:12] not in response.content.decode()


def test_history_is_masked_for_managers(client_for, manager, officer_kab_serang, kim):
    old_member = ketua(kim)
    client_for(officer_kab_serang).post(
        url("roster-import", kim),
        {
            **NEW_TERM,
            "file": upload(csv_bytes(board_rows(start=50))),
        },
    )
    content = client_for(manager).get(url("roster-history", kim)).content.decode()
    assert old_member.full_name in content
    assert mask_nik(old_member.nik) in content
    assert old_member.nik not in content


def test_edit_form_never_sends_the_nik_to_a_manager(client_for, manager, kim):
    member = ketua(kim)
    content = client_for(manager).get(url("member-edit", kim, member)).content.decode()
    assert member.nik not in content
    assert mask_nik(member.nik) in content


def _download(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_export_is_masked_for_managers_and_neutralises_formulas(client_for, manager, kim):
    member = ketua(kim)
    member.full_name = '=HYPERLINK("http://example.org")'
    member.save()
    content = _download(client_for(manager).get(url("roster-export", kim, query="?format=csv")))
    text = content.decode("utf-8-sig")
    assert mask_nik(member.nik) in text
    assert member.nik not in text
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_officer_export_imports_back_unchanged(client_for, officer_kab_serang, kim, kind):
    member = ketua(kim)
    member.full_name = "=1+2"
    member.phone = "+6281234567890"
    member.save()
    before = sorted(
        Member.objects.filter(roster__kim=kim).values_list(
            "nik", "full_name", "position", "gender", "phone", "no_ngo"
        )
    )
    client = client_for(officer_kab_serang)
    data = _download(client.get(url("roster-export", kim, query=f"?format={kind}")))
    response = client.post(
        url("roster-import", kim),
        {
            **NEW_TERM,
            "file": upload(data),
        },
    )
    assert response.status_code == 302
    after = sorted(
        Member.objects.filter(roster__kim=kim, roster__is_current=True).values_list(
            "nik", "full_name", "position", "gender", "phone", "no_ngo"
        )
    )
    assert after == before


# --- import through the page -------------------------------------------------------------


def test_import_replaces_the_roster_and_keeps_history(client_for, manager, kim):
    old = kim.rosters.get()
    old.term_start = datetime.date(2023, 1, 1)  # in the past: the page shows it as written here
    old.save(update_fields=["term_start"])
    response = client_for(manager).post(
        url("roster-import", kim),
        {
            **NEW_TERM,
            "file": upload(csv_bytes(board_rows(2, start=50))),
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = Roster.objects.get(kim=kim, is_current=True)
    assert not old.is_current
    assert new.members.count() == 5
    assert new.term_start.isoformat() == NEW_TERM["term_start"]
    assert new.source == "import:csv"
    history = client_for(manager).get(url("roster-history", kim)).content.decode()
    assert "1 Januari 2023" in history  # the old roster's term


def test_first_import_does_not_speak_of_an_old_roster(client_for, manager):
    kim = KimFactory(managers=[manager])
    client = client_for(manager)
    form = client.get(url("roster-import", kim)).content.decode()
    assert "disimpan di riwayat" not in form
    response = client.post(
        url("roster-import", kim),
        {**NEW_TERM, "file": upload(csv_bytes(board_rows(2)))},
        follow=True,
    )
    content = response.content.decode()
    assert "Susunan pengurus disimpan: 5 pengurus." in content
    assert "riwayat." not in content.replace("Riwayat susunan", "")
    # the second import does replace one
    again = client.post(
        url("roster-import", kim),
        {**NEW_TERM, "file": upload(csv_bytes(board_rows(2)))},
        follow=True,
    )
    assert "Susunan lama ada di riwayat." in again.content.decode()


def test_file_with_one_bad_row_saves_nothing_and_lists_the_error(client_for, manager, kim):
    old = kim.rosters.get()
    rows = [*board_rows(20, start=50), row(99, "Ketua Dewan")]
    response = client_for(manager).post(
        url("roster-import", kim),
        {
            **NEW_TERM,
            "file": upload(csv_bytes(rows)),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tidak ada yang disimpan" in content
    assert "<td>25</td><td>Jabatan</td>" in content
    old.refresh_from_db()
    assert old.is_current
    assert Roster.objects.filter(kim=kim).count() == 1
    assert not AuditEntry.objects.filter(action="registry.roster.replaced").exists()


def test_unreadable_file_gets_one_message_not_a_500(client_for, manager, kim):
    response = client_for(manager).post(
        url("roster-import", kim),
        {
            **NEW_TERM,
            "file": upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "pengurus.xlsx"),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "berkas berisi 1 kesalahan" in content
    assert content.count("terlindungi kata sandi") == 1


def test_import_form_needs_a_term_that_ends_after_it_starts(client_for, manager, kim):
    response = client_for(manager).post(
        url("roster-import", kim),
        {
            "term_start": NEW_TERM["term_end"],
            "term_end": NEW_TERM["term_start"],
            "file": upload(csv_bytes(board_rows(start=50))),
        },
    )
    assert response.status_code == 200
    assert "Akhir masa bakti harus setelah awal masa bakti." in response.content.decode()
    assert Roster.objects.filter(kim=kim).count() == 1


# --- members one by one ------------------------------------------------------------------


def member_post(**overrides):
    data = {
        "nik": make_nik(serial=700),
        "full_name": "Dewi Lestari",
        "position": "anggota",
        "position_detail": "",
        "gender": "L",
        "phone": "0812 3456 7000",
        "not_civil_servant": "ya",
        "no_criminal_record": "ya",
        "no_political_party": "ya",
        "no_ngo": "ya",
    }
    return {**data, **overrides}


def test_first_member_creates_a_roster_with_its_term(client_for, manager):
    kim = KimFactory(managers=[manager])
    response = client_for(manager).post(
        url("member-add", kim),
        member_post(position="ketua", **NEW_TERM),
    )
    assert response.status_code == 302
    member = Member.objects.get(roster__kim=kim)
    assert member.phone == "081234567000"
    assert member.roster.term_end.isoformat() == NEW_TERM["term_end"]
    entry = AuditEntry.objects.get(action="registry.roster.member_added")
    assert member.nik not in str(entry.changes)


def test_second_ketua_is_refused(client_for, manager, kim):
    response = client_for(manager).post(url("member-add", kim), member_post(position="ketua"))
    assert response.status_code == 200
    assert "hanya boleh satu" in response.content.decode()


def test_member_nik_is_checked(client_for, manager, kim):
    existing = ketua(kim).nik
    for nik, message in [
        ("3604991501900001", "kode kecamatan"),
        (existing, "sudah ada di susunan pengurus"),
        (make_nik(serial=5, female=True), "Jenis kelamin tidak sesuai"),
    ]:
        response = client_for(manager).post(url("member-add", kim), member_post(nik=nik))
        assert message in response.content.decode()
    assert Member.objects.filter(roster__kim=kim).count() == 3


def test_manager_edit_with_blank_nik_keeps_it(client_for, manager, kim):
    member = ketua(kim)
    response = client_for(manager).post(
        url("member-edit", kim, member),
        member_post(nik="", phone="", full_name="Nama Baru", position="ketua"),
    )
    assert response.status_code == 302
    updated = Member.objects.get(pk=member.pk)
    assert (updated.nik, updated.phone, updated.full_name) == (
        member.nik,
        member.phone,
        "Nama Baru",
    )
    entry = AuditEntry.objects.get(action="registry.roster.member_updated")
    assert entry.changes["full_name"][1] == "Nama Baru"
    assert "nik" not in entry.changes


def test_members_of_old_rosters_cannot_be_edited(client_for, officer_kab_serang, kim):
    old_member = ketua(kim)
    client_for(officer_kab_serang).post(
        url("roster-import", kim),
        {
            **NEW_TERM,
            "file": upload(csv_bytes(board_rows(start=50))),
        },
    )
    client = client_for(officer_kab_serang)
    assert client.get(url("member-edit", kim, old_member)).status_code == 404
    assert client.post(url("member-delete", kim, old_member)).status_code == 404


def test_member_of_another_kim_is_404(client_for, manager, kim):
    other = KimFactory(managers=[manager])
    stranger = make_board(RosterFactory(kim=other))[0]
    assert client_for(manager).get(url("member-edit", kim, stranger)).status_code == 404


# --- reviewers' warnings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("other_status", "warned"),
    [
        (KimStatus.SUBMITTED, True),
        (KimStatus.REGISTERED, True),
        (KimStatus.DRAFT, False),
        (KimStatus.REJECTED, False),
        (KimStatus.REVOKED, False),
    ],
)
def test_nik_on_another_active_kim_is_a_warning_for_reviewers(
    client_for, manager, officer_kab_serang, kim, other_status, warned
):
    member = ketua(kim)
    other = KimFactory(name="KIM Tetangga", village_id="36.04.05.2002", status=other_status)
    MemberFactory(roster=RosterFactory(kim=other), nik=member.nik, position="anggota")
    content = client_for(officer_kab_serang).get(url("roster", kim)).content.decode()
    assert ("KIM Tetangga" in content) is warned
    assert "KIM Tetangga" not in client_for(manager).get(url("roster", kim)).content.decode()


def test_old_roster_of_another_kim_is_no_conflict(client_for, officer_kab_serang, kim):
    other = KimFactory(name="KIM Tetangga", status=KimStatus.REGISTERED)
    MemberFactory(roster=RosterFactory(kim=other, is_current=False), nik=ketua(kim).nik)
    content = client_for(officer_kab_serang).get(url("roster", kim)).content.decode()
    assert "KIM Tetangga" not in content


# --- query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["manager", "officer_kab_serang"])
def test_roster_page_query_count_does_not_grow_with_members(request, client_for, user_fixture):
    user = request.getfixturevalue(user_fixture)
    manager = request.getfixturevalue("manager")
    small, large = KimFactory(managers=[manager]), KimFactory(managers=[manager])
    make_board(RosterFactory(kim=small))
    make_board(RosterFactory(kim=large), extra_members=27)
    client = client_for(user)
    client.get(url("roster", small))  # warm up session and content-type caches
    counts = []
    for kim in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("roster", kim)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_roster_page_queries(client_for, officer_kab_serang, kim, django_assert_num_queries):
    client = client_for(officer_kab_serang)
    client.get(url("roster", kim))
    # session, user, KIM (jurisdiction), current roster + creator, members,
    # NIK conflicts (reviewers only), the access log entry (savepoint, insert, release)
    with django_assert_num_queries(9):
        client.get(url("roster", kim))


@pytest.mark.parametrize(
    ("field", "words"),
    [
        (
            "not_civil_servant",
            "Pengurus menyatakan dirinya ASN; ASN tidak dapat menjadi pengurus KIM.",
        ),
        ("no_criminal_record", "Pengurus menyatakan pernah dipidana"),
        ("no_political_party", "Pengurus menyatakan berafiliasi dengan partai politik"),
        ("no_ngo", "Pengurus menyatakan berafiliasi dengan LSM"),
    ],
)
def test_member_entered_by_hand_who_declares_the_opposite_is_refused_in_those_words(
    client_for, manager, kim, field, words
):
    before = Member.objects.count()
    response = client_for(manager).post(url("member-add", kim), member_post(**{field: "tidak"}))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert Member.objects.count() == before


def test_member_who_has_not_declared_yet_is_saved_and_listed_as_not_declared(
    client_for, manager, kim
):
    client = client_for(manager)
    response = client.post(url("member-add", kim), member_post(no_ngo="belum"))
    assert response.status_code == 302
    member = Member.objects.get(full_name="Dewi Lestari")
    assert member.no_ngo is False
    assert member.not_civil_servant is True
    page = client.get(url("roster", kim)).content.decode()
    assert "belum menyatakan keempat syarat administratif" in page
    # Editing shows the answers as they were given.
    form = client.get(url("member-edit", kim, member)).content.decode()
    assert re.search(r'name="no_ngo" value="belum"[^>]* checked', form)
    assert re.search(r'name="not_civil_servant" value="ya"[^>]* checked', form)


# --- the manager's own board in full, to correct and import back -------------------------


def _board_values(kim):
    return sorted(
        Member.objects.filter(roster__kim=kim, roster__is_current=True).values_list(
            "nik",
            "full_name",
            "position",
            "position_detail",
            "gender",
            "phone",
            "not_civil_servant",
            "no_ngo",
        )
    )


def test_manager_downloads_own_board_in_full_audited_and_not_cached(client_for, manager, kim):
    member = ketua(kim)
    response = client_for(manager).get(url("roster-download-for-editing", kim))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].endswith('-untuk-diubah.xlsx"')
    result = roster_import.parse_roster(upload(response.content))
    assert member.nik in [row["nik"] for row in result.rows]
    assert member.phone in [row["phone"] for row in result.rows]
    entry = AuditEntry.objects.get(action="registry.roster.exported_in_full")
    assert entry.actor == manager
    assert entry.changes["members"] == [None, len(result.rows)]
    assert member.nik not in str(entry.changes)


def test_masked_export_is_not_cached_either(client_for, manager, kim):
    response = client_for(manager).get(url("roster-export", kim, query="?format=csv"))
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("language", ["id", "en"])
def test_download_to_edit_imports_back_unchanged(client_for, manager, kim, language):
    member = ketua(kim)
    member.full_name = "=1+2"
    member.phone = "+6281234567890"
    member.no_ngo = False  # not declared yet: written "Belum", read back as not declared
    member.position_detail = ""
    member.save()
    Member.objects.filter(roster__kim=kim, position="anggota").update(
        position="seksi", position_detail="Seksi Penyebaran Informasi"
    )
    before = _board_values(kim)
    client = client_for(manager)
    if language == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    data = client.get(url("roster-download-for-editing", kim)).content
    response = client.post(
        url("roster-import", kim),
        {**as_form(current_term()), "file": upload(data)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Roster.objects.filter(kim=kim).count() == 2
    assert _board_values(kim) == before


def test_download_to_edit_without_a_board_says_so(client_for, manager):
    kim = KimFactory(managers=[manager])
    response = client_for(manager).get(url("roster-download-for-editing", kim), follow=True)
    assert "belum punya susunan pengurus untuk diunduh" in response.content.decode()
    assert not AuditEntry.objects.filter(action="registry.roster.exported_in_full").exists()


def test_roster_page_offers_the_download_to_edit_to_the_manager(client_for, manager, kim):
    page = client_for(manager).get(url("roster", kim)).content.decode()
    assert url("roster-download-for-editing", kim) in page
