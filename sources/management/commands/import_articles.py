"""manage.py import_articles PATH... [--manifest FILE] [--dry-run] [--json] [--strict]
[--workers N]"""

import json

from django.core.management.base import BaseCommand, CommandError

from sources.extraction.pipeline import MAX_WORKERS, PARALLEL_FROM, default_workers, iter_files
from sources.services import ImportAborted, import_articles


class Command(BaseCommand):
    help = (
        "Import news articles (.txt, .html, .json, .jsonl files or folders): extract site "
        "mentions and damage claims, and store them as pending reports for review. A MANIFEST.tsv "
        "in a folder given is used when --manifest is not."
    )
    # A nightly import signs nothing and serves nothing: it must run even where the web
    # settings are incomplete (no DJANGO_SECRET_KEY in a cron shell), which the system checks
    # would refuse.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--manifest", help="TSV or JSON: file, url, outlet, published, title")
        parser.add_argument("--dry-run", action="store_true", help="extract only; write nothing")
        parser.add_argument("--json", action="store_true", help="print the extraction as JSON")
        parser.add_argument(
            "--strict", action="store_true", help="any bad file aborts the whole run"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes extracting articles at once while this one writes them (default: "
            f"one per CPU, at most {MAX_WORKERS}, for {PARALLEL_FROM} files or more; 1: none)",
        )

    def handle(self, *args, paths, manifest, dry_run, json: bool, strict, workers, **options):
        self.as_json = json
        if workers is not None and workers < 1:
            raise CommandError("--workers must be 1 or more")
        # A progress bar only for a person at a terminal: never in pipes, logs or --json output.
        interactive = not json and self.stdout.isatty()
        total = sum(1 for _ in iter_files(paths))
        if workers is None:
            workers = default_workers(total)
        done = []

        def progress(name: str) -> None:
            done.append(name)
            if interactive and total:
                width = 30
                filled = width * min(len(done), total) // total
                self.stdout.write(
                    f"\r[{'#' * filled}{' ' * (width - filled)}] "
                    f"{len(done)}/{total} {name[:40]:40}",
                    ending="",
                )
                self.stdout.flush()

        try:
            summary = import_articles(
                paths=paths,
                manifest=manifest,
                dry_run=dry_run,
                strict=strict,
                progress=progress,
                workers=workers,
                arguments={
                    "paths": paths,
                    "manifest": manifest,
                    "dry_run": dry_run,
                    "strict": strict,
                },
            )
        except ImportAborted as exc:
            raise CommandError(str(exc)) from None
        if interactive and total:
            self.stdout.write("")
        if json:
            self.stdout.write(_dumps(summary.contract if dry_run else _run_json(summary)))
        else:
            self._table(summary)
        for outcome in summary.errors:
            self.stderr.write(f"{outcome.file}: {outcome.detail}")
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} file(s) failed")

    def _table(self, summary):
        rows = [("file", "status", "claims", "new reports", "evidence", "note")]
        for o in summary.outcomes:
            if o.status == "error":
                note = "see the error below"  # the reason goes to stderr, once
            else:
                note = o.detail or (f"{o.flagged} reviewed report(s) flagged" if o.flagged else "")
            rows.append(
                (
                    o.file,
                    o.status,
                    str(o.claims),
                    str(o.reports_created),
                    str(o.evidence_added),
                    note,
                )
            )
        widths = [min(max(len(r[i]) for r in rows), 40) for i in range(5)]
        for row in rows:
            cells = [row[i][:40].ljust(widths[i]) for i in range(5)] + [row[5]]
            self.stdout.write("  ".join(cells).rstrip())
        run = summary.run
        if run is not None:
            self.stdout.write(
                f"Import #{run.pk} {run.status}: {run.files_total} files, "
                f"{run.sources_created} new sources, {run.sources_skipped} skipped, "
                f"{run.reports_created} new reports, {run.evidence_added} evidence, "
                f"{run.files_failed} failed."
            )
        if summary.candidates:
            self.stdout.write(
                "Candidate sites (hidden until a curator accepts them): "
                + ", ".join(summary.candidates)
            )


def _run_json(summary) -> dict:
    run = summary.run
    return {
        "import_run": run.pk,
        "status": run.status,
        "files": [o.__dict__ for o in summary.outcomes],
        "candidate_sites": summary.candidates,
    }


def _dumps(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)
