"""The trained incident and role-filler extractor: short reports written here, the model file,
and the MUC-4 dev benchmark on its first 50 documents."""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

import numpy as np
import pytest

from storyline.extract.roles import (
    DEFAULT_DECISIONS,
    EVENT_TYPES,
    ROLES,
    TO_MUC,
    ForestModel,
    Incident,
    Models,
    RoleExtractor,
    analyse,
    candidate_features,
    decide,
    incident_features,
    lower_same_length,
    to_muc_events,
)
from storyline.extract.roles.decide import _duplicate
from storyline.extract.roles.features import INCIDENT_FEATURES, _Tokens
from tests.conftest import REPO, SHARED, require

BOMBING = (
    "A powerful car bomb exploded early today outside the Banco Popular building in "
    "downtown Bogota, destroying the building and wounding three police officers. "
    "The Extraditables claimed responsibility for the bombing in a telephone call to a "
    "radio station. Police said the car was loaded with 100 kg of dynamite."
)
KIDNAPPING = (
    "Heavily armed men kidnapped businessman Jorge Valdivieso Mora on Monday as he left "
    "his home in San Salvador. Police said the kidnappers, believed to be urban guerrillas "
    "of the FMLN, forced him into a pickup truck. His family has received a ransom demand."
)
QUIET = (
    "The central bank announced on Tuesday that coffee exports rose by 5 percent in the "
    "first half of the year. The finance minister said the new budget would be presented "
    "to congress next month, and that inflation had slowed."
)


@pytest.fixture(scope="module")
def extractor() -> RoleExtractor:
    return RoleExtractor.load()


def check_spans(text: str, incidents: list[Incident]) -> None:
    for incident in incidents:
        assert incident.type in EVENT_TYPES
        assert 0 <= incident.start < incident.end <= len(text)
        for f in incident.fillers:
            assert f.role in ROLES
            assert text[f.start : f.end] == f.text  # offsets into the text as given
            assert 0.0 <= f.score <= 1.0


def texts_of(incidents: list[Incident], role: str) -> list[str]:
    return [f.text.lower() for inc in incidents for f in inc.role(role)]


def test_bombing_claimed_by_a_named_group(extractor: RoleExtractor) -> None:
    incidents = extractor.extract(BOMBING)
    check_spans(BOMBING, incidents)
    assert [inc.type for inc in incidents][:1] == ["bombing"]
    assert BOMBING[incidents[0].start : incidents[0].end].lower() in {"bomb", "exploded", "bombing"}
    assert "extraditables" in texts_of(incidents, "perpetrator_organizations")
    assert {"car bomb", "dynamite"} & set(texts_of(incidents, "weapons"))
    # mixed case in, original case out
    assert any(f.text == "Extraditables" for inc in incidents for f in inc.fillers)


def test_kidnapping(extractor: RoleExtractor) -> None:
    incidents = extractor.extract(KIDNAPPING)
    check_spans(KIDNAPPING, incidents)
    assert "kidnapping" in [inc.type for inc in incidents]
    victims = texts_of([i for i in incidents if i.type == "kidnapping"], "victims")
    assert any("jorge valdivieso mora" in v for v in victims)


def test_no_incident(extractor: RoleExtractor) -> None:
    assert extractor.extract(QUIET) == []
    assert extractor.extract("") == []


def test_batch_equals_one_by_one(extractor: RoleExtractor) -> None:
    texts = [BOMBING, QUIET, KIDNAPPING]
    assert list(extractor.extract_many(texts)) == [extractor.extract(t) for t in texts]


def test_only_english(extractor: RoleExtractor) -> None:
    with pytest.raises(ValueError, match="supports"):
        extractor.extract("Un coche bomba estalló hoy en Bogotá.", language="es")


def test_muc_events_use_muc_types(extractor: RoleExtractor) -> None:
    incidents = extractor.extract(BOMBING)
    events = to_muc_events(incidents)
    assert {e["type"] for e in events} <= set(TO_MUC.values())
    assert all(set(e) == {"type", *ROLES} for e in events)


def test_lower_same_length_keeps_offsets() -> None:
    text = "İstanbul ÉTÉ Σ DŽ"
    lowered = lower_same_length(text)
    assert len(lowered) == len(text)
    assert lowered.startswith("İstanbul été")  # İ lowers to two characters: kept as is


def test_fused_role_scores_equal_the_generic_model(extractor: RoleExtractor) -> None:
    analysis = analyse(extractor.nlp(lower_same_length(BOMBING)))
    models = extractor.models
    sent, _, fused = models.scores(analysis)
    rows = [candidate_features(c, sent) for c in analysis.candidates]
    assert np.allclose(fused, models.role.predict(rows), atol=1e-6)


def test_token_arrays_read_what_spacy_objects_say(extractor: RoleExtractor) -> None:
    """`_Tokens` reads spaCy's arrays in one call; the values are those of its Token and
    Span objects (subtree edges and sentences recomputed from the heads and flags)."""
    for text in (BOMBING, KIDNAPPING, QUIET + "  \n\n" + BOMBING):
        doc = extractor.nlp(lower_same_length(text))
        tk = _Tokens(doc)
        assert tk.text == doc.text
        assert tk.lemma == [t.lemma_ for t in doc] and tk.pos == [t.pos_ for t in doc]
        assert tk.dep == [t.dep_ for t in doc] and tk.head == [t.head.i for t in doc]
        assert tk.left == [t.left_edge.i for t in doc]
        assert tk.right == [t.right_edge.i for t in doc]
        assert tk.chars == [(t.idx, t.idx + len(t.text)) for t in doc]
        assert tk.sent_starts == [s.start for s in doc.sents]


