"""Account pages (namespace `accounts`) and Django's auth views under their usual names.

Django's auth views reverse `password_reset_done`, `password_change_done` ... without a
namespace, so they are included apart, wrapped by the same access mechanism as ours.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from kimportal.core.access import login_required, public
from kimportal.core.accounts import sessions, two_factor, views
from kimportal.core.accounts.forms import LoginForm, PasswordResetRequestForm

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("pengguna/", views.user_list, name="user-list"),
    path("pengguna/baru/", views.user_create, name="user-create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user-detail"),
    path("pengguna/<int:pk>/ubah/", views.user_edit, name="user-edit"),
    path("pengguna/<int:pk>/aktif/", views.user_toggle_active, name="user-toggle"),
    path("undang/", views.manager_invite, name="manager-invite"),
    path("daftar/", views.sign_up, name="sign-up"),
    path("daftar/terkirim/", views.sign_up_sent, name="sign-up-sent"),
    path("aktifkan/<uidb64>/<token>/", views.activate, name="activate"),
    path("sesi/", sessions.keep_alive, name="keep-alive"),
    path("2fa/", two_factor.two_factor, name="two-factor"),
    path("2fa/verifikasi/", two_factor.two_factor_verify, name="two-factor-verify"),
    path("konfirmasi/", two_factor.reauthenticate, name="reauthenticate"),
]

# Django's auth views, wrapped by the same access mechanism as ours.
auth_urlpatterns = [
    path(
        "masuk/",
        public(
            auth_views.LoginView.as_view(
                authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("keluar/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("sandi/", login_required(auth_views.PasswordChangeView.as_view()), name="password_change"),
    path(
        "sandi/selesai/",
        login_required(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "sandi/lupa/",
        public(auth_views.PasswordResetView.as_view(form_class=PasswordResetRequestForm)),
        name="password_reset",
    ),
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
