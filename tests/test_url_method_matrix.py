"""Every URL from the resolver × every role × GET and POST: the access decision holds.

tests/test_access_matrix.py pins one expected status per URL and role, for the method
each page is used with. This walk asks each URL with both methods, for the roles there
plus an inactive account and anonymous visitors, on one world per role (each request in
a savepoint that is rolled back, so a POST changes nothing for the next one):

- no request answers a server error (5xx);
- anonymous visitors get the login page for every protected URL (405 for a method the
  URL never takes, answered before anything is read), and public URLs answer;
- an inactive account is treated exactly as an anonymous visitor;
- staff of a neighbouring province (Jawa Barat) and the other outsiders get 403 or 404
  for every URL about the world's objects (a Banten KIM and what hangs off it).

The Django admin (it checks is_staff itself) is left out.
"""

from http.cookies import SimpleCookie

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kimportal.core.accounts.roles import Role
from tests.factories import UserFactory
from tests.test_access_matrix import MATRIX, OUTSIDERS, ROLES, _world

SELF_PROTECTED_NAMESPACES = {"admin"}
METHODS = ("get", "post")
LOGIN = resolve_url(settings.LOGIN_URL)
# URL arguments of the world's objects, from the matrix's rows (its first row per name).
WORLD_ARGS = {}
for _row in MATRIX:
    if not _row.draft:
        WORLD_ARGS.setdefault(_row.name, _row)
# Public URLs with arguments: a real object where there is one.
PUBLIC_ARGS = {
    "password_reset_confirm": lambda w: ["MQ", "bukan-token"],
    "accounts:activate": lambda w: ["MQ", "bukan-token"],
    "areas:children": lambda w: ["desa", "36.04.05"],
    "verification:document": lambda w: [w.letter.token],
    "registry:directory-detail": lambda w: [w.kim.pk],
    "registry:directory-file": lambda w: ["csv"],
    "capacity:organiser-feed": lambda w: ["36.04"],
}
# Pages that render a real PDF (the matrix asks them, marked slow).
RENDERS_A_PDF = {row.name for row in MATRIX if row.slow}


def _urls(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _urls(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and namespace not in SELF_PROTECTED_NAMESPACES:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, getattr(entry.callback, "access", None) == "public"


URLS = sorted(set(_urls(get_resolver().url_patterns)))


class _RolledBack(Exception):
    pass


def _ask(client, method, url):
    """The response to one request, whose every database change is then undone, and
    with the client's cookies as they were (a POST to log out must not log out)."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            response = getattr(client, method)(url)
            if response.streaming:  # read to the end, which closes the file
                b"".join(response.streaming_content)
            raise _RolledBack
    except _RolledBack:
        pass
    client.cookies = cookies
    return response


def _walk(client, world):
    """{(name, method): (status, login redirect?, public?)} for every URL and method."""
    answers = {}
    for name, is_public in URLS:
        args = PUBLIC_ARGS.get(name) or getattr(WORLD_ARGS.get(name), "args", None)
        url = reverse(name, args=args(world) if args else [])
        url += getattr(WORLD_ARGS.get(name), "query", "")
        if name in RENDERS_A_PDF:
            continue
        for method in METHODS:
            response = _ask(client, method, url)
            to_login = response.status_code == 302 and response["Location"].startswith(
                LOGIN + "?next="
            )
            answers[name, method] = (response.status_code, to_login, is_public)
    return answers


def _server_errors(answers):
    return {key: status for key, (status, _login, _public) in answers.items() if status >= 500}


def _about_the_world(answers, world):
    return {
        (name, method): status
        for (name, method), (status, _login, _public) in answers.items()
        if name in WORLD_ARGS and WORLD_ARGS[name].args(world)
    }


def test_every_url_and_method_for_every_role(request, manager, client, monkeypatch):
    """One world for all roles (built once: the walk is about 2,000 requests)."""
    world = _world(manager, draft=False)
    # A rollback does not bring back a deleted file: the world's files stay for all roles.
    monkeypatch.setattr(FileSystemStorage, "delete", lambda storage, name: None)
    anonymous = _walk(client, world)
    answers = {}
    for role in ROLES:
        client.force_login(manager if role == "manager" else request.getfixturevalue(role))
        answers[role] = _walk(client, world)
    client.force_login(UserFactory(role=Role.REGENCY, regency_id="36.04", is_active=False))
    inactive = _walk(client, world)

    assert len(anonymous) == 2 * (len(URLS) - len(RENDERS_A_PDF))
    assert {role: _server_errors(a) for role, a in answers.items() if _server_errors(a)} == {}
    assert _server_errors(anonymous) == {}
    # Anonymous: the login page for every protected URL; public ones answer.
    refused = {
        key: status
        for key, (status, to_login, is_public) in anonymous.items()
        if not is_public and not to_login and status != 405
    }
    assert refused == {}
    # An inactive account is an anonymous visitor, answer for answer.
    assert inactive == anonymous
    # Signed-in roles are never sent to the login page.
    assert [role for role, a in answers.items() if any(v[1] for v in a.values())] == []
    # Outsiders (the neighbouring province's staff among them) get nothing of the world.
    for role in OUTSIDERS:
        seen = _about_the_world(answers[role], world)
        assert seen
        assert {key: s for key, s in seen.items() if s not in (403, 404, 405)} == {}, role
