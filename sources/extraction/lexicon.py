"""The lexicons of claim extraction, as data: what the engines in events.py, attribution.py and
dates.py apply. Edit here to teach the importer a new phrase; add its sentence to
tests/sources/extraction/validation.jsonl (the validation file) so the phrase stays proven.

Patterns are regular-expression fragments over lower-cased text, matched at word boundaries.
"""

EVENT_TYPES = ("destroyed", "damaged", "looted", "military_use", "control_change", "threatened")

# "had taken in the collections", "has taken place", "had taken refuge", "remains were taken out
# of the cathedral", "statues taken down": take, not capture.
_TAKEN_OTHERWISE = (
    r" (?:in(?! \d)|part|place|refuge|shelter|care|steps|note|photos?|pictures?|images?|"
    r"away|to|from|out|off|down|into|apart)\b"
)

# Event triggers, most specific first (an earlier entry wins where two overlap):
# (event type, pattern, form, hints). form: "verb" (voice decided from context), "noun",
# "passive" (always passive: "reduced to rubble"), "use" ("used X as"), "threat".
# hints: substrings one of which a sentence must contain for the pattern to match anywhere in
# it; checked first, so most patterns are skipped for most sentences.
TRIGGERS = [
    # "placed on the List of World Heritage in Danger", "added X to its danger list": the sites
    # are between the verb and the list, or the subject of a passive.
    (
        "threatened",
        (
            r"(?:plac(?:ed|es|ing)|put|puts|putting|add(?:ed|s|ing)?|inscrib(?:ed|es|ing)|"
            r"list(?:ed|s|ing))\s+(?:[\w’'.,-]+\s+){0,14}?(?:on|to|in|as)\s+(?:the\s+|its\s+|"
            r"unesco[’']?s?\s+)?(?:list\s+of\s+)?(?:world\s+heritage\s+)?(?:sites\s+)?"
            r"(?:in\s+danger(?:\s+list)?|danger\s+list|endangered\s+list)"
        ),
        "between",
        ("placed", "places", "placing", " put ", "added", "adding", "inscrib", "listed", "listing"),
    ),
    # "turned the museum into a military position", "converted it into a prison": the site is
    # between the verb and "into".
    (
        "military_use",
        (
            r"(?:turn(?:ed|s|ing)?|convert(?:ed|s|ing)?|transform(?:ed|s|ing)?|made)\s+"
            r"(?:[\w’'-]+\s+){0,8}?into\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,3}?"
            r"(?:base|position|barracks|prison|jail|detention (?:centre|center)|headquarters|"
            r"fortress|garrison|camp|depot|arsenal|outpost|stronghold|"
            r"command (?:post|centre|center)|"
            r"firing (?:position|point)|sniper (?:nest|position)|military post)s?"
        ),
        "convert",
        ("turn", "convert", "transform", "made "),
    ),
    # "set the library on fire", "set the old souk ablaze": the site between the verb and the fire.
    (
        "damaged",
        r"set\s+(?:[\w’'-]+\s+){1,8}?(?:on\s+fire|alight|ablaze)",
        "convert",
        ("fire", "alight", "ablaze"),
    ),
    # "reduced the shrine to rubble": the site between the verb and the ruin.
    (
        "destroyed",
        r"reduc(?:e|ed|es|ing)\s+(?:[\w’'-]+\s+){1,8}?to\s+(?:rubble|ruins?|ashes|dust)",
        "convert",
        ("reduc",),
    ),
    # "fighting near the citadel", "clashes around the old city": the site is at risk.
    (
        "threatened",
        (
            r"(?:fighting|clashes|battles?|gunfights?|skirmishes)\s+(?:\w+\s+){0,2}?"
            r"(?:near|around|close to|next to|outside|in the vicinity of|surrounding)"
        ),
        "near",
        ("fighting", "clash", "battle", "gunfight", "skirmish"),
    ),
    # "X could be next", "fears that X will be next".
    (
        "threatened",
        r"(?:could|may|might|will|would) be next|(?:is|are) next in line",
        "passive",
        ("next",),
    ),
    # A part of the site: damage to it, not destruction of it.
    (
        "damaged",
        r"(?:partially|partly|half)[ -]collaps(?:e|ed|es|ing)",
        "passive",
        ("collaps",),
    ),
    # The site takes the blow: "took a direct hit", "came under fire", "caught fire",
    # "went up in flames", "consumed by fire".
    (
        "damaged",
        (
            r"took (?:a |several |multiple )?(?:direct )?hits?|came under (?:\w+ )?(?:fire|attack|"
            r"shelling|bombardment|bombing)|(?:caught|catches|catching) fire|"
            r"(?:went|go|goes|going) up in flames|consumed by (?:the )?(?:fire|flames|blaze)|"
            r"(?:engulfed|gutted) (?:by|in) (?:the )?(?:fire|flames|blaze)|in flames|"
            # "the museum suffered extensive damage", "sustained heavy damage"
            r"(?:suffered|suffers|sustained|sustains|incurred) "
            r"(?!(?:no|little|any|hardly|barely)\b)(?:[\w-]+ ){0,2}?damage|"
            # "the mosque was badly hit", "was directly struck"
            r"(?:was|were|been) (?:\w+ly )(?:hit|struck)"
        ),
        "passive",
        (" hit", "came under", "fire", "flames", "blaze", "damage", "struck"),
    ),
    # "A rocket slammed into the citadel", "shells rained down on the old city", "a car bomb
    # tore through the museum's facade": a weapon falls on the site (events._WEAPON must be the
    # subject, as for "hit").
    (
        "damaged",
        r"(?:slam(?:med|s|ming)?|crash(?:ed|es|ing)?|smash(?:ed|es|ing)?|plough(?:ed|s|ing)?|"
        r"plow(?:ed|s|ing)?) into|rain(?:ed|s|ing)? down (?:on|upon)|land(?:ed|s|ing)? (?:on|in)|"
        r"(?:tore|tears?|tearing|ripped|rips?|ripping) through",
        "hit",
        ("into", "rain", "land", "through"),
    ),
    # "an aircraft dropped a bomb on the theatre": the site is where the weapon was dropped.
    (
        "damaged",
        r"(?:dropp(?:ed|ing)|drops?) (?:[\w-]+ ){0,3}?(?:bombs?|munitions?|explosives) "
        r"(?:on|onto|upon)",
        "verb",
        ("drop",),
    ),
    ("destroyed", r"collaps(?:e|ed|es|ing)", "passive", ("collaps",)),
    # "turned into a pile of rubble", "reduced to ashes": the subject is destroyed.
    (
        "destroyed",
        r"turned into (?:a )?(?:pile of |heap of |field of )?(?:rubble|ruins|ashes|dust)|"
        r"reduced to (?:ashes|dust)",
        "passive",
        ("rubble", "ruins", "ashes", " dust"),
    ),
    # "pieces taken by looters from the church": the thieves make it plunder.
    (
        "looted",
        r"(?:taken|removed|carried (?:off|away)|hauled (?:off|away)|spirited away)\s+by\s+"
        r"(?:the\s+)?(?:looters|thieves|robbers|smugglers|plunderers)",
        "passive",
        ("looters", "thieves", "robbers", "smugglers", "plunderers"),
    ),
    # "guarded by Turkish troops", "soldiers keep watch over the tomb".
    (
        "military_use",
        r"(?:guarded|garrisoned|patrolled)\s+by\s+(?:\w+\s+){0,3}?(?:troops|soldiers|forces|"
        r"guards?|fighters|militia|militiamen|army|military|rebels|militants|insurgents)",
        "passive",
        ("guarded", "garrisoned", "patrolled"),
    ),
    # "the rebels hold Zabid", "Zabid, which the rebels hold": an armed party holds the site.
    (
        "military_use",
        r"(?:rebels|militants|forces|troops|fighters|army|jihadists|insurgents|militias?)\s+"
        r"(?:still\s+|now\s+)?(?:hold|holds|held|holding)",
        "verb",
        ("hold", "held"),
    ),
    (
        "military_use",
        r"(?:keep|keeps|kept|keeping|stand|stands|stood|standing) (?:watch|guard) (?:over|at)",
        "verb",
        ("watch", "guard"),
    ),
    # "dug over", "illegally dug": looting of an archaeological site.
    (
        "looted",
        r"dug (?:over|up)|(?:illegally|systematically) dug",
        "verb",
        ("dug",),
    ),
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
            r"wiped out"
        ),
        "passive",
        ("rubble", "ruins", "razed", "wiped"),
    ),
    # "militants tore down the shrine", "the door was pulled down", "the minaret was brought
    # down by tank fire": voice from the context.
    (
        "destroyed",
        (
            r"(?:t(?:ore|orn|ear|ears|earing)|pull(?:s|ed|ing)?|knock(?:s|ed|ing)?|"
            r"br(?:ought|ing|ings|inging))\s+down"
        ),
        "verb",
        ("down",),
    ),
    # "shattered the windows of the cathedral", "blew out the stained glass": damage.
    (
        "damaged",
        r"shatter(?:s|ed|ing)?|bl(?:ew|own|ow|ows|owing)\s+out",
        "verb",
        ("shatter", " out"),
    ),
    # "militants burned down the church", "the church burned down": burned to the ground.
    # Transitive or not (events._INTRANSITIVE: with no object the subject is the site).
    (
        "destroyed",
        r"burn(?:s|ed|t|ing)? down|burn(?:s|ed|t|ing)? to the ground",
        "verb",
        ("burn",),
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
            r"break down|torch(?:ed|es|ing)|set (?:on )?fire to|set ablaze|"
            r"(?:was|were|been) (?:hit|struck)"
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
        "damaged",
        (
            r"desecrat(?:e|ed|es|ing|ion)|gut(?:s|ted|ting)?|ravag(?:e|ed|es|ing)|"
            r"wreck(?:s|ed|ing)?|devastat(?:e|ed|es|ing)|burn(?:s|ed|t|ing)?|"
            r"bomb(?:s|ed|ing)|set (?:it |them )?alight|set (?:it |them )?on fire|"
            r"attack(?:s|ed|ing)|ruining|(?<!the )(?<!an )(?<!a )ruined|"
            # "the walls were blackened by fire", "the saints' faces were scratched out"
            r"blacken(?:s|ed|ing)|(?:scratch|gouge|chisel)(?:ed|es|ing)? out"
        ),
        "verb",
        (
            "blacken",
            "scratch",
            "gouge",
            "chisel",
            "ruin",
            "desecrat",
            "gut",
            "ravag",
            "wreck",
            "devastat",
            "burn",
            "bomb",
            "alight",
            "fire",
            "attack",
        ),
    ),
    # "a missile hit the cathedral", "shelling struck the museum": the subject must be a weapon
    # or an attack (events._WEAPON), else "hit" is any verb of touching.
    (
        "damaged",
        r"hit(?:s|ting)?|strikes?|striking|struck|target(?:s|ed|ing)",
        "hit",
        (" hit", "strik", "struck", "target"),
    ),
    # "artefacts kept in the museum have gone missing".
    ("looted", r"(?:gone|went|go|goes|going) missing", "passive", ("missing",)),
    # "Bosra had fallen to rebels": the site is the subject.
    (
        "control_change",
        r"fell to|fallen to|falls? to|falling to",
        "passive",
        ("fell to", "fallen to", "falls to", "fall to", "falling to"),
    ),
    # "soldiers loaded the collection onto trucks": a museum's holdings driven away (the trigger
    # is the verb, so that its object is read as any verb's); not the staff or volunteers who
    # load them, nor loading for safety ("evacuated", "to protect them").
    (
        "looted",
        r"(?<!staff )(?<!workers )(?<!curators )(?<!employees )(?<!volunteers )"
        r"load(?:ed|ing|s)?(?=\s+(?:[\w’'-]+\s+){1,5}?(?:onto|on to|into|on)\s+(?:\w+\s+){0,2}?"
        r"(?:trucks|lorries|vans|buses|vehicles|a convoy|convoys)\b)"
        r"(?![^.;]*\b(?:safety|safekeeping|evacuat\w*|protect\w*|keep them safe)\b)",
        "verb",
        ("load",),
    ),
    (
        "looted",
        r"sack(?:s|ed|ing)|carried off|carted off|spirited away|stripped of|looting pits?",
        "verb",
        ("sack", "carried", "carted", "spirited", "stripped", "pits"),
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
            r"un|uns|unning)|liberat(?:e|ed|es|ing|ion)|regain(?:s|ed|ing)?|"
            r"fall of|"
            r"(?:took|taken|takes?|taking) over|"
            r"(?:drove|driven|pushed|expelled|ousted) (?:\w+ ){0,3}out of|"
            r"in (?:\w+ ){0,2}hands|(?:full|complete|total) control|(?:has|have|"
            r"had) (?:now )?taken(?: over)?(?!" + _TAKEN_OTHERWISE + r")|(?:was|were|been|being) "
            r"taken(?!" + _TAKEN_OTHERWISE + r")|seizing back|took back|"
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
            "fallen to",
            "falls to",
            "fall to",
            "took over",
            "take over",
            "takes over",
            "taking over",
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
            r"occup(?:y|ied|ies|ying)|(?:positioned|entrenched|dug in|holed up) (?:\w+ )?(?:in|at|"
            r"inside)|took up positions? (?:in|at|inside)|"
            # "set up positions inside the museum", "set up a checkpoint at the citadel"
            r"set (?:up|themselves up) (?:an? |their |its )?(?:\w+ )?(?:positions?|bases?|camps?|"
            r"headquarters|checkpoints?|outposts?|barracks) (?:in|at|inside)"
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
            "occup",
            "positioned",
            "entrenched",
            "dug in",
            "holed up",
            "positions",
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
            r"at risk|in danger|under threat|threats? (?:to|against)|danger to|"
            r"threat(?:en|ens|ened|ening)\b|endanger(?:s|ed|"
            r"ing)?|fears? for|(?:responsibility|duty|called?|calls|appeal(?:ed|s)?|urg(?:e|"
            r"ed|es)) (?:\w+ ){0,4}?to (?:save|protect|safeguard)"
        ),
        "threat",
        ("risk", "danger", "threat", "endanger", "fear", "save", "protect", "safeguard"),
    ),
]

