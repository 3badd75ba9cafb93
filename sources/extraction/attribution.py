"""Attribution: who makes the claims of a sentence (reported speech in its forms) and who is
said to have done the act (the perpetrator, never the claimant unless it claims the act)."""

from __future__ import annotations

import re

from .actors import ActorMention, ActorState, generic_claimant
from .dates import CALENDAR_WORDS
from .events import _clause_bounds, _has_imagery
from .lexicon import BODY_REFERENCES, MEDIUM_HEADS, PLURAL_PRESENT_SPEECH, SPEECH_VERBS
from .text import WordPattern, alternation, caseless, fold_phrase

# Speech verbs (a WordPattern: the same matches as the case-blind regex, found faster).
_SPEECH = WordPattern(r"(?P<verb>" + alternation(SPEECH_VERBS) + r")\b")


# "X, quoted by Y, said": Y carried the words, X said them.
_CARRIER = re.compile(r"^\s*(?:as\s+)?(?:quoted|cited|interviewed) by\b|^\s*speaking to\b", re.I)
# "…, said the museum was looted" is no inversion ("…, said X"): a clause follows the verb.
_CLAUSE_VERB = WordPattern(r"(?:was|were|is|are|has|had|have|been|will|would)\b")
# "Ahmed, a member of the council, said": the apposition describes the person named before it.
_APPOSITION = re.compile(r"^\s*(?:an?|the|one of the|who is an?)\s", re.IGNORECASE)
# "…, said the museum was looted" is no inversion ("…, said X"): a clause follows the verb.
_CLAUSE_VERB = WordPattern(r"(?:was|were|is|are|has|had|have|been|will|would)\b")
# What follows an inverted verb ("…, said X." / "…, said X, a member of the council."): the
# speaker, then perhaps an apposition that says what the speaker is ("…, said Ahmed Daddar, from
# the heritage centre.").
_INVERTED_TAIL = re.compile(
    r"\s+(?P<np>(?!that\b)[^,;“”\"]{2,70}?)"
    r"(?:,\s+(?:an?|the|from|of|at|with|who)\s[^;“”\"]{2,120}?)?[.!]?[”\"]?$"
)
# "Ukraine said", "the Kremlin denied": a proper name as the speaker.
_PROPER_SUBJECT = re.compile(
    r"(?:^|\s)(?P<np>(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*[a-z][\w’'.-]*)\s*$"
)
_NOT_SUBJECT_START = re.compile(
    r"^(?:the\s+)?(?:But|And|However|Meanwhile|Earlier|Later|Also|Then|Now|It|He|She|They|We|I|"
    r"This|That|These|Those|There|When|While|In|On|At|After|Before|As|If)\b"
)
# A bare article, a day or a month: what a capitalized word before a verb can be besides a
# name.
_NO_SPEAKER_WORD = re.compile(
    r"(?:the|a|an|this|that|these|those|its|their|his|her|our|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)",
    re.IGNORECASE,
)
# "General Staff: Russian troops turn churches into bases": a headline's speaker before a colon.
# A name, not a clause: at most five words ("Syrian Army Recaptures Citadel …: State TV" is
# a story, its source after the colon).
_HEADLINE_SPEAKER = re.compile(r"^(?P<np>[A-Z][^:.!?\s]*(?:\s+[^:.!?\s]+){0,4}):\s+\S")
# "Syrian Army Recaptures Citadel of Palmyra: State TV": the source after the story.
_HEADLINE_SOURCE = re.compile(
    r"^[A-Z][^:]{15,}:\s+(?P<np>[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){0,3})[\s”\"]*$"
)


_ACCORDING = WordPattern(r"according to\s+(?P<np>[^,;.“”\"]{2,120})")


# "images from IS media posted on Twitter", "a report by the ministry": a medium and its
# source, up to what says when or where it appeared.
_MEDIUM_OF = re.compile(
    r"(?P<np>(?:(?:the|a|an|new|recent|latest|satellite|aerial|drone|video)\s+)*(?:"
    + "|".join(MEDIUM_HEADS)
    + r")\s+(?:from|by|of)(?:\s+(?!(?:and|that|which|who|on|in)\b)[\w’'.-]+){1,5}?)"
    r"(?=$|\s(?:and|that|which|who|on|in)\b|\s[a-z]+ed\b)",
    re.IGNORECASE,
)


