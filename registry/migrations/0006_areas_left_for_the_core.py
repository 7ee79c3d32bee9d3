"""The registry's foreign keys now point at the core's areas; its own area models go.

State only: the rows and constraints do not change (the tables are the same).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_declaration_bundle"),
        ("kimportal", "0003_areas_join_the_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="kim",
                    name="village",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                            related_name="kims", to="kimportal.village",
                                            verbose_name="desa/kelurahan"),
                ),
                migrations.AlterField(
                    model_name="kim",
                    name="regency",
                    field=models.ForeignKey(editable=False,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="kims", to="kimportal.regency"),
                ),
                migrations.AlterField(
                    model_name="letter",
                    name="regency",
                    field=models.ForeignKey(editable=False,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="kimportal.regency"),
                ),
                migrations.AlterField(
                    model_name="regencyoffice",
                    name="regency",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                               primary_key=True, related_name="office",
                                               serialize=False, to="kimportal.regency"),
                ),
                migrations.DeleteModel(name="Village"),
                migrations.DeleteModel(name="District"),
                migrations.DeleteModel(name="Regency"),
                migrations.DeleteModel(name="Province"),
            ],
            database_operations=[],
        ),
    ]
