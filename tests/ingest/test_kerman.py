"""The five real Kerman articles: dates, outlets and agencies printed in messy text."""

from __future__ import annotations

import pytest

from storyline.ingest import iter_units, parse_document
from tests.conftest import KERMAN, require


@pytest.fixture(scope="module")
def kerman(registry):
    require(KERMAN)
    docs = [u for _s, items in iter_units([str(KERMAN)]) for u in items]
    return {a.id[:3]: a for a in (parse_document(d, registry) for d in docs if hasattr(d, "text"))}


def test_all_five_articles_are_read_and_expected_json_is_not(kerman):
    assert sorted(kerman) == ["000", "001", "002", "003", "004"]


def test_publication_dates_printed_in_the_text(kerman):
    assert kerman["003"].published_iso().startswith("2024-01-04")  # leading Unix timestamp
    assert kerman["003"].metadata["provenance"]["published"]["text"] == "1704393627"
    assert kerman["004"].published_iso() == "2024-01-04"  # " date 2024-01-04"
    assert kerman["000"].published is None and kerman["002"].published is None
    # 001 prints only "First change: May 1, 2024": kept, and marked as a modification time
    assert kerman["001"].metadata["modified"] == "2024-05-01T11:13"
    assert "modification" in kerman["001"].metadata["provenance"]["published"]["note"]


def test_outlets_and_agencies_named_in_the_text(kerman):
    assert (kerman["001"].outlet, kerman["001"].agencies) == ("RFI", ["AFP"])
    assert kerman["001"].metadata["authors"] == ["Siavosh Ghazi"]
    assert kerman["002"].outlet == "Today IT"
    assert (kerman["003"].outlet, kerman["003"].agencies) == ("Le Monde", ["AFP"])
    assert kerman["003"].metadata["provenance"]["outlet"]["text"] == "The world"
    # body mentions ("according to AFP records") are not credits
    assert kerman["004"].agencies == [] and kerman["000"].agencies == []


def test_photo_credits_and_captions_are_not_body_text(kerman):
    assert "WANA via Reuters" not in kerman["004"].clean_text
    assert "An Iranian woman holds a photo" not in kerman["004"].clean_text
    assert kerman["004"].metadata["photo_credits"] == ["Majid Asgaripour / WANA via Reuters"]
    assert "SARE TAJALLI" not in kerman["003"].clean_text


def test_repeated_lead_removed_with_offsets_into_the_original_file(kerman):
    article = kerman["003"]
    original = next(KERMAN.glob("003_*.txt")).read_text(encoding="utf-8")
    assert article.raw_text == original
    repeats = [r for r in article.metadata["removed"] if r["reason"] == "repeated sentence"]
    assert len(repeats) == 2  # the two sentences of the lead, printed again under the photo
    lead = original[repeats[0]["start"] : repeats[0]["end"]]
    assert lead.startswith("A double explosion killed 84 people in Kerman")
    assert original.count(lead) == 2
    assert article.clean_text.count(lead) == 1
    start = article.clean_text.index(lead)
    evidence = article.evidence_from_clean(start, start + len(lead))
    assert original[evidence.start : evidence.end] == lead == evidence.text
    for sentence in article.sentences:
        assert original[sentence.start : sentence.end] == sentence.text


def test_boilerplate_removed_and_body_kept(kerman):
    text = kerman["003"].clean_text
    for gone in (
        "Download the app",
        "The morning of the world",
        "Also read:",
        "reserved for our subscribers",
        "The world with AFP",
        "1704393627",
    ):
        assert gone not in text
    assert "Ayatollah Ali Khamenei" in text
    assert "First change" not in kerman["001"].clean_text
    assert "Source: Today IT" not in kerman["002"].clean_text
    assert kerman["004"].clean_text.startswith("This Thursday, January 4")
