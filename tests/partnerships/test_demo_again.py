"""`make run` seeds the demo on every start: what someone did in the demo must not stop it."""

import io

import pytest

from kimportal.site.management.commands.seed_demo import Command as SeedDemo
from partnerships.demo import seed_partnerships
from partnerships.models import ActivityReport, Agreement
from registry.demo import seed_registry

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_again_after_its_agreement_was_closed_and_a_report_renamed():
    out = io.StringIO()
    SeedDemo()._accounts()  # the demo's logins, without its letters (PDFs)
    seed_registry(out)
    seed_partnerships(out)
    current = Agreement.objects.get(number__startswith="012/PKS-KIM/")
    ActivityReport.objects.filter(agreement=current).update(title="Judul diubah")
    Agreement.objects.filter(pk=current.pk).update(status="terminated")

    seed_partnerships(out)

    assert not ActivityReport.objects.filter(agreement=current).exclude(title="Judul diubah")
