from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heritage.backup import DatasetError, dataset_import, describe


class Command(BaseCommand):
    help = "Restore a file written by export_dataset into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            counts = dataset_import(path=path)
        except DatasetError as exc:
            raise CommandError(f"{path}: {exc}; nothing was restored") from None
        self.stdout.write(f"Restored {sum(counts.values())} rows from {path}:\n{describe(counts)}")
