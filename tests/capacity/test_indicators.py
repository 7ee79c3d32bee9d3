"""Success indicators: assessed by the KIM's regency officers, averaged per regency and
over the province with each KIM counted once."""

import pytest

from capacity.selectors.indicators import kim_trend, overall_average, regency_averages
from capacity.services.indicators import AssessmentError, assessment_save
from kimportal.core.access import NotPermitted
from kimportal.core.accounts.roles import Role
from tests.factories import UserFactory
from tests.registry.letter_helpers import KOTA_SERANG_VILLAGE, registered_kim

NAMES = ("awareness", "accessibility", "participation", "quality_of_life", "information_use")


def scores(*values, note=""):
    data = dict(zip(NAMES, values, strict=True))
    data["awareness_note"] = note
    return data


@pytest.fixture
def kims(db):
    return {
        "serang_a": registered_kim(name="KIM A"),
        "serang_b": registered_kim(name="KIM B"),
        "kota": registered_kim(name="KIM Kota", village=KOTA_SERANG_VILLAGE),
    }


def test_averages_per_regency_and_province(
    kims, officer_kab_serang, officer_kota_serang, province_staff
):
    assessment_save(
        kim=kims["serang_a"], actor=officer_kab_serang, period=2025, scores=scores(5, 4, 3, 2, 1)
    )
    assessment_save(
        kim=kims["serang_b"], actor=officer_kab_serang, period=2025, scores=scores(3, 4, 5, 4, 3)
    )
    assessment_save(
        kim=kims["kota"], actor=officer_kota_serang, period=2025, scores=scores(1, 1, 1, 1, 1)
    )
    assessment_save(
        kim=kims["kota"], actor=officer_kota_serang, period=2024, scores=scores(5, 5, 5, 5, 5)
    )

    by_regency = {area.code: area for area in regency_averages(province_staff, 2025)}
    serang, kota = by_regency["36.04"], by_regency["36.73"]
    assert serang.assessed == 2
    assert [value for _label, value in serang.indicators] == [4, 4, 4, 3, 2]
    assert serang.overall == pytest.approx(3.4)
    assert kota.overall == pytest.approx(1.0)

    province = overall_average(province_staff, 2025, "Provinsi Banten")
    # Each KIM counts once: (5+3+1)/3 for the first indicator, not the mean of regencies.
    assert province.assessed == 3
    assert province.indicators[0][1] == pytest.approx(3.0)
    assert province.overall == pytest.approx((15 + 19 + 5) / 15)

    # A regency officer's averages are their regency's only.
    mine = overall_average(officer_kab_serang, 2025, "Kabupaten Serang")
    assert mine.assessed == 2
    assert mine.overall == pytest.approx(3.4)


def test_trend_per_kim_and_update_of_a_period(kims, officer_kab_serang):
    kim = kims["serang_a"]
    assessment_save(kim=kim, actor=officer_kab_serang, period=2024, scores=scores(2, 2, 2, 2, 2))
    assessment_save(kim=kim, actor=officer_kab_serang, period=2025, scores=scores(3, 3, 3, 3, 3))
    assessment_save(
        kim=kim, actor=officer_kab_serang, period=2025, scores=scores(4, 4, 4, 4, 4, note="bukti")
    )

    trend = kim_trend(kim)
    assert [(a.period, a.average) for a in trend] == [(2024, 2.0), (2025, 4.0)]
    assert trend[-1].awareness_note == "bukti"


def test_only_the_kims_regency_officers_assess(kims, officer_kota_serang, province_staff, manager):
    for user in (officer_kota_serang, province_staff, manager):
        with pytest.raises(NotPermitted):
            assessment_save(
                kim=kims["serang_a"], actor=user, period=2025, scores=scores(3, 3, 3, 3, 3)
            )


def test_scores_are_one_to_five(kims, officer_kab_serang):
    with pytest.raises(AssessmentError):
        assessment_save(
            kim=kims["serang_a"],
            actor=officer_kab_serang,
            period=2025,
            scores=scores(6, 3, 3, 3, 3),
        )


def test_indicator_list_has_a_fixed_query_count(
    kims, officer_kab_serang, province_staff, client, django_assert_num_queries
):
    assessment_save(
        kim=kims["serang_a"], actor=officer_kab_serang, period=2025, scores=scores(3, 3, 3, 3, 3)
    )
    for n in range(5):
        registered_kim(name=f"KIM Tambahan {n}")
    client.force_login(province_staff)
    client.get("/indikator/?periode=2025")  # warm: session, content types

    # session, user, periods, KIM page + count, regency averages (+ names), overall, regency
    # choices, area name
    with django_assert_num_queries(10):
        response = client.get("/indikator/?periode=2025")
    assert response.status_code == 200
    assert "KIM A" in response.content.decode()


def test_kim_page_shows_capacity_history(kims, client, officer_kab_serang, manager):
    from tests.capacity.helpers import attend, held_event, register

    kim = kims["serang_a"]
    kim.managers.add(manager)
    event = held_event(title="Bimtek Riwayat")
    attend(register(event, kim))
    client.force_login(manager)

    response = client.get(f"/kim/{kim.pk}/")

    text = response.content.decode()
    assert "Peningkatan kapasitas" in text
    assert "Bimtek Riwayat" in text
    assert "6 JP" in text


def test_manager_sees_own_kim_indicators_but_cannot_assess(kims, client, manager):
    kim = kims["serang_a"]
    kim.managers.add(manager)
    client.force_login(manager)

    assert client.get(f"/indikator/kim/{kim.pk}/").status_code == 200
    response = client.post(f"/indikator/kim/{kim.pk}/", {"period": 2025, **scores(3, 3, 3, 3, 3)})
    assert response.status_code == 403
    other_manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    client.force_login(other_manager)
    assert client.get(f"/indikator/kim/{kim.pk}/").status_code == 404
