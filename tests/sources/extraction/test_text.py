"""The text helpers that let extraction skip work: each must give exactly what the slower form
it stands for gives, or the extraction's output would change."""

import datetime as dt
import re
from pathlib import Path

import pytest

from sources.extraction.actors import _title_case
from sources.extraction.claims import _recorded_before, _said_before
from sources.extraction.dates import find_dates
from sources.extraction.events import _ALL_HINTS, _hint_positions
from sources.extraction.lexicon import SPEECH_VERBS
from sources.extraction.sentences import split_sentences
from sources.extraction.text import alternation, caseless, fold, token_spans

# Letters that re.IGNORECASE matches to an ASCII letter though lower() does not give it.
TRAPS = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin sign)


def _flat(words):
    return "|".join(sorted(words, key=len, reverse=True))


@pytest.mark.parametrize(
    "words, text",
    [
        (["say", "saying", "says", "said"], "He said, saying so; she says it. They say"),
        # One word the start of another, followed by a space: the longer is tried first.
        (["put", "put out", "put up"], "they put out a statement, put up a sign and put it"),
        (["a", "ab", "abc", "abd"], "abc abd ab a abx"),
        (["mosque", "mosques", "mosque’s"], "the mosque’s minaret and two mosques"),
        (SPEECH_VERBS, "Officials SAID the museum was looted, reports put out on Monday say."),
    ],
)
def test_alternation_matches_what_the_flat_list_matches(words, text):
    for flags in (0, re.IGNORECASE):
        flat = re.compile(r"\b(?:" + _flat(words) + r")\b", flags)
        tree = re.compile(r"\b(?:" + alternation(words) + r")\b", flags)
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_alternation_is_a_tree_of_common_beginnings():
    assert alternation(["say", "saying", "says", "said"]) == "sa(?:y(?:ing|s)?|id)"
    # Followed by something that only the shorter word allows, the longer one gives way.
    pattern = re.compile(r"(?:" + alternation(["put", "put out"]) + r") outside")
    assert pattern.match("put outside").group() == "put outside"


@pytest.mark.parametrize("word", ["kill", "said", "sinai", "this "])
@pytest.mark.parametrize(
    "text", ["KILL said", "Sİnaİ", "sınaı", "ſaid", "\u212aill", "THIS ", "nothing", "İstanbul"]
)
def test_caseless_finds_a_word_exactly_when_ignorecase_does(word, text):
    assert (word in caseless(text)) == bool(re.search(re.escape(word), text, re.IGNORECASE))
    assert len(caseless(text)) == len(text)


def test_caseless_letters_are_the_traps_only():
    assert caseless("Palmyra’s Temple") == "palmyra’s temple"
    assert caseless(TRAPS) == "iisk"


def _token_spans_by_match(text):
    """token_spans as it was written: a test per word found by the token regex."""
    out = []
    for match in re.finditer(r"[^\W_]+", text):
        start, end = match.span()
        if match.group() in ("s", "S") and start > 0 and text[start - 1] in "'’ʼ`´":
            continue
        out.append((fold(match.group()), start, end))
    return tuple(out)


@pytest.mark.parametrize(
    "text",
    [
        "Palmyra's theatre and the Museum’s roof; the Temple of Bel (1st-century) was hit.",
        "'s at the start, s at the start, Mosul’S mosque, the Emirs' s and it’ss",
        "Çatalhöyük’s mounds, Dura-Europos ʼs sʼs, Mar Behnam´s `s __s_ s_",
        "Hatra`s walls, Nimrud´s gate, it’s, the site's, the sites’ and 's",
        "  leading and trailing spaces ",
        "İstanbul’s Ḥalab and ﬁre: ſaid KELVIN \u212a, Straße’s",
        "...",
        "s",
        "",
    ],
)
def test_token_spans_are_those_of_the_word_by_word_loop(text):
    assert token_spans(text) == _token_spans_by_match(text)


def test_token_spans_of_every_corpus_sentence_are_those_of_the_loop():
    root = Path(__file__).resolve().parents[3] / "fixtures"
    files = [*(root / "articles").glob("*.txt"), *(root / "eval" / "dev").glob("**/*.txt")]
    texts = [path.read_text(encoding="utf-8") for path in files]
    sentences = [s.text for text in texts for s in split_sentences(text)]
    assert len(files) > 40 and len(sentences) > 900
    for sentence in sentences:
        assert token_spans(sentence) == _token_spans_by_match(sentence)


