"""Claims of responsibility: claimant, denial, channel and day, on made-up reports in five
languages, then on the real Kerman articles read from ../shared at run time."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storyline.extract.claims import Claim, find_claims, find_organisations
from storyline.extract.episodes import reference_day
from storyline.ingest import default_registry, iter_units, parse_document
from storyline.model import Article, Evidence
from tests.conftest import KERMAN, plain_article

REFERENCE = date(2031, 5, 8)  # a Thursday


def article(text: str, lang: str) -> Article:
    return plain_article(text, lang, published=datetime(2031, 5, 8))


def _exact(a: Article, ev: Evidence | None) -> None:
    if ev is not None:
        assert a.raw_text[ev.start : ev.end] == ev.text


def claims(text: str, lang: str = "en", reference: date | None = REFERENCE) -> list[Claim]:
    a = article(text, lang)
    found = find_claims(a, reference)
    for c in found:
        for ev in (c.evidence, c.sentence, c.claimant_evidence, c.claimant_mention):
            _exact(a, ev)
        _exact(a, c.channel_evidence)
        _exact(a, c.date_evidence)
        assert c.to_dict()["denied"] == c.denied
    return found


def test_claim_through_a_website_the_day_after():
    (c,) = claims(
        "A car bomb tore through the central market of Port Velden on Tuesday, killing 23 "
        "people. The Northern Valley Liberation Front claimed responsibility on Wednesday in a "
        "statement posted on its website."
    )
    assert not c.denied
    assert c.claimant == "Northern Valley Liberation Front"
    assert c.channel == "website" and c.channel_evidence.text == "website"
    assert c.date == date(2031, 5, 7) and c.date_precision == "day"


def test_denial_and_non_claims():
    found = claims(
        "Two gunmen opened fire on a bus in Marsh Hollow on Monday, killing six. No group has "
        "claimed the attack so far. The outbreak of fever has claimed the lives of 84 people "
        "this year. The mayor claimed that the council had ignored warnings. Police claimed "
        "the driver had been warned."
    )
    assert len(found) == 1
    assert found[0].denied and found[0].claimant is None


def test_passive_claim_dated_the_next_day_through_amaq():
    (c,) = claims(
        "The bombing of the Arden ferry on May 5 was claimed by the Coastal Martyrs Brigade the "
        "next day through Amaq, the group's news agency."
    )
    assert c.claimant == "Coastal Martyrs Brigade"
    assert c.date == date(2031, 5, 6)
    assert c.channel == "Amaq"


def test_pronoun_claimant_resolves_to_the_earlier_group():
    (c,) = claims(
        "A suicide bomber struck a checkpoint near Delmar on Sunday. The militant group Saraya "
        "al-Nur had warned of attacks. It claimed responsibility yesterday in an audio message."
    )
    assert c.claimant == "Saraya al-Nur" and c.claimant_resolved
    assert c.claimant_mention.text == "It"
    assert c.channel == "audio message"
    assert c.date == date(2031, 5, 7)


def test_the_date_of_the_attack_is_not_the_claim_date():
    (c,) = claims(
        "The Coastal Martyrs Brigade claimed responsibility for the attack carried out in "
        "Velden on Monday, May 5."
    )
    assert c.claimant == "Coastal Martyrs Brigade" and c.date is None


def test_channel_told_in_the_next_sentence():
    (c,) = claims(
        "The Coastal Martyrs Brigade claimed responsibility for the ambush. The group said in a "
        "statement released through its Telegram channels that four fighters took part."
    )
    assert c.channel == "Telegram"
    assert c.channel_evidence.sentence.index == 1


@pytest.mark.parametrize(
    ("lang", "text", "claimant", "channel", "day"),
    [
        (
            "fr",
            "Un attentat a fait douze morts mardi à Velden. Le Front de libération de la vallée "
            "a revendiqué l'attaque mercredi dans un communiqué publié sur Telegram.",
            "Front de libération de la vallée",
            "Telegram",
            date(2031, 5, 7),
        ),
        (
            "es",
            "Un coche bomba mató a 15 personas el lunes en Valdora. El Frente de Liberación del "
            "Valle reivindicó el atentado al día siguiente en un vídeo difundido en redes "
            "sociales.",
            "Frente de Liberación del Valle",
            "social media",
            date(2031, 5, 6),
        ),
        (
            "it",
            "Un'esplosione ha ucciso sette persone ieri a Porto Velde. L'attentato è stato "
            "rivendicato dal Fronte di Liberazione della Valle con un messaggio su Telegram.",
            "Fronte di Liberazione della Valle",
            "Telegram",
            None,
        ),
        (
            "ro",
            "O explozie a ucis nouă oameni marți la Velden. Frontul de Eliberare a Văii și-a "
            "asumat responsabilitatea atacului miercuri, printr-un mesaj pe Telegram.",
            "Frontul de Eliberare a Văii",
            "Telegram",
            date(2031, 5, 7),
        ),
    ],
)
def test_claims_in_other_languages(lang, text, claimant, channel, day):
    (c,) = claims(text, lang)
    assert (c.claimant, c.channel, c.date, c.denied) == (claimant, channel, day, False)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "L'explosion qui a tué cinq personnes lundi n'a pas encore été revendiquée."),
        ("fr", "Aucune revendication n'a été publiée après l'attentat."),
        ("es", "Ningún grupo ha reivindicado el ataque contra la comisaría."),
        ("it", "Nessuna rivendicazione è arrivata per l'attacco di lunedì."),
        ("ro", "Nicio grupare nu și-a asumat deocamdată atacul de la Velden."),
    ],
)
def test_denials_in_other_languages(lang, text):
    (c,) = claims(text, lang)
    assert c.denied and c.claimant is None


def test_demands_are_not_claims():
    assert claims("Les syndicats revendiquent une hausse des salaires.", "fr") == []
    assert claims("I lavoratori rivendicano un aumento dello stipendio.", "it") == []


def test_suspect_denial_is_not_a_claim():
    assert claims("He denied any involvement in the robbery.") == []


def test_organisations_keep_their_bracketed_short_form():
    text = "The jihadist group Islamic State (IS) said so."
    (org,) = find_organisations(text)
    assert (org.name, org.short, text[org.start : org.full_end]) == (
        "Islamic State",
        "IS",
        "Islamic State (IS)",
    )


# ---- the real Kerman reports ---------------------------------------------------------------


@pytest.fixture(scope="module")
def kerman() -> dict[str, tuple[Article, list[Claim]]]:
    if not KERMAN.exists():
        pytest.skip(f"{KERMAN} is absent")
    registry = default_registry()
    docs = [u for _s, units in iter_units([str(KERMAN)]) for u in units]
    articles = [parse_document(d, registry) for d in docs if hasattr(d, "text")]
    out = {}
    for a in articles:
        # the publication day; 000 prints none, 001 only a later modification time
        ref = reference_day(a, date(2024, 1, 4))
        out[a.id[:3]] = (a, find_claims(a, ref))
    return out


IS_NAMES = {"Islamic State", "IS", "ISIS", "ISIL", "Daesh"}


def test_kerman_every_article_has_the_islamic_state_claim(kerman):
    assert sorted(kerman) == ["000", "001", "002", "003", "004"]
    for key, (_a, found) in kerman.items():
        assert any(c.claimant in IS_NAMES and not c.denied for c in found), key


def test_kerman_channel_is_telegram(kerman):
    for key in ("000", "001", "003", "004"):
        assert any(c.channel == "Telegram" for c in kerman[key][1]), key


def test_kerman_claim_day(kerman):
    for key in ("000", "001", "003", "004"):
        days = {c.date for c in kerman[key][1] if c.date}
        assert days == {date(2024, 1, 4)}, key
    assert not any(c.date for c in kerman["002"][1])  # its only date is the attack's


def test_kerman_evidence_slices_the_raw_text(kerman):
    for a, found in kerman.values():
        for c in found:
            for ev in (c.evidence, c.sentence, c.claimant_evidence, c.channel_evidence):
                _exact(a, ev)
            _exact(a, c.date_evidence)
            _exact(a, c.claimant_mention)
