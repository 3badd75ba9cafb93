"""The lexicons of claim extraction, as data: what the engines in events.py, attribution.py and
dates.py apply. Edit here to teach the importer a new phrase; add its sentence to
tests/sources/extraction/validation.jsonl (the validation file) so the phrase stays proven.

Patterns are regular-expression fragments over lower-cased text, matched at word boundaries.
"""

EVENT_TYPES = ("destroyed", "damaged", "looted", "military_use", "control_change", "threatened")

# Event triggers, most specific first (an earlier entry wins where two overlap):
# (event type, pattern, form, hints). form: "verb" (voice decided from context), "noun",
# "passive" (always passive: "reduced to rubble"), "use" ("used X as"), "threat".
# hints: substrings one of which a sentence must contain for the pattern to match anywhere in
# it; checked first, so most patterns are skipped for most sentences.
TRIGGERS = [
    (
        "damaged",
        (
            r"(?:partially|partly|half)[ -]destroyed|destroyed (?:a )?(?:part|parts|portions?|"
            r"sections?) of"
        ),
        "verb",
        ("destroyed",),
    ),
    (
        "destroyed",
        r"destroy(?:s|ed|ing)?",
        "verb",
        ("destroy",),
    ),
    (
        "destroyed",
        r"destruction|demolition",
        "noun",
        ("destruction", "demolition"),
    ),
    (
        "destroyed",
        (
            r"demolish(?:es|ed|ing)?|raz(?:e|ed|es|ing)|dynamit(?:e|ed|es|ing)|levell?ed|"
            r"bulldoz(?:e|ed|es|ing)|obliterat(?:e|ed|es|ing)|flatten(?:s|ed|ing)?|"
            r"pulveri[sz](?:e|ed|es|ing)|toppl(?:e|ed|es|ing)"
        ),
        "verb",
        (
            "demolish",
            "raz",
            "dynamit",
            "level",
            "bulldoz",
            "obliterat",
            "flatten",
            "pulveri",
            "toppl",
        ),
    ),
    (
        "destroyed",
        r"bl(?:ew|own|ow|ows|owing)\s+(?:(?:it|them|this|that|these|those)\s+)?up",
        "verb",
        ("blew", "blown", "blow"),
    ),
    (
        "destroyed",
        (
            r"reduced to (?:rubble|ruins)|left in ruins|lies? in ruins|razed to the ground|"
            r"wiped out|torn down|tore down|knocked down"
        ),
        "passive",
        ("rubble", "ruins", "razed", "wiped", "torn", "tore", "knocked"),
    ),
    (
        "damaged",
        r"damag(?:e|ed|es|ing)",
        "verb",
        ("damag",),
    ),
    (
        "damaged",
        (
            r"shell(?:ed|ing)|bombard(?:ed|ing|ment)|vandali[sz](?:e|ed|es|ing)|defac(?:e|ed|"
            r"es|ing)|smash(?:ed|es|ing)?|ransack(?:s|ed|ing)?|broke down|broken down|"
            r"break down|torch(?:ed|es|ing)|set (?:on )?fire to|set ablaze|burn(?:ed|t|"
            r"ing)? down|(?:was|were|been) (?:hit|struck)"
        ),
        "verb",
        (
            "shell",
            "bombard",
            "vandal",
            "defac",
            "smash",
            "ransack",
            "down",
            "torch",
            "fire",
            "ablaze",
            "hit",
            "struck",
        ),
    ),
    (
        "looted",
        (
            r"loot(?:s|ed|ing)?|plunder(?:s|ed|ing)?|pillag(?:e|ed|es|ing)|stol(?:e|en)|"
            r"smuggl(?:ed|ing)|illegal(?:ly)? excavat\w*|illicit(?:ly)? (?:dig|digging|"
            r"excavat\w*)"
        ),
        "verb",
        ("loot", "plunder", "pillag", "stol", "smuggl", "excavat", "dig"),
    ),
    (
        "control_change",
        (
            r"(?:took|taken|take|takes|taking|gained|wrested|assumed|seiz(?:e|ed|es|ing)|"
            r"regain(?:s|ed|ing)?) (?:\w+ ){0,2}control|re-?captur(?:e|ed|es|ing)|captur(?:e|"
            r"ed|es|ing)|seiz(?:e|ed|es|ing)|seizure|retak(?:e|en|es|ing)|retook|overr(?:an|"
            r"un|uns|unning)|liberat(?:e|ed|es|ing|ion)|regain(?:s|ed|ing)?|fell to|fall of|"
            r"(?:drove|driven|pushed|expelled|ousted) (?:\w+ ){0,3}out of|"
            r"in (?:\w+ ){0,2}hands|(?:full|complete|total) control|(?:has|have|"
            r"had) (?:now )?taken|(?:was|were|been|being) taken|seizing back|took back|"
            r"taken back|won back|wins? back"
        ),
        "verb",
        (
            "control",
            "captur",
            "seiz",
            "retak",
            "retook",
            "overr",
            "liberat",
            "regain",
            "fell to",
            "fall of",
            "out of",
            "hands",
            "taken",
            "back",
        ),
    ),
    (
        "military_use",
        (
            r"(?:still )?under (?:\w+ ){0,2}control|stationed (?:in|at|inside)|deployed (?:in|"
            r"at|inside)|(?:military|army) (?:base|position|headquarters|barracks|outpost)|"
            r"(?:planted|laid) (?:land ?)?mines|booby[- ]trapped|"
            r"turned (?:it )?into a (?:base|prison|barracks)"
        ),
        "verb",
        (
            "under",
            "stationed",
            "deployed",
            "base",
            "position",
            "headquarters",
            "barracks",
            "outpost",
            "mines",
            "booby",
            "into a",
        ),
    ),
    (
        "military_use",
        r"us(?:e|ed|es|ing)\b",
        "use",
        ("use", "using"),
    ),
    (
        "threatened",
        (
            r"at risk|in danger|under threat|threat(?:en|ens|ened|ening)\b|endanger(?:s|ed|"
            r"ing)?|fears? for|(?:responsibility|duty|called?|calls|appeal(?:ed|s)?|urg(?:e|"
            r"ed|es)) (?:\w+ ){0,4}?to (?:save|protect|safeguard)"
        ),
        "threat",
        ("risk", "danger", "threat", "endanger", "fear", "save", "protect", "safeguard"),
    ),
]
