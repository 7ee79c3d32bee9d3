"""Every role's main pages, on the lived-in Banten demo (`manage.py seed_demo`).

The byte-budget and accessibility tests walk this one list, so a page added to a journey
here is weighed and checked with axe at once.
"""

from dataclasses import dataclass
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from capacity.models import Event, EventStatus, Registration
from kimportal.core.exports import EXPORT_KIND
from kimportal.core.jobs.models import Job, JobState
from kimportal.core.models import User
from partnerships.models import ActivityReport, Agreement, Forum, Visit
from registry.models import Kim, Letter, LetterStatus

# One demo login per role (seed_demo prints them).
ROLES = {
    "public": None,
    "manager": "pengelola.serang",
    "regency": "petugas.kabserang",
    "province": "provinsi.banten",
    "admin": "admin",
}


@dataclass(frozen=True)
class Page:
    role: str
    name: str
    path: str

    @property
    def label(self):
        return f"{self.role} {self.name}"


def seed():
    """The demo, as `make run` shows it; returns {role: user or None}."""
    call_command("seed_demo", stdout=StringIO())
    return {
        role: username and User.objects.get(username=username) for role, username in ROLES.items()
    }


def session_cookie(user, origin):
    """A browser cookie for `user`, logged in without going through the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": origin}


def _url(name, *args):
    return reverse(name, args=args)


def pages():
    """The main pages of each role's journeys (call after seed())."""
    registered = Kim.objects.get(name="KIM Kramat Berdaya")
    draft = Kim.objects.get(name="KIM Pejaten Cerdas")
    submitted = Kim.objects.get(name="KIM Margasana Informasi")
    letter = Letter.objects.filter(kim=registered, status=LetterStatus.VALID).first()
    active = Agreement.objects.filter(kims=registered, status="active").first()
    draft_agreement = Agreement.objects.filter(regency_id="36.04", status="draft").first()
    report = ActivityReport.objects.filter(kim=registered).order_by("pk").first()
    forum = Forum.objects.order_by("pk").first()
    visit = Visit.objects.filter(regency_id="36.04").order_by("pk").first()
    open_event = Event.objects.filter(regency_id="36.04", status=EventStatus.OPEN).first()
    province_held = Event.objects.filter(regency=None, status=EventStatus.HELD).first()
    province_open = Event.objects.filter(regency=None, status=EventStatus.OPEN).first()
    attended = Registration.objects.filter(event=province_held, kim=registered).first()
    users = {role: User.objects.filter(username=name).first() for role, name in ROLES.items()}
    job = Job.objects.create(
        kind=EXPORT_KIND,
        owner=users["regency"],
        state=JobState.RUNNING,
        progress_done=1200,
        progress_total=4000,
    )

    public = [
        ("home", "/"),
        ("login", _url("login")),
        ("sign-up", _url("accounts:sign-up")),
        ("password reset", _url("password_reset")),
        ("directory", _url("registry:directory")),
        ("directory profile", _url("registry:directory-detail", registered.pk)),
        ("verification", _url("verification:check")),
        ("letter check", _url("verification:document", letter.token)),
        ("privacy", _url("privacy")),
    ]
    manager = [
        ("home", _url("dashboard")),
        ("KIM list", _url("registry:kim-list")),
        ("KIM detail", _url("registry:kim-detail", registered.pk)),
        ("new KIM", _url("registry:kim-create")),
        ("KIM edit", _url("registry:kim-edit", draft.pk)),
        ("documents", _url("registry:documents", draft.pk)),
        ("roster", _url("registry:roster", registered.pk)),
        ("roster import", _url("registry:roster-import", draft.pk)),
        ("member add", _url("registry:member-add", draft.pk)),
        ("letters", _url("registry:letters", registered.pk)),
        ("agreements", _url("partnerships:agreement-list")),
        ("agreement", _url("partnerships:agreement-detail", active.pk)),
        ("reports", _url("partnerships:report-list")),
        ("report", _url("partnerships:report-detail", report.pk)),
        ("new report", _url("partnerships:report-create", active.pk)),
        ("events", _url("capacity:event-list")),
        ("event", _url("capacity:event-detail", open_event.pk)),
        ("event registration", _url("capacity:register-kim", open_event.pk)),
        ("event evaluation", _url("capacity:evaluate", attended.pk)),
        ("jobs", _url("jobs:list")),
        ("profile", _url("accounts:profile")),
    ]
    regency = [
        ("home", _url("dashboard")),
        ("KIM list", _url("registry:kim-list")),
        ("review queue", _url("registry:review-queue")),
        ("review page", _url("registry:kim-detail", submitted.pk)),
        ("KIM detail", _url("registry:kim-detail", registered.pk)),
        ("roster", _url("registry:roster", registered.pk)),
        ("documents", _url("registry:documents", submitted.pk)),
        ("letters", _url("registry:letters", registered.pk)),
        ("bulk letters", _url("registry:letters-bulk")),
        ("office settings", _url("registry:office-settings", "36.04")),
        ("agreements", _url("partnerships:agreement-list")),
        ("agreement", _url("partnerships:agreement-detail", active.pk)),
        ("new agreement", _url("partnerships:agreement-create")),
        ("draft agreement", _url("partnerships:agreement-detail", draft_agreement.pk)),
        ("reports", _url("partnerships:report-list")),
        ("report", _url("partnerships:report-detail", report.pk)),
        ("mapping", _url("partnerships:mapping")),
        ("mapping score", _url("partnerships:mapping-score", registered.pk)),
        ("forums", _url("partnerships:forum-list")),
        ("forum", _url("partnerships:forum-detail", forum.pk)),
        ("visits", _url("partnerships:visit-list")),
        ("visit", _url("partnerships:visit-detail", visit.pk)),
        ("new visit", _url("partnerships:visit-create")),
        ("follow-ups", _url("partnerships:follow-up-list")),
        ("events", _url("capacity:event-list")),
        ("new event", _url("capacity:event-create")),
        ("event", _url("capacity:event-detail", open_event.pk)),
        ("participants", _url("capacity:participants", open_event.pk)),
        ("check-in", _url("capacity:check-in", open_event.pk)),
        ("indicators", _url("capacity:indicators")),
        ("jobs", _url("jobs:list")),
        ("job", _url("jobs:detail", job.pk)),
        ("audit", _url("audit:list")),
        ("accounts", _url("accounts:user-list")),
        ("invite manager", _url("accounts:manager-invite")),
    ]
    province = [
        ("home", _url("dashboard")),
        ("review queue", _url("registry:review-queue")),
        ("review page", _url("registry:kim-detail", submitted.pk)),
        ("KIM list", _url("registry:kim-list")),
        ("agreements", _url("partnerships:agreement-list")),
        ("mapping", _url("partnerships:mapping")),
        ("supervision summary", _url("partnerships:visit-summary")),
        ("events", _url("capacity:event-list")),
        ("calendar", _url("capacity:calendar")),
        ("held event", _url("capacity:event-detail", province_held.pk)),
        ("certificates", _url("capacity:certificates", province_held.pk)),
        ("event report", _url("capacity:event-report", province_held.pk)),
        ("check-in", _url("capacity:check-in", province_open.pk)),
        ("audit", _url("audit:list")),
        ("accounts", _url("accounts:user-list")),
        ("new officer account", _url("accounts:user-create")),
        ("two-factor enrolment", _url("accounts:two-factor")),
    ]
    admin = [
        ("home", _url("dashboard")),
        ("accounts", _url("accounts:user-list")),
        ("account", _url("accounts:user-detail", users["manager"].pk)),
        ("account edit", _url("accounts:user-edit", users["manager"].pk)),
        ("audit", _url("audit:list")),
        ("KIM list", _url("registry:kim-list")),
        ("jobs", _url("jobs:list")),
    ]
    journeys = {
        "public": public,
        "manager": manager,
        "regency": regency,
        "province": province,
        "admin": admin,
    }
    return [Page(role, name, path) for role, entries in journeys.items() for name, path in entries]
