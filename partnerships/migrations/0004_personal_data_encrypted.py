"""NIK and phone numbers become encrypted columns, with an HMAC of the NIK beside them."""

import kimportal.core.fields
import kimportal.core.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0003_forum_invitations'),
        ('registry', '0011_personal_data_encrypted'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='forummember',
            name='unique_nik_per_forum_board',
        ),
        migrations.AddField(
            model_name='forummember',
            name='nik_hash',
            field=kimportal.core.fields.BlindIndexField(source='nik'),
        ),
        migrations.AlterField(
            model_name='forum',
            name='contact_phone',
            field=kimportal.core.fields.EncryptedCharField(blank=True, max_length=20, validators=[kimportal.core.text.validate_phone], verbose_name='telepon narahubung'),
        ),
        migrations.AlterField(
            model_name='forummember',
            name='nik',
            field=kimportal.core.fields.EncryptedCharField(max_length=16, verbose_name='NIK'),
        ),
        migrations.AlterField(
            model_name='forummember',
            name='phone',
            field=kimportal.core.fields.EncryptedCharField(blank=True, max_length=20, validators=[kimportal.core.text.validate_phone], verbose_name='telepon'),
        ),
    ]
