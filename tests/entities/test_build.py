"""entities.jsonl from a real Kerman build: each variant group one entity, ids in the events."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from tests.conftest import KERMAN, require, run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("kerman-entities")
    result = run_cli("build", str(require(KERMAN)), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    entities = [json.loads(x) for x in (out / "entities.jsonl").read_text().splitlines()]
    articles = [json.loads(x) for x in (out / "articles.jsonl").read_text().splitlines()]
    return entities, articles, json.loads((KERMAN / "expected.json").read_text())


def _holding(entities: list[dict], variant: str) -> set[str]:
    """Entities printed as `variant`, or as it without a title ("Ali Khamenei" for
    "Ayatollah Ali Khamenei": titles are kept as attributes, not in the name)."""

    def names(v: str) -> bool:
        return v == variant or (len(v.split()) >= 2 and variant.endswith(" " + v))

    return {e["id"] for e in entities if any(names(v["text"]) for v in e["variants"])}


def test_lines_follow_the_schema(built):
    entities, _, _ = built
    schema = json.loads(
        resources.files("storyline").joinpath("schemas/entities.schema.json").read_text()
    )
    for entity in entities:
        jsonschema.validate(entity, schema)
        for variant in entity["variants"]:
            for evidence in variant["evidence"]:
                assert evidence["text"] and evidence["article"] in entity["articles"]


def test_every_expected_variant_group_is_one_entity(built):
    entities, _, truth = built
    groups = truth["entities"] + truth["event"]["attacker_names_in_claim"]
    for group in groups:
        ids = set()
        for variant in group["variants"]:
            ids |= _holding(entities, variant)
        assert len(ids) == 1, (group["canonical"], ids)
        for other in group.get("must_not_merge_with", []):
            assert not (_holding(entities, other) & ids), (group["canonical"], other)


def test_event_phrases_carry_entity_ids(built):
    entities, articles, _ = built
    known = {e["id"] for e in entities}
    islamic_state = next(e["id"] for e in entities if e["canonical"] == "Islamic State")
    for article in articles:
        main = article["events"][0]
        claimants = {c["claimant_entity"] for c in main["claims"] if not c["denied"]}
        assert claimants == {islamic_state}, article["id"]
        for phrase in main["perpetrator_organizations"]:
            assert phrase["entity"] in known
