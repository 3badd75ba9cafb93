"""Public entry points: from files or text to extracted articles and the evaluation contract."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .actors import ActorIndex, ActorMention, ActorState, default_index, find_actors
from .attribution import quote_speakers
from .claims import RawClaim, dated_attack, sentence_claims, topic_site
from .dates import DateValue, Published, YearContext
from .events import triggers_by_sentence
from .gazetteer import Gazetteer, SiteEntry, tag_sites
from .merging import Claim, merge_claims
from .metadata import (
    ManifestRow,
    find_credit,
    find_dateline,
    find_headline,
    is_agency,
    parse_published,
    read_manifest,
)
from .reading import (
    SUPPORTED_SUFFIXES,
    RawRecord,
    ReadError,
    normalize_text,
    read_file,
    strip_boilerplate,
)
from .sentences import Sentence, split_sentences
from .statements import statements_contract

EXTRACTOR_VERSION = "heritage-extract/1.0"
logger = logging.getLogger(__name__)
MANIFEST_NAMES = ("MANIFEST.tsv", "MANIFEST.json", "manifest.tsv", "manifest.json")


@dataclass
class Article:
    """One article after extraction: metadata, cleaned text, site mentions and merged claims."""

    file: str
    text: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: Published | None = None  # a day, or only a month or a year
    author: str | None = None
    language: str | None = None
    credits: list[str] = field(
        default_factory=list
    )  # agencies credited at the end ("TRTWorld, Reuters")
    agencies: list[str] = field(default_factory=list)  # news agencies the article cites
    sites: list[str] = field(default_factory=list)  # slugs, in order of first mention
    candidates: list[SiteEntry] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def clean_text(raw: str) -> tuple[str, dict]:
    """Normalized article text without boilerplate, plus metadata read from the text itself."""
    text = normalize_text(raw)
    meta: dict = {}
    headline = find_headline(text)
    if headline:
        meta["title"] = headline
    published, span = find_dateline(text)
    if published:
        meta["published"] = Published.day(published)
        text = (text[: span[0]] + text[span[1] :]).strip()
    credits, span = find_credit(text)
    if credits:
        meta["credits"] = credits
        text = text[: span[0]].rstrip()
    return strip_boilerplate(text), meta


def content_hash(text: str) -> str:
    """sha256 of the cleaned text, whitespace-insensitive: the same article twice hashes the
    same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def extract_text(
    text: str,
    *,
    gazetteer: Gazetteer,
    file: str = "",
    published: dt.date | Published | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    actors: ActorIndex | None = None,
    already_clean: bool = False,
) -> Article:
    """Extract sites and claims from one article's text."""
    meta: dict = {}
    if not already_clean:
        text, meta = clean_text(text)
    published = published or meta.get("published")
    if isinstance(published, dt.date):
        published = Published.day(published)
    credits = meta.get("credits", [])
    if not outlet and credits and not is_agency(credits[0]):
        outlet = credits[0]
    article = Article(
        file=file,
        text=text,
        content_hash=content_hash(text),
        title=title or meta.get("title"),
        outlet=outlet,
        url=url,
        published=published,
        credits=credits,
    )
    _analyse(article, gazetteer, actors or default_index())
    return article


