from pathlib import Path

from django.core.management.base import BaseCommand

from heritage.backup import dataset_export, describe


class Command(BaseCommand):
    help = (
        "Write the whole dataset (sites, aliases, reports, evidence, sources, actors, import "
        "runs, photo metadata, history, users without passwords) to one versioned file "
        "(gzip JSON Lines)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="e.g. backup-2026-11-21.jsonl.gz")

    def handle(self, *args, path, **options):
        counts = dataset_export(path=path)
        self.stdout.write(f"Wrote {sum(counts.values())} rows to {path}:\n{describe(counts)}")
