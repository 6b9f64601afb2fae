"""Role phrases from the five-language rules, and the Kerman main events' weapons."""

from __future__ import annotations

import json

import pytest

from storyline.extract.actors import find_role_phrases
from tests.conftest import KERMAN, require, run_cli
from tests.conftest import plain_article as article


def phrases(text: str, lang: str) -> dict[str, list[str]]:
    a = article(text, lang)
    found = find_role_phrases(a, a.sentences)
    for role_phrases in found.values():
        for p in role_phrases:
            assert a.raw_text[p.evidence.start : p.evidence.end] == p.text
    return {role: [p.text for p in ps] for role, ps in found.items() if ps}


@pytest.mark.parametrize(
    ("text", "lang", "role", "expected"),
    [
        (
            "Two gunmen opened fire outside the Grand Mosque of Velmora on Friday, killing six.",
            "en",
            "perpetrator_individuals",
            ["Two gunmen"],
        ),
        (
            "Two gunmen opened fire outside the Grand Mosque of Velmora on Friday, killing six.",
            "en",
            "targets",
            ["Grand Mosque of Velmora"],
        ),
        (
            "Le kamikaze a déclenché sa ceinture explosive devant l'église, faisant trois morts.",
            "fr",
            "weapons",
            ["ceinture explosive"],
        ),
        (
            "Un coche bomba estalló frente a la embajada y dejó dos muertos y diez heridos.",
            "es",
            "weapons",
            ["coche bomba"],
        ),
        (
            "Gli attentatori hanno aperto il fuoco con un fucile d'assalto davanti alla scuola.",
            "it",
            "weapons",
            ["fucile d'assalto"],
        ),
        (
            "Atacatorul a folosit o mașină capcană lângă ambasada, iar doi oameni au murit.",
            "ro",
            "weapons",
            ["mașină capcană"],
        ),
    ],
)
def test_rules_read_roles_in_five_languages(text, lang, role, expected):
    assert phrases(text, lang).get(role) == expected


def test_places_and_attackers_need_a_violent_sentence():
    text = (
        "The mayor opened a new school near the market on Monday. "
        "The shooters were seen near the market before the attack."
    )
    found = phrases(text, "en")
    assert found["perpetrator_individuals"] == ["The shooters"]
    assert found["targets"] == ["market"]  # the second sentence only, kept once
    assert "weapons" not in found


def test_a_weapon_is_a_weapon_anywhere_but_a_bare_belt_is_not():
    found = phrases("He wore a seat belt. Police found a rifle and two grenades.", "en")
    assert found["weapons"] == ["rifle", "grenades"]


@pytest.fixture(scope="module")
def kerman_events(tmp_path_factory):
    out = tmp_path_factory.mktemp("kerman-roles")
    result = run_cli("build", str(require(KERMAN)), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    lines = (out / "articles.jsonl").read_text().splitlines()
    return {a["id"][:3]: a["events"] for a in map(json.loads, lines)}


def test_kerman_main_events_name_the_explosive_belts(kerman_events):
    for number, events in kerman_events.items():
        main = events[0]
        weapons = [w["text"].lower() for w in main["weapons"]]
        assert any("explosive belt" in w for w in weapons), (number, weapons)
        for role in ("perpetrator_organizations", "perpetrator_individuals", "targets"):
            for phrase in main[role]:
                assert phrase["evidence"]["article"].startswith(number)