def _analyse(article: Article, gazetteer: Gazetteer, actors: ActorIndex) -> None:
    sentences = split_sentences(article.text)
    article.sentences = sentences
    mentions = tag_sites(article.text, sentences, gazetteer)
    astate = ActorState()
    raws: list[RawClaim] = []
    recent: list[list[RawClaim]] = []
    top: str | None = None
    top_at = -10
    agencies: list[str] = []
    triggers = triggers_by_sentence(article.text, sentences)
    years = YearContext()
    sentence_actors: list[list[ActorMention]] = []
    attacks: list[tuple[int, list[str], DateValue]] = []
    last_site: tuple[int, str] | None = None  # (sentence, slug) of the last site named
    for sentence, site_mentions in zip(sentences, mentions, strict=True):
        # "the Shrine of Sidi Ahmed Zaroug" names a place, not a person.
        found_actors = find_actors(
            sentence.text,
            sentence.start,
            actors,
            astate,
            sentence.index,
            tokens=sentence.tokens,
            words=sentence.token_words,
            places=[(m.start, m.end) for m in site_mentions if m.start >= 0],
        )
        sentence_actors.append(found_actors)
        for a in found_actors:
            if a.kind == "news_agency" and a.name not in agencies:
                agencies.append(a.name)
        if (attack := dated_attack(sentence, site_mentions, article.published, years)) is not None:
            attacks.append((sentence.index, *attack))
        previous = [c for group in recent[-2:] for c in group]
        claims = sentence_claims(
            sentence,
            site_mentions,
            found_actors,
            astate,
            gazetteer,
            article.published,
            top if sentence.index - top_at <= 2 else None,
            previous,
            triggers[sentence.index],
            years,
            # "Artillery rounds struck it": "it" is the site of the sentence or two before.
            it_site=last_site[1] if last_site and sentence.index - last_site[0] <= 2 else None,
        )
        raws.extend(claims)
        if placed := [m for m in site_mentions if not m.locative]:
            last_site = (sentence.index, placed[-1].slug)
        recent.append(claims)
        if (t := topic_site(site_mentions, gazetteer)) is not None:
            top, top_at = t, sentence.index
        for m in site_mentions:
            if m.slug not in article.sites:
                article.sites.append(m.slug)
                entry = gazetteer.sites[m.slug]
                if entry.candidate:
                    article.candidates.append(entry)
    article.agencies = agencies
    quote_speakers(raws, sentences, sentence_actors, astate)
    article.claims = merge_claims(raws, sentences, gazetteer, article.published, attacks)
    for sentence in sentences:
        sentence.drop_views()


def record_article(
    record: RawRecord,
    *,
    gazetteer: Gazetteer,
    manifest_row: ManifestRow | None = None,
    actors: ActorIndex | None = None,
) -> Article:
    """Extract one raw record, with manifest metadata taking precedence over what the file says."""
    text, meta = clean_text(record.text)
    if not text:
        raise ReadError(record.file, "no article text after removing boilerplate")
    row = manifest_row or ManifestRow(file=record.file)
    published = (
        row.published or parse_published(record.meta.get("published")) or meta.get("published")
    )
    article = extract_text(
        text,
        gazetteer=gazetteer,
        file=record.file,
        published=published,
        title=row.title or record.meta.get("title") or meta.get("title"),
        outlet=row.outlet or record.meta.get("outlet"),
        url=row.url or record.meta.get("url"),
        actors=actors,
        already_clean=True,
    )
    article.credits = meta.get("credits", [])
    if not article.outlet and article.credits and not is_agency(article.credits[0]):
        article.outlet = article.credits[0]
    article.author = record.meta.get("author")
    article.language = record.meta.get("language")
    return article


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and files found recursively in folders named (manifests and hidden files
    skipped)."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and not child.name.startswith(".")
                    and child.name not in MANIFEST_NAMES
                ):
                    yield child
        else:
            yield path


def find_manifest(paths: Iterable[str | os.PathLike]) -> Path | None:
    """A MANIFEST.tsv/.json in the first folder given, used when no --manifest is passed."""
    for path in map(Path, paths):
        if path.is_dir():
            for name in MANIFEST_NAMES:
                if (path / name).is_file():
                    return path / name
    return None


@dataclass
class ExtractionResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)


def extract_paths(
    paths,
    *,
    gazetteer: Gazetteer,
    manifest: str | os.PathLike | dict | None = None,
    actors: ActorIndex | None = None,
    workers: int = 1,
) -> Iterator[Article | ReadError]:
    """Articles (or ReadErrors) for every file under `paths`, in the order of the files; manifest
    rows for missing files are errors. With `workers` > 1, files are extracted in that many
    processes at once (see `_extract_parallel`); the articles are the same."""
    rows = manifest if isinstance(manifest, dict) else read_manifest(manifest) if manifest else {}
    seen: set[str] = set()
    files = _files(paths, rows, seen)
    if workers > 1:
        yield from _extract_parallel(files, gazetteer, actors, workers)
    else:
        for item in files:
            yield from _extract_item(item, gazetteer, actors)
    for name in rows:
        if name not in seen:
            yield ReadError(name, "listed in the manifest but no such file")


