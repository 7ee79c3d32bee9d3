"""Pemetaan: regency officers score their KIM (history kept); the grid is SVG drawn on the
server with one point per scored KIM, each linking to the KIM."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kimportal.core.access import ActionRefused, NotPermitted
from partnerships import grid
from partnerships.models import MappingScore
from partnerships.services.mapping import kim_score
from registry.models import Kim
from tests.partnerships.helpers import make_score
from tests.registry.letter_helpers import registered_kim

pytestmark = pytest.mark.django_db

MAPPING = reverse("partnerships:mapping")
POINT = re.compile(r'<circle class="point"')


def test_a_regency_officer_scores_a_kim_and_the_history_is_kept(officer_kab_serang, kim):
    first = kim_score(kim=kim, actor=officer_kab_serang, interest=2, influence=3, power=1)
    second = kim_score(
        kim=kim, actor=officer_kab_serang, interest=5, influence=4, power=4, note="Aktif."
    )
    first.refresh_from_db()
    assert not first.is_current
    assert second.is_current
    assert MappingScore.objects.filter(kim_id=kim.pk).count() == 2


def test_scores_are_one_to_five(officer_kab_serang, kim):
    with pytest.raises(ValidationError) as refused:
        kim_score(kim=kim, actor=officer_kab_serang, interest=0, influence=6, power=3)
    assert set(refused.value.message_dict) == {"interest", "influence"}


def test_only_officers_of_the_kims_regency_score(
    officer_kota_serang, province_staff, admin_user, kim
):
    for actor in (officer_kota_serang, province_staff, admin_user):
        with pytest.raises(NotPermitted):
            kim_score(kim=kim, actor=actor, interest=3, influence=3, power=3)


def test_a_draft_kim_is_not_mapped(officer_kab_serang, kim):
    Kim.objects.filter(pk=kim.pk).update(status="draft")
    kim.refresh_from_db()
    with pytest.raises(ActionRefused):
        kim_score(kim=kim, actor=officer_kab_serang, interest=3, influence=3, power=3)


def _svg(body):
    return body[body.index('<svg class="mapping-grid"') : body.index("</svg>") + 6]


def test_the_grid_has_one_point_per_scored_kim_of_the_regency(
    client_for, officer_kab_serang, kim, kota_kim
):
    others = [registered_kim(f"KIM Peta {n}") for n in range(6)]
    for n, other in enumerate(others):
        make_score(other, interest=n % 5 + 1, influence=3, power=n % 5 + 1)
    make_score(kim, interest=3, influence=3, power=5, is_current=False)  # history only
    make_score(kim, interest=5, influence=5, power=5)
    make_score(kota_kim, interest=1, influence=1, power=1)  # another regency
    registered_kim("KIM Belum Dinilai")

    body = client_for(officer_kab_serang).get(MAPPING).content.decode()
    svg = _svg(body)

    assert len(POINT.findall(svg)) == 7
    assert svg.count(reverse("registry:kim-detail", args=[kim.pk])) == 1
    assert "KIM Belum Dinilai" not in svg
    assert "KIM Belum Dinilai" in body  # listed to be scored
    assert kota_kim.name not in body
    assert "<script" not in svg


def test_the_province_grid_shows_every_regency(client_for, province_staff, kim, kota_kim):
    make_score(kim)
    make_score(kota_kim)
    body = client_for(province_staff).get(MAPPING).content.decode()
    assert len(POINT.findall(_svg(body))) == 2
    one = client_for(province_staff).get(MAPPING + "?wilayah=36.73").content.decode()
    assert len(POINT.findall(_svg(one))) == 1


def test_points_sharing_a_cell_stay_apart_and_inside_it():
    points = [
        grid.Point(number=n, name=f"KIM {n}", interest=4, influence=2, power=5, url="/k/")
        for n in range(1, 10)
    ]
    svg = grid.grid_svg(points, title="Uji <judul>")
    centres = re.findall(r'cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg)
    assert len({(x, y) for x, y, _r in centres}) == 9
    left, top = grid._x(4), grid._y(2)
    for x, y, r in centres:
        assert left <= float(x) - float(r)
        assert float(x) + float(r) <= left + grid.CELL
        assert top <= float(y) - float(r)
        assert float(y) + float(r) <= top + grid.CELL
    assert "Uji &lt;judul&gt;" in svg


def test_names_in_the_grid_are_escaped():
    svg = grid.grid_svg(
        [grid.Point(1, '<script>alert(1)</script>"', 3, 3, 3, '/k/1/?"x')], title="t"
    )
    assert "<script>" not in svg
    assert '"x' not in svg.replace('="', "").replace('" ', "")


def test_the_mapping_page_costs_the_same_queries_however_many_kim(client_for, province_staff, kim):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_score(kim)
    client = client_for(province_staff)
    client.get(MAPPING)
    with CaptureQueriesContext(connection) as small:
        client.get(MAPPING)
    for n in range(30):
        make_score(registered_kim(f"KIM Banyak {n}"))
    with CaptureQueriesContext(connection) as large:
        client.get(MAPPING)
    assert len(large) == len(small)
