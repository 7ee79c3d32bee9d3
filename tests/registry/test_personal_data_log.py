"""The personal-data access log: who was shown or took full NIKs of which KIM, and when."""

import pytest
from django.urls import reverse

from kimportal.core.models import AuditEntry
from registry.models import KimStatus, Member
from tests.factories import KimFactory, RosterFactory, make_board

pytestmark = pytest.mark.django_db

VIEWED = "registry.personal_data.viewed"
EXPORTED = "registry.personal_data.exported"


@pytest.fixture
def kim(manager):
    kim = KimFactory(managers=[manager], status=KimStatus.SUBMITTED)
    make_board(RosterFactory(kim=kim), extra_members=1)
    return kim


def _entries(action):
    return list(AuditEntry.objects.filter(action=action))


def _no_nik_in(entry, kim):
    text = str(entry.changes)
    return not any(m.nik in text or m.phone in text for m in Member.objects.filter(roster__kim=kim))


def test_an_officer_viewing_the_roster_is_logged(client_for, officer_kab_serang, kim):
    url = reverse("registry:roster", args=[kim.pk])
    assert client_for(officer_kab_serang).get(url).status_code == 200
    [entry] = _entries(VIEWED)
    assert entry.actor == officer_kab_serang
    assert entry.object_id == str(kim.pk)
    assert entry.changes == {"page": [None, url], "members": [None, 4]}
    assert _no_nik_in(entry, kim)


def test_a_reviewer_reading_the_kim_page_is_logged(client_for, province_staff, kim):
    client_for(province_staff).get(reverse("registry:kim-detail", args=[kim.pk]))
    [entry] = _entries(VIEWED)
    assert entry.actor == province_staff
    assert entry.changes["members"] == [None, 4]


def test_masked_pages_are_not_logged(client_for, manager, kim):
    client = client_for(manager)
    client.get(reverse("registry:roster", args=[kim.pk]))
    client.get(reverse("registry:kim-detail", args=[kim.pk]))
    client.get(reverse("registry:roster-export", args=[kim.pk]) + "?format=csv")
    assert not _entries(VIEWED)
    assert not _entries(EXPORTED)


def test_an_officers_full_export_is_logged(client_for, officer_kab_serang, kim):
    client_for(officer_kab_serang).get(
        reverse("registry:roster-export", args=[kim.pk]) + "?format=csv"
    )
    [entry] = _entries(EXPORTED)
    assert entry.actor == officer_kab_serang
    assert entry.changes == {"file": [None, f"pengurus-kim-{kim.pk}.csv"], "members": [None, 4]}
    assert _no_nik_in(entry, kim)


def test_opening_a_members_form_with_the_nik_is_logged(client_for, officer_kab_serang, kim):
    member = Member.objects.filter(roster__kim=kim).first()
    client_for(officer_kab_serang).get(reverse("registry:member-edit", args=[kim.pk, member.pk]))
    [entry] = _entries(VIEWED)
    assert entry.changes["members"] == [None, 1]


def test_provincial_staff_find_the_log_on_the_audit_page(
    client_for, officer_kab_serang, province_staff, other_province_staff, kim
):
    client_for(officer_kab_serang).get(reverse("registry:roster", args=[kim.pk]))
    page = client_for(province_staff).get("/audit/", {"bagian": "registry.personal_data."})
    assert [e.action for e in page.context["page"]] == [VIEWED]
    assert "Akses data pribadi" in page.content.decode()
    # searching the label finds it too
    found = client_for(province_staff).get("/audit/", {"q": "data pribadi"})
    assert VIEWED in [e.action for e in found.context["page"]]
    # another province's staff do not see who read Banten's boards
    elsewhere = client_for(other_province_staff).get(
        "/audit/", {"bagian": "registry.personal_data."}
    )
    assert list(elsewhere.context["page"]) == []


def test_forum_board_views_are_logged(client_for, officer_kab_serang):
    from tests.partnerships.helpers import make_forum

    forum = make_forum()
    client_for(officer_kab_serang).get(reverse("partnerships:forum-detail", args=[forum.pk]))
    [entry] = AuditEntry.objects.filter(action="partnerships.forum.personal_data_viewed")
    assert entry.actor == officer_kab_serang
    assert entry.changes["members"] == [None, 3]


def test_the_privacy_page_says_access_is_logged(client):
    text = client.get(reverse("privacy")).content.decode()
    assert "jejak audit mencatat siapa" in text
    assert "diganti lebih dari 5 tahun dihapus otomatis" in text
