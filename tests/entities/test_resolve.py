"""Mentions and resolution: short made-up articles in several languages, then Kerman.

The short articles tell a fictional attack with the governor's name spelled three ways, a
different man sharing his surname, and the group named in English, French and Spanish.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from storyline.entities import EntityIndex, Mention, find_mentions_many, resolve
from storyline.ingest import iter_units, parse_document
from storyline.model import Article
from tests.conftest import KERMAN, plain_article

EN = (
    "Gunmen of the Islamic State attacked a checkpoint near Kerman on Monday. "
    "Provincial governor Abdul Karim al-Hashimi condemned the attack. "
    "Al-Hashimi said the attackers would be found. Farid Hashimi, a shopkeeper, "
    "said he heard two explosions. Hashimi closed his shop. Kermanshah was calm."
)
FR = (
    "L'État islamique a revendiqué l'attaque, selon l'AFP. Le gouverneur Abdelkarim "
    "al-Hachimi a dénoncé un acte lâche."
)
ES = (
    "El Estado Islámico reivindicó el ataque, según la agencia EFE. El gobernador Abdul "
    "Karim al Hashemi dijo que los autores serán detenidos."
)


def article(aid: str, text: str, lang: str) -> Article:
    return plain_article(text, lang, datetime(2025, 3, 4), article_id=aid)


@pytest.fixture(scope="module")
def fictional() -> tuple[dict[str, Article], dict[str, list[Mention]], EntityIndex]:
    arts = {
        a.id: a for a in (article("en", EN, "en"), article("fr", FR, "fr"), article("es", ES, "es"))
    }
    mentions = find_mentions_many(arts.values())
    index = resolve(mentions, {aid: "story-1" for aid in arts})
    return arts, mentions, index


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    found = [m.span() for m in re.finditer(re.escape(phrase), text)]
    return found[nth]


def test_mentions_carry_evidence_and_titles(fictional) -> None:
    arts, mentions, _index = fictional
    for aid, ms in mentions.items():
        text = arts[aid].raw_text
        for m in ms:
            assert text[m.evidence.start : m.evidence.end] == m.evidence.text == m.text
            assert m.evidence.sentence is not None
    governor = next(m for m in mentions["en"] if m.text == "Abdul Karim al-Hashimi")
    assert governor.type == "person"
    assert governor.role == "governor"
    assert "governor" in governor.title.lower()
    es_governor = next(m for m in mentions["es"] if m.type == "person")
    assert es_governor.text == "Abdul Karim al Hashemi"
    assert es_governor.role == "governor"


def test_spellings_resolve_to_one_person_and_a_namesake_stays_apart(fictional) -> None:
    arts, _mentions, index = fictional
    en, fr, es = arts["en"].raw_text, arts["fr"].raw_text, arts["es"].raw_text
    governor = index.entity_of("en", *span(en, "Abdul Karim al-Hashimi"))
    assert governor is not None
    assert index.entity_of("en", *span(en, "Al-Hashimi")) == governor
    assert index.entity_of("fr", *span(fr, "Abdelkarim al-Hachimi")) == governor
    assert index.entity_of("es", *span(es, "Abdul Karim al Hashemi")) == governor
    shopkeeper = index.entity_of("en", *span(en, "Farid Hashimi"))
    assert shopkeeper is not None and shopkeeper != governor
    # the bare surname after the shopkeeper is the shopkeeper's
    bare = en.index("Hashimi closed")
    assert index.entity_of("en", bare, bare + len("Hashimi")) == shopkeeper


def test_group_aliases_across_languages_and_places_apart(fictional) -> None:
    arts, _mentions, index = fictional
    en, fr, es = arts["en"].raw_text, arts["fr"].raw_text, arts["es"].raw_text
    group = index.entity_of("en", *span(en, "Islamic State"))
    assert group is not None
    assert index.entity_of("fr", *span(fr, "État islamique")) == group
    assert index.entity_of("es", *span(es, "Estado Islámico")) == group
    assert index.get(group).canonical == "Islamic State"
    afp = index.entity_of("fr", *span(fr, "AFP"))
    efe = index.entity_of("es", *span(es, "EFE"))
    assert afp and efe and afp != efe
    assert index.get(afp).type == "outlet"
    kerman = index.entity_of("en", *span(en, "Kerman "))
    kermanshah = index.entity_of("en", *span(en, "Kermanshah"))
    assert kerman and kermanshah and kerman != kermanshah


def test_link_phrases_of_other_stages(fictional) -> None:
    _arts, _mentions, index = fictional
    group = index.link("the Islamic State group", "organization", "en")
    assert group is not None and index.get(group).canonical == "Islamic State"
    assert index.link("l'EI", "organization", "fr") == group
    governor = index.link("Provincial governor Abdul Karim al-Hashimi", "person", "en")
    assert governor is not None
    assert index.link("le gouverneur al-Hachimi", None, "fr") == governor
    # two Hashimis in the English article: a bare surname there links to neither
    assert index.link("Hashimi", "person", "en") is None
    assert index.link("Someone Unknown", "person", "en") is None


def test_entity_records(fictional) -> None:
    _arts, _mentions, index = fictional
    rows = list(index.to_dicts())
    assert rows == list(index.to_dicts())  # stable
    governor = next(
        r
        for r in rows
        if r["type"] == "person"
        and "Hashimi" in r["canonical"]
        and r["canonical"].startswith("Abdul")
    )
    assert governor["id"].startswith("e-")
    assert set(governor) >= {
        "id",
        "type",
        "canonical",
        "variants",
        "attributes",
        "stories",
        "mentions",
    }
    assert governor["stories"] == ["story-1"]
    assert governor["mentions"] >= 4
    assert "governor" in governor["attributes"]["roles"]
    texts = {v["text"] for v in governor["variants"]}
    assert {"Abdul Karim al-Hashimi", "Abdelkarim al-Hachimi", "Abdul Karim al Hashemi"} <= texts
    ev = governor["variants"][0]["evidence"][0]
    assert {"article", "start", "end", "text", "sentence"} <= set(ev)
    json.dumps(rows)


def test_same_name_in_two_stories() -> None:
    """A public figure (titled) merges across stories; a private namesake does not."""
    a = article("a", "President Ebrahim Raisi spoke. Local man John Baker was hurt.", "en")
    b = article("b", "Iran's President Ebrahim Raïssi left. John Baker, 40, was arrested.", "en")
    index = resolve(find_mentions_many([a, b]), {"a": "s-a", "b": "s-b"})
    raisi_a = index.entity_of("a", *span(a.raw_text, "Ebrahim Raisi"))
    raisi_b = index.entity_of("b", *span(b.raw_text, "Ebrahim Raïssi"))
    assert raisi_a is not None and raisi_a == raisi_b
    assert index.get(raisi_a).stories == {"s-a", "s-b"}
    baker_a = index.entity_of("a", *span(a.raw_text, "John Baker"))
    baker_b = index.entity_of("b", *span(b.raw_text, "John Baker"))
    assert baker_a and baker_b and baker_a != baker_b


# ---- Kerman: the gate -------------------------------------------------------------


@pytest.fixture(scope="module")
def kerman(registry):
    if not KERMAN.exists():
        pytest.skip(f"{KERMAN} is absent")
    docs = [u for _s, items in iter_units([str(KERMAN)]) for u in items]
    arts = [parse_document(d, registry) for d in docs if hasattr(d, "text")]
    index = resolve(find_mentions_many(arts), {a.id: "kerman" for a in arts})
    expected = json.loads((KERMAN / "expected.json").read_text(encoding="utf-8"))
    return arts, index, expected


def _ids(arts: list[Article], index: EntityIndex, variant: str) -> set[str | None]:
    pat = re.compile(rf"(?<![\w-]){re.escape(variant)}(?![\w-])")
    return {
        index.entity_of(a.id, m.start(), m.end()) for a in arts for m in pat.finditer(a.raw_text)
    }


def test_kerman_variant_groups_are_one_entity_each(kerman) -> None:
    arts, index, expected = kerman
    groups = expected["entities"] + expected["event"]["attacker_names_in_claim"]
    seen: dict[str, str] = {}
    for group in groups:
        ids: set[str | None] = set()
        for variant in group["variants"]:
            found = _ids(arts, index, variant)
            assert found, f"{variant!r} is not printed in the corpus"
            ids |= found
        assert len(ids) == 1 and None not in ids, (group["canonical"], ids)
        eid = ids.pop()
        assert eid not in seen.values(), (group["canonical"], seen)
        seen[group["canonical"]] = eid
        for other in group.get("must_not_merge_with", []):
            assert eid not in _ids(arts, index, other), (group["canonical"], other)


def test_kerman_entities_have_titles_and_types(kerman) -> None:
    arts, index, _expected = kerman
    by_name = {e.canonical: e for e in index}
    assert by_name["Islamic State"].type == "organization"
    assert by_name["IRNA"].type == "outlet"
    raisi = index.link("Iranian President Ebrahim Raissi", "person", arts[1].id)
    assert raisi is not None
    assert "president" in index.get(raisi).attributes["roles"]
    assert index.get(raisi).attributes["nationality"] == "IR"
    assert index.link("Islamic State", "organization", arts[0].id) == by_name["Islamic State"].id
    assert index.link("ISIS-K", "organization", arts[2].id) != by_name["Islamic State"].id