# A pair of dashes around an aside: " - which the BBC has verified - ", "—now a museum—".
# (An en dash or hyphen between words without spaces joins a range, "2014–2016": no aside.)
_DASH_ASIDE = re.compile(r"(?:\s[-–—]\s|—)(?P<inner>[^-–—.;“”\"]{2,80}?)(?:\s[-–—]\s|—)")


# "citing local sources as saying that ISIS blew up …": the source cited ends where what it
# said begins; the actors of its words are not its speakers.
# A body named after a place or group: "(the Gaza Strip) Media Office", "(UNESCO's) World
# Heritage Committee".
_BODY_AFTER = re.compile(
    r"(?:[’']s)?(?:\s+[A-Z][\w’'-]*){0,3}\s+(?:Office|Ministry|Committee|Council|Department|"
    r"Directorate|Authority|Commission|Agency|Board)\b"
)


# "strikes condemned by UNESCO", "damage documented by the monitor": a speech verb in the
# passive names who vouches ("quoted by" and "cited by" name a channel: _CARRIER).
_SAID_BY = re.compile(
    r"\b(?:condemned|denounced|reported|confirmed|documented|verified|described|recorded|"
    r"denied|alleged)\s+by\s+(?P<np>[^,;.“”\"]{2,80}?)(?=\s+(?:as|in|on|at|after|and|"
    r"destroyed|damaged|looted|was|were|is|are|has|have|had)\b|[,;.“”\"]|$)",
    re.IGNORECASE,
)
# "Released by IS members, the images show": a participle before the subject says who put
# the medium out.
_FRONTED_BY = re.compile(
    r"^\s*(?P<verb>released|published|posted|shared|issued|obtained|distributed)\s+by\s+"
    r"(?P<np>[^,]{2,60})$",
    re.IGNORECASE,
)
_MEDIUM_WORD = WordPattern(r"(?:" + "|".join(MEDIUM_HEADS) + r")\b")


_BODY_REFERENCE = re.compile(
    r"(?:(?:and|but|later|also)\s+)?(?:(?P<it>it)|the\s+(?P<noun>"
    + "|".join(k for k in BODY_REFERENCES if k != "it")
    + r"))(?:\s+(?:also|later|further))?",
    re.IGNORECASE,
)


_CITING = WordPattern(
    r"(?:citing|cited|quoting|quoted)\s+(?!by\b)"
    r"(?P<np>(?:(?!\s(?:as\s+(?:saying|having|telling)|that|who|which)\b)[^,;.“”\"]){2,100})",
)


_PRONOUN_SPEAKER = WordPattern(
    r"(?:he|she|the official|the spokesman|the spokeswoman|the minister|the governor|"
    r"the director|the chief|the activist|the archaeologist)\s*$",
)


_LEADING_TIME = re.compile(
    r"^(?:(?:on|early|late|earlier|later|last|this|in)\s+)+(?:"
    + alternation(sorted(CALENDAR_WORDS | {"week", "month", "year", "weekend", "night", "morning"}))
    + r")\b[\s,]*",
    re.IGNORECASE,
)
_RELATIVE_BEFORE_VERB = re.compile(r",\s+(?:who|which)\s[^,;“”\"]*,\s*$", re.IGNORECASE)


# "which local officials say was destroyed": a relative clause whose subject speaks, and what it
# says goes on at once with a verb.
_RELATIVE_SPEAKER = re.compile(
    r"\s*(?:which|that)\s+(?P<np>(?!(?:is|was|were|are|has|had|have|it|they)\b)"
    r"(?:[\w’'.-]+\s+){0,5}?[\w’'.-]+)\s*"
)
_WHO_CLAUSE_END = re.compile(r"(?<=\w)\s+who\s+[^,;]*$")
_CLAUSE_GOES_ON = re.compile(r"\s+(?:was|were|had|has|have|is|are)\b")


