"""Loading the gazetteer of known sites (fixtures/sites.json) into the database."""

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from heritage.models import HeritageSite, SiteAlias
from heritage.text import normalize_name

# Fields the file may set on a site; anything else in an entry is an error.
SITE_FIELDS = (
    "name",
    "kind",
    "country",
    "latitude",
    "longitude",
    "location_sensitive",
    "built",
    "unesco_id",
    "wikidata",
    "pleiades",
    "description",
)
ENTRY_KEYS = {"slug", "parent", "aliases", *SITE_FIELDS}


class GazetteerError(Exception):
    pass


@dataclass
class GazetteerResult:
    sites_created: int = 0
    sites_filled: int = 0
    sites_unchanged: int = 0
    aliases_added: int = 0

    def __str__(self):
        return (
            f"{self.sites_created} sites created, {self.sites_filled} completed, "
            f"{self.sites_unchanged} unchanged, {self.aliases_added} aliases added"
        )


def read_gazetteer(path: Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1 or "sites" not in data:
        raise GazetteerError(f'{path}: expected {{"version": 1, "sites": [...]}}')
    entries = data["sites"]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("slug") or not entry.get("name"):
            raise GazetteerError(f"{path}: site #{index + 1} needs a slug and a name")
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            raise GazetteerError(f"{path}: site {entry['slug']}: unknown keys {sorted(unknown)}")
    return entries


def _field_value(field: str, value):
    if field in ("latitude", "longitude"):
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise GazetteerError(f"{field} {value!r} is not a number") from None
    if field == "location_sensitive":
        return bool(value)
    return value if value is not None else ""


@transaction.atomic
def gazetteer_load(*, path: Path) -> GazetteerResult:
    """Create the sites of the file that are missing; complete the others.

    Loading is additive so that it can run on every deploy: a field already filled in the
    database is never overwritten (a curator may have corrected it), and no alias is removed.
    New sites from the gazetteer are public. A thousand sites load in a handful of bulk
    queries (one read of the sites, one of the aliases, one insert per level of parenthood,
    one update, the alias inserts), each with its history rows.
    """
    result = GazetteerResult()
    by_slug = {site.slug: site for site in HeritageSite.objects.all()}
    known_aliases: dict[int, set[str]] = defaultdict(set)
    for site_id, normalized in SiteAlias.objects.values_list("site_id", "normalized"):
        known_aliases[site_id].add(normalized)

    to_create: dict[str, HeritageSite] = {}  # slug -> unsaved site, in file order
    to_fill: dict[str, HeritageSite] = {}
    filled_fields: set[str] = set()
    parents: dict[str, str] = {}  # slug of a new or completed site -> its parent's slug
    aliases: dict[str, list[str]] = {}
    for entry in read_gazetteer(path):
        slug = entry["slug"]
        try:
            values = {f: _field_value(f, entry[f]) for f in SITE_FIELDS if f in entry}
        except GazetteerError as exc:
            raise GazetteerError(f"site {slug}: {exc}") from None
        parent_slug = entry.get("parent")
        if parent_slug and parent_slug not in by_slug and parent_slug not in to_create:
            raise GazetteerError(f"site {slug}: parent {parent_slug!r} must be listed before it")
        site = by_slug.get(slug)
        if site is None:
            site = HeritageSite(slug=slug, is_public=True, **values)
            to_create[slug] = site
            if parent_slug:
                parents[slug] = parent_slug
            changed = True
        else:
            changed = False
            for field, value in values.items():
                if getattr(site, field) in (None, "") and value not in (None, ""):
                    setattr(site, field, value)
                    filled_fields.add(field)
                    changed = True
            if site.parent_id is None and parent_slug:
                parents[slug] = parent_slug
                filled_fields.add("parent")
                changed = True
            if changed:
                to_fill[slug] = site
        if changed:
            try:
                # The parent is checked above and the slug is unique in the file and the
                # database by construction: no per-site query.
                site.full_clean(
                    exclude=["parent"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                raise GazetteerError(f"site {slug}: {exc.message_dict}") from None
        aliases[slug] = entry.get("aliases", [])

    # Parents before their parts: each level of parenthood is one insert.
    level: dict[str, int] = {}

    def depth(slug: str) -> int:
        if slug not in level:
            parent = parents.get(slug)
            level[slug] = depth(parent) + 1 if parent in to_create else 0
        return level[slug]

    for current in sorted({depth(slug) for slug in to_create}):
        batch = [site for slug, site in to_create.items() if depth(slug) == current]
        for site in batch:
            if site.slug in parents:
                site.parent = to_create.get(parents[site.slug]) or by_slug[parents[site.slug]]
        bulk_create_with_history(batch, HeritageSite, batch_size=500)
    by_slug.update(to_create)
    # bulk_create_with_history may hand back copies: read the new ids by slug.
    created_ids = dict(
        HeritageSite.objects.filter(slug__in=list(to_create)).values_list("slug", "pk")
    )
    for slug, site in to_create.items():
        site.pk = created_ids[slug]
    if to_fill:
        for slug, site in to_fill.items():
            if slug in parents:
                site.parent = by_slug[parents[slug]]
        bulk_update_with_history(
            list(to_fill.values()), HeritageSite, sorted(filled_fields), batch_size=500
        )

    new_aliases = []
    for slug, names in aliases.items():
        site = by_slug[slug]
        known = known_aliases[site.pk]
        known.add(normalize_name(site.name))
        added = 0
        for alias in names:
            normalized = normalize_name(alias)
            if normalized and normalized not in known:
                known.add(normalized)
                new_aliases.append(SiteAlias(site_id=site.pk, name=alias, normalized=normalized))
                added += 1
        result.aliases_added += added
        if slug in to_create:
            result.sites_created += 1
        elif slug in to_fill or added:
            result.sites_filled += 1
        else:
            result.sites_unchanged += 1
    SiteAlias.objects.bulk_create(new_aliases, batch_size=500)
    return result
