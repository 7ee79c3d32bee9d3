"""Name searches on the directory and the KIM list: the same rows as a plain
`name__icontains` in the list's order (any case), every match once through the pages, and
each page's rows picked among the sorted matches rather than by walking the name index
(kimportal/core/pagination.py, `search`), which read half the index at 100,000 KIM."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kimportal.core import pagination
from registry.models import Kim, KimStatus
from registry.selectors.directory import PUBLIC_STATUSES, SORTS

pytestmark = pytest.mark.django_db

SERANG = ("36.04.05.2001", "36.04")
PANDEGLANG = ("36.01.01.2001", "36.01")


def _kim(name, status=KimStatus.REGISTERED, area=SERANG, minutes=0):
    village, regency = area
    public = status in PUBLIC_STATUSES
    return Kim(
        name=name,
        village_id=village,
        regency_id=regency,
        address="x",
        status=status,
        submitted_at=timezone.now(),
        registered_at=timezone.now() - timezone.timedelta(minutes=minutes) if public else None,
    )


@pytest.fixture
def kims():
    """60 matches for "jaya makmur" in mixed case across two regencies and public statuses,
    drafts that match (never public), and names that hold both words in another order."""
    rows = []
    for i in range(60):
        name = ("KIM Jaya Makmur", "kim JAYA makmur", "KIM Sinar Jaya Makmur")[i % 3]
        status = PUBLIC_STATUSES[i % 3]
        rows.append(_kim(f"{name} {i % 20:02d}", status, (SERANG, PANDEGLANG)[i % 2], i))
    rows += [_kim(f"KIM Jaya Makmur Draf {i}", KimStatus.DRAFT) for i in range(5)]
    rows += [_kim(f"KIM Makmur Jaya {i}") for i in range(30)]
    Kim.objects.bulk_create(rows)


def _walk(client, url, start="", step="Berikutnya"):
    """Names on every page from `url` + `start`, following the `step` link; and each
    page's SQL."""
    path = url.split("?")[0]
    names, queries = [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + start)
        assert response.status_code == 200
        names.append([kim.name for kim in response.context["page"]])
        queries.append([q["sql"] for q in captured])
        match = re.search(rf'<a class="page-link" href="([^"]+)"[^>]*>{step}<', response.text)
        url, start = (path + unescape(match.group(1)), "") if match else (None, "")
        assert len(names) < 20, "the walk does not end"
    return names, queries


def _sorted_from_matches(queries):
    """The page's rows come from the matches gathered first and sorted after (a CTE of
    the matches, or an ORDER BY in a form no index serves), never from a walk of the name
    index."""
    rows = [sql for sql in queries if "ORDER BY" in sql and '"registry_kim"."name"' in sql]
    return bool(rows) and all("COALESCE" in sql or "AS MATERIALIZED" in sql for sql in rows)


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_directory_search_shows_every_public_match_once_in_order(client, kims, sort):
    expected = list(
        Kim.objects.filter(status__in=PUBLIC_STATUSES, name__icontains="jaya makmur")
        .order_by(*SORTS[sort][1])
        .values_list("name", flat=True)
    )
    assert len(expected) == 60
    url = f"/direktori/?q=JaYa+MAKMUR&urut={sort}"
    forwards, queries = _walk(client, url)
    assert [name for page in forwards for name in page] == expected
    assert [len(page) for page in forwards] == [25, 25, 10]
    # In name order the matches are sorted; by date they are spread along its index.
    by_name = any(key in ("name", "-name") for key in SORTS[sort][1])
    assert all(_sorted_from_matches(page) == by_name for page in queries)
    backwards, _queries = _walk(client, url, "&page=-1", "Sebelumnya")
    assert [name for page in reversed(backwards) for name in page] == expected
    assert [len(page) for page in backwards] == [10, 25, 25]


def test_directory_search_within_a_regency(client, kims):
    forwards, _queries = _walk(client, "/direktori/?q=jaya+makmur&kabupaten=36.01")
    names = [name for page in forwards for name in page]
    assert len(names) == 30 == len(set(names))
    assert names == sorted(
        Kim.objects.filter(regency_id="36.01", name__icontains="jaya makmur").values_list(
            "name", flat=True
        )
    )


def test_kim_list_search_shows_every_match_once_in_order(client_for, province_staff, kims):
    client = client_for(province_staff)
    expected = list(
        Kim.objects.filter(name__icontains="jaya makmur")
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )
    assert len(expected) == 65  # the drafts too: officers see them
    forwards, queries = _walk(client, "/kim/?q=Jaya+Makmur&sort=name")
    assert [name for page in forwards for name in page] == expected
    assert all(_sorted_from_matches(page) for page in queries)
    backwards, _queries = _walk(client, "/kim/?q=Jaya+Makmur&sort=name", "&page=-1", "Sebelumnya")
    assert [name for page in reversed(backwards) for name in page] == expected


def test_review_queue_search_walks_its_date_index(client_for, province_staff, kims):
    """The queue is in waiting order: matches are spread along it, so it is walked."""
    Kim.objects.filter(status=KimStatus.REGISTERED).update(status=KimStatus.SUBMITTED)
    expected = list(
        Kim.objects.filter(status=KimStatus.SUBMITTED, name__icontains="jaya makmur")
        .order_by("submitted_at", "pk")
        .values_list("name", flat=True)
    )
    assert len(expected) == 20
    forwards, queries = _walk(client_for(province_staff), "/kim/peninjauan/?q=jaya+makmur")
    assert [name for page in forwards for name in page] == expected
    assert not any(_sorted_from_matches(page) for page in queries)


def test_search_pages_run_the_same_queries_as_the_first(client, client_for, province_staff, kims):
    for who, url in ((client, "/direktori/?q=jaya+makmur"), (None, "/kim/?q=jaya+makmur")):
        who = who or client_for(province_staff)
        who.get(url)  # warm: session, content types
        _names, queries = _walk(who, url)
        _names, backwards = _walk(who, url, "&page=-1", "Sebelumnya")
        assert len({len(page) for page in queries + backwards}) == 1, url
        assert len(queries[0]) <= 12


def test_a_search_matching_more_than_the_cap_walks_the_name_index(client, kims, monkeypatch):
    """Past COUNT_CAP the matches are dense: the name index meets a page of them soon."""
    monkeypatch.setattr(pagination, "COUNT_CAP", 20)
    forwards, queries = _walk(client, "/direktori/?q=jaya")
    names = [name for page in forwards for name in page]
    assert names == list(
        Kim.objects.filter(status__in=PUBLIC_STATUSES, name__icontains="jaya")
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )
    assert not any(_sorted_from_matches(page) for page in queries)


def test_a_search_page_whose_boundary_row_is_gone_is_found_by_its_number(client, kims):
    """The next link names the last row shown; if it no longer matches, the page number
    still leads to the second page of what matches now."""
    url = "/direktori/?q=jaya+makmur"
    first = client.get(url)
    link = unescape(
        re.search(r'<a class="page-link" href="([^"]+)"[^>]*>Berikutnya<', first.text)[1]
    )
    boundary = list(first.context["page"])[-1]
    Kim.objects.filter(pk=boundary.pk).update(name="KIM Ganti Nama")
    now = list(
        Kim.objects.filter(status__in=PUBLIC_STATUSES, name__icontains="jaya makmur")
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )
    second = client.get("/direktori/" + link)
    assert second.status_code == 200
    assert [kim.name for kim in second.context["page"]] == now[25:50]
    assert "59 KIM" in second.text
