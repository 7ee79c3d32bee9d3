"""Encrypt the forum boards' NIK and phone numbers and the forums' contact numbers already
stored, and hash every NIK (0006 makes the hash unique per board once it is filled)."""

from django.db import migrations

from kimportal.core.fields import rewrite_personal_data, write_personal_data_in_clear

MODELS = ("Forum", "ForumMember")


def encrypt(apps, schema_editor):
    for name in MODELS:
        rewrite_personal_data(apps.get_model("partnerships", name))


def decrypt(apps, schema_editor):
    for name in MODELS:
        write_personal_data_in_clear(apps.get_model("partnerships", name), schema_editor)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0004_personal_data_encrypted")]

    operations = [migrations.RunPython(encrypt, decrypt)]
