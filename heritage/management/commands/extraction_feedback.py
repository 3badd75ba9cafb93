import csv
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from heritage.feedback import COLUMNS, decisions_since, describe, feedback_rows, feedback_summary


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value!r}: give a date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Export curators' decisions on imported claims (accepted, corrected, rejected, added "
        "by hand), each with the extractor version that made the claim, and print per version "
        "the share accepted unchanged, corrected (by field) and rejected (by reason)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_date, help="Only decisions from this day (UTC).")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument(
            "--output",
            help="Write the export here; without it the export goes to standard output and "
            "the summary to standard error.",
        )

    def handle(self, *args, since=None, format="jsonl", output=None, **options):
        decisions = list(decisions_since(since))
        if output:
            with open(output, "w", newline="", encoding="utf-8") as stream:
                self._export(stream, decisions, format)
            self.stdout.write(f"Wrote {len(decisions)} decision(s) to {output}.")
        else:
            self._export(self.stdout, decisions, format)
        summary = describe(feedback_summary(decisions))
        (self.stdout if output else self.stderr).write(summary)

    def _export(self, stream, decisions, format: str) -> None:
        rows = feedback_rows(decisions)
        if format == "csv":
            writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                row["changed_fields"] = ";".join(row["changed_fields"])
                row["changes"] = json.dumps(row["changes"], ensure_ascii=False)
                writer.writerow(row)
        else:
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
