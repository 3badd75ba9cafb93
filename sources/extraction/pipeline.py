"""Public entry points: from files or text to extracted articles and the evaluation contract."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
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
    for sentence, site_mentions in zip(sentences, mentions, strict=True):
        # "the Shrine of Sidi Ahmed Zaroug" names a place, not a person.
        found_actors = find_actors(
            sentence.text,
            sentence.start,
            actors,
            astate,
            sentence.index,
            tokens=sentence.tokens,
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
        )
        raws.extend(claims)
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
) -> Iterator[Article | ReadError]:
    """Articles (or ReadErrors) for every file under `paths`; manifest rows for missing files
    are errors."""
    rows = manifest if isinstance(manifest, dict) else read_manifest(manifest) if manifest else {}
    seen: set[str] = set()
    for path in iter_files(paths):
        seen.add(path.name)
        if not path.exists():
            yield ReadError(str(path), "no such file or folder")
            continue
        if (row := rows.get(path.name)) is not None and row.error:
            yield ReadError(path.name, row.error)
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield ReadError(
                path.name,
                f"unknown extension {path.suffix or '(none)'!r}; "
                "expected .txt, .html, .json or .jsonl",
            )
            continue
        try:
            records = read_file(path)
            for record in records:
                yield record_article(
                    record, gazetteer=gazetteer, manifest_row=rows.get(path.name), actors=actors
                )
        except ReadError as error:
            yield error
        except (RecursionError, MemoryError) as exc:
            yield ReadError(path.name, f"too complex to read ({type(exc).__name__})")
        except Exception as exc:
            # One article that trips a bug must not stop a nightly run: the file is reported
            # as failed and the traceback goes to the log for a developer.
            logger.exception("extraction failed on %s", path)
            yield ReadError(
                path.name, f"internal error while reading ({type(exc).__name__}), see log"
            )
    for name in rows:
        if name not in seen:
            yield ReadError(name, "listed in the manifest but no such file")


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
