"""Every list page and home page runs a fixed, small number of queries, and a list's last
page runs no more than its first (keyset pages, kimportal/core/pagination.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from capacity.models import Event
from kimportal.core.accounts.roles import Role
from kimportal.core.audit.models import AuditEntry
from kimportal.core.models import User
from registry.models import Kim, KimStatus
from tests.capacity.helpers import make_event
from tests.factories import UserFactory
from tests.partnerships.helpers import make_agreement, make_report, make_visit
from tests.registry.letter_helpers import registered_kim

pytestmark = pytest.mark.django_db

MOST = 12  # the ceiling for a list or home page


def _kims(n):
    now = timezone.now()
    statuses = [KimStatus.SUBMITTED, KimStatus.REGISTERED, KimStatus.DRAFT]
    Kim.objects.bulk_create(
        Kim(
            name=f"KIM Daftar {i:03d}",
            village_id="36.04.05.2001",
            regency_id="36.04",
            address="x",
            status=statuses[i % 3],
            submitted_at=now - timezone.timedelta(hours=i),
            registered_at=now,
        )
        for i in range(n)
    )


def _audit(n):
    kind = ContentType.objects.get_for_model(Kim)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action="registry.kim.create",
            content_type=kind,
            object_id=str(i),
            object_repr=f"KIM {i}",
            province_code="36",
            regency_code="36.04",
        )
        for i in range(n)
    )


def _users(n):
    User.objects.bulk_create(
        User(username=f"pengelola{i:03d}", role=Role.MANAGER, regency_id="36.04", password="!")
        for i in range(n)
    )


def _partnerships(n):
    kim = registered_kim("KIM Mitra")
    for i in range(n):
        agreement = make_agreement([kim], status="active", title=f"Perjanjian {i}")
        make_report(agreement, kim, title=f"Laporan {i}")
        make_visit(kim, follow_ups=[(f"Tindak lanjut {i}", 3)])


def _events(n):
    for i in range(n):
        make_event(title=f"Kegiatan {i}")
    assert Event.objects.count() == n


LISTS = {
    # url: (who, data, rows enough for several pages)
    "/kim/": ("province_staff", _kims, 80),
    "/kim/peninjauan/": ("province_staff", _kims, 160),
    "/direktori/": (None, _kims, 160),
    # A name search: the page's rows picked among the sorted matches, same query count.
    "/kim/?q=DAFTAR": ("province_staff", _kims, 80),
    "/kim/peninjauan/?q=daftar": ("province_staff", _kims, 160),
    "/direktori/?q=daftar": (None, _kims, 160),
    "/audit/": ("province_staff", _audit, 120),
    "/akun/pengguna/": ("officer_kab_serang", _users, 120),
    "/kemitraan/": ("officer_kab_serang", _partnerships, 30),
    "/kemitraan/laporan/": ("officer_kab_serang", _partnerships, 30),
    "/kemitraan/supervisi/": ("officer_kab_serang", _partnerships, 30),
    "/kemitraan/tindak-lanjut/": ("officer_kab_serang", _partnerships, 30),
    "/kegiatan/": ("officer_kab_serang", _events, 25),
}


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


@pytest.mark.parametrize("url", sorted(LISTS))
def test_list_first_and_last_pages_run_a_fixed_number_of_queries(url, request, client):
    who, fill, rows = LISTS[url]
    if who:
        client.force_login(request.getfixturevalue(who))
    fill(rows)
    client.get(url)  # warm: session, content types
    first, response = _queries(client, url)
    page = response.context["page"]
    assert page.has_next, "the list should span several pages"
    last, response = _queries(client, url + ("&" if "?" in url else "?") + "page=-1")
    assert not response.context["page"].has_next
    assert first <= MOST
    assert last <= first
    middle, _response = _queries(client, url.split("?")[0] + page.next_url())
    assert middle <= first


@pytest.mark.parametrize(
    "who", ["province_staff", "officer_kab_serang", "manager_with_kim", "system_admin"]
)
def test_home_pages_run_a_fixed_number_of_queries(who, request, client):
    client.force_login(request.getfixturevalue(who))
    _kims(40)
    client.get("/beranda/")
    small, _response = _queries(client, "/beranda/")
    _kims(40)
    client.get("/beranda/")  # the figures, counted again after the new KIM
    large, _response = _queries(client, "/beranda/")
    assert large == small <= MOST


@pytest.fixture
def manager_with_kim(db):
    user = UserFactory(role=Role.MANAGER)
    registered_kim("KIM Kelolaan").managers.add(user)
    return user


@pytest.fixture
def system_admin(db):
    return UserFactory(role=Role.ADMIN)
