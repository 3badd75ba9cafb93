from sources.extraction.sentences import split_sentences


def test_offsets_point_into_the_text():
    text = "First one. Second one!\nThird on a new line? Yes."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "First one.",
        "Second one!",
        "Third on a new line?",
        "Yes.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "The U.K.-based group said Gen. Smith and J. Doe left. Then U.S. officials spoke."
    assert [s.text for s in split_sentences(text)] == [
        "The U.K.-based group said Gen. Smith and J. Doe left.",
        "Then U.S. officials spoke.",
    ]


def test_quotes_close_sentences():
    text = "“It is total destruction.” He said it twice."
    assert [s.text for s in split_sentences(text)] == [
        "“It is total destruction.”",
        "He said it twice.",
    ]


def test_over_long_runs_are_cut_with_exact_offsets():
    from sources.extraction.sentences import MAX_SENTENCE_CHARS

    text = "Intro. " + " ".join(["Palmyra"] * 2000) + " " + "x" * 3000 + ". Last one."
    sentences = split_sentences(text)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert sentences[0].text == "Intro."
    assert sentences[-1].text == "Last one."
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    covered = "".join(s.text for s in sentences).replace(" ", "")
    assert covered == text.replace(" ", "")


def test_the_last_word_before_a_full_stop_is_read_as_the_regex_reads_it():
    # `_is_abbreviation` takes the last word without an end-anchored regex (quadratic in a long
    # paragraph): on random text, with odd spaces, the answers must be the same.
    import random
    import re

    from sources.extraction.sentences import _ABBREVIATIONS, _is_abbreviation

    def reference(before):
        match = re.search(r"(\S+)$", before)
        if not match:
            return False
        word = match.group(1).lstrip("(\"“‘'")
        if re.fullmatch(r"(?:[A-Za-z]\.){1,}[A-Za-z]?", word + ".") or re.fullmatch(r"[A-Z]", word):
            return True
        return word.lower() in _ABBREVIATIONS

    rng = random.Random(3)
    pieces = ["Dr", "U.S", "St", "a", "B", "(Mr", "“Gen", "Mosul", "x.y", ""]
    pieces += [" ", "  ", "\u00a0", "\t", "\u2009"]
    for _ in range(3000):
        before = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        assert _is_abbreviation(before) == reference(before), repr(before)
