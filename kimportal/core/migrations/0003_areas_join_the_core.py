"""Areas (provinces to villages) move from the registry into the shared core.

Every app and the accounts use them, so they belong at the bottom layer. The tables stay
where they are here (state only); 0004 renames them once the registry lets go of them.
"""

import django.db.models.deletion
from django.db import migrations, models

AREA_OPTIONS = {"ordering": ["code"], "abstract": False}


def area(name, verbose, table, parent=None):
    fields = [
        ("code", models.CharField(max_length=13, primary_key=True, serialize=False,
                                  verbose_name="kode")),
        ("name", models.CharField(max_length=100, verbose_name="nama")),
    ]
    if parent:
        field, to, related = parent
        fields.append((field, models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                related_name=related, to=to)))
    return migrations.CreateModel(
        name=name,
        fields=fields,
        options={**AREA_OPTIONS, "verbose_name": verbose, "verbose_name_plural": verbose,
                 "db_table": table},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kimportal", "0002_counter"),
        ("registry", "0005_declaration_bundle"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                area("Province", "provinsi", "registry_province"),
                area("Regency", "kabupaten/kota", "registry_regency",
                     ("province", "kimportal.province", "regencies")),
                area("District", "kecamatan", "registry_district",
                     ("regency", "kimportal.regency", "districts")),
                area("Village", "desa/kelurahan", "registry_village",
                     ("district", "kimportal.district", "villages")),
                migrations.AlterField(
                    model_name="user",
                    name="province",
                    field=models.ForeignKey(blank=True, null=True,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="kimportal.province",
                                            verbose_name="provinsi"),
                ),
                migrations.AlterField(
                    model_name="user",
                    name="regency",
                    field=models.ForeignKey(blank=True, null=True,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="kimportal.regency",
                                            verbose_name="kabupaten/kota"),
                ),
            ],
            database_operations=[],
        ),
    ]
