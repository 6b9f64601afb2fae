"""The GTT template metric of benchmarks/muc4/score.py: the dataset README's rules, a case
counted by hand, the gold-as-prediction and empty-prediction checks on the real files, and
the branch-and-bound alignment against GTT's exhaustive enumeration."""

from __future__ import annotations

import importlib.util
import itertools
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SHARED, require

MUC4 = SHARED / "datasets" / "muc4"


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


S = _load("muc4_score", REPO / "benchmarks" / "muc4" / "score.py")


def gold_row(docid: str, templates: list[dict[str, Any]]) -> dict[str, Any]:
    """A gold template in the file format: roles as entities of [mention, offset] pairs."""
    full = []
    for t in templates:
        row: dict[str, Any] = {"incident_type": t["incident_type"]}
        for role in S.ROLES:
            row[role] = [[[m, 0] for m in entity] for entity in t.get(role, [])]
        full.append(row)
    return {"docid": docid, "templates": full}


def golds(*rows: dict[str, Any]) -> dict[str, list]:
    return {r["docid"]: S.gold_templates(r["templates"]) for r in rows}


def test_normalize() -> None:
    assert S.normalize("The FMLN's  Urban-Guerrillas") == "fmlns urbanguerrillas"
    assert S.normalize("a bomb") == "bomb"
    assert S.normalize("Anderson and an Ant") == "anderson and ant"  # whole words only
    assert S.normalize('"santo tomas" presidential farm') == "santo tomas presidential farm"
    assert S.normalize("the") == ""


def test_hand_counted_case() -> None:
    gold = golds(
        gold_row(
            "D1",
            [
                {
                    "incident_type": "bombing",
                    "PerpInd": [["urban guerrillas"]],
                    "PerpOrg": [["fmln", "farabundo marti national liberation front"]],
                    "Target": [["the power tower"]],
                    "Weapon": [["dynamite"]],
                },
                {"incident_type": "attack", "Victim": [["jose perez"]]},
            ],
        ),
        gold_row("D2", []),
        gold_row("D3", [{"incident_type": "attack / bombing", "Target": [["bus"]]}]),
    )
    preds = S.read_predictions(
        [
            {
                "id": "D1",
                "events": [
                    {
                        "type": "bombing",
                        "perpetrator_individuals": ["guerrillas"],  # not a mention: wrong
                        "perpetrator_organizations": ["Farabundo Marti National Liberation Front"],
                        "targets": ["power tower", "tower"],  # one right, one wrong
                        "weapons": ["dynamite"],
                    },
                    # kidnapping is not a substring of "attack": cannot align with T2
                    {"type": "kidnapping", "victims": ["jose perez"]},
                ],
            },
            {"id": "D2", "events": [{"type": "attack", "victims": ["x"]}]},  # spurious
            {"id": "D3", "events": [{"type": "attack", "targets": ["bus", "the bus"]}]},
        ]
    )
    report = S.score(preds, gold).report()
    # D1: p 4/8 (type, org, "power tower", dynamite), r 4/7; D2: p 0/2; D3: p 3/3, r 2/2
    micro = report["micro"]
    assert (micro["p_num"], micro["p_den"], micro["r_num"], micro["r_den"]) == (7, 13, 6, 9)
    assert micro["p"] == pytest.approx(7 / 13)
    assert micro["r"] == pytest.approx(6 / 9)
    assert micro["f1"] == pytest.approx(2 * (7 / 13) * (6 / 9) / (7 / 13 + 6 / 9))
    it = report["incident_type"]
    assert (it["p_num"], it["p_den"], it["r_num"], it["r_den"]) == (2, 4, 2, 3)
    target = report["Target"]  # duplicates each count: "bus" and "the bus" both correct
    assert (target["p_num"], target["p_den"], target["r_num"], target["r_den"]) == (3, 4, 2, 2)
    victim = report["Victim"]
    assert (victim["p_num"], victim["p_den"], victim["r_num"], victim["r_den"]) == (0, 2, 0, 1)
    roles = report["role_fillers"]
    assert (roles["p_num"], roles["p_den"], roles["r_num"], roles["r_den"]) == (5, 9, 4, 6)


