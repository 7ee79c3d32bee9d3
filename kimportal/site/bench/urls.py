"""The portal's URLs plus a trivial `ok` view: the baseline every page is compared with,
through the same middleware. Used only by the bench (override) and the load test's server
(kimportal.site.bench.settings), never by the portal itself."""

from django.http import HttpResponse
from django.urls import path

from kimportal.core.access import public
from kimportal.urls import urlpatterns as portal


@public
def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok, name="bench-ok"), *portal]
