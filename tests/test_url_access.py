"""Every view goes through kimportal.core.access: public on purpose, or role-checked."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

# Namespaces protected by their own mechanism (Django admin checks is_staff itself).
SELF_PROTECTED_NAMESPACES = {"admin"}


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


def _access_of(callback):
    # Class-based views wrapped with public()/role_required() keep the mark on the function.
    return getattr(callback, "access", None)


def test_every_view_is_public_on_purpose_or_role_checked():
    unprotected = [
        route
        for route, namespace, callback in _walk(get_resolver().url_patterns)
        if namespace not in SELF_PROTECTED_NAMESPACES and _access_of(callback) is None
    ]
    assert unprotected == []


def test_public_views_are_exactly_the_listed_ones():
    public = sorted(
        route
        for route, namespace, callback in _walk(get_resolver().url_patterns)
        if namespace not in SELF_PROTECTED_NAMESPACES and _access_of(callback) == "public"
    )
    assert public == sorted(PUBLIC_ROUTES)


PUBLIC_ROUTES = [
    "",
    "privasi/",
    "healthz",
    "akun/masuk/",
    "akun/daftar/",
    "akun/daftar/terkirim/",
    "akun/aktifkan/<uidb64>/<token>/",
    "akun/keluar/",
    "akun/sandi/lupa/",
    "akun/sandi/lupa/terkirim/",
    "akun/sandi/atur/<uidb64>/<token>/",
    "akun/sandi/atur/selesai/",
    "bahasa/",
    "wilayah/<slug:level>/<str:parent>/",
    "direktori/",
    "direktori/<int:pk>/",
    "direktori/unduh/<str:fmt>/",  # the prebuilt full export: a file, no work per request
    "v/<str:token>/",
    "verifikasi/",
    "kegiatan/kalender/<str:code>.ics",
    "kegiatan/presensi/sw.js",
]


SAMPLE_ARGUMENTS = {
    "int": "1",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "str": "x",
    "slug": "x",
    "path": "x",
}


def _sample_url(route):
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGUMENTS[m.group(1) or "str"], route)


def test_anonymous_is_sent_to_login_from_every_protected_page(client, db):
    checked = 0
    for route, namespace, callback in _walk(get_resolver().url_patterns):
        if namespace in SELF_PROTECTED_NAMESPACES or _access_of(callback) == "public":
            continue
        response = client.get(_sample_url(route))
        # POST-only views answer 405 to GET before any data is touched; all others redirect.
        assert response.status_code in (302, 405), route
        if response.status_code == 302:
            assert response["Location"].startswith("/akun/masuk/"), route
            checked += 1
    assert checked > 5