def _files(
    paths, rows: dict[str, ManifestRow], seen: set[str]
) -> Iterator[tuple[Path, ManifestRow | None] | ReadError]:
    """(file, its manifest row) for every file to extract, or the ReadError of a file that cannot
    be; `seen` collects the names met."""
    for path in iter_files(paths):
        seen.add(path.name)
        if not path.exists():
            yield ReadError(str(path), "no such file or folder")
        elif (row := rows.get(path.name)) is not None and row.error:
            yield ReadError(path.name, row.error)
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield ReadError(
                path.name,
                f"unknown extension {path.suffix or '(none)'!r}; "
                "expected .txt, .html, .json or .jsonl",
            )
        else:
            yield path, row


def _extract_item(item, gazetteer: Gazetteer, actors: ActorIndex | None):
    """What `_files` gave, extracted here: its ReadError, or its file's articles."""
    return [item] if isinstance(item, ReadError) else _extract_file(*item, gazetteer, actors)


def _extract_file(
    path: Path, row: ManifestRow | None, gazetteer: Gazetteer, actors: ActorIndex | None
) -> Iterator[Article | ReadError]:
    """The articles of one file (a .jsonl file holds many), or its ReadError."""
    try:
        for record in read_file(path):
            yield record_article(record, gazetteer=gazetteer, manifest_row=row, actors=actors)
    except ReadError as error:
        yield error
    except (RecursionError, MemoryError) as exc:
        yield ReadError(path.name, f"too complex to read ({type(exc).__name__})")
    except Exception as exc:
        # One article that trips a bug must not stop a nightly run: the file is reported as
        # failed and the traceback goes to the log for a developer.
        logger.exception("extraction failed on %s", path)
        yield ReadError(path.name, f"internal error while reading ({type(exc).__name__}), see log")


# --- extraction in several processes -----------------------------------------------------------

# Starting the fork server costs about a second (it compiles the rules' patterns once; its
# workers start with them), which a run of a few files does not win back; beyond four workers the
# writes, in one process, are the limit.
PARALLEL_FROM = 20
MAX_WORKERS = 4


def default_workers(files: int) -> int:
    """Processes worth starting to extract `files` files: one per CPU this process may use."""
    if files < PARALLEL_FROM:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_WORKERS, cpus or 1))


# Files per task sent to a worker, and tasks in flight per worker: enough to keep every worker
# busy, few enough that memory holds only a few dozen extracted articles that the caller has not
# taken yet (an import writes more slowly than the workers extract).
_BATCH = 4
_IN_FLIGHT = 3
_worker_state: tuple[Gazetteer, ActorIndex | None] | None = None


def _start_worker(gazetteer: Gazetteer, actors: ActorIndex | None) -> None:
    global _worker_state
    _worker_state = (gazetteer, actors)


def _extract_batch(batch: list[tuple[Path, ManifestRow | None]]) -> list[list[Article | ReadError]]:
    gazetteer, actors = _worker_state
    return [list(_extract_file(path, row, gazetteer, actors)) for path, row in batch]


