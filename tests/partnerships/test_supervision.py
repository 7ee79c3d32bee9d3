"""Supervision and mentoring: visits per KIM with follow-ups, the per-regency counts of a
province."""

import pytest
from django.urls import reverse

from kimportal.core.access import NotPermitted
from partnerships.models import FollowUp
from partnerships.services import supervision as services
from tests.partnerships.helpers import DAY, make_visit, today

pytestmark = pytest.mark.django_db


def test_officers_log_visits_with_follow_ups(officer_kab_serang, province_staff, kim):
    visit = services.visit_log(
        kim=kim,
        actor=officer_kab_serang,
        data={
            "kind": "supervision",
            "visited_on": today(),
            "team": "Petugas A",
            "topics": "Pelaporan",
            "findings": "",
        },
        follow_ups=[("Perbarui KIM.id", today() + 14 * DAY)],
    )
    assert visit.regency_id == "36.04"
    follow_up = visit.follow_ups.get()
    # Provincial staff mentor KIM of their province's regencies too.
    services.visit_log(
        kim=kim,
        actor=province_staff,
        data={
            "kind": "mentoring",
            "visited_on": today(),
            "team": "Staf provinsi",
            "topics": "Konten video",
            "findings": "",
        },
    )
    services.follow_up_close(follow_up=follow_up, actor=officer_kab_serang, note="Sudah.")
    follow_up.refresh_from_db()
    assert not follow_up.is_open
    with pytest.raises(NotPermitted):
        services.follow_up_close(follow_up=follow_up, actor=officer_kab_serang)


def test_other_regencies_and_managers_do_not_log(officer_kota_serang, manager, kim):
    for actor in (officer_kota_serang, manager):
        with pytest.raises(NotPermitted):
            services.visit_log(
                kim=kim,
                actor=actor,
                data={
                    "kind": "supervision",
                    "visited_on": today(),
                    "team": "x",
                    "topics": "y",
                    "findings": "",
                },
            )


def test_the_province_sees_counts_per_regency(client_for, province_staff, kim, kota_kim):
    make_visit(kim, follow_ups=[("Terlambat", -3), ("Nanti", 10)])
    make_visit(kim, kind="mentoring")
    make_visit(kota_kim)
    body = client_for(province_staff).get(reverse("partnerships:visit-summary")).content.decode()
    serang = body[body.index("Kabupaten Serang") :].split("</tr>")[0]
    numbers = [cell.split(">")[-1] for cell in serang.split("</td>")[:-1]]
    assert numbers == ["1", "1", "1", "2", "1"]  # supervisi, pendampingan, KIM, open, overdue
    assert "Kota Serang" in body


def test_open_follow_ups_show_on_the_officers_home(client_for, officer_kab_serang, kim, manager):
    make_visit(kim, follow_ups=[("Perbarui profil KIM.id", -2)])
    body = client_for(officer_kab_serang).get(reverse("dashboard")).content.decode()
    assert "Perbarui profil KIM.id" in body
    assert "1 lewat tenggat" in body
    assert (
        "Perbarui profil KIM.id" in client_for(manager).get(reverse("dashboard")).content.decode()
    )


def test_an_officer_logs_a_visit_with_a_follow_up_from_the_page(
    client_for, officer_kab_serang, kim, kota_kim
):
    client = client_for(officer_kab_serang)
    url = reverse("partnerships:visit-create")
    page = client.get(f"{url}?kim={kim.pk}").content.decode()
    assert f'<option value="{kim.pk}" selected>' in page
    assert kota_kim.name not in page  # only KIM of the officer's area are offered
    response = client.post(
        url,
        {
            "kim": kim.pk,
            "kind": "mentoring",
            "visited_on": today().isoformat(),
            "team": "Petugas A",
            "topics": "Konten video",
            "follow_up": "Unggah dua video",
            "due_on": (today() + 14 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302
    assert FollowUp.objects.get(visit__kim=kim).action == "Unggah dua video"
