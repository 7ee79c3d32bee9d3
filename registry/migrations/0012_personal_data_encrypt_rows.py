"""Encrypt the NIK and phone numbers already stored, and hash every NIK (0011 changed the
columns; 0013 makes the hash unique per roster once it is filled)."""

from django.db import migrations

from kimportal.core.fields import rewrite_personal_data, write_personal_data_in_clear

MODELS = ("Kim", "Member")


def encrypt(apps, schema_editor):
    for name in MODELS:
        rewrite_personal_data(apps.get_model("registry", name))


def decrypt(apps, schema_editor):
    for name in MODELS:
        write_personal_data_in_clear(apps.get_model("registry", name), schema_editor)


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_personal_data_encrypted")]

    operations = [migrations.RunPython(encrypt, decrypt)]