def _extract_parallel(
    files: Iterator, gazetteer: Gazetteer, actors: ActorIndex | None, workers: int
) -> Iterator[Article | ReadError]:
    """Extraction of `files` in `workers` processes, yielding in the files' order.

    Each worker starts from a copy of the gazetteer. Extraction reads nothing else that another
    article changes, except the candidate sites an article proposes: the caller's gazetteer
    adopts them in file order, as one process would have added them. Workers come from a fork
    server (a clean process, not a copy of this one with its threads and database connections).
    A worker that dies (killed, out of memory) fails the files it held: they are reported as
    errors, and the files after them are extracted here, in this process."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The fork server compiles the rules' patterns once; its workers start with them.
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(gazetteer, actors)
    )
    # (a batch of files and ReadErrors in file order, the future of its files' articles)
    pending: deque[tuple[list, Future | None]] = deque()
    files = iter(files)
    broken = False
    try:
        while True:
            while not broken and len(pending) < workers * _IN_FLIGHT:
                batch = list(itertools.islice(files, _BATCH))
                if not batch:
                    break
                to_read = [item for item in batch if not isinstance(item, ReadError)]
                future = None
                if to_read:
                    try:
                        future = pool.submit(_extract_batch, to_read)
                    except BrokenProcessPool as exc:  # a worker died since the last answer
                        future = Future()
                        future.set_exception(exc)
                pending.append((batch, future))
            if not pending:
                break
            batch, future = pending.popleft()
            try:
                per_file = iter(future.result() if future is not None else ())
            except BrokenProcessPool:
                broken = True
                per_file = iter(
                    [ReadError(path.name, "the extraction process stopped; import it again")]
                    for path, _row in (i for i in batch if not isinstance(i, ReadError))
                )
            for item in batch:
                for result in [item] if isinstance(item, ReadError) else next(per_file):
                    if isinstance(result, Article):
                        _adopt_candidates(result, gazetteer)
                    yield result
            if broken and not pending:
                logger.warning("an extraction process died; the next files are extracted here")
                for item in files:
                    yield from _extract_item(item, gazetteer, actors)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _adopt_candidates(article: Article, gazetteer: Gazetteer) -> None:
    """The candidate sites a worker proposed, added to this process's gazetteer in file order (the
    first spelling of a name wins, as in one process)."""
    for i, entry in enumerate(article.candidates):
        known = gazetteer.sites.get(entry.slug)
        if known is None:
            gazetteer.sites[entry.slug] = entry
            gazetteer.proposed.append(entry.slug)
        else:
            article.candidates[i] = known


def claim_contract(claim: Claim, gazetteer: Gazetteer) -> dict:
    out = {"site": gazetteer.sites[claim.site].name, "event_type": claim.event_type}
    if claim.precision in ("day", "month", "year") and claim.earliest:
        out["event_date"] = {
            "day": claim.earliest.isoformat(),
            "month": claim.earliest.isoformat()[:7],
            "year": str(claim.earliest.year),
        }[claim.precision]
        out["date_precision"] = claim.precision
    elif claim.earliest or claim.latest:
        out["date_precision"] = claim.precision
    if claim.earliest:
        out["event_date_earliest"] = claim.earliest.isoformat()
    if claim.latest:
        out["event_date_latest"] = claim.latest.isoformat()
    if claim.stated_date_text:
        out["stated_date_text"] = claim.stated_date_text
    if claim.date_inferred:
        out["date_inferred"] = True
    out["attributed_to"] = claim.claimants
    out["evidence"] = [s.text for s in claim.evidence]
    out["evidence_spans"] = [[s.start, s.end] for s in claim.evidence]
    for key in ("perpetrator", "extent", "cause"):
        if getattr(claim, key):
            out[key] = getattr(claim, key)
    out["confirmed"] = claim.confirmed
    if claim.contested:
        out["contested"] = claim.contested
    out.update(statements_contract(claim.statements))
    return out


def article_contract(article: Article, gazetteer: Gazetteer) -> dict:
    """One entry of the evaluation contract's "sources" list."""
    return {
        "file": article.file,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "content_hash": article.content_hash,
        "sites": [gazetteer.sites[s].name for s in article.sites],
        "candidate_sites": [{"name": c.name, "kind": c.kind} for c in article.candidates],
        "claims": [claim_contract(c, gazetteer) for c in article.claims],
    }


def contract(results: Iterable[Article | ReadError], gazetteer: Gazetteer) -> dict:
    """The `--dry-run --json` document of ../shared/eval/README.md."""
    sources, errors = [], []
    for item in results:
        if isinstance(item, ReadError):
            errors.append({"file": item.file, "error": item.reason})
        else:
            sources.append(article_contract(item, gazetteer))
    return {"extractor": EXTRACTOR_VERSION, "sources": sources, "errors": errors}
