"""KIM in Django admin: a read-only changelist for system admins (the bench compares the
review queue with it); nobody changes a KIM there, bypassing the workflow."""

import pytest

from registry.models import KimStatus
from tests.registry.letter_helpers import registered_kim


@pytest.fixture
def kim(db):
    return registered_kim("KIM Admin Terdaftar")


def test_system_admin_lists_searches_and_filters_kim(client_for, admin_user, kim):
    client = client_for(admin_user)
    page = client.get("/admin/registry/kim/", {"q": "Admin Terdaftar"})
    assert page.status_code == 200
    assert "KIM Admin Terdaftar" in page.content.decode()
    filtered = client.get("/admin/registry/kim/", {"status__exact": KimStatus.SUBMITTED})
    assert "KIM Admin Terdaftar" not in filtered.content.decode()
    assert client.get(f"/admin/registry/kim/{kim.pk}/change/").status_code == 200  # view only


def test_system_admin_cannot_add_change_or_delete_kim(client_for, admin_user, kim):
    client = client_for(admin_user)
    assert client.get("/admin/registry/kim/add/").status_code == 403
    assert client.get(f"/admin/registry/kim/{kim.pk}/delete/").status_code == 403
    response = client.post(f"/admin/registry/kim/{kim.pk}/change/", {"name": "Diubah"})
    assert response.status_code == 403
    kim.refresh_from_db()
    assert kim.name == "KIM Admin Terdaftar"


@pytest.mark.parametrize("role", ["province_staff", "officer_kab_serang", "manager"])
def test_other_roles_do_not_reach_the_kim_changelist(request, client_for, role, kim):
    response = client_for(request.getfixturevalue(role)).get("/admin/registry/kim/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
