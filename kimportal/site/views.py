from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kimportal.core.access import login_required, public
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
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse({"status": "error", "database": exc.__class__.__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
def privacy(request):
    return render(request, "privacy.html")
