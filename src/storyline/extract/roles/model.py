"""The three model layers as plain numpy tables (no scikit-learn at run time), and their
byte-stable .npz file."""

from __future__ import annotations

import io
import itertools
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from storyline.extract.roles.features import (
    Analysis,
    Candidate,
    _bits,
    doc_stack_features,
    incident_features,
)
from storyline.extract.roles.schema import MODEL_PATH, TRAIN_COMMAND
from storyline.stories.pair_model import Forest


class LinearModel:
    """Independent logistic regressions over named sparse features (numpy only)."""

    def __init__(self, names: list[str], weights: np.ndarray, bias: np.ndarray):
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}
        self.weights = np.asarray(weights, dtype=np.float32).reshape(len(names), -1)
        self.bias = np.asarray(bias, dtype=np.float32).reshape(-1)

    def predict(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Probabilities: one row per feature dict, one column per output."""
        idx: list[int] = []
        val: list[float] = []
        owner: list[int] = []
        for r, row in enumerate(rows):
            for name, value in row.items():
                i = self.index.get(name)
                if i is not None:
                    idx.append(i)
                    val.append(value)
                    owner.append(r)
        return self.combine(idx, val, owner, len(rows))

    def combine(self, idx: list[int], val: list[float], owner: list[int], n: int) -> np.ndarray:
        """Probabilities from parallel (feature index, value, row) lists, rows in order."""
        z = np.tile(self.bias.astype(np.float64), (n, 1))
        if idx:
            contrib = self.weights[idx] * np.asarray(val, dtype=np.float32)[:, None]
            owners = np.asarray(owner)  # each row's features are one run: sum the runs
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            z[owners[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return 1.0 / (1.0 + np.exp(-z))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = "\n".join(self.names).encode("utf-8")
        return {
            f"{prefix}_names": np.frombuffer(names, dtype=np.uint8),
            f"{prefix}_weights": self.weights,
            f"{prefix}_bias": self.bias,
        }

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> LinearModel:
        raw = z[f"{prefix}_names"].tobytes().decode("utf-8")
        return cls(raw.split("\n") if raw else [], z[f"{prefix}_weights"], z[f"{prefix}_bias"])


_TREE_FIELDS = ("feature", "threshold", "missing_left", "left", "right", "leaf", "value")


class ForestModel:
    """Gradient-boosted trees, one ensemble per output, in the Forest format of
    `storyline.stories.pair_model` (trees evaluated with numpy), stored as flat arrays."""

    def __init__(self, baselines: list[float], trees: list[list[dict[str, list[Any]]]]):
        self.baselines = np.asarray(baselines, dtype=np.float64)
        self.trees = trees  # per output, the trees as Forest.from_json reads them
        self.forests = [Forest.from_json(t) for t in trees]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probabilities: one row per row of `x`, one column per output."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        raw = [b + f.raw(x) for b, f in zip(self.baselines, self.forests, strict=True)]
        return 1.0 / (1.0 + np.exp(-np.column_stack(raw)))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}_baselines": self.baselines}
        for k, trees in enumerate(self.trees):
            out[f"{prefix}_{k}_sizes"] = np.array([len(t["leaf"]) for t in trees], np.int64)
            for name in _TREE_FIELDS:
                dtype = {"threshold": np.float64, "value": np.float64}.get(name, np.int64)
                if name in {"missing_left", "leaf"}:
                    dtype = np.bool_
                out[f"{prefix}_{k}_{name}"] = np.concatenate(
                    [np.asarray(t[name], dtype=dtype) for t in trees]
                )
        return out

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> ForestModel:
        baselines = z[f"{prefix}_baselines"]
        trees = []
        for k in range(len(baselines)):
            bounds = np.cumsum(np.r_[0, z[f"{prefix}_{k}_sizes"]])
            columns = {name: z[f"{prefix}_{k}_{name}"].tolist() for name in _TREE_FIELDS}
            trees.append(
                [
                    {name: col[a:b] for name, col in columns.items()}
                    for a, b in itertools.pairwise(bounds)
                ]
            )
        return cls(baselines.tolist(), trees)


@dataclass
class Models:
    sentence: LinearModel  # 1 output: P(event sentence)
    document: LinearModel  # P(any incident), then P(type) in MUC_TYPES order
    role: LinearModel  # one output per role, in ROLES order
    # the document's outputs again, from `incident_features` (None: the linear ones stand)
    incident: ForestModel | None = None
    # the share of the linear document layer in the document's scores, the trees' the rest:
    # the mean of the two was steadier than either (cross-validated micro F1 with re-tuned
    # decisions: trees alone 44.8, a 0.3 share 44.7, 0.5 44.9)
    blend: float = 0.0

    def save(self, path: Path) -> None:
        """An .npz that np.load reads, written with fixed zip timestamps so that the same
        weights give the same bytes (np.savez stamps the current time)."""
        arrays = {
            **self.sentence.arrays("sentence"),
            **self.document.arrays("document"),
            **self.role.arrays("role"),
            **(self.incident.arrays("incident") if self.incident else {}),
            "incident_blend": np.array([self.blend], dtype=np.float64),
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, array in arrays.items():
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
                zf.writestr(info, buffer.getvalue())

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Models:
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: build it with `{TRAIN_COMMAND}`")
        with np.load(path, allow_pickle=False) as z:
            linear = (LinearModel.from_arrays(z, p) for p in ("sentence", "document", "role"))
            incident = ForestModel.from_arrays(z, "incident") if "incident_baselines" in z else None
            blend = float(z["incident_blend"][0]) if "incident_blend" in z else 0.0
            return cls(*linear, incident, blend)

    def linear_scores(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sentence, document and candidate probabilities of the linear layers."""
        return self.linear_scores_many([analysis])[0]

    def linear_scores_many(
        self, analyses: list[Analysis]
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """`linear_scores` of many documents, each layer's matrix products done once for
        all (a report's rows come out as they would alone)."""
        rows = [f for analysis in analyses for f in analysis.sentences]
        bounds = np.cumsum([0, *(len(analysis.sentences) for analysis in analyses)])
        every_sent = self.sentence.predict(rows)[:, 0]
        sents = [every_sent[a:b] for a, b in itertools.pairwise(bounds)]
        stacked = [doc_stack_features(an, sent) for an, sent in zip(analyses, sents, strict=True)]
        docs = self.document.predict(stacked)
        return [
            (sent, doc, self.role_scores(analysis.candidates, sent))
            for analysis, sent, doc in zip(analyses, sents, docs, strict=True)
        ]

    def scores(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sentence, document and candidate probabilities for one analysed document; the
        document's from the tree layer when there is one."""
        return self.scores_many([analysis])[0]

    def scores_many(
        self, analyses: list[Analysis]
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """`scores` of many documents, the tree layer walked once for all."""
        linear = self.linear_scores_many(analyses)
        if self.incident is None or not analyses:
            return linear
        x = np.array([incident_features(an, *s) for an, s in zip(analyses, linear, strict=True)])
        trees = self.incident.predict(x)
        return [
            (sent, (1.0 - self.blend) * tree + self.blend * doc, role)
            for (sent, doc, role), tree in zip(linear, trees, strict=True)
        ]

    @cached_property
    def _role_pairs(self) -> tuple[dict[str, int], np.ndarray]:
        """Feature -> its row in a table of (index of its plain weight, of its "E:"
        weight), -1 if absent; the table's last row is that of an unknown feature (a list
        of ints becomes an array faster than a list of pairs)."""
        pairs: dict[str, tuple[int, int]] = {}
        for name, i in self.role.index.items():
            if name.startswith("E:"):
                pairs[name[2:]] = (pairs.get(name[2:], (-1, -1))[0], i)
            else:
                pairs[name] = (i, pairs.get(name, (-1, -1))[1])
        table = np.array([*pairs.values(), (-1, -1)], dtype=np.int64).reshape(-1, 2)
        return {name: k for k, name in enumerate(pairs)}, table

    def role_scores(self, candidates: list[Candidate], sent_probs: np.ndarray) -> np.ndarray:
        """`role.predict` over `candidate_features`, fused and vectorised: one dictionary
        look-up per feature, its plain and its "E:" weights summed with numpy."""
        row_of, table = self._role_pairs
        unknown = len(table) - 1
        names: list[str] = []
        masks: list[int] = []
        counts: list[int] = []
        for cand in candidates:
            names += cand.masks
            masks += cand.masks.values()
            counts.append(len(cand.masks))
        n = len(candidates)
        z = np.tile(self.role.bias.astype(np.float64), (n, 1))
        if not names:
            return 1.0 / (1.0 + np.exp(-z))
        index = table[np.array([row_of.get(name, unknown) for name in names], dtype=np.int64)]
        owner = np.repeat(np.arange(n), counts)
        # the event score of the likeliest sentence an occurrence with the feature is in
        best: dict[int, float] = {0: 0.0}
        for mask in set(masks):
            if mask:
                best[mask] = max(float(sent_probs[b]) for b in _bits(mask))
        value = np.array([best[m] for m in masks], dtype=np.float32)
        bound = np.array([m != 0 for m in masks], dtype=bool)  # not sentence-bound: no "E:"
        weights = self.role.weights
        plain = index[:, 0] >= 0
        scaled = (index[:, 1] >= 0) & bound
        for rows, contrib in (
            (plain, weights[index[plain, 0]]),
            (scaled, weights[index[scaled, 1]] * value[scaled, None]),
        ):
            if contrib.size:  # each candidate's rows are one run: sum the runs
                owners = owner[rows]
                starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
                z[owners[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return 1.0 / (1.0 + np.exp(-z))
