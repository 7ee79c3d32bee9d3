from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0005_personal_data_encrypt_rows")]

    operations = [
        migrations.AddConstraint(
            model_name="forummember",
            constraint=models.UniqueConstraint(
                fields=("forum", "nik_hash"), name="unique_nik_per_forum_board"
            ),
        ),
    ]
