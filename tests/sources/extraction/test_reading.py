import json

import pytest

from sources.extraction.reading import (
    MAX_BYTES,
    ReadError,
    normalize_text,
    parse_records,
    read_file,
    strip_boilerplate,
)


def test_normalize_replaces_odd_spaces_and_invisible_characters():
    text = "Bashar al\u00a0Assad\u202fsaid\u200b it\u00ad was\t\tover.\r\n\r\n\r\n\r\nNext."
    assert normalize_text(text) == "Bashar al Assad said it was over.\n\nNext."


def test_cookie_banner_is_stripped():
    text = (
        "The museum was looted.\n"
        "This website uses cookies to improve your experience while you navigate through the "
        "website.\n"
        "Privacy & Cookies Policy\n"
        "By continuing to use this site, you are agreeing to our updated policy. "
        "AcceptRejectRead More"
    )
    assert strip_boilerplate(text) == "The museum was looted."


def test_comment_policy_is_stripped():
    text = (
        "The mosque was shelled.\n"
        "Comments on this story are moderated according to our Submission Guidelines.\n"
        "By submitting a comment, you accept that we may publish it."
    )
    assert strip_boilerplate(text) == "The mosque was shelled."


@pytest.mark.parametrize(
    "line",
    ["Photo Getty Images", "Photo by: AFP (Archive)", "Image: Reuters/Stringer", "Photo Flickr"],
)
def test_photo_credit_lines_are_stripped(line):
    assert strip_boilerplate(f"First.\n{line}\nSecond.") == "First.\nSecond."


def test_photographer_credit_glued_to_a_caption_is_stripped():
    text = "The arch in 2010. The city was retaken on Friday. Jane Doe/Reuters"
    assert strip_boilerplate(text) == "The arch in 2010. The city was retaken on Friday."


def test_a_sentence_that_mentions_a_photo_is_kept():
    text = "Photos published by the group showed militants smashing statues in the museum."
    assert strip_boilerplate(text) == text


def test_utf8_txt(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Qal’at Sim’an was shelled.", encoding="utf-8")
    assert read_file(path)[0].text == "Qal’at Sim’an was shelled."


def test_legacy_encoding_falls_back_to_detection(tmp_path):
    path = tmp_path / "a.txt"
    text = "Le musée de Mossoul a été pillé en février 2015, selon des témoins. " * 5
    path.write_bytes(text.encode("cp1252"))
    assert read_file(path)[0].text == text


def test_declared_charset_in_html_is_used():
    markup = (
        '<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article><p>'
        + ("Le musée a été pillé par des hommes armés, selon le directeur. " * 4)
        + "</p></article></body></html>"
    )
    record = parse_records(markup.encode("iso-8859-1"), "page.html")[0]
    assert "musée a été pillé" in record.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.txt", b"", "empty file"),
        ("a.txt", b"  \n\t ", "empty file"),
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("a.pdf", b"%PDF-1.4", "unknown extension"),
        ("a.txt", b"\xff\xfe\xfd" + bytes(range(128, 256)) * 3, "undecodable"),
        ("a.json", b"{not json", "invalid JSON"),
        ("a.json", b'{"title": "no body"}', "no text"),
    ],
)
def test_bad_input_raises_one_line_reason(name, data, reason):
    with pytest.raises(ReadError) as info:
        parse_records(data, name)
    assert reason in str(info.value)
    assert str(info.value).startswith(name)
    assert "\n" not in str(info.value)


def test_oversize_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError, match="too large"):
        read_file(path)


def test_json_record_with_metadata():
    data = json.dumps(
        {
            "headline": "Museum looted",
            "body": "The museum was looted.",
            "source": "AFP",
            "date": "2015-02-26",
            "url": "https://example.org/a",
        }
    ).encode()
    record = parse_records(data, "a.json")[0]
    assert record.text == "The museum was looted."
    assert record.meta == {
        "title": "Museum looted",
        "outlet": "AFP",
        "published": "2015-02-26",
        "url": "https://example.org/a",
    }


def test_jsonl_gives_one_record_per_line():
    lines = [json.dumps({"text": f"Article {n}."}) for n in range(3)]
    records = parse_records("\n".join(lines).encode(), "feed.jsonl")
    assert [r.file for r in records] == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    assert records[2].text == "Article 2."


def test_html_main_text_and_metadata():
    body = "".join(
        f"<p>Paragraph {n}: the citadel was shelled by government forces, witnesses said.</p>"
        for n in range(4)
    )
    markup = (
        "<html><head><title>Citadel shelled - Example News</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="2016-03-25T10:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>Citadel shelled</h1>{body}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    )
    record = parse_records(markup.encode(), "page.html")[0]
    assert "Paragraph 3: the citadel was shelled" in record.text
    assert "Home | World" not in record.text
    assert record.meta["published"] == "2016-03-25"
    assert record.meta["outlet"] == "Example News"