# --- attribution ------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """A word list written as running text, easier to read and edit than a column."""
    return text.split()


# Verbs of reported speech and publication: "X said", "…, said X", "X told AFP", "X reported".
SPEECH_VERBS = _words(
    "said says say saying told tells tell added adds stated states reported reports claimed "
    "claims claim confirmed confirms announced announces warned warns noted notes explained "
    "insisted alleged alleges described describes called condemned showed shows aired broadcast "
    "published released posted issued believes estimated estimates wrote writes tweeted quoted "
    "cited citing cautioned cautions urged urges declared declares stressed stresses "
    "acknowledged acknowledges admitted admits asserted asserts argued argues revealed reveals "
    "disclosed discloses accused accuses blamed blames documented documents recorded recounted "
    "recalled testified observed indicated indicates suggested suggests concluded concludes "
    "found finds lamented mourned"
) + ["put out", "went on"]
# The plural present, for plural subjects ("the images show", "officials confirm"); the same
# words are infinitives ("refused to confirm"), which state nothing.
PLURAL_PRESENT_SPEECH = _words("show reveal suggest indicate confirm warn allege accuse describe")
SPEECH_VERBS += PLURAL_PRESENT_SPEECH

# A body named before, referred to in a later sentence: "It said", "the monitor said" (the
# kinds of actors.json each reference may stand for).
BODY_REFERENCES = {
    "it": (
        "international_org",
        "monitoring_group",
        "state_media",
        "news_agency",
        "military",
        "armed_group",
        "imagery_provider",
    ),
    "monitor": ("monitoring_group",),
    "observatory": ("monitoring_group",),
    "group": ("monitoring_group", "armed_group"),
    "organisation": ("international_org", "monitoring_group"),
    "organization": ("international_org", "monitoring_group"),
    "agency": ("international_org", "news_agency", "state_media"),
}

