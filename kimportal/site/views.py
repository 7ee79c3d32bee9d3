from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from kimportal.core.access import login_required, public
from kimportal.core.jobs.health import broker_status
from kimportal.site.dashboards import dashboard_context


@public
def home(request):
    return render(request, "home.html")


@login_required
def dashboard(request):
    template, context = dashboard_context(request.user)
    return render(request, template, context)


@public
@never_cache
def healthz(request):
    """The database, and the task broker when one is configured: 503 if either is down."""
    status = {"status": "ok", "database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        status.update(status="error", database=exc.__class__.__name__)
    broker = broker_status()
    if broker is not None:
        status["broker"] = broker
        if broker != "ok":
            status["status"] = "error"
    return JsonResponse(status, status=200 if status["status"] == "ok" else 503)


@public
def privacy(request):
    return render(request, "privacy.html", {"retention_years": settings.ROSTER_RETENTION_YEARS})


def server_error(request):
    """The 500 page (handler500): it says the team was told only when ADMINS get the
    traceback by e-mail; rendered without the request, which may be what broke."""
    return HttpResponseServerError(
        render_to_string("500.html", {"team_notified": bool(settings.ADMINS)})
    )
