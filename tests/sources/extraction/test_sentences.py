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