def _claimants(
    text: str, base: int, actors: list[ActorMention], astate: ActorState, idx: int
) -> tuple[list[ActorMention], list[str]]:
    """Who makes the claims of a sentence: speech verbs, "according to", "citing", inversions,
    pronouns."""
    found: list[ActorMention] = []
    texts: list[str] = []

    def take(a: ActorMention) -> None:
        if all(a.name != f.name for f in found):
            found.append(a)

    def actors_in(lo: int, hi: int) -> list[ActorMention]:
        return [a for a in actors if lo <= a.start - base and a.end - base <= hi]

    if idx <= 2 and (headline := _HEADLINE_SPEAKER.match(text) or _HEADLINE_SOURCE.match(text)):
        np = headline.group("np")
        if not np.isupper():
            named = actors_in(headline.start("np"), headline.end("np"))
            for a in named:
                take(a)
            if not named and (g := generic_claimant(np)):
                texts.append(g)
    # Each pattern only where its words are (in any case): most sentences cite no one.
    lowered = caseless(text)
    for m in _ACCORDING.finditer(text) if "according to" in lowered else ():
        inside = actors_in(m.start("np"), m.end("np"))
        for a in inside:
            take(a)
        if inside and (medium := _MEDIUM_OF.match(m.group("np"))):
            # "according to images from IS media": the images speak, as IS media put them out.
            texts.append(medium.group("np").strip())
        if not inside and (g := generic_claimant(m.group("np"))):
            texts.append(g)
    for m in _CITING.finditer(text) if "cit" in lowered or "quot" in lowered else ():
        for a in actors_in(m.start("np"), m.end("np")):
            take(a)
        if g := generic_claimant(m.group("np")):
            texts.append(g)
    for m in _SAID_BY.finditer(text) if "by" in lowered else ():
        inside = actors_in(m.start("np"), m.end("np"))
        for a in inside:
            take(a)
        if not inside and (g := generic_claimant(m.group("np"))):
            texts.append(g)
    # "the video - which the BBC has verified - suggests": the aside between dashes is no
    # part of the subject.
    dashes = list(_DASH_ASIDE.finditer(text)) if any(d in text for d in "-–—") else []
    asides = [m.span() for m in dashes]
    inner = [m.start("inner") for m in dashes]
    scan = text
    for lo, hi in asides:
        scan = scan[:lo] + " " * (hi - lo) + scan[hi:]
    for m in _SPEECH.finditer(text):
        verb = m.group("verb").lower()
        if verb in ("citing", "cited", "quoted") and not re.search(
            r"\bwas quoted|\bwere quoted", text[max(0, m.start() - 8) : m.end()]
        ):
            continue
        head = scan[: m.start()]
        if re.match(r"\s+by\b", text[m.end() :]):
            continue  # "described by UNESCO as a war crime": the agent speaks (_SAID_BY)
        for (lo, hi), start in zip(asides, inner, strict=True):
            if lo <= m.start() < hi:  # "… was damaged – the ministry said – in 2016"
                head = " " * start + text[start : m.start()]
        if verb in PLURAL_PRESENT_SPEECH and re.search(r"\bto\s*$", head, re.IGNORECASE):
            continue  # "refused to confirm": no one says it
        # Inversion: "..., say state media and a monitoring group."
        tail = text[m.end() :]
        # "…, said Ahmed Daddar, a local historian.": the speaker, then what he is.
        inverted_tail = _INVERTED_TAIL.match(tail)
        # "..., said a priest who accompanied the visitors": the priest, without his clause.
        inverted_np = _WHO_CLAUSE_END.sub("", inverted_tail.group("np")) if inverted_tail else ""
        if (
            inverted_tail
            and re.search(r"[,”\"]\s*$", head)
            and not _CLAUSE_VERB.search(inverted_np)
        ):
            np_end = m.end() + inverted_tail.start("np") + len(inverted_np)
            inverted = actors_in(m.end(), np_end)
            for a in inverted:
                take(a)
            if not inverted and (g := generic_claimant(inverted_np)):
                texts.append(g)
            continue
        cut = max(head.rfind("”"), head.rfind('"'), head.rfind("“"), head.rfind(";"))
        # "X, who toured the site after the blast, said": the words of a relative clause just
        # before the verb do not end the subject.
        relative_clause = _RELATIVE_BEFORE_VERB.search(head)
        bound = relative_clause.start() if relative_clause else len(head)
        for word in (" that ", " after ", " while "):
            cut = max(cut, head.rfind(word, 0, bound))
        window_start = cut + 1
        chunks = [c for c in re.finditer(r"[^,]+", head[window_start:]) if c.group().strip()]
        subject: list[ActorMention] = []
        relative = False
        last_chunks = chunks[-3:]
        for n, chunk in enumerate(reversed(last_chunks)):
            lo, hi = window_start + chunk.start(), window_start + chunk.end()
            # "Google Earth's picture showed": the owner of the speaker, not the speaker.
            named = [
                a
                for a in actors_in(lo, hi)
                if not re.search(r"[’']s$", a.text)
                and not any(x <= a.start - base < y for x, y in asides)
                # "quoting witnesses who saw IS fighters": a relative clause's actors
                and not re.search(r"\s(?:who|which)\s", text[lo : a.start - base])
            ]
            chunk_text = chunk.group()
            pron = _PRONOUN_SPEAKER.search(chunk_text.strip() + " ")
            earlier = last_chunks[len(last_chunks) - n - 2] if n + 1 < len(last_chunks) else None
            if _CARRIER.match(chunk_text):
                continue
            if re.fullmatch(r"\s*(?:who|which)\s*(?:also\s+|later\s+)?", chunk_text) and not named:
                relative = True  # "..., Dmitry Peskov, who insisted": the name before
                continue
            relative_speaker = _RELATIVE_SPEAKER.fullmatch(chunk_text) if n == 0 else None
            if relative_speaker and _CLAUSE_GOES_ON.match(text, m.end()):
                # "the theatre, which local officials say was destroyed": the officials speak.
                np_lo = lo + relative_speaker.start("np")
                inside = actors_in(np_lo, hi)
                subject = inside
                if not inside and (g := generic_claimant(relative_speaker.group("np"))):
                    texts.append(g)
                break
            if re.match(r"\s*(?:who|which)\s+\w", chunk_text):
                # "the Media Office, which is run by Hamas, said": the office said it.
                continue
            if n == 0 and re.match(r"\s*whose\s+\w", chunk_text):
                # "damaged the museum, whose director said 25,000 works were inside": the
                # director speaks of the works, and vouches for nothing of the main clause.
                break
            if (
                not named
                and earlier is not None
                and _APPOSITION.match(chunk_text)
                and any(
                    # the name ends the chunk before ("Released by IS members, the images":
                    # the images are no apposition of IS)
                    not text[a.end - base : window_start + earlier.end()].strip()
                    for a in actors_in(window_start + earlier.start(), window_start + earlier.end())
                )
            ):
                continue  # "Ahmed, a member of the council, said": Ahmed
            if named and relative:
                named = named[-1:]
            body = _BODY_AFTER.match(text, named[-1].end - base) if named else None
            if body and body.end() <= hi and (g := generic_claimant(text[lo : body.end()])):
                texts.append(g)  # "the Gaza Strip Media Office said": the office speaks
                break
            if named:
                subject = [
                    a
                    for a in named
                    if a.kind not in ("armed_group",)
                    or verb
                    in (
                        "claimed",
                        "claims",
                        "claim",
                        "said",
                        "says",
                        "published",
                        "released",
                        "posted",
                        "issued",
                        "put out",
                        "showed",
                    )
                ]
                break
            if (
                re.search(
                    r"\b(?:he|she)\b\s*(?:has |had |also |was |later |then )?$",
                    chunk_text,
                    re.IGNORECASE,
                )
                or pron
            ):
                if astate.last_person and idx - astate.last_person[0] <= 10:
                    name = astate.last_person[1]
                    subject = [
                        ActorMention(name, "person", base + lo, base + hi, chunk_text.strip())
                    ]
                elif pron and (g := generic_claimant(chunk_text)):
                    texts.append(g)  # "the governor said", with no one named before
                break
            if re.search(r"\bit\s*$", chunk_text) and actors_in(0, lo):
                subject = [actors_in(0, lo)[-1]]
                break
            back = _BODY_REFERENCE.fullmatch(chunk_text.strip())
            ref = back and (back.group("it") or back.group("noun")).lower()
            body = ref and astate.body_before(idx, BODY_REFERENCES[ref])
            if body:
                # "UNESCO condemned the strike. It said …": the body named just before
                subject = [ActorMention(body.name, body.kind, base + lo, base + hi, back.group())]
                break
            generic_back = _GENERIC_BODY_REFERENCE.fullmatch(chunk_text.strip())
            if generic_back and (
                named_before := astate.generic_body_before(idx, generic_back.group("noun"))
            ):
                texts.append(named_before)  # "The board also said": the board named before
                break
            # "..., a priest who accompanied the visitors said": the priest, without his clause.
            if g := generic_claimant(chunk_text) or (
                n == 0 and generic_claimant(_WHO_CLAUSE_END.sub("", chunk_text))
            ):
                fronted = _FRONTED_BY.match(earlier.group()) if earlier is not None else None
                if fronted and _MEDIUM_WORD.search(g):
                    # "Released by IS members, the images show": the images as they put them out
                    g = f"{g} {fronted.group('verb').lower()} by {fronted.group('np').strip()}"
                texts.append(g)
                break
            proper = _PROPER_SUBJECT.search(chunk_text) if n == 0 else None
            if (
                proper
                and not _NOT_SUBJECT_START.match(proper.group("np"))
                # "The reported capture", "footage on Friday showed": no one is named
                and not _NO_SPEAKER_WORD.fullmatch(proper.group("np"))
                and not re.search(r"[’']s$", proper.group("np"))  # a possessive owns, not says
            ):
                texts.append(proper.group("np"))
                break
        for a in subject:
            take(a)
    if _has_imagery(text):
        texts.append(
            "satellite imagery" if re.search(r"satellite", text, re.I) else "on-site inspection"
        )
    # "Last month the group said": the time that opens the sentence is no part of the speaker.
    texts = [t for t in (_LEADING_TIME.sub("", t) for t in texts) if t.strip()]
    for g in texts:
        # "Iraq's State Board of Antiquities and Heritage said …": a body no list knows, which
        # "the board said" may name in the next sentences.
        heads = [w for w in fold_phrase(g) if w in _GENERIC_BODY_HEADS]
        if heads:
            astate.generic_bodies.append((idx, heads[0], g))
    return found, texts


