"""NIK and phone numbers become encrypted columns, with an HMAC of the NIK beside them."""

import kimportal.core.fields
import kimportal.core.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0010_letters_rendered_by_workers'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='member',
            name='unique_nik_per_roster',
        ),
        migrations.AddField(
            model_name='member',
            name='nik_hash',
            field=kimportal.core.fields.BlindIndexField(db_index=True, source='nik'),
        ),
        migrations.AlterField(
            model_name='kim',
            name='phone',
            field=kimportal.core.fields.EncryptedCharField(blank=True, max_length=20, validators=[kimportal.core.text.validate_phone], verbose_name='telepon'),
        ),
        migrations.AlterField(
            model_name='member',
            name='nik',
            field=kimportal.core.fields.EncryptedCharField(max_length=16, verbose_name='NIK'),
        ),
        migrations.AlterField(
            model_name='member',
            name='phone',
            field=kimportal.core.fields.EncryptedCharField(blank=True, max_length=20, validators=[kimportal.core.text.validate_phone], verbose_name='telepon'),
        ),
    ]
