#!/usr/bin/env python3
"""Build fixtures/sites.json, the gazetteer `load_gazetteer` and the importer read, from:

- fixtures/gazetteer/unesco-world-heritage-2019.csv: the cultural and mixed properties of the
  World Heritage List as it stood in 2019 (UNESCO World Heritage Centre's public list data);
- fixtures/gazetteer/unesco-overrides.json: per property, a better English name, the common
  English spellings news uses, the kind, and the CSV's broken characters repaired;
- fixtures/gazetteer/monuments.json: hand-checked monuments and parts of sites (the temples
  of Palmyra, the mosques of Tripoli, the museums of Ukraine ...), in the gazetteer format.

One World Heritage property (serial or transboundary) is one site. A monument of
monuments.json that carries a property's `unesco_id` and is not a part of it (no parent with
that id) *is* that property: the two merge under the monument's slug, the monument's fields
win and the property fills what it leaves empty. Spellings derived from a property's name are
dropped when another site already answers to them, so they never make a name ambiguous.

    python tools/build_gazetteer.py          # writes fixtures/sites.json
    python tools/build_gazetteer.py --check  # exits 1 when fixtures/sites.json is stale
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "fixtures" / "gazetteer"
OUTPUT = ROOT / "fixtures" / "sites.json"

# The kind a property's name shows, first match wins (towns before the buildings they hold).
KIND_PATTERNS = [
    (r"\b(historic (centre|center|city|town|quarter|area)s?|old (city|town|walled city)|"
     r"medina|walled city|ksar|city of|town of|historic monuments of)\b", "historic_city"),
    (r"\b(archaeological|ancient|ruins|remains|site of|sites of|tel[ls]?|necropolis|"
     r"rock art|rock-art|petroglyph|prehistoric|neolithic)\b", "archaeological_site"),
    (r"\bmosques?\b|\bmasjed\b|\bmasjid\b", "mosque"),
    (r"\b(cathedral|church|churches|basilica|chapel)\b", "church"),
    (r"\b(monaster(y|ies)|convent|abbey|lavra|priory|pogost)\b", "monastery"),
    (r"\b(temple|temples)\b", "temple"),
    (r"\b(tomb|tombs|mausoleum|pyramids?)\b", "tomb"),
    (r"\b(castle|castles|citadel|fortress|fortifications?|fort|forts|kremlin|walls)\b",
     "fortification"),
    (r"\b(shrine|holy places|sanctuary)\b", "shrine"),
    (r"\bmuseum\b", "museum"),
]  # fmt: skip

# "Archaeological Site of Cyrene" is also "Cyrene": a ruin is named by its place.
PLACE_PREFIXES = re.compile(
    r"^(?:the )?(?:archaeological (?:site|sites|ruins|area|zone) (?:of|at)|site of|"
    r"ancient city of|ruins of|archaeological city of) (?P<place>.+)$",
    re.IGNORECASE,
)
# "Old City of Dubrovnik" is also "Dubrovnik Old City", "Dubrovnik's old town", "the historic
# centre of Dubrovnik", but not "Dubrovnik" (a living city is not its heritage quarter).
TOWN_PREFIXES = re.compile(
    r"^(?:the )?(?:historic centre|historic center|historical centre|old city|old town|"
    r"old towns|historic city|historic town|medina|old walled city|walled city|"
    r"historic centre of the city|historical centre of the city) of (?P<place>.+)$",
    re.IGNORECASE,
)
TOWN_FORMS = (
    "Old City of {p}",
    "{p} Old City",
    "Old Town of {p}",
    "{p} Old Town",
    "Historic Centre of {p}",
    "Historic Center of {p}",
    "{p} historic centre",
    "{p} historic center",
)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].rstrip("-")


def key(name: str) -> str:
    """The folding the importer and the database both use, roughly (for collisions here)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]s\b", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def infer_kind(name: str) -> str:
    for pattern, kind in KIND_PATTERNS:
        if re.search(pattern, name, re.IGNORECASE):
            return kind
    return "other"


def derived_aliases(name: str) -> list[str]:
    """Spellings that follow from the form of a property's name."""
    out = []
    bare = re.sub(r"\s*\(([^)]*)\)", "", name).strip()
    if bare != name:
        out.append(bare)
        # "(Qal'at Sherqat)" is another name; "(Tivoli)", "(Argentina)" are only where it is.
        out.extend(
            p.strip() for p in re.findall(r"\(([^)]*)\)", name) if p[:1].isupper() and " " in p
        )
    for form in (name, bare):
        if m := PLACE_PREFIXES.match(form):
            out.append(m.group("place"))
        if m := TOWN_PREFIXES.match(form):
            out.extend(f.format(p=m.group("place")) for f in TOWN_FORMS)
    if name.lower().startswith("the "):
        out.append(name[4:])
    return [a for a in dict.fromkeys(out) if a and a != name]


def coordinate(value: str) -> str | None:
    if not value:
        return None
    return f"{round(float(value), 6):.6f}".rstrip("0").rstrip(".")


def description(row: dict) -> str:
    year = row["date_inscribed"]
    text = f"{row['category']} property inscribed on the World Heritage List in {year}"
    states = row["states_name_en"].replace(",", ", ")
    text += f" ({states})." if row["transboundary"] == "1" or "," in row["iso_code"] else "."
    if row["danger"] == "1":
        text += " On the List of World Heritage in Danger (2019)."
    elif row["danger_list"]:
        text += f" Formerly on the List of World Heritage in Danger ({row['danger_list']})."
    return text + " Source: UNESCO World Heritage Centre, World Heritage List 2019."


