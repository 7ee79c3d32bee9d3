"""The area tables take the core's names (a rename: rows, keys and indexes stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("kimportal", "0003_areas_join_the_core"),
        ("registry", "0006_areas_left_for_the_core"),
    ]

    operations = [
        migrations.AlterModelTable(name=name, table=None)
        for name in ("province", "regency", "district", "village")
    ]
