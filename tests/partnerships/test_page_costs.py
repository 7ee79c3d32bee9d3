"""Every partnership page costs the same number of queries however much data it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.partnerships.helpers import (
    add_photo,
    make_agreement,
    make_forum,
    make_report,
    make_score,
    make_visit,
)
from tests.registry.letter_helpers import registered_kim

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kim):
    agreement = make_agreement([kim], status="active", number="1/PKS/2025")
    forum = make_forum(kims=[kim])
    visit = make_visit(kim, follow_ups=[("Pertama", 3)])
    report = make_report(agreement, kim)
    add_photo(report)
    make_score(kim)
    return {"agreement": agreement, "forum": forum, "visit": visit, "report": report, "kim": kim}


def _grow(world, n):
    """More of everything the pages list."""
    kim = world["kim"]
    for i in range(n):
        other = registered_kim(f"KIM Tambahan {n}-{i}")
        world["agreement"].kims.add(other)
        world["forum"].kims.add(other)
        make_report(world["agreement"], kim, title=f"Laporan {n}-{i}", status="accepted")
        add_photo(world["report"])
        make_visit(kim, follow_ups=[(f"Tindak lanjut {n}-{i}", i - 2)])
        make_agreement([kim], title=f"Perjanjian {n}-{i}", status="expired")


PAGES = {
    "agreement-detail": lambda w: reverse(
        "partnerships:agreement-detail", args=[w["agreement"].pk]
    ),
    "report-detail": lambda w: reverse("partnerships:report-detail", args=[w["report"].pk]),
    "report-list": lambda w: reverse("partnerships:report-list"),
    "kim": lambda w: reverse("partnerships:kim", args=[w["kim"].pk]),
    "forum-list": lambda w: reverse("partnerships:forum-list"),
    "forum-detail": lambda w: reverse("partnerships:forum-detail", args=[w["forum"].pk]),
    "visit-list": lambda w: reverse("partnerships:visit-list"),
    "visit-detail": lambda w: reverse("partnerships:visit-detail", args=[w["visit"].pk]),
    "follow-up-list": lambda w: reverse("partnerships:follow-up-list") + "?status=all",
    "visit-summary": lambda w: reverse("partnerships:visit-summary"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_cost_does_not_grow_with_the_data(page, world, client_for, province_staff):
    client = client_for(province_staff)
    url = PAGES[page](world)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 8)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