# Media that speak in a report: "footage shows", "according to images from X". Their
# participle phrase says when or where the medium was made ("footage shot on Thursday"), not
# who speaks, unless it names who put it out ("photos released by IS members").
MEDIUM_HEADS = _words(
    "images imagery photos photographs pictures footage video videos report study statement "
    "documents recording recordings"
)

# Head nouns of a claimant that names no known actor: "the Iraqi antiquities ministry",
# "a British Museum report", "eyewitnesses", "the study".
CLAIMANT_HEADS = _words(
    "ministry council authority authorities government official officials spokesman "
    "spokeswoman spokesperson agency agencies group organisation organization police army "
    "military statement office department directorate committee witness witnesses eyewitness "
    "eyewitnesses resident residents activist activists source sources journalist journalists "
    "reporter reporters media monitor monitors observer observers expert experts archaeologist "
    "archaeologists governor mayor minister director chief head commander sheikh priest imam "
    "curator envoy mission command channel television tv radio newspaper network report reports "
    "study "
    "studies survey assessment investigation analysis document documents indictment "
    "indictments images imagery photos photographs pictures footage video staff monks clergy "
    "historians historian scholars researchers researcher prosecutor prosecutors court "
    "tribunal diocese patriarchate institute foundation centre center board commission service "
    "administration inspectorate church parish parishioners bishop archbishop villagers"
)

# Words that end a personal name: "Transfiguration Cathedral" is no one's name.
NOT_NAME_WORDS = _words(
    "cathedral church mosque museum temple monastery library palace citadel castle tomb shrine "
    "mausoleum theatre theater gate bridge hall centre center city old ancient university square "
    "street market souk souq madrasa madrassa lavra hermitage archive archives gallery "
    "cemetery fortress fort tower minaret chapel basilica abbey convent synagogue"
)
