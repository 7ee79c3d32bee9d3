from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from kimportal import account_views, audit_views, views
from kimportal.access import public, role_required
from registry.views import areas, directory, verify

account_patterns = (
    [
        path("", account_views.profile, name="profile"),
        path("pengguna/", account_views.user_list, name="user-list"),
        path("pengguna/baru/", account_views.user_create, name="user-create"),
        path("pengguna/<int:pk>/", account_views.user_detail, name="user-detail"),
        path("pengguna/<int:pk>/ubah/", account_views.user_edit, name="user-edit"),
        path("pengguna/<int:pk>/aktif/", account_views.user_toggle_active, name="user-toggle"),
        path("undang/", account_views.manager_invite, name="manager-invite"),
        path("daftar/", account_views.sign_up, name="sign-up"),
        path("aktifkan/<uidb64>/<token>/", account_views.activate, name="activate"),
    ],
    "accounts",
)

# Django's auth views, wrapped by the same access mechanism as ours.
auth_patterns = [
    path(
        "masuk/",
        public(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("keluar/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "sandi/", role_required()(auth_views.PasswordChangeView.as_view()), name="password_change"
    ),
    path(
        "sandi/selesai/",
        role_required()(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("sandi/lupa/", public(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path(
        "sandi/lupa/terkirim/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "sandi/atur/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "sandi/atur/selesai/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("beranda/", views.dashboard, name="dashboard"),
    path("privasi/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("akun/", include(auth_patterns)),
    path("akun/", include(account_patterns)),
    path("bahasa/", public(set_language), name="set_language"),
    path("audit/", audit_views.audit_list, name="audit-list"),
    path("wilayah/<slug:level>/<str:parent>/", areas.area_children, name="area-children"),
    path("v/<str:token>/", verify.letter_verify, name="letter-verify"),
    path("verifikasi/", verify.verify, name="verify"),
    path("direktori/", directory.directory, name="directory"),
    path("direktori/<int:pk>/", directory.directory_detail, name="directory-detail"),
    path("kim/", include("registry.urls")),
    path("admin/", admin.site.urls),
]
