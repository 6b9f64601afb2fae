"""The GTT template-level metric for MUC-4 (Du, Rush & Cardie 2021), as the dataset README
in ../shared/datasets/muc4 defines it.

    .venv/bin/python benchmarks/muc4/score.py predictions.jsonl dev_gold.json

Per document: strings are normalised (lower-cased, punctuation deleted, a/an/the replaced
by a space, whitespace collapsed); gold entities without mentions are dropped and
identical gold templates kept once. A predicted template may align with a gold template
only if its type is a substring of the gold type ("attack" fits "attack / bombing"). A
predicted entity is correct if some gold entity of that role in the aligned template has
it among its mentions; a gold entity is recalled if some predicted entity of its role
fits it. Denominators count every template (1 for incident_type) and every entity,
aligned or not. Among the one-to-one partial alignments, the one with the highest
document F1 over the six slots wins; ties go to the first in GTT's enumeration order
(`itertools.product(range(n_gold) + [-1], repeat=n_pred)`, non-injective ones skipped).
Counts are summed per slot over the gold documents, and P, R, F1 are 0 when undefined.

The enumeration is a depth-first walk in that same order with branch-and-bound: a branch
is cut only when even its best completion could not beat the best F1 so far strictly, so
the chosen alignment is the one GTT's exhaustive loop picks, without its (n_gold+1)^n_pred
cost (a document with 9 gold templates scored against itself would need 10^9 mappings).
"""

from __future__ import annotations

import argparse
import json
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
SLOTS = ("incident_type", *ROLES)
# prediction field -> gold role
PRED_ROLES = {
    "perpetrator_individuals": "PerpInd",
    "perpetrator_organizations": "PerpOrg",
    "targets": "Target",
    "victims": "Victim",
    "weapons": "Weapon",
}
TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")

_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text: str) -> str:
    """Lower-case, delete punctuation, blank out a/an/the, collapse whitespace."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class GoldTemplate:
    type: str
    roles: dict[str, list[frozenset[str]]]  # role -> entities, each a set of normalised mentions


@dataclass(frozen=True, slots=True)
class PredTemplate:
    type: str
    roles: dict[str, list[str]]  # role -> normalised predicted entities (duplicates kept)


def gold_templates(raw_templates: list[dict[str, Any]]) -> list[GoldTemplate]:
    """A document's gold templates: empty entities dropped, duplicates kept once."""
    seen: list[list[tuple[str, Any]]] = []
    out: list[GoldTemplate] = []
    for raw in raw_templates:
        # compared as GTT does: on the raw mention strings, roles in file order
        key: list[tuple[str, Any]] = []
        for name, value in raw.items():
            if name == "incident_type":
                key.append((name, value))
            else:
                key.append((name, [[m for m, _ in ent] for ent in value if ent]))
        if key in seen:
            continue
        seen.append(key)
        roles = {
            role: [frozenset(normalize(m) for m, _ in ent) for ent in raw.get(role, []) if ent]
            for role in ROLES
        }
        out.append(GoldTemplate(raw["incident_type"], roles))
    return out


def load_gold(path: Path) -> dict[str, list[GoldTemplate]]:
    """docid -> deduplicated gold templates, from a GTT gold file (JSON Lines)."""
    gold: dict[str, list[GoldTemplate]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                gold[doc["docid"]] = gold_templates(doc["templates"])
    return gold


def pred_templates(events: Iterable[Mapping[str, Any]]) -> list[PredTemplate]:
    out = []
    for event in events:
        roles = {
            gold_role: [normalize(s) for s in event.get(field_name, []) or []]
            for field_name, gold_role in PRED_ROLES.items()
        }
        out.append(PredTemplate(str(event["type"]), roles))
    return out


def read_predictions(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[PredTemplate]]:
    """docid -> predicted templates; several lines for one document are merged."""
    preds: dict[str, list[PredTemplate]] = {}
    for row in rows:
        preds.setdefault(row["id"], []).extend(pred_templates(row.get("events", [])))
    return preds


def load_predictions(path: Path) -> dict[str, list[PredTemplate]]:
    with open(path, encoding="utf-8") as f:
        return read_predictions(json.loads(line) for line in f if line.strip())


def f1(p_num: float, p_den: float, r_num: float, r_den: float) -> float:
    # the same float expression as GTT's eval.py, so ties break identically
    p = 0 if p_den == 0 else p_num / float(p_den)
    r = 0 if r_den == 0 else r_num / float(r_den)
    return 0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(slots=True)
class Counts:
    """Per-slot numerators and denominators."""

    p_num: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))
    p_den: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))
    r_num: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))
    r_den: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SLOTS, 0))

    def add(self, other: Counts) -> None:
        for mine, theirs in (
            (self.p_num, other.p_num),
            (self.p_den, other.p_den),
            (self.r_num, other.r_num),
            (self.r_den, other.r_den),
        ):
            for slot in SLOTS:
                mine[slot] += theirs[slot]

    def figures(self, slots: Iterable[str]) -> dict[str, float]:
        """P, R, F1 (as fractions) and the raw counts, summed over `slots`."""
        slots = list(slots)
        pn, pd = sum(self.p_num[s] for s in slots), sum(self.p_den[s] for s in slots)
        rn, rd = sum(self.r_num[s] for s in slots), sum(self.r_den[s] for s in slots)
        return {
            "p": pn / pd if pd else 0.0,
            "r": rn / rd if rd else 0.0,
            "f1": float(f1(pn, pd, rn, rd)),
            "p_num": pn,
            "p_den": pd,
            "r_num": rn,
            "r_den": rd,
        }

    def report(self) -> dict[str, dict[str, float]]:
        out = {"micro": self.figures(SLOTS), "role_fillers": self.figures(ROLES)}
        out.update({slot: self.figures([slot]) for slot in SLOTS})
        return out


