"""The partnership panels of the home pages: what each role sees, at a fixed cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.services import agreements as services
from tests.partnerships.helpers import DAY, make_agreement, make_report, make_visit, today
from tests.registry.letter_helpers import registered_kim

pytestmark = pytest.mark.django_db

HOME = reverse("dashboard")


def _lived_in(kim, n=1):
    for i in range(n):
        agreement = make_agreement(
            [kim], status="active", title=f"Berakhir {i}", end=today() + (10 + i) * DAY
        )
        make_report(agreement, kim, title=f"Menunggu {i}")
        make_report(agreement, kim, title=f"Klarifikasi {i}", status="clarification")
        make_agreement(
            [kim],
            status="expired",
            title=f"Evaluasi {i}",
            start=today() - 300 * DAY,
            end=today() - DAY,
        )
        make_visit(kim, follow_ups=[(f"Tindak lanjut {i}", -1)])


@pytest.mark.parametrize("role", ["officer_kab_serang", "province_staff", "manager"])
def test_the_home_page_costs_the_same_queries_however_much_there_is(role, request, client_for, kim):
    client = client_for(request.getfixturevalue(role))
    _lived_in(kim)
    client.get(HOME)
    with CaptureQueriesContext(connection) as small:
        assert client.get(HOME).status_code == 200
    _lived_in(kim, 12)
    _lived_in(registered_kim("KIM Lain"), 12)
    client.get(HOME)  # the KIM figures, counted again after the new KIM, are cached again
    with CaptureQueriesContext(connection) as large:
        assert client.get(HOME).status_code == 200
    assert len(large) == len(small)


def test_an_officer_sees_what_waits_on_them(client_for, officer_kab_serang, kim):
    _lived_in(kim)
    body = client_for(officer_kab_serang).get(HOME).content.decode()
    for text in ("Berakhir 0", "Menunggu 0", "Evaluasi 0", "Tindak lanjut 0"):
        assert text in body
    assert "Klarifikasi 0" not in body  # the KIM's to answer


def test_a_manager_sees_what_their_kim_has_to_do(client_for, manager, kim):
    _lived_in(kim)
    body = client_for(manager).get(HOME).content.decode()
    for text in ("Berakhir 0", "Klarifikasi 0", "Kirim laporan", "Tindak lanjut 0"):
        assert text in body
    assert "Menunggu 0" not in body
    assert "Evaluasi 0" not in body


def test_officers_of_another_regency_see_none_of_it(client_for, officer_kota_serang, kim):
    _lived_in(kim)
    body = client_for(officer_kota_serang).get(HOME).content.decode()
    assert "Berakhir 0" not in body
    assert "Tidak ada perjanjian yang segera berakhir" in body


def test_an_officers_panels_are_kept_until_a_row_they_read_changes(
    client_for, officer_kab_serang, kim
):
    """The panels are cached like the KIM figures: a second visit reads no agreement; a
    report filed, or agreements expired by the daily job's bulk update, shows at once."""
    client = client_for(officer_kab_serang)
    running = make_agreement([kim], status="active", title="Berjalan", end=today() + 10 * DAY)
    make_agreement(
        [kim], status="active", title="Habis Kemarin", start=today() - 300 * DAY, end=today() - DAY
    )
    client.get(HOME)
    with CaptureQueriesContext(connection) as warm:
        body = client.get(HOME).content.decode()
    assert "Berjalan" in body
    assert not any("partnerships_agreement" in query["sql"] for query in warm)

    make_report(running, kim, title="Laporan Baru")
    assert "Laporan Baru" in client.get(HOME).content.decode()

    assert "Habis Kemarin" not in client.get(HOME).content.decode()  # not yet due
    assert services.agreements_expire() == 1
    assert "Habis Kemarin" in client.get(HOME).content.decode()  # now to evaluate
