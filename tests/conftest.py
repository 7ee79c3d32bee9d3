import pytest
from django.conf import settings
from django.utils import translation

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.loader import load_areas
from kimportal.core.areas.models import Province
from tests.factories import UserFactory
from tests.pdf_renders import counting_pdf_renders
from tests.worker import gunicorn, workers  # noqa: F401 - real processes (tests/worker.py)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test that renders a real PDF with WeasyPrint must be marked `slow`.

    `make test-fast` skips slow tests; this keeps the mark honest. Tests about letters
    but not their layout stub `registry.services.letters.render_letter` instead.
    """
    if item.get_closest_marker("slow") or item.get_closest_marker("browser"):
        return (yield)
    with counting_pdf_renders() as renders:
        result = yield
    if renders:
        pytest.fail(
            f"{item.name} rendered {len(renders)} PDF(s) with WeasyPrint: mark it "
            "@pytest.mark.slow, or stub registry.services.letters.render_letter",
            pytrace=False,
        )
    return result


@pytest.fixture(autouse=True)
def _indonesian_after_each_test():
    """The language middleware activates a request's language in the thread, as Django's
    LocaleMiddleware does; a test that browsed in English must not leave the next test
    (a service's refusal message, a mail) speaking English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """All of Indonesia's areas, once per test database: tests use real codes."""
    with django_db_blocker.unblock():
        load_areas()


@pytest.fixture
def province_staff(db):
    return UserFactory(role=Role.PROVINCE, province_id="36")


@pytest.fixture
def other_province_staff(db):
    return UserFactory(role=Role.PROVINCE, province_id="32")


@pytest.fixture
def officer_kab_serang(db):
    return UserFactory(role=Role.REGENCY, regency_id="36.04")


@pytest.fixture
def officer_kota_serang(db):
    return UserFactory(role=Role.REGENCY, regency_id="36.73")


@pytest.fixture
def officer_lebak(db):
    return UserFactory(role=Role.REGENCY, regency_id="36.02")


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, regency_id="36.04")


@pytest.fixture
def other_manager(db):
    return UserFactory(role=Role.MANAGER, regency_id="36.04")


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, is_superuser=True, is_staff=True)


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def banten_areas(transactional_db):
    """Transactional tests flush the database after each test; reload Banten when gone."""
    if not Province.objects.exists():
        load_areas(province="36")
