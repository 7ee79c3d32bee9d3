"""Pages and files holding personal data are never kept by a browser or proxy cache."""

import pytest
from django.urls import reverse

from registry.models import KimStatus
from tests.factories import KimFactory, RosterFactory, make_board

pytestmark = pytest.mark.django_db

NO_STORE = "no-store, private"


@pytest.fixture
def kim(manager):
    kim = KimFactory(managers=[manager], status=KimStatus.REGISTERED)
    make_board(RosterFactory(kim=kim))
    return kim


def _pages(kim):
    return {
        "roster page": reverse("registry:roster", args=[kim.pk]),
        "KIM page": reverse("registry:kim-detail", args=[kim.pk]),
        "roster export": reverse("registry:roster-export", args=[kim.pk]) + "?format=csv",
        "roster export xlsx": reverse("registry:roster-export", args=[kim.pk]) + "?format=xlsx",
        "KIM list CSV": reverse("registry:kim-list") + "?format=csv",
        "review queue CSV": reverse("registry:review-queue") + "?format=csv",
        "audit CSV": reverse("audit:list") + "?format=csv",
        "account page": reverse("accounts:profile"),
    }


@pytest.mark.parametrize(
    "page",
    [
        "roster page",
        "KIM page",
        "roster export",
        "roster export xlsx",
        "KIM list CSV",
        "review queue CSV",
        "audit CSV",
        "account page",
    ],
)
def test_officer_pages_and_exports_are_never_cached(client_for, officer_kab_serang, kim, page):
    response = client_for(officer_kab_serang).get(_pages(kim)[page])
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_the_managers_pages_are_not_cached_either(client_for, manager, kim):
    client = client_for(manager)
    for page in ("roster page", "KIM page", "account page"):
        response = client.get(_pages(kim)[page])
        assert response.status_code == 200, page
        assert response["Cache-Control"] == NO_STORE, page


def test_only_anonymous_visitors_get_a_views_public_caching(client, client_for, manager):
    # The village picker's lists are cacheable for anonymous visitors (sign-up); a signed-in
    # user's answers are never stored, whatever the view chose.
    url = reverse("areas:children", args=["kabupaten", "36"])
    assert "public" in client.get(url)["Cache-Control"]
    assert client_for(manager).get(url)["Cache-Control"] == NO_STORE


def test_a_file_for_an_anonymous_visitor_is_not_cached_unless_its_view_says_public(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from kimportal.core.http.middleware import PrivateCacheMiddleware

    def view(request):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    request = rf.get("/")
    request.user = AnonymousUser()
    assert PrivateCacheMiddleware(view)(request)["Cache-Control"] == NO_STORE
