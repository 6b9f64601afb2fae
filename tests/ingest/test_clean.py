"""Cleaning keeps offsets: every clean position maps back into the untouched raw text."""

from __future__ import annotations

import re

from storyline.ingest.clean import Removal, build_clean_text, find_boilerplate, split_lines


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"').replace("’", "'")).strip()


def test_whitespace_and_quotes_normalised_with_a_map_back():
    raw = "  The  mayor said “calm”.\r\n\r\n\r\n\tIt’s over.  \n"
    clean, offsets = build_clean_text(raw, [])
    assert clean == 'The mayor said "calm".\n\nIt\'s over.'
    start = clean.index("calm")
    a, b = offsets.raw_span(start, start + 4)
    assert raw[a:b] == "calm"
    a, b = offsets.raw_span(clean.index("It"), len(clean))
    assert raw[a:b] == "It’s over."


def test_removed_spans_leave_a_clean_join():
    raw = "First paragraph here.\n\nDownload the app\n\nSecond paragraph here."
    lines = split_lines(raw)
    removals = find_boilerplate(lines)
    assert [raw[r.start : r.end] for r in removals] == ["Download the app"]
    clean, offsets = build_clean_text(raw, removals)
    assert clean == "First paragraph here.\n\nSecond paragraph here."
    a, b = offsets.raw_span(clean.index("Second"), len(clean))
    assert raw[a:b] == "Second paragraph here."


def test_removal_inside_a_line_joins_words_with_a_space():
    raw = "1704393627 Iran: a headline\nBody text. SARE TAJALLI / AP\nNext."
    removals = [Removal(0, 10, "time"), Removal(39, 56, "credit")]
    clean, offsets = build_clean_text(raw, removals)
    assert clean == "Iran: a headline\nBody text.\nNext."
    assert offsets.raw_span(0, 4) == (11, 15)


def test_promotion_block_takes_its_short_labels_along():
    raw = (
        "A sentence of the article that is long enough.\n\nThe paper application\n\n"
        "The morning briefing\n\nEvery morning, discover our selection of the ten stories you "
        "should not skip\n\nDownload the app\n\nThe article goes on here with more text."
    )
    removed = [raw[r.start : r.end] for r in find_boilerplate(split_lines(raw))]
    assert removed == [
        "The paper application",
        "The morning briefing",
        "Every morning, discover our selection of the ten stories you should not skip",
        "Download the app",
    ]


def test_sentences_point_into_raw_text(registry):
    from storyline.ingest.article import parse_document
    from storyline.ingest.readers import RawDocument

    raw = (
        "  Storm  hits   coast\n\nThe storm “Alba” killed two people on Monday , officials said."
        "   Power was cut.\n\nAlso read: Another story\n\nRoads reopened on Tuesday."
    )
    doc = RawDocument(key="k", unit_hash="h", stem="storm", text=raw, format="text")
    article = parse_document(doc, registry)
    assert "Also read" not in article.clean_text
    for sentence in article.sentences:
        assert sentence.text == raw[sentence.start : sentence.end]
        assert squash(sentence.text) in squash(article.clean_text).replace("\n", " ")
    evidence = article.evidence_from_clean(
        article.clean_text.index("two people"), article.clean_text.index("two people") + 10
    )
    assert evidence.text == "two people"
    assert evidence.sentence is not None and "killed two people" in evidence.sentence.text
