from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_personal_data_encrypt_rows")]

    operations = [
        migrations.AddConstraint(
            model_name="member",
            constraint=models.UniqueConstraint(
                fields=("roster", "nik_hash"), name="unique_nik_per_roster"
            ),
        ),
    ]
