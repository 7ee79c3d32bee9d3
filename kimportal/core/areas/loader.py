"""Load the shipped Kemendagri area lists into the database, idempotently."""

import csv
import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from kimportal.core.areas.models import District, Province, Regency, Village

DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"

# (model, file, parent foreign-key field, parent column) from the top down.
LEVELS = [
    (Province, "provinces", None, None),
    (Regency, "regencies", "province_id", "province_code"),
    (District, "districts", "regency_id", "regency_code"),
    (Village, "villages", "district_id", "district_code"),
]


@dataclass
class LevelResult:
    created: int = 0
    renamed: int = 0
    total: int = 0


@dataclass
class LoadResult:
    levels: dict = field(default_factory=dict)

    @property
    def changed(self):
        return any(r.created or r.renamed for r in self.levels.values())


def _rows(name, data_dir):
    with gzip.open(data_dir / f"{name}.csv.gz", "rb") as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


@transaction.atomic
def load_areas(data_dir=DATA_DIR, batch_size=5000, province=None):
    """Load every area, or only those of one `province` code (fast test fixtures)."""
    result = LoadResult()
    for model, name, parent_field, parent_column in LEVELS:
        existing = dict(model.objects.values_list("code", "name"))
        new, renamed = [], []
        for row in _rows(name, data_dir):
            code, label = row["code"], row["name"].strip()
            if province and not code.startswith(province):
                continue
            if code not in existing:
                obj = model(code=code, name=label)
                if parent_field:
                    setattr(obj, parent_field, row[parent_column])
                new.append(obj)
            elif existing[code] != label:
                renamed.append(model(code=code, name=label))
        model.objects.bulk_create(new, batch_size=batch_size)
        model.objects.bulk_update(renamed, ["name"], batch_size=batch_size)
        result.levels[model._meta.verbose_name_plural] = LevelResult(
            created=len(new), renamed=len(renamed), total=len(existing) + len(new)
        )
    return result