def _pair_counts(pred: PredTemplate, gold: GoldTemplate) -> dict[str, tuple[int, int]]:
    """Slot -> (precision numerator, recall numerator) when `pred` aligns with `gold`."""
    out = {"incident_type": (1, 1)}
    for role in ROLES:
        entities = gold.roles[role]
        predicted = pred.roles[role]
        correct = sum(1 for s in predicted if any(s in ent for ent in entities))
        recalled = sum(1 for ent in entities if any(s in ent for s in predicted))
        out[role] = (correct, recalled)
    return out


def best_alignment(preds: list[PredTemplate], golds: list[GoldTemplate]) -> list[int]:
    """For each predicted template, its gold index or -1, as GTT's search chooses."""
    n_pred, n_gold = len(preds), len(golds)
    p_den = sum(1 + sum(len(v) for v in p.roles.values()) for p in preds)
    r_den = sum(1 + sum(len(v) for v in g.roles.values()) for g in golds)
    # gain[i][j] = summed (p_num, r_num) over the six slots, None if the types do not fit
    gain: list[list[tuple[int, int] | None]] = []
    for p in preds:
        row: list[tuple[int, int] | None] = []
        for g in golds:
            if p.type in g.type:
                c = _pair_counts(p, g).values()
                row.append((sum(x for x, _ in c), sum(y for _, y in c)))
            else:
                row.append(None)
        gain.append(row)
    # optimistic completion from pred i on: each takes its best gold, ignoring conflicts
    rest_p = [0] * (n_pred + 1)
    rest_r = [0] * (n_pred + 1)
    for i in range(n_pred - 1, -1, -1):
        fits = [g for g in gain[i] if g is not None]
        rest_p[i] = rest_p[i + 1] + max((g[0] for g in fits), default=0)
        rest_r[i] = rest_r[i + 1] + max((g[1] for g in fits), default=0)

    best_f1: float | None = None
    best_map: list[int] = []
    mapping = [-1] * n_pred
    used = [False] * n_gold
    choices = [*range(n_gold), -1]

    def walk(i: int, pn: int, rn: int) -> None:
        nonlocal best_f1, best_map
        if i == n_pred:
            score = f1(pn, p_den, rn, r_den)
            if best_f1 is None or score > best_f1:
                best_f1, best_map = score, list(mapping)
            return
        if best_f1 is not None and f1(pn + rest_p[i], p_den, rn + rest_r[i], r_den) <= best_f1:
            return  # no completion can be strictly better
        for j in choices:
            if j >= 0 and used[j]:
                continue
            g = gain[i][j] if j >= 0 else None
            mapping[i] = j
            if j >= 0:
                used[j] = True  # a type mismatch still takes the gold template (GTT does)
            walk(i + 1, pn + (g[0] if g else 0), rn + (g[1] if g else 0))
            if j >= 0:
                used[j] = False
        mapping[i] = -1

    walk(0, 0, 0)
    return best_map


def score_document(preds: list[PredTemplate], golds: list[GoldTemplate]) -> Counts:
    counts = Counts()
    for p in preds:
        counts.p_den["incident_type"] += 1
        for role in ROLES:
            counts.p_den[role] += len(p.roles[role])
    for g in golds:
        counts.r_den["incident_type"] += 1
        for role in ROLES:
            counts.r_den[role] += len(g.roles[role])
    for i, j in enumerate(best_alignment(preds, golds)):
        if j >= 0 and preds[i].type in golds[j].type:
            for slot, (pn, rn) in _pair_counts(preds[i], golds[j]).items():
                counts.p_num[slot] += pn
                counts.r_num[slot] += rn
    return counts


def score(
    preds: Mapping[str, list[PredTemplate]],
    golds: Mapping[str, list[GoldTemplate]],
    docids: Iterable[str] | None = None,
) -> Counts:
    """Counts summed over the gold documents (or `docids`); predictions for others ignored."""
    total = Counts()
    for docid in golds if docids is None else docids:
        total.add(score_document(preds.get(docid, []), golds[docid]))
    return total


def format_report(report: Mapping[str, Mapping[str, float]]) -> str:
    lines = [f"{'slot':<16}{'P':>8}{'R':>8}{'F1':>8}"]
    for key in ("micro", "role_fillers", *SLOTS):
        r = report[key]
        lines.append(f"{key:<16}{100 * r['p']:>8.2f}{100 * r['r']:>8.2f}{100 * r['f1']:>8.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path, help="JSON Lines: {id, events: [...]}")
    parser.add_argument("gold", type=Path, help="GTT gold file (JSON Lines)")
    args = parser.parse_args()
    counts = score(load_predictions(args.predictions), load_gold(args.gold))
    print(format_report(counts.report()))


if __name__ == "__main__":
    main()