# Head nouns of a body that "the <noun> said" may refer back to.
_GENERIC_BODY_HEADS = frozenset(
    [
        "board",
        "ministry",
        "directorate",
        "commission",
        "administration",
        "council",
        "authority",
        "office",
        "department",
        "committee",
        "agency",
        "inspectorate",
        "institute",
        "service",
    ]
)
_GENERIC_BODY_REFERENCE = re.compile(
    r"(?:(?:and|but|later|also)\s+)?the\s+(?P<noun>\w+)(?:\s+(?:also|later|further))?",
    re.IGNORECASE,
)


def _perpetrator(
    text: str,
    base: int,
    actors: list[ActorMention],
    start: int,
    end: int,
    passive: bool,
    astate: ActorState,
) -> str | None:
    parties = [a for a in actors if a.kind in ("armed_group", "military")]
    if passive:
        for a in parties:
            if 0 <= a.start - base - end <= 40 and re.search(
                r"\bby\s", text[end : a.start - base + 1]
            ):
                return a.name
        by = re.match(
            r"\s+by\s+(?:the\s+|an?\s+)?((?:[\w’'-]+\s+){0,3}?(?:militants|rebels|fighters|forces|troops|"
            r"soldiers|army|militia|militias|group|groups|jihadists|extremists|Islamists|insurgents|gunmen|"
            r"looters|police|aircraft|jets|warplanes))\b",
            text[end:],
        )
        if by:
            return by.group(1)
    cstart, _ = _clause_bounds(text, start)
    before = [
        a
        for a in parties
        if a.end - base <= start
        and a.start - base >= cstart - 80
        and not re.search(
            r"\b(?:from|against|with|of|on|at|in|by|to|near)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
            text[: a.start - base],
        )
    ]
    if before:
        return before[0].name
    if re.search(
        r"\b(?:it|they|the group|the militants|the jihadists|the terrorists)\b",
        text[max(0, start - 40) : start],
        re.I,
    ):
        return astate.last_armed
    return None