def build() -> dict:
    rows = list(
        csv.DictReader((DATA / "unesco-world-heritage-2019.csv").open(encoding="utf-8", newline=""))
    )
    overrides = json.loads((DATA / "unesco-overrides.json").read_text(encoding="utf-8"))
    overrides = overrides["properties"]
    monuments = json.loads((DATA / "monuments.json").read_text(encoding="utf-8"))["sites"]
    by_slug = {m["slug"]: m for m in monuments}

    # Which monument *is* a property: it carries the id and is not a part of the property.
    property_of: dict[str, dict] = {}
    for m in monuments:
        uid = m.get("unesco_id")
        parent = by_slug.get(m.get("parent") or "")
        # A part: its parent is a listed monument of the same property, or a property itself.
        part = m.get("parent") and (parent is None or parent.get("unesco_id") == uid)
        if uid and not part:
            if uid in property_of:
                raise SystemExit(
                    f"monuments.json: {property_of[uid]['slug']} and {m['slug']} both claim "
                    f"World Heritage property {uid}; make one a part of the other"
                )
            property_of[uid] = m

    taken = set()  # alias keys already answering to a site
    for m in monuments:
        taken.update(key(n) for n in [m["name"], *m.get("aliases", ())])
    slugs = set(by_slug)

    properties: list[dict] = []
    derived_owner: dict[str, list[dict]] = {}
    for row in rows:
        uid = row["id_no"]
        override = overrides.get(uid, {})
        unesco_name = override.get("unesco_name") or row["name_en"]
        if "?" in unesco_name:
            raise SystemExit(f"property {uid}: repair {row['name_en']!r} in unesco-overrides.json")
        name = override.get("name") or unesco_name
        merged = property_of.get(uid)
        codes = [c.strip().upper() for c in row["iso_code"].split(",") if c.strip()]
        entry = {
            "slug": merged["slug"] if merged else override.get("slug") or slugify(name),
            "name": merged["name"] if merged else name,
            "parent": None,
            "kind": override.get("kind") or infer_kind(unesco_name),
            "country": codes[0] if codes else "",
            "latitude": coordinate(row["latitude"]),
            "longitude": coordinate(row["longitude"]),
            "unesco_id": uid,
            "description": description(row),
        }
        if not merged and entry["slug"] in slugs:
            entry["slug"] = f"{entry['slug']}-{uid}"
        slugs.add(entry["slug"])
        listed = list(override.get("aliases", []))
        for alias in [unesco_name, row["name_en"] if "?" not in row["name_en"] else None]:
            if alias and alias != entry["name"]:
                listed.insert(0, alias)
        if merged:
            # The monument's own fields win; the property fills the gaps.
            for field, value in merged.items():
                if field == "aliases" or value in (None, "") or field == "parent":
                    continue
                entry[field] = value
            if merged.get("parent"):
                entry["parent"] = merged["parent"]
            own = list(merged.get("aliases", []))
            entry["aliases"] = own + [a for a in listed if key(a) not in taken]
            taken.update(key(a) for a in listed)
        else:
            entry["aliases"] = [a for a in listed if key(a) not in taken]
            taken.update(key(a) for a in [name, *listed])
            derivable = [unesco_name, name] if override.get("derive", True) else []
            for alias in [a for n in dict.fromkeys(derivable) for a in derived_aliases(n)]:
                derived_owner.setdefault(key(alias), []).append(entry)
                entry.setdefault("_derived", []).append(alias)
        properties.append(entry)

    for entry in properties:
        derived = entry.pop("_derived", [])
        for alias in derived:
            k = key(alias)
            # Two properties deriving one spelling, or a spelling some site already has:
            # it names neither for sure.
            if len(derived_owner[k]) == 1 and k not in taken and k != key(entry["name"]):
                entry["aliases"].append(alias)
        seen = {key(entry["name"])}
        entry["aliases"] = [a for a in entry["aliases"] if not (key(a) in seen or seen.add(key(a)))]

    property_slugs = {p["slug"] for p in properties}
    # A monument inscribed after 2019 (the Historic Centre of Odesa, 2023) stays a monument.
    merged_slugs = {
        property_of[row["id_no"]]["slug"] for row in rows if row["id_no"] in property_of
    }
    rest = [m for m in monuments if m["slug"] not in merged_slugs]
    for m in rest:
        if m.get("parent") and m["parent"] not in property_slugs | set(by_slug):
            raise SystemExit(f"monuments.json: {m['slug']}: unknown parent {m['parent']!r}")
    # Properties first (none has a parent outside them), then the monuments in file order,
    # which lists every parent before its parts.
    sites = properties + rest
    order = {s["slug"]: i for i, s in enumerate(sites)}
    for s in sites:
        if s.get("parent") and order[s["parent"]] > order[s["slug"]]:
            raise SystemExit(f"{s['slug']}: parent {s['parent']} must come first")
    # A spelling shared by a site and one of its parts would send the part's news to the whole.
    parent_of = {s["slug"]: s.get("parent") for s in sites}
    owners: dict[str, set[str]] = {}
    for s in sites:
        for spelling in [s["name"], *s.get("aliases", ())]:
            owners.setdefault(key(spelling), set()).add(s["slug"])
    for spelling, slugs in owners.items():
        for slug in slugs:
            parent = parent_of.get(slug)
            while parent:
                if parent in slugs:
                    raise SystemExit(f"{spelling!r} names both {parent} and its part {slug}")
                parent = parent_of.get(parent)
    return {
        "version": 1,
        "source": "tools/build_gazetteer.py from fixtures/gazetteer/ (UNESCO World Heritage "
        "List 2019, cultural and mixed properties; hand-checked monuments). Do not edit by hand.",
        "sites": sites,
    }


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args()
    text = render(build())
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is stale: run python tools/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(json.loads(text)['sites'])} sites")
    return 0


if __name__ == "__main__":
    sys.exit(main())
