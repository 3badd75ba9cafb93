"""Merging within one article: the raw claims of its sentences clustered by (site, event
family, compatible date and party), each cluster built into one Claim by `build_claim`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .claims import RawClaim, _family, _rank
from .dates import DateValue, intersect, latest_publication_day
from .gazetteer import Gazetteer
from .sentences import Sentence
from .statements import Statement, build_statements, speaks
from .text import WordPattern


@dataclass
class Claim:
    site: str
    event_type: str
    earliest: dt.date | None
    latest: dt.date | None
    precision: str  # day, month, year, range, unknown
    stated_date_text: str
    date_inferred: bool
    claimants: list[str]
    claimant_texts: list[str]
    evidence: list[Sentence]
    evidence_claimants: list[list[str]]
    evidence_dates: list[str]
    perpetrator: str | None
    extent: str | None
    cause: str | None
    confirmed: bool
    contested: list[str]  # human-readable disagreements inside the article
    approximate: bool = False  # "one month ago", or a range inferred from the article
    statements: list[Statement] = field(default_factory=list)  # who said what (statements.py)


def merge_claims(
    raws: list[RawClaim],
    sentences: list[Sentence],
    gaz: Gazetteer,
    published: dt.date | None,
    attacks: list[tuple[int, list[str], DateValue]] | None = None,
) -> list[Claim]:
    """One claim per (site, event, compatible date); undated accounts join the matching dated
    one. `attacks`: (sentence, sites, date) of the dated attacks told (claims.dated_attack)."""
    _continue_narration(raws, sentences)
    _date_by_attack(raws, sentences, attacks or [])
    groups: dict[tuple[str, str], list[RawClaim]] = {}
    for raw in raws:
        groups.setdefault((raw.site, _family(raw.event_type)), []).append(raw)
    anchors = _anchors(raws, gaz)
    claims: list[Claim] = []
    for (site, family), items in groups.items():
        clusters: list[list[RawClaim]] = []
        dated = [r for r in items if r.date and not r.anaphoric_date]
        undated = [r for r in items if not r.date and not r.anaphoric_date]
        anaphoric = [r for r in items if r.anaphoric_date]
        for raw in sorted(dated, key=lambda r: (r.date.latest - r.date.earliest).days):
            for cluster in clusters:
                if _compatible(cluster, raw):
                    cluster.append(raw)
                    break
            else:
                clusters.append([raw])
        for raw in undated:
            same_party = [c for c in clusters if raw.party and any(r.party == raw.party for r in c)]
            if same_party:
                same_party[0].append(raw)
            elif raw.party is None and clusters:
                max(
                    clusters,
                    key=lambda c: max((r.date.latest for r in c if r.date), default=dt.date.min),
                ).append(raw)
            elif (
                raw.party
                and clusters
                and all(all(r.party is None for r in c) for c in clusters)
                and family != "control_change"
            ):
                clusters[0].append(raw)
            else:
                home = [
                    c
                    for c in clusters
                    if all(r.date is None for r in c) and any(r.party == raw.party for r in c)
                ]
                if home:
                    home[0].append(raw)
                else:
                    clusters.append([raw])
        for raw in anaphoric:
            if clusters:
                clusters[0].append(raw)
            else:
                clusters.append([raw])
        for cluster in clusters:
            claims.append(build_claim(site, family, cluster, sentences, gaz, published, anchors))
    claims.sort(key=lambda c: c.evidence[0].start)
    return claims


# "again", "earlier", "later": the sentence tells of another time than the one before.
_OTHER_TIME = WordPattern(
    r"(?:again|earlier|previously|before|later|since|once|already|in the past|now|today|"
    r"still|years?|months?|weeks?|days?|ago)\b",
)


def _continue_narration(raws: list[RawClaim], sentences: list[Sentence]) -> None:
    """ "The mob stormed the museum on 14 August, looting it. They desecrated its mummies.": an
    undated event at a site, told in the sentence right after a dated event at the same site,
    with no word of another time, belongs to the same day (the narration goes on)."""
    dated: dict[str, tuple[int, object]] = {}  # site -> (sentence, date) of its latest dated event
    for raw in sorted(raws, key=lambda r: r.sentence):
        if raw.date and not raw.anaphoric_date:
            if raw.site not in dated or dated[raw.site][0] <= raw.sentence:
                dated[raw.site] = (raw.sentence, raw.date)
            continue
        if raw.date or raw.anaphoric_date or raw.undated_since or raw.said_on:
            continue
        last = dated.get(raw.site)
        if (
            last
            and raw.sentence - last[0] == 1
            and not _OTHER_TIME.search(sentences[raw.sentence].text)
        ):
            raw.date = last[1]
            dated[raw.site] = (raw.sentence, last[1])


# A sentence that opens on the attack just told: "The blast also shattered ...", "The strike".
_THE_ATTACK = re.compile(
    r"\s*(?:But\s+|And\s+)?the\s+(?:[\w-]+\s+){0,2}?(?:blasts?|strikes?|attacks?|explosions?|"
    r"shelling|bombing|raid|bombardment|missiles?|rockets?|shells?)\b",
    re.IGNORECASE,
)


def _date_by_attack(
    raws: list[RawClaim], sentences: list[Sentence], attacks: list[tuple[int, list[str], DateValue]]
) -> None:
    """ "An air strike late on Thursday killed people sheltering in St. X Church. [...] The
    church's facade was damaged, witnesses said.": damage told without a date, at a site whose
    one attack the article dated earlier, is that attack's. Never when the article dated
    attacks there on different days, when a dated event at the site was told since the attack
    (the story has moved on to another event), or when the sentence speaks of another time."""
    for raw in raws:
        if (
            raw.date
            or raw.anaphoric_date
            or raw.undated_since
            or _family(raw.event_type) != "damage"
            or _OTHER_TIME.search(sentences[raw.sentence].text)
        ):
            continue
        if _THE_ATTACK.match(sentences[raw.sentence].text):
            # "The blast also damaged the museum": the attack told just before, wherever it fell.
            near = [(at, d) for at, _, d in attacks if raw.sentence - 2 <= at < raw.sentence]
            if len({(d.earliest, d.latest) for _, d in near}) == 1:
                raw.date = near[-1][1]
                continue
        told = [(at, d) for at, sites, d in attacks if at < raw.sentence and raw.site in sites]
        if len({(d.earliest, d.latest) for _, d in told}) != 1:
            continue
        at, date = told[-1]
        if raw.said_on and raw.said_on < date.earliest:
            continue
        if any(
            r.site == raw.site
            and r.date
            and at < r.sentence < raw.sentence
            and not r.date.overlaps(date, 0)
            for r in raws
        ):
            continue
        raw.date = date


def _compatible(cluster: list[RawClaim], raw: RawClaim) -> bool:
    parties = {r.party for r in cluster if r.party}
    if raw.party and parties and raw.party not in parties:
        return False
    return all(r.date is None or r.date.overlaps(raw.date, 3) for r in cluster)


def _anchors(raws: list[RawClaim], gaz: Gazetteer) -> dict[str, dt.date]:
    """Earliest dated change of control per site: damage reported later happened after it."""
    out: dict[str, tuple[bool, dt.date]] = {}
    for raw in raws:
        if (
            raw.event_type == "control_change"
            and raw.date
            and not raw.anaphoric_date
            and raw.date.precision != "range"
        ):
            key = (
                raw.date.precision == "year",
                raw.date.earliest,
            )  # a day or a month beats a whole year
            if raw.site not in out or key < out[raw.site]:
                out[raw.site] = key
    return {site: key[1] for site, key in out.items()}


def build_claim(
    site, family, cluster: list[RawClaim], sentences, gaz: Gazetteer, published, anchors
) -> Claim:
    cluster.sort(key=lambda r: r.sentence)
    event = (
        max((r.event_type for r in cluster), key=_rank)
        if family == "damage"
        else cluster[0].event_type
    )
    main_dates = [r.date for r in cluster if r.date and not r.anaphoric_date]
    contested: list[str] = []
    date = intersect(main_dates) if main_dates else None
    if main_dates and date is None:
        first = min(main_dates, key=lambda d: (d.latest - d.earliest).days)
        contested.append("dates disagree: " + "; ".join(sorted({d.text for d in main_dates})))
        date = first
    for raw in cluster:
        if raw.anaphoric_date and raw.date and (date is None or not raw.date.overlaps(date, 3)):
            who = ", ".join(a.name for a in raw.claimants) or "another account"
            contested.append(
                f"{who} dates it '{raw.date.text}'" + (f", not '{date.text}'" if date else "")
            )
    inferred = False
    published = latest_publication_day(published)
    if date is not None:
        earliest, latest, precision, stated = date.earliest, date.latest, date.precision, date.text
    else:
        anchor = None
        for candidate in [site, *gaz.ancestors(site)] if site in gaz.sites else [site]:
            if candidate in anchors and (published is None or anchors[candidate] <= published):
                anchor = anchors[candidate]
                break
        if event == "control_change" and anchor and published and cluster[0].party is None:
            anchor = None  # an undated change of control, with nothing to place it after
        said_on = [r.said_on for r in cluster if r.said_on]
        latest = min(said_on) if said_on else published
        if event == "threatened" and said_on:
            # "UNESCO warned on Tuesday that the old city was in danger": a threat is a state,
            # asserted on the day it is stated.
            anchor = latest
        if anchor and latest and anchor > latest:
            anchor = None
        earliest, stated = anchor, ""
        precision = "range" if anchor else "unknown"
        inferred = anchor is not None
        if event == "threatened" and said_on:
            precision, inferred = "day", False
    names: list[str] = []
    texts: list[str] = []
    evidence: list[Sentence] = []
    evidence_claimants: list[list[str]] = []
    evidence_dates: list[str] = []
    seen = set()
    for raw in cluster:
        for a in raw.claimants:
            if not speaks(raw, a, sentences[raw.sentence].text):
                continue  # the perpetrator, named as who did it: no claimant
            if a.name not in names:
                names.append(a.name)
            if a.text not in texts:
                texts.append(a.text)
        for t in raw.claimant_texts:
            if t not in names:
                names.append(t)
            if t not in texts:
                texts.append(t)
        if raw.sentence not in seen:
            seen.add(raw.sentence)
            evidence.append(sentences[raw.sentence])
            text = sentences[raw.sentence].text
            evidence_claimants.append(
                [a.name for a in raw.claimants if speaks(raw, a, text)] + raw.claimant_texts
            )
            evidence_dates.append(raw.date.text if raw.date else "")
    perpetrators = [r.perpetrator for r in cluster if r.perpetrator]
    if family == "control_change":
        parties = [r.party for r in cluster if r.party and not r.party.startswith("(")]
        perpetrators = parties or perpetrators
    extents = [r.extent for r in cluster if r.extent and r.extent != "unknown"]
    causes = [r.cause for r in cluster if r.cause]
    return Claim(
        site=site,
        event_type=event,
        earliest=earliest,
        latest=latest,
        precision=precision,
        stated_date_text=stated,
        date_inferred=inferred,
        claimants=names,
        claimant_texts=texts,
        evidence=evidence,
        evidence_claimants=evidence_claimants,
        evidence_dates=evidence_dates,
        # The most often named; a tie goes to the first named (never to set order, which
        # changes from run to run with string hashing).
        perpetrator=max(perpetrators, key=perpetrators.count) if perpetrators else None,
        extent=(extents[0] if extents else ("unknown" if family == "damage" else None)),
        cause=max(causes, key=causes.count) if causes else None,
        confirmed=any(r.confirmed for r in cluster),
        contested=contested,
        approximate=inferred or bool(date and date.approximate),
        statements=build_statements(cluster, sentences, published),
    )
