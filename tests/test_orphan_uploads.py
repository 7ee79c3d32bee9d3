"""Files with no row (a worker killed between storing the file and committing, or an outer
transaction rolled back) are removed by cleanup_orphan_uploads, and nothing else is."""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from kimportal.core.uploads import cleanup_orphan_uploads
from registry.models import Document
from tests.factories import KimFactory
from tests.registry.test_documents import upload_sk

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _age(path, hours):
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def _orphan(media, name, hours):
    path = media / "documents" / "999" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 left behind")
    _age(path, hours)
    return path


def test_old_file_without_a_row_is_deleted_and_nothing_else(media, manager):
    kim = KimFactory(managers=[manager])
    kept = upload_sk(kim, manager)
    _age(Path(kept.file.path), 48)  # old, but its row names it
    killed = _orphan(media, "killed-worker", 7)
    in_progress = _orphan(media, "upload-in-progress", 0.1)

    result = cleanup_orphan_uploads(grace=6 * HOUR)

    assert result.deleted == ["documents/999/killed-worker"]
    assert (result.checked, result.in_use, result.too_recent) == (3, 1, 1)
    assert not killed.exists()
    assert in_progress.exists()
    assert Path(kept.file.path).exists()
    # Idempotent: a second run finds nothing more to do.
    assert cleanup_orphan_uploads(grace=6 * HOUR).deleted == []


def test_dry_run_deletes_nothing(media):
    orphan = _orphan(media, "x", 10)
    assert cleanup_orphan_uploads(grace=6 * HOUR, dry_run=True).deleted == ["documents/999/x"]
    assert orphan.exists()


def test_upload_rolled_back_by_an_outer_transaction_is_cleaned_up_later(media, manager):
    kim = KimFactory(managers=[manager])
    stored = []

    def caller_that_fails_after_the_upload():
        with transaction.atomic():
            stored.append(upload_sk(kim, manager).file.name)
            raise RuntimeError("the caller's transaction fails after the upload")

    with pytest.raises(RuntimeError):
        caller_that_fails_after_the_upload()
    [name] = stored
    assert not Document.objects.exists()
    assert (media / name).exists()  # the row is gone, the file is not (yet)

    result = cleanup_orphan_uploads(grace=6 * HOUR, now=timezone.now() + 7 * HOUR)
    assert result.deleted == [name]
    assert not (media / name).exists()


def test_management_command_reports_in_one_line(media, capsys):
    _orphan(media, "a", 10)
    call_command("cleanup_orphan_uploads")
    output = capsys.readouterr().out.strip().splitlines()
    assert output[-1].startswith("1 berkas tanpa data dihapus; 1 diperiksa, 0 dipakai")
    call_command("cleanup_orphan_uploads")
    assert capsys.readouterr().out.strip().startswith("0 berkas tanpa data dihapus")