def test_memoised_lemmas_equal_the_first_answers(extractor: RoleExtractor) -> None:
    nlp = extractor.nlp
    memo = nlp.get_pipe("storyline_pos_and_lemma").memo
    memo.clear()
    text = lower_same_length(BOMBING + " " + KIDNAPPING)
    first = [(t.lemma_, t.pos_, str(t.morph)) for t in nlp(text)]  # every word looked up
    assert memo
    again = [(t.lemma_, t.pos_, str(t.morph)) for t in nlp(text)]  # every word from the memo
    assert again == first
    lemmas = {t.text: t.lemma_ for t in nlp("the guerrillas were killed by kidnappers")}
    assert (lemmas["guerrillas"], lemmas["were"], lemmas["killed"]) == ("guerrilla", "be", "kill")


def test_acronym_and_long_form_are_linked(extractor: RoleExtractor) -> None:
    text = (
        "Rebels of the Zapatista Armed Liberation Front set fire to a bus depot. "
        "Police said the ZALF had threatened the owners of the depot."
    )
    analysis = analyse(extractor.nlp(lower_same_length(text)))
    by_key = {c.key: c for c in analysis.candidates}
    assert "acr=short" in by_key["zalf"].masks
    assert "acr=long" in by_key["zapatista armed liberation front"].masks
    assert not any(k.startswith("acr=") for k in by_key["bus depot"].masks)


def test_merge_modes() -> None:
    chosen = ["farabundo marti national liberation front", "santo tomas farm"]
    # initials in another order: acronyms follow the Spanish name
    assert _duplicate("fmln", chosen, "both") and _duplicate("fmln", chosen, "acronym")
    assert not _duplicate("fm", chosen, "acronym")
    assert not _duplicate("fmln", chosen, "nested") and not _duplicate("fmln", chosen, "none")
    assert _duplicate("tomas farm", chosen, "nested") and not _duplicate("tomas", chosen, "none")
    assert not _duplicate("farm workers", chosen, "both")  # shares a word, but not nested


def test_incident_layer_reads_the_linear_scores(extractor: RoleExtractor) -> None:
    analysis = analyse(extractor.nlp(lower_same_length(BOMBING)))
    models = extractor.models
    sent, doc, role = models.linear_scores(analysis)
    x = incident_features(analysis, sent, doc, role)
    assert x.shape == (len(INCIDENT_FEATURES),)
    assert models.incident is not None  # the committed model has the tree layer
    _, stacked, fused = models.scores(analysis)
    trees = models.incident.predict(x)[0]
    assert 0.0 <= models.blend <= 1.0  # the linear layer's share, saved with the model
    assert np.allclose(stacked, (1 - models.blend) * trees + models.blend * doc)
    assert np.array_equal(fused, role)  # the tree layer decides documents, not fillers
    # stored as flat arrays and read back to the same trees
    again = ForestModel.from_arrays(models.incident.arrays("t"), "t")
    assert np.allclose(again.predict(x), models.incident.predict(x))


def test_model_file_round_trip_is_byte_stable(tmp_path: Any, extractor: RoleExtractor) -> None:
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    extractor.models.save(a)
    Models.load(a).save(b)
    assert a.read_bytes() == b.read_bytes()


def test_missing_model_names_the_command(tmp_path: Any) -> None:
    with pytest.raises(FileNotFoundError, match=r"scripts/train_roles\.py"):
        RoleExtractor.load(tmp_path / "missing.npz")


def _bench() -> Any:
    bench = REPO / "benchmarks" / "muc4"
    spec = importlib.util.spec_from_file_location("muc4_run", bench / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["muc4_run"] = module
    spec.loader.exec_module(module)
    return module


def test_dev_benchmark_first_50_documents() -> None:
    # measured on these 50 documents: micro F1 40.91, role fillers 31.88 (all 200: 42.92,
    # 34.41); the floors leave 5 points for a retrained model or another spaCy build
    require(SHARED / "datasets" / "muc4" / "dev.jsonl")
    result = _bench().run(SHARED / "datasets" / "muc4", limit=50)
    scores = result["scores"]  # percentages
    assert result["documents"] == 50
    assert scores["micro"]["f1"] >= 36.0
    assert scores["role_fillers"]["f1"] >= 27.0


def test_relative_threshold_drops_weak_second_fillers(extractor: RoleExtractor) -> None:
    """A filler far below the role's best in the document is dropped, whatever its score."""
    analysis = analyse(extractor.nlp(lower_same_length(BOMBING)))
    sent, doc, role = extractor.models.scores(analysis)
    doc = np.ones_like(doc)
    probs = np.zeros_like(role)
    probs[: min(2, len(probs)), 3] = [0.9, 0.3][: min(2, len(probs))]
    base = {**DEFAULT_DECISIONS, "merge": "none", "max_fillers": dict.fromkeys(ROLES, 6)}
    loose = decide(analysis, sent, doc, probs, BOMBING, base)
    strict = decide(
        analysis, sent, doc, probs, BOMBING, {**base, "relative_thresholds": {"victims": 0.5}}
    )
    assert len({f.text for i in loose for f in i.role("victims")}) == 2
    assert len({f.text for i in strict for f in i.role("victims")}) == 1
