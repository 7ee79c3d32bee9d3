"""The portal's URLs: each app owns its own; this file only composes them."""

from django.contrib import admin
from django.urls import include, path

from kimportal.core.accounts.forms import AdminLoginForm
from kimportal.core.accounts.urls import auth_urlpatterns
from kimportal.core.accounts.views import language_switch
from kimportal.site import views

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("beranda/", views.dashboard, name="dashboard"),
    path("privasi/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("akun/", include(auth_urlpatterns)),
    path("akun/", include("kimportal.core.accounts.urls")),
    path("bahasa/", language_switch, name="set_language"),
    path("tugas/", include("kimportal.core.jobs.urls")),
    path("audit/", include("kimportal.core.audit.urls")),
    path("wilayah/", include("kimportal.core.areas.urls")),
    path("", include("kimportal.core.verification.urls")),
    path("", include("registry.urls")),
    path("", include("partnerships.urls")),
    path("", include("capacity.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "kimportal.site.views.server_error"