def test_sentence_views_are_computed_from_its_text():
    sentence = split_sentences("Palmyra's theatre was DAMAGED. Next.")[0]
    assert sentence.tokens == token_spans(sentence.text)
    assert sentence.words == {"palmyra", "theatre", "was", "damaged"}
    assert sentence.caseless == "palmyra's theatre was damaged."
    assert sentence.token_words == ("palmyra", "theatre", "was", "damaged")
    sentence.drop_views()
    assert "tokens" not in vars(sentence) and "words" not in vars(sentence)
    assert sentence.tokens == token_spans(sentence.text)


def test_a_sentences_dates_are_found_once_for_a_publication_and_year_hint():
    sentence = split_sentences("The temple was blown up on August 23, a month ago.")[0]
    published = dt.date(2016, 3, 25)
    found = sentence.dates(published, None)
    assert found == find_dates(sentence.text, published) and len(found) == 2
    assert sentence.dates(published, None) is found  # the rules reading them share one list
    assert sentence.dates(published, 2014)[0].earliest == dt.date(2014, 8, 23)
    assert sentence.dates(dt.date(2017, 1, 1), None)[0].earliest == dt.date(2016, 8, 23)
    sentence.drop_views()
    assert not {"tokens", "token_words", "words", "caseless", "_dates"} & set(vars(sentence))


def test_an_extracted_article_keeps_no_sentence_views(gazetteer):
    from sources.extraction.pipeline import extract_text

    article = extract_text(
        "The Temple of Bel was destroyed on Friday. It was old.", gazetteer=gazetteer
    )
    assert article.sentences
    views = {"tokens", "token_words", "words", "caseless", "_dates"}
    assert all(not views & set(vars(s)) for s in article.sentences)


@pytest.mark.parametrize(
    "text",
    [
        "Fire gutted the museum; looters ablaze with the blaze blew it up. Blown.",
        "they held positions in the base and dug in; the hold was under fire",
        "",
        "no hint at all",
    ],
)
def test_hint_positions_are_every_occurrence_of_every_hint(text):
    lowered = text.lower()
    expected = {}
    for hint in _ALL_HINTS:
        at = lowered.find(hint)
        while at != -1:
            expected.setdefault(hint, []).append(at)
            at = lowered.find(hint, at + 1)
    assert _hint_positions(lowered) == expected


_CLOSED = re.compile(r"(?<!\.\.)[.!?][”\"’')\]]*\s*$")


@pytest.mark.parametrize(
    "text",
    [
        "Army Recaptures Palmyra Citadel From Islamic State",
        "Army Recaptures Palmyra Citadel From Islamic State.",
        "Army Recaptures Palmyra Citadel From Islamic State…",
        "Army Recaptures Palmyra Citadel From Islamic State...",
        "Army Recaptures Palmyra Citadel From Islamic State?” ",
        "Army Recaptures Palmyra Citadel From Islamic State.” )",
        "Army Recaptures Palmyra Citadel From Islamic State!’)\n",
        "Army Recaptures Palmyra Citadel From Islamic State ..",
        ".",
        "",
    ],
)
def test_title_case_reads_the_closing_mark_as_the_regex_did(text):
    words = re.findall(r"[^\W\d_][\w’'-]{3,}", text)[1:]
    capitalized = sum(w[0].isupper() for w in words)
    expected = not _CLOSED.search(text) and len(words) >= 3 and capitalized >= 0.75 * len(words)
    assert _title_case(text) == expected


@pytest.mark.parametrize(
    "text, said, recorded",
    [
        # What comes before a date ("on Thursday"): does a statement's or a recording's verb
        # end it?
        ("The ministry said", True, False),
        ("The ministry said late on Monday in a statement", True, False),
        ("The ministry told reporters in Damascus", True, False),
        ("The ministry told reporters that", False, False),
        ("Footage shot", False, True),
        ("Pictures were taken", False, True),
        ("The temple was destroyed", False, False),
    ],
)
def test_verbs_ending_a_text_are_found_in_its_last_words(text, said, recorded):
    from sources.extraction.claims import _RECORDED_DATE, _STATEMENT_DATE

    long_text = "Many words come first here, far from the end. " * 5 + text + " "
    for t in (text + " ", long_text):
        assert _said_before(t) == said == bool(_STATEMENT_DATE.search(t))
        assert _recorded_before(t) == recorded == bool(_RECORDED_DATE.search(t))


def _corpus_sentences():
    root = Path(__file__).resolve().parents[3] / "fixtures"
    files = [*(root / "articles").glob("*.txt"), *(root / "eval" / "dev").glob("**/*.txt")]
    return [s.text for p in files for s in split_sentences(p.read_text(encoding="utf-8"))]


