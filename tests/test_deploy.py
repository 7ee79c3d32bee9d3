"""The documented production setup (deploy/): `check --deploy` is clean under its
environment, and nginx takes exactly the request bodies the portal accepts."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def production_environment(tmp_path):
    """deploy/kimportal.env.example, with the secrets' files and placeholders filled in."""
    secret_values = {
        "SECRET_KEY_FILE": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS_FILE": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY_FILE": secrets.token_urlsafe(32),
    }
    env = {}
    for line in (DEPLOY / "kimportal.env.example").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, value = line.split("=", 1)
        if name in secret_values:
            path = tmp_path / name.lower()
            path.write_text(secret_values[name])
            value = str(path)
        env[name] = value.replace("<password>", "x")
    return env


def _run(env, *args):
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
    )


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    env = production_environment(tmp_path)
    assert env["SECURE_SSL_REDIRECT"] == "1"
    assert int(env["SECURE_HSTS_SECONDS"]) >= 31536000
    result = _run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_frames_are_refused_to_other_sites_though_not_to_our_own_pages():
    # SAMEORIGIN, not DENY (security.W019 silenced): PDF previews are framed by our pages.
    assert settings.X_FRAME_OPTIONS == "SAMEORIGIN"
    assert settings.SILENCED_SYSTEM_CHECKS == ["security.W019"]


def test_nginx_takes_the_bodies_the_portal_accepts():
    conf = (DEPLOY / "nginx" / "kimportal.conf").read_text()
    [size] = re.findall(r"^\s*client_max_body_size (\d+)m;", conf, re.MULTILINE)
    assert int(size) * 1024 * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.UPLOAD_MAX_BYTES + 1024 * 1024
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "listen 443 ssl;" in conf


def test_every_unit_reads_the_environment_file():
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert [u.name for u in units] == [
        "kimportal-beat.service",
        "kimportal-web.service",
        "kimportal-worker.service",
    ]
    for unit in units:
        assert "EnvironmentFile=/etc/kimportal/kimportal.env" in unit.read_text(), unit.name


def test_a_bucket_name_puts_uploads_in_s3(tmp_path):
    env = {**production_environment(tmp_path), "AWS_STORAGE_BUCKET_NAME": "kimportal-uploads"}
    script = "import kimportal.settings as s; d = s.STORAGES['default']; " + (
        "print(d['BACKEND'], d['OPTIONS']['bucket_name'], d['OPTIONS']['default_acl'])"
    )
    result = _run(env, "-c", script)
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "kimportal-uploads",
        "private",
    ]
    plain = "import kimportal.settings as s; print(s.STORAGES['default']['BACKEND'])"
    without = _run(production_environment(tmp_path), "-c", plain)
    assert without.stdout.strip() == "django.core.files.storage.FileSystemStorage"
