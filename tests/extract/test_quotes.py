"""Quotations and their speakers on made-up reports in five languages (pronoun and title
speakers, scare quotes, campaign titles, headlines), then on the real Kerman articles."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyline.extract.quotes import Quote, find_quotes
from storyline.ingest import default_registry, iter_units, parse_document
from storyline.model import Article, Evidence
from tests.conftest import KERMAN, plain_article


def article(text: str, lang: str) -> Article:
    return plain_article(text, lang, published=datetime(2031, 5, 8))


def _exact(a: Article, ev: Evidence | None) -> None:
    if ev is not None:
        assert a.raw_text[ev.start : ev.end] == ev.text


def quotes(text: str, lang: str = "en") -> list[Quote]:
    a = article(text, lang)
    found = find_quotes(a)
    for q in found:
        assert q.evidence.text == q.text
        for ev in (q.evidence, q.speaker_evidence, q.resolved_evidence, q.verb_evidence):
            _exact(a, ev)
        assert q.to_dict()["text"] == q.text
    return found


def rows(text: str, lang: str = "en") -> list[tuple]:
    return [(q.text, q.speaker, q.speaker_resolved, q.verb) for q in quotes(text, lang)]


def test_speaker_after_and_before_the_quotation():
    assert rows(
        "“We will rebuild the market within a year,” said Mayor Ilse Varnholt on Wednesday. "
        'Fire chief Tomas Brell said: "The blaze was contained before midnight."'
    ) == [
        ("We will rebuild the market within a year,", "Mayor Ilse Varnholt", None, "said"),
        ("The blaze was contained before midnight.", "Tomas Brell", None, "said"),
    ]


def test_pronoun_and_title_speakers_resolve_to_the_last_name():
    found = quotes(
        "“Nobody saw the van arrive,” said Ilse Varnholt, the mayor of Port Velden. "
        "She added that the town was “shaken but standing.” "
        "Later the spokesman said: “The investigation will take weeks.”"
    )
    assert [(q.speaker, q.who) for q in found] == [
        ("Ilse Varnholt", "Ilse Varnholt"),
        ("She", "Ilse Varnholt"),
        ("spokesman", "Ilse Varnholt"),
    ]


def test_scare_quotes_titles_and_headlines_are_skipped():
    found = quotes(
        "Ferry blast: “We heard a second explosion”\n"
        "The double “suicide” attack hit the harbour. The group ran a campaign called “Burn "
        "their harbours”, and its leader Rask Oduya said “burn their harbours” again on Monday. "
        "Officials deemed the claim “credible”."
    )
    assert [(q.text, q.who) for q in found] == [("credible", "Officials")]


def test_a_statement_quoted_over_two_sentences_keeps_its_speaker():
    found = quotes(
        "“Our fighters reached the port at dawn,” the group's commander Rask Oduya said in a "
        "video. “They will strike again.”"
    )
    assert [q.who for q in found] == ["Rask Oduya", "Rask Oduya"]


def test_according_to_after_the_quotation():
    (q,) = quotes(
        "The attackers wanted “to punish the town for its trade with the north,” according to "
        "the regional prosecutor."
    )
    assert q.speaker == "regional prosecutor" and q.verb == "according to"


@pytest.mark.parametrize(
    ("lang", "text", "speaker"),
    [
        (
            "fr",
            "« Nous ne céderons pas à la peur », a déclaré Ilse Varnholt jeudi.",
            "Ilse Varnholt",
        ),
        ("es", "«La ciudad está de luto», dijo el alcalde Tomás Brell.", "Tomás Brell"),
        (
            "it",
            "“Non abbiamo paura di nessuno”, ha detto Marta Lenzi ai giornalisti.",
            "Marta Lenzi",
        ),
        ("ro", "„Orașul nu va ceda”, a declarat primarul Ilie Varna.", "Ilie Varna"),
        (
            "fr",
            "Selon Ilse Varnholt, « la ville restera debout face à la terreur ».",
            "Ilse Varnholt",
        ),
    ],
)
def test_speakers_in_other_languages(lang, text, speaker):
    (q,) = quotes(text, lang)
    assert q.who == speaker


# ---- the real Kerman reports ---------------------------------------------------------------


@pytest.fixture(scope="module")
def kerman() -> dict[str, tuple[Article, list[Quote]]]:
    if not KERMAN.exists():
        pytest.skip(f"{KERMAN} is absent")
    registry = default_registry()
    docs = [u for _s, units in iter_units([str(KERMAN)]) for u in units]
    articles = [parse_document(d, registry) for d in docs if hasattr(d, "text")]
    return {a.id[:3]: (a, find_quotes(a)) for a in articles}


def test_kerman_speakers(kerman):
    who = {k: {q.who for q in qs} for k, (_a, qs) in kerman.items()}
    assert "Jafar Miadfar" in who["003"]
    assert "Daniel Hagari" in who["001"] and "Daniel Hagari" in who["004"]
    assert "Abu Hazifa al Ansari" in who["000"]
    # "the spokesman" and "he" stand for the IS spokesman named before
    spokesman = [q for q in kerman["000"][1] if q.speaker in ("spokesman", "he")]
    assert spokesman and all("Ansari" in (q.speaker_resolved or "") for q in spokesman)


def test_kerman_scare_quotes_and_titles_are_not_quotations(kerman):
    texts = {q.text.strip(" ,.") for _a, qs in kerman.values() for q in qs}
    assert "suicide" not in texts
    assert not any(t.startswith("And kill them wherever") for t in texts)
    assert "Islamic State" not in texts


def test_kerman_evidence_slices_the_raw_text(kerman):
    for a, found in kerman.values():
        for q in found:
            for ev in (q.evidence, q.speaker_evidence, q.resolved_evidence, q.verb_evidence):
                _exact(a, ev)