_CAPITAL_TRAPS = [
    "_Abcd Efgh and aBcde Fghij; ÉAbcd Abcd, 1Abcd Efgh x-Abcd Efgh",
    "Mr. Abc Def met A. B. Smith and Al-Daddar Khaled’s forces",
    "Abcd",
    "",
]


def test_word_capital_patterns_match_what_their_word_boundary_forms_match():
    from sources.extraction.actors import _CAPITALIZED_RE, _NAME_WORD, _PERSON_RE

    person = re.compile(
        r"\b(?:"
        + _NAME_WORD
        + r"|[A-Z]\.)(?:[ -](?:al|el|bin|ibn|abu|abd|de|van|von|"
        + _NAME_WORD
        + r"|[A-Z]\.)){1,5}\b(?![’']s\s+(?:\w+\s+)?(?:forces|army|government))"
    )
    capitalized = re.compile(r"\b[A-Z][a-z’'-]{3,}\b")
    texts = _corpus_sentences() + _CAPITAL_TRAPS
    assert sum(1 for t in texts if _PERSON_RE.search(t)) > 100
    for text in texts:
        assert [m.span() for m in _PERSON_RE.finditer(text)] == [
            m.span() for m in person.finditer(text)
        ]
        assert [m.span() for m in _CAPITALIZED_RE.finditer(text)] == [
            m.span() for m in capitalized.finditer(text)
        ]


def test_naming_templates_match_what_their_word_boundary_forms_match():
    from sources.extraction.gazetteer import NAMES
    from sources.extraction.site_names import _UPPER

    texts = (
        _corpus_sentences()
        + _CAPITAL_TRAPS
        + [
            "xThe Karamanli Mosque, aThe Great Mosque, the Karamanli Mosque, THE Karamanli Mosque",
            "_the Mosque of Omar and the ruins of Nimrud, theRuins of Hatra, ÉThe Nuri Mosque",
        ]
    )
    rewritten = 0
    for pattern in NAMES.patterns:
        regex = pattern.regex.pattern
        if regex.startswith("[Tt](?<!\\w[Tt])(?i:he)"):
            boundary_form = "\\b(?i:the)" + regex[len("[Tt](?<!\\w[Tt])(?i:he)") :]
        elif regex.startswith(f"(?P<Name>[{_UPPER}](?<!\\w[{_UPPER}])"):
            boundary_form = "\\b" + regex.replace(f"(?<!\\w[{_UPPER}])", "", 1)
        else:
            assert regex.startswith("\\b")
            continue
        rewritten += 1
        boundary = re.compile(boundary_form)
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in pattern.regex.finditer(text)] == [
                (m.span(), m.groupdict()) for m in boundary.finditer(text)
            ]
    assert rewritten >= 10


def _word_patterns():
    from sources.extraction import (
        actors,
        attribution,
        claims,
        dates,
        events,
        gazetteer,
        merging,
        statements,
    )
    from sources.extraction.text import WordPattern

    found = [p for _, p in dates._PATTERNS if isinstance(p, WordPattern)]
    for module in (actors, attribution, claims, events, gazetteer, merging, statements):
        found += [p for p in vars(module).values() if isinstance(p, WordPattern)]
    return found


def test_word_patterns_find_what_their_case_blind_regex_finds():
    patterns = _word_patterns()
    assert len(patterns) >= 30
    texts = (
        _corpus_sentences()
        + _CAPITAL_TRAPS
        + [
            TRAPS,
            "Five months LATER, two DAYS later; xfive days later; ſix days later, "
            "three weeks ago, İn 2015, ın 2015, earlier thıs week, the tenth anniversary of",
            "The ancient city, THE RUINS, theruins, xthe site, in May 2015, since 2014, Yesterday",
            "ACCORDING TO activists, quoting Local Residents; it was NOT damaged; Air Strikes hit "
            "the town’s MUSEUM, it HAPPENED, severely damaged, unaccording to, nonstrikes",
            "Essays SAID, unsaid; the ministry Said: ſaid it, \u212aNOWS (says) _says 2said",
            "they put out a statement and went on, input out, outsaid, said-so, İsaid, ıSAID",
            "",
        ]
    )
    matched = 0
    for pattern in patterns:
        for text in texts:
            found = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
            assert found == [(m.span(), m.groupdict()) for m in pattern.exact.finditer(text)]
            matched += bool(found)
    assert matched > 100


def test_a_word_pattern_is_written_in_lower_case():
    from sources.extraction.text import WordPattern

    assert WordPattern(r"the\s+(?P<noun>site)\b").search("At THE site").group() == "THE site"
    for regex in (r"The site", r"(?-i:May)", r"[A-Z]\w+"):
        with pytest.raises(ValueError):
            WordPattern(regex)
