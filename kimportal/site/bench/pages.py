"""Page figures: each page through Django's test client (the whole middleware stack),
warm, median of N, its query count, and its time as a multiple of the trivial `ok` view's."""

import re
import statistics
import time
from html import unescape

from django.db import connection
from django.db.models import Count
from django.test import Client

from capacity.models import Event
from kimportal.core.models import User
from kimportal.site import scale
from registry.models import Kim, KimStatus

# The pagination's "last page" link (templates/includes/pagination.html).
LAST_LINK = re.compile(r'href="([^"]*)"[^>]*>\s*(?:Terakhir|Last)\s*<')


def last_page_url(html, url):
    """The last page `url`'s first page (`html`) links to; without such a link, `?page=`
    past the end, which Django's paginator (and the portal's) answers with the last page."""
    found = LAST_LINK.search(html)
    if found:
        link = unescape(found.group(1))
        return link if link.startswith("/") else url.split("?")[0] + link
    return f"{url}{'&' if '?' in url else '?'}page=99999"


class PageTimer:
    def __init__(self, emit, repeat, note=None):
        self.emit, self.repeat, self.note = emit, repeat, note or (lambda text: None)
        self.clients = {}
        self.baseline = None
        self.ms = {}

    def client(self, user):
        key = user.pk if user else None
        if key not in self.clients:
            client = Client()
            if user:
                client.force_login(user)
            self.clients[key] = client
        return self.clients[key]

    def get(self, user, url):
        response = self.client(user).get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response

    def time(self, user, url):
        """Median milliseconds of `url` and its query count, both warm: a first request
        fills what a process keeps (content types, cached figures), the second is counted."""
        self.get(user, url)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            self.get(user, url)
        timings = []
        for _ in range(self.repeat):
            started = time.perf_counter()
            self.get(user, url)
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings), counter.count

    def baseline_ok(self, user):
        """The trivial view, as the same signed-in client asks it."""
        self.time(user, "/bench/ok")  # warm-up of the client and middleware
        self.baseline, _queries = self.time(user, "/bench/ok")
        self.emit("baseline_ok_ms", self.baseline, "ms")
        # What a signed-in request adds before any view (session, user, its middleware).
        self.time(None, "/bench/ok")
        self.emit("baseline_ok_anonymous_ms", self.time(None, "/bench/ok")[0], "ms")
        # The health check (one query): the earlier figures were relative to it.
        self.emit("healthz_ms", self.time(None, "/healthz")[0], "ms")

    def page(self, name, user, url):
        ms, queries = self.time(user, url)
        self.ms[name] = ms
        self.emit(f"{name}_ms", ms, "ms")
        self.emit(f"{name}_queries", queries, "queries")
        self.emit(f"{name}_x", ms / self.baseline, "x")

    def last_page(self, user, url):
        """`url` at its last page (the deepest the UI offers)."""
        return last_page_url(self.get(user, url).content.decode(), url)

    def paged(self, name, user, url):
        self.page(f"{name}_p1", user, url)
        deep = self.last_page(user, url)
        self.note(f"{name}_deep: {deep}")
        self.page(f"{name}_deep", user, deep)


class QueryCounter:
    """Counts the queries run (with DEBUG on or off; Django's own log is reset per request)."""

    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _busiest(field_prefix):
    """The area code (province "36" or regency "36.04") holding most KIM."""
    rows = Kim.objects.values("regency_id").annotate(n=Count("pk")).order_by("-n")
    if field_prefix == "province":
        totals = {}
        for row in rows:
            totals[row["regency_id"][:2]] = totals.get(row["regency_id"][:2], 0) + row["n"]
        return max(totals, key=totals.get)
    return rows[0]["regency_id"]


def users():
    """The synthetic accounts the pages are seen as: the system admin (national lists),
    staff of the province and an officer of the regency holding most KIM."""
    province, regency = _busiest("province"), _busiest("regency")
    return {
        "admin": User.objects.get(username=scale.ADMIN),
        "province": User.objects.get(username=scale.province_user(province)),
        "regency": User.objects.get(username=scale.regency_user(regency)),
    }


def measure_pages(timer, people):
    admin, province, regency = people["admin"], people["province"], people["regency"]
    timer.paged("review_queue", admin, "/kim/peninjauan/")
    timer.paged("kim_list", admin, "/kim/")
    timer.paged("directory", None, "/direktori/")
    timer.page("directory_search", None, "/direktori/?q=Sejahtera")
    kim = (
        Kim.objects.filter(regency_id=regency.regency_id, status=KimStatus.REGISTERED)
        .order_by("pk")
        .first()
    )
    timer.page("kim_detail", regency, f"/kim/{kim.pk}/")
    timer.page("dashboard_province", province, "/beranda/")
    timer.page("dashboard_regency", regency, "/beranda/")
    timer.paged("agreement_list", admin, "/kemitraan/")
    timer.paged("report_list", admin, "/kemitraan/laporan/")
    timer.paged("event_list", admin, "/kegiatan/")
    event = (
        Event.objects.filter(regency__isnull=False)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    if event is not None:
        organiser = User.objects.get(username=scale.regency_user(event.regency_id))
        timer.paged("participants", organiser, f"/kegiatan/{event.pk}/peserta/")


def measure_admin(timer, admin):
    """Django admin's KIM changelist (page 1), the bar the review queue is compared with."""
    ms, _queries = timer.time(admin, "/admin/registry/kim/")
    timer.emit("admin_changelist_ms", ms, "ms")
    timer.emit("review_queue_vs_admin_x", timer.ms["review_queue_p1"] / ms, "x")
