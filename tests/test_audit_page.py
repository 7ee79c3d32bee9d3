import pytest
from django.db import transaction

from kimportal.core import audit
from registry.audit_actions import KimAction
from tests.factories import KimFactory

pytestmark = pytest.mark.django_db


def _trail(actor, kim, n):
    with transaction.atomic():
        for i in range(n):
            audit.record(
                actor=actor,
                obj=kim,
                action=KimAction.UPDATED,
                changes={"name": [f"lama {i}", f"baru {i}"]},
            )


def test_supervisors_read_their_jurisdiction_only(client_for, province_staff, officer_kota_serang):
    serang = KimFactory(name="KIM Jejak Serang")
    kota = KimFactory(name="KIM Jejak Kota", village_id="36.73.01.1001")
    _trail(province_staff, serang, 1)
    _trail(province_staff, kota, 1)
    body = client_for(province_staff).get("/audit/").content.decode()
    assert "KIM Jejak Serang" in body
    assert "KIM Jejak Kota" in body
    body = client_for(officer_kota_serang).get("/audit/").content.decode()
    assert "KIM Jejak Kota" in body
    assert "KIM Jejak Serang" not in body


def test_filters_by_part_of_the_portal_and_exports(client_for, province_staff):
    kim = KimFactory(name="KIM Jejak")
    _trail(province_staff, kim, 2)
    client = client_for(province_staff)
    assert "KIM Jejak" not in client.get("/audit/", {"bagian": "accounts."}).content.decode()
    response = client.get("/audit/", {"format": "csv", "q": "Jejak"})
    assert "baru 1" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_audit_page_query_count_does_not_grow(
    client_for, province_staff, django_assert_num_queries
):
    kim = KimFactory()
    _trail(province_staff, kim, 5)
    client = client_for(province_staff)
    client.get("/audit/")
    # session, user, count, one page of entries with their actors
    with django_assert_num_queries(4):
        client.get("/audit/")
    _trail(province_staff, kim, 60)
    with django_assert_num_queries(4):
        client.get("/audit/")
