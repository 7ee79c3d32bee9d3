"""Forum KIM: its board follows the KIM roster rules (through the registry), its member KIM
lie in its area, personal data is masked for those who may not see it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from kimportal.core import audit
from kimportal.core.access import NotPermitted
from kimportal.core.models import AuditEntry
from partnerships.services import forums as services
from tests.partnerships.helpers import make_agreement, make_forum

pytestmark = pytest.mark.django_db

KETUA = {
    "nik": "3604051203850001",
    "full_name": "Hendra Saputra",
    "position": "ketua",
    "position_detail": "",
    "gender": "L",
    "phone": "081234567890",
    "kim": None,
}


def _forum(officer, kims=()):
    return services.forum_create(
        actor=officer, dinas_code="36.04", data={"name": "Forum KIM Kabupaten Serang"}, kims=kims
    )


def test_a_regency_officer_forms_the_forum_of_their_regency(officer_kab_serang, kim, lebak_kim):
    forum = _forum(officer_kab_serang, [kim])
    assert forum.jurisdiction() == ("36", "36.04")
    with pytest.raises(ValidationError):  # a KIM of another regency is no member
        _forum(officer_kab_serang, [lebak_kim])
    with pytest.raises(NotPermitted):
        services.forum_create(
            actor=officer_kab_serang, dinas_code="36.73", data={"name": "Forum lain"}
        )


def test_the_board_follows_the_kim_roster_rules(officer_kab_serang, kim):
    forum = _forum(officer_kab_serang, [kim])
    assert any("Ketua" in p for p in services.board_problems(forum))

    services.forum_member_add(forum=forum, actor=officer_kab_serang, data=KETUA)
    for data, field in (
        ({**KETUA, "nik": "123"}, "nik"),  # not 16 digits
        ({**KETUA, "nik": "9999991203850001"}, "nik"),  # no such district
        ({**KETUA, "nik": "3604055107900002", "position": "anggota"}, "gender"),  # a woman's NIK
        ({**KETUA, "position": "sekretaris"}, "nik"),  # the same person twice
        ({**KETUA, "nik": "3604052208880003"}, "position"),  # a second Ketua
        ({**KETUA, "nik": "3604052208880003", "position": "anggota", "kim": None}, None),
    ):
        if field is None:
            services.forum_member_add(forum=forum, actor=officer_kab_serang, data=data)
            continue
        with pytest.raises(ValidationError) as refused:
            services.forum_member_add(forum=forum, actor=officer_kab_serang, data=data)
        assert field in refused.value.message_dict, data
    entries = AuditEntry.objects.filter(action="partnerships.forum.member_added")
    assert entries.count() == 2
    assert all(KETUA["nik"] not in str(e.changes) for e in entries)


def test_the_board_with_nik_is_for_officers_of_the_forums_area_only(
    client_for, officer_kab_serang, province_staff, officer_kota_serang, manager, kim
):
    forum = make_forum(kims=[kim])
    url = reverse("partnerships:forum-detail", args=[forum.pk])
    assert "3604051203850001" in client_for(officer_kab_serang).get(url).content.decode()
    assert "3604051203850001" in client_for(province_staff).get(url).content.decode()
    assert client_for(officer_kota_serang).get(url).status_code == 404
    assert client_for(manager).get(url).status_code == 404  # a member KIM's manager too


def test_a_forum_can_be_party_to_an_agreement(client_for, officer_kab_serang, kim):
    forum = make_forum(kims=[kim])
    agreement = make_agreement([kim], forums=[forum], title="Kemitraan dengan forum")
    page = client_for(officer_kab_serang).get(reverse("partnerships:forum-detail", args=[forum.pk]))
    assert agreement.title in page.content.decode()


def test_officers_invite_a_forum_to_a_coordination_meeting_and_its_contact_hears_of_it(
    province_staff, officer_kota_serang, kim, django_capture_on_commit_callbacks
):
    import datetime

    from django.core import mail
    from django.utils import timezone

    forum = make_forum(kims=[kim])
    forum.contact_email = "fkkim@example.org"
    forum.save(update_fields=["contact_email"])
    data = {
        "title": "Rapat Koordinasi KIM Triwulan IV",
        "starts_at": timezone.now() + datetime.timedelta(days=10),
        "place": "Aula Diskominfo",
        "link": "",
        "note": "",
    }
    with pytest.raises(NotPermitted):
        services.forum_invite(forum=forum, actor=officer_kota_serang, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.forum_invite(forum=forum, actor=province_staff, data=data)
    assert invitation.emailed_to == "fkkim@example.org"
    assert mail.outbox[0].to == ["fkkim@example.org"]
    assert "Rapat Koordinasi KIM Triwulan IV" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="partnerships.forum.invited").count() == 1


def test_removing_a_board_member_holds_its_own_transaction(client, officer_kab_serang, monkeypatch):
    """Requests run outside a transaction (the test's own hid a missing atomic block: 500)."""
    forum = make_forum()
    member = forum.members.get(position="bendahara")
    outside = len(connection.atomic_blocks)
    depths = []
    record = audit.record

    def recording(**kwargs):
        depths.append(len(connection.atomic_blocks))
        return record(**kwargs)

    monkeypatch.setattr(audit, "record", recording)
    client.force_login(officer_kab_serang)
    response = client.post(reverse("partnerships:forum-member-delete", args=[forum.pk, member.pk]))
    assert response.status_code == 302
    assert not forum.members.filter(pk=member.pk).exists()
    assert depths
    assert depths[0] > outside
