"""Re-encrypt every encrypted column under the first of FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first (`FIELD_ENCRYPTION_KEYS=new,old`), restart, run this
command, then drop the old key. Each batch commits on its own: the command may be
stopped and run again; the portal keeps working throughout (both keys decrypt). HMACs are
recomputed too, so a new FIELD_HASH_KEY takes effect the same way.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from kimportal.core.crypto import key_id
from kimportal.core.fields import personal_fields, rewrite_personal_data


class Command(BaseCommand):
    help = "Re-encrypt NIK and phone columns with the first FIELD_ENCRYPTION_KEYS key (batched)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        done = []
        for model in apps.get_models():
            encrypted, hashes = personal_fields(model)
            if encrypted or hashes:
                count = rewrite_personal_data(model, batch_size=batch_size)
                done.append(f"{model._meta.label} {count}")
        first = key_id(settings.FIELD_ENCRYPTION_KEYS[0])
        self.stdout.write(f"Dienkripsi ulang dengan kunci {first}: {', '.join(done)} baris.")