def test_gold_templates_deduplicated_and_empty_entities_dropped() -> None:
    row = gold_row(
        "D",
        [
            {"incident_type": "attack", "PerpInd": [["guerrillas"]]},
            {"incident_type": "attack", "PerpInd": [["guerrillas"]]},
            {"incident_type": "attack", "PerpInd": [["Guerrillas"]]},  # differs before lower
        ],
    )
    row["templates"][0]["Victim"] = [[]]  # an entity without mentions
    templates = S.gold_templates(row["templates"])
    assert len(templates) == 2
    assert templates[0].roles["Victim"] == []


def test_a_document_without_predictions_counts_as_no_events() -> None:
    gold = golds(gold_row("D", [{"incident_type": "arson", "Target": [["house"]]}]))
    report = S.score({}, gold).report()["micro"]
    assert (report["p_den"], report["r_den"], report["f1"]) == (0, 2, 0.0)


def brute_force(preds: list, golds_: list) -> Any:
    """GTT's loop as the README states it: every mapping in itertools.product order,
    non-injective ones skipped, the first with strictly higher document F1 kept."""
    best, best_counts = None, None
    p_den = sum(1 + sum(len(v) for v in p.roles.values()) for p in preds)
    r_den = sum(1 + sum(len(v) for v in g.roles.values()) for g in golds_)
    for mapping in itertools.product([*range(len(golds_)), -1], repeat=len(preds)):
        used = [j for j in mapping if j != -1]
        if len(used) != len(set(used)):
            continue
        counts = S.Counts()
        for i, j in enumerate(mapping):
            if j != -1 and preds[i].type in golds_[j].type:
                for slot, (pn, rn) in S._pair_counts(preds[i], golds_[j]).items():
                    counts.p_num[slot] += pn
                    counts.r_num[slot] += rn
        f = S.f1(sum(counts.p_num.values()), p_den, sum(counts.r_num.values()), r_den)
        if best is None or f > best:
            best, best_counts = f, counts
    return best_counts


def test_alignment_search_matches_exhaustive_enumeration() -> None:
    gold = S.load_gold(require(MUC4 / "dev_gold.json"))
    docs = [d for d, t in gold.items() if 1 <= len(t) <= 4]
    rng = random.Random(0)
    for _ in range(300):
        golds_ = gold[rng.choice(docs)]
        preds = []
        for _ in range(rng.randint(0, 4)):
            g = rng.choice(golds_)
            roles = {
                r: [rng.choice(sorted(e)) for e in g.roles[r] if rng.random() < 0.6]
                + (["spurious"] if rng.random() < 0.2 else [])
                for r in S.ROLES
            }
            kind = rng.choice([g.type.split(" / ")[0], "attack", "bombing"])
            preds.append(S.PredTemplate(kind, roles))
        fast, slow = S.score_document(preds, golds_), brute_force(preds, golds_)
        assert (fast.p_num, fast.r_num) == (slow.p_num, slow.r_num)


def first_mention_predictions(path: Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            seen: list[Any] = []
            events = []
            for t in doc["templates"]:
                key = [
                    (k, v if k == "incident_type" else [[m for m, _ in e] for e in v if e])
                    for k, v in t.items()
                ]
                if key in seen:
                    continue
                seen.append(key)
                event = {"type": t["incident_type"]}
                for field, role in S.PRED_ROLES.items():
                    event[field] = [entity[0][0] for entity in t[role] if entity]
                events.append(event)
            rows.append({"id": doc["docid"], "events": events})
    return rows


@pytest.mark.parametrize("split", ["dev", "train"])
def test_gold_first_mentions_score_100(split: str) -> None:
    path = require(MUC4 / f"{split}_gold.json")
    report = S.score(S.read_predictions(first_mention_predictions(path)), S.load_gold(path))
    for key, figures in report.report().items():
        assert figures["f1"] == 1.0, key


def test_empty_prediction_scores_zero_on_dev() -> None:
    gold = S.load_gold(require(MUC4 / "dev_gold.json"))
    report = S.score({}, gold).report()
    assert report["micro"]["p_den"] == 0 and report["micro"]["p"] == 0.0  # undefined -> 0
    assert report["micro"]["r"] == 0.0 and report["micro"]["f1"] == 0.0
    assert report["incident_type"]["r_den"] == 181  # templates after de-duplication
