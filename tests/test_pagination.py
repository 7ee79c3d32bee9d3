"""Keyset pages (kimportal/core/pagination.py): every page of a list is the same work, the
walk forwards and backwards shows every row once, in the list's order, and the total is
exact up to 10,000 rows, then "lebih dari" or an estimate."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kimportal.core import pagination
from kimportal.core.pagination import paginate
from registry.models import Kim, KimStatus

STATUSES = [KimStatus.DRAFT, KimStatus.SUBMITTED, KimStatus.REGISTERED, KimStatus.REJECTED]


def _kims(n, *, status=None, names=None):
    """n KIM in Kabupaten Serang in one INSERT per 5,000: names repeat (ties broken by id),
    drafts have no submission date (NULLs in the sort)."""
    now = timezone.now()
    rows = []
    for i in range(n):
        current = status or STATUSES[i % len(STATUSES)]
        draft = current == KimStatus.DRAFT
        rows.append(
            Kim(
                name=names(i) if names else f"KIM Halaman {i // 3:05d}",
                village_id="36.04.05.2001",
                regency_id="36.04",
                address="x",
                status=current,
                submitted_at=None if draft else now - timezone.timedelta(minutes=i % 500),
                registered_at=now if current == KimStatus.REGISTERED else None,
            )
        )
    Kim.objects.bulk_create(rows, batch_size=5000)


def _link(html, label, path="/kim/"):
    """The href of the pagination link labelled `label`, or None."""
    match = re.search(r'<a class="page-link" href="([^"]+)"[^>]*>' + label + "<", html)
    return unescape(match.group(1)).replace("?", path + "?", 1) if match else None


def _walk(request_for, queryset, per_page, start, step, search=None):
    """Rows of every page from `start` following `step` ("next_url"/"previous_url")."""
    page = paginate(request_for(start), queryset, per_page, search=search)
    pages = [list(page)]
    while page.has_next if step == "next_url" else page.has_previous:
        page = paginate(request_for(getattr(page, step)()), queryset, per_page, search=search)
        pages.append(list(page))
        assert len(pages) < 100, "the walk does not end"
    return pages


@pytest.mark.parametrize(
    "ordering",
    [
        ("name", "pk"),
        ("-name", "-pk"),
        ("-submitted_at", "-pk"),  # NULLs first (drafts)
        ("submitted_at", "pk"),  # NULLs last
        ("regency_id", "-updated_at", "pk"),  # mixed directions
        ("-registered_at",),  # the primary key is added by the paginator
    ],
)
@pytest.mark.parametrize("searched", [False, True], ids=["walked", "sorted"])
def test_walk_forwards_and_backwards_shows_every_row_once_in_order(db, ordering, searched):
    """`searched`: as if a search matched the first sort column, so the rows of each page
    are picked among the sorted matches: the same rows in the same order as the walk."""
    search = ordering[0].lstrip("-") if searched else None
    _kims(53)
    queryset = Kim.objects.order_by(*ordering)
    tie_break = () if ordering[-1].endswith("pk") else ("-pk",)
    expected = list(queryset.order_by(*ordering, *tie_break).values_list("pk", flat=True))
    factory = RequestFactory()

    def request_for(url):
        return factory.get("/kim/" + url.removeprefix("/kim/"))

    forwards = _walk(request_for, queryset, 10, "?", "next_url", search)
    assert [kim.pk for page in forwards for kim in page] == expected
    assert [len(page) for page in forwards] == [10, 10, 10, 10, 10, 3]
    backwards = _walk(request_for, queryset, 10, "?page=999", "previous_url", search)
    # Page numbers line up both ways: the last page holds the 3 rows left over.
    assert [kim.pk for page in reversed(backwards) for kim in page] == expected
    assert [len(page) for page in backwards] == [3, 10, 10, 10, 10, 10]


def test_ordering_expression_is_paged_too(db):
    """A sort by a Case (the agreements' "running first") is annotated and sought on."""
    from django.db.models import Case, Value, When

    _kims(23)
    first = Case(When(status="submitted", then=Value(0)), default=Value(1))
    queryset = Kim.objects.order_by(first.asc(), "-name", "pk")
    expected = list(queryset.values_list("pk", flat=True))
    factory = RequestFactory()
    pages = _walk(lambda url: factory.get("/kim/" + url), queryset, 5, "?", "next_url")
    assert [kim.pk for page in pages for kim in page] == expected


def test_last_page_of_10000_kim_runs_the_same_queries_as_page_1(
    client_for, province_staff, django_assert_max_num_queries
):
    _kims(10_000)
    client = client_for(province_staff)
    client.get("/kim/")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response, [re.sub(r"'[^']*'|\d+", "?", q["sql"]) for q in captured]

    first, first_queries = queries("/kim/")
    last, last_queries = queries(_link(first.content.decode(), "Terakhir"))
    middle, middle_queries = queries(_link(first.content.decode(), "Berikutnya"))
    before_last, before_last_queries = queries(_link(last.content.decode(), "Sebelumnya"))
    assert len(first_queries) == len(last_queries) == len(middle_queries)
    assert len(before_last_queries) == len(first_queries)
    # None of them is an OFFSET scan or an exact count of everything.
    for sql in first_queries + last_queries + middle_queries + before_last_queries:
        assert "OFFSET" not in sql
    assert "Halaman 400 dari 400" in last.content.decode()
    assert "Halaman 399 dari 400" in before_last.content.decode()
    assert "Halaman 2 dari 400" in middle.content.decode()
    assert "10.000 KIM" in first.content.decode()
    with django_assert_max_num_queries(len(first_queries)):
        client.get("/kim/?page=99999")  # an old link past the end: the last page, cheaply


def test_directory_page_99999_is_the_last_page_at_the_cost_of_the_first(db, client):
    _kims(120, status=KimStatus.REGISTERED)
    with CaptureQueriesContext(connection) as first:
        client.get("/direktori/")
    with CaptureQueriesContext(connection) as deep:
        response = client.get("/direktori/", {"page": 99999})
    assert len(deep) == len(first)
    page = response.context["page"]
    assert page.label == "Halaman 5 dari 5"
    assert len(page) == 20
    assert not page.has_next


def test_a_tampered_boundary_is_ignored(db, client):
    """Not base64, not JSON, the wrong number of values, values of the wrong type: the page
    number alone decides (here page 2, the 5 KIM after the first 25)."""
    _kims(30, status=KimStatus.REGISTERED)
    for token in ("%%%", "bm90IGpzb24", "WzEsMiwzXQ", "WyJ4IiwieSJd"):
        response = client.get("/direktori/", {"page": 2, "setelah": token})
        assert response.status_code == 200
        assert response.context["page"].label == "Halaman 2 dari 2"
        assert len(response.context["page"]) == 5


def test_totals_past_the_cap_say_more_than_or_about(client_for, province_staff, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 20)
    _kims(300, status=KimStatus.SUBMITTED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_kim")
    client = client_for(province_staff)
    searched = client.get("/kim/", {"q": "halaman"}).content.decode()
    assert "lebih dari 20 KIM" in searched
    assert "Halaman 1<" in searched  # no page count when the total is not exact
    assert re.search(r"sekitar [\d.]+ KIM", client.get("/kim/").content.decode())
    last = client.get("/kim/", {"q": "halaman", "page": -1})
    assert last.context["page"].label == "Halaman terakhir"
    assert _link(last.content.decode(), "Sebelumnya")
    before = client.get(_link(last.content.decode(), "Sebelumnya"))
    assert before.context["page"].label == "Halaman ke-2 dari akhir"
