from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from heritage.gazetteer import GazetteerError, gazetteer_load


class Command(BaseCommand):
    help = (
        "Load the gazetteer of known heritage sites and their aliases. Safe to run again: "
        "adds what is missing, never overwrites a curator's edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=settings.GAZETTEER_PATH)

    def handle(self, *args, path, **options):
        try:
            result = gazetteer_load(path=path)
        except GazetteerError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Gazetteer {path.name}: {result}")