_OPENS_QUOTE = re.compile(r"^\s*[“\"]")
_INTRODUCES_QUOTE = re.compile(r"(?::\s*|\baccording to [^“\"]{2,80},\s*[“\"].*)$", re.IGNORECASE)
_QUOTE_REACH = 3  # sentences a quotation may run on before its speaker is named
_OPENS_ACCORDING = re.compile(r"^\s*according to\s+[^,;.]{2,120},", re.IGNORECASE)
_PARAGRAPH_REACH = 4  # sentences of one paragraph an opening "According to X," speaks for


def quote_speakers(
    raws: list,
    sentences: list,
    sentence_actors: list[list[ActorMention]],
    astate: ActorState,
) -> None:
    """A claim inside a quotation that names no speaker takes the speaker of the quotation:
    “The strikes hit the museum. They left nothing,” the mayor said. / The director said:
    “…”; any other claim without one, the source a headline names ("General Staff: …").
    Changes `raws` in place."""
    cache: dict[int, tuple[list[ActorMention], list[str]]] = {}
    default = headline_speaker(sentences, sentence_actors, astate)

    def speakers(i: int) -> tuple[list[ActorMention], list[str]]:
        if i not in cache:
            s = sentences[i]
            cache[i] = _claimants(s.text, s.start, sentence_actors[i], astate, i)
        return cache[i]

    def paragraph_source(i: int) -> tuple[list[ActorMention], list[str]]:
        """ "According to the ministry, A. B.": the source that opens a paragraph speaks for
        the sentences after it, until another speaker is named."""
        for j in range(i - 1, max(-1, i - _PARAGRAPH_REACH - 1), -1):
            if sentences[j].paragraph != sentences[i].paragraph:
                break
            if _OPENS_ACCORDING.match(sentences[j].text):
                return speakers(j)
            if any(speakers(j)):
                break
        return [], []

    for raw in raws:
        if raw.claimants or raw.claimant_texts:
            continue
        i = raw.sentence
        text = sentences[i].text
        found: tuple[list[ActorMention], list[str]] = ([], [])
        if _OPENS_QUOTE.match(text) or text.count("“") > text.count("”"):
            # Forward to the sentence that closes the quotation: what follows the closing
            # mark names who said it.
            for j in range(i, min(len(sentences), i + _QUOTE_REACH + 1)):
                later = sentences[j].text
                straight = later.rfind('"') if j > i or later.count('"') >= 2 else -1
                close = max(later.rfind("”"), straight)
                if close != -1:
                    if later[close + 1 :].strip(" .,;"):
                        found = speakers(j)
                    break
        if not any(found) and i > 0 and _INTRODUCES_QUOTE.search(sentences[i - 1].text):
            found = speakers(i - 1)  # The director said: “…”
        if not any(found) and _OPENS_QUOTE.match(text):
            # “A,” he said. “B …”: a quotation resumed after its speaker was named.
            for j in range(i - 1, max(-1, i - _QUOTE_REACH - 1), -1):
                earlier = sentences[j].text
                close = max(earlier.rfind("”"), earlier.rfind('"'))
                if close != -1 and earlier[close + 1 :].strip(" .,;"):
                    found = speakers(j)
                    break
        if not any(found):
            found = paragraph_source(i)
        if not any(found):
            found = default
        raw.claimants = list(found[0])
        raw.claimant_texts = list(found[1])


def headline_speaker(
    sentences: list, sentence_actors: list[list[ActorMention]], astate: ActorState
) -> tuple[list[ActorMention], list[str]]:
    """ "General Staff: Russian troops turn churches into bases": a headline that names its
    source speaks for the whole story."""
    for s in sentences[:3]:
        if _HEADLINE_SPEAKER.match(s.text) or _HEADLINE_SOURCE.match(s.text):
            return _claimants(s.text, s.start, sentence_actors[s.index], astate, s.index)
    return [], []
