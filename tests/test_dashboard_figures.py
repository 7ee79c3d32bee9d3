"""Home page figures (KIM per status) are counted once and kept until a KIM changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.models import Kim, KimStatus
from tests.factories import KimFactory


def _stat(html, label):
    """The number shown above `label` in the figures grid."""
    head, _sep, _tail = html.partition(f'<div class="small text-muted">{label}</div>')
    return int(head.rsplit('<div class="stat">', 1)[1].split("<", 1)[0])


def _group_by_runs(client):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/beranda/").content.decode()
    return sum("GROUP BY" in q["sql"] and "registry_kim" in q["sql"] for q in queries), html


@pytest.mark.parametrize("who", ["province_staff", "officer_kab_serang"])
def test_figures_are_counted_once_then_kept_until_a_kim_changes(db, client_for, request, who):
    KimFactory.create_batch(3, status=KimStatus.SUBMITTED, submitted_at=timezone.now())
    client = client_for(request.getfixturevalue(who))
    runs, html = _group_by_runs(client)
    assert runs == 1
    assert _stat(html, "Diajukan") == 3
    assert "Angka per " in html
    assert "WIB; diperbarui saat data KIM berubah" in html
    runs, html = _group_by_runs(client)
    assert runs == 0
    assert _stat(html, "Diajukan") == 3

    kim = Kim.objects.filter(status=KimStatus.SUBMITTED).first()
    kim.status = KimStatus.APPROVED
    kim.save()
    runs, html = _group_by_runs(client)
    assert runs == 1
    assert (_stat(html, "Diajukan"), _stat(html, "Disetujui")) == (2, 1)
    KimFactory(status=KimStatus.SUBMITTED, submitted_at=timezone.now())
    assert _stat(client.get("/beranda/").content.decode(), "Diajukan") == 3
    kim.delete()
    assert _stat(client.get("/beranda/").content.decode(), "Disetujui") == 0


def test_each_jurisdiction_has_its_own_figures(client_for, province_staff, officer_lebak):
    KimFactory.create_batch(2, status=KimStatus.REGISTERED)  # Kabupaten Serang
    assert _stat(client_for(province_staff).get("/beranda/").content.decode(), "Terdaftar") == 2
    assert _stat(client_for(officer_lebak).get("/beranda/").content.decode(), "Terdaftar") == 0


def test_a_submitted_kim_without_a_submission_date_does_not_break_the_home_page(
    db, client_for, province_staff
):
    """Imported or hand-corrected rows may lack submitted_at: the queue shows a dash."""
    KimFactory(name="KIM Tanpa Tanggal", status=KimStatus.SUBMITTED, submitted_at=None)
    response = client_for(province_staff).get("/beranda/")
    assert response.status_code == 200
    assert "KIM Tanpa Tanggal" in response.content.decode()
