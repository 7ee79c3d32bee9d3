"""The portal's URLs: each app owns its own; this file only composes them."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kimportal.core.access import public
from kimportal.core.accounts.urls import auth_urlpatterns
from kimportal.site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("beranda/", views.dashboard, name="dashboard"),
    path("privasi/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("akun/", include(auth_urlpatterns)),
    path("akun/", include("kimportal.core.accounts.urls")),
    path("bahasa/", public(set_language), name="set_language"),
    path("audit/", include("kimportal.core.audit.urls")),
    path("wilayah/", include("kimportal.core.areas.urls")),
    path("", include("kimportal.core.verification.urls")),
    path("", include("registry.urls")),
    path("", include("partnerships.urls")),
    path("", include("capacity.urls")),
    path("admin/", admin.site.urls),
]
