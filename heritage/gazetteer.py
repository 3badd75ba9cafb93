"""Loading the gazetteer of known sites (fixtures/sites.json) into the database."""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

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
    New sites from the gazetteer are public.
    """
    result = GazetteerResult()
    by_slug = {site.slug: site for site in HeritageSite.objects.all()}
    for entry in read_gazetteer(path):
        slug = entry["slug"]
        try:
            values = {f: _field_value(f, entry[f]) for f in SITE_FIELDS if f in entry}
        except GazetteerError as exc:
            raise GazetteerError(f"site {slug}: {exc}") from None
        parent = None
        if entry.get("parent"):
            parent = by_slug.get(entry["parent"])
            if parent is None:
                raise GazetteerError(
                    f"site {slug}: parent {entry['parent']!r} must be listed before it"
                )
        site = by_slug.get(slug)
        if site is None:
            site = HeritageSite(slug=slug, parent=parent, is_public=True, **values)
            created, changed = True, True
        else:
            created, changed = False, False
            for field, value in values.items():
                if getattr(site, field) in (None, "") and value not in (None, ""):
                    setattr(site, field, value)
                    changed = True
            if site.parent_id is None and parent is not None:
                site.parent = parent
                changed = True
        if changed:
            try:
                site.full_clean()
            except ValidationError as exc:
                raise GazetteerError(f"site {slug}: {exc.message_dict}") from None
            site.save()
            by_slug[slug] = site
        known = set(site.aliases.values_list("normalized", flat=True)) if not created else set()
        known.add(normalize_name(site.name))
        new_aliases = []
        for alias in entry.get("aliases", []):
            normalized = normalize_name(alias)
            if normalized and normalized not in known:
                known.add(normalized)
                new_aliases.append(SiteAlias(site=site, name=alias, normalized=normalized))
        SiteAlias.objects.bulk_create(new_aliases)
        result.aliases_added += len(new_aliases)
        if created:
            result.sites_created += 1
        elif changed or new_aliases:
            result.sites_filled += 1
        else:
            result.sites_unchanged += 1
    return result
