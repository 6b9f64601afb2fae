"""The probability that two articles report the same incident, from their pair features.

A gradient-boosted tree ensemble trained by `scripts/train_story_model.py` on the GVA
dev incidents and stored as plain JSON (`data/pair_model.json`): no pickle, no
dependency on the training library's private format at run time, and a diff shows
what changed when it is retrained.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from storyline.stories.pairs import PAIR_FEATURES


@dataclass(frozen=True, slots=True)
class Forest:
    """All trees' nodes in one set of arrays, children as absolute node positions."""

    roots: np.ndarray  # int64, the root node of each tree
    feature: np.ndarray  # int64 per node
    threshold: np.ndarray  # float64 per node; go left when value <= threshold
    missing_left: np.ndarray  # bool per node: where a missing value goes
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray  # bool
    value: np.ndarray  # leaf values, learning rate already applied
    depth: int

    @classmethod
    def from_json(cls, trees: list[dict]) -> Forest:
        sizes = [len(t["leaf"]) for t in trees]
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)

        def joined(key: str, dtype: type) -> np.ndarray:
            return np.concatenate([np.asarray(t[key], dtype) for t in trees])

        shift = np.repeat(offsets, sizes)
        leaf = joined("leaf", bool)
        left = joined("left", np.int64) + shift
        right = joined("right", np.int64) + shift
        return cls(
            roots=offsets,
            feature=joined("feature", np.int64),
            threshold=joined("threshold", np.float64),
            missing_left=joined("missing_left", bool),
            left=np.where(leaf, np.arange(len(leaf)), left),  # a leaf points at itself
            right=np.where(leaf, np.arange(len(leaf)), right),
            leaf=leaf,
            value=joined("value", np.float64),
            depth=max(_depth(t, 0) for t in trees),
        )

    def raw(self, x: np.ndarray) -> np.ndarray:
        # every tree walked at once: one gather per level over a (rows, trees) grid, from
        # the rows flattened (flat gathers are a quarter faster than x[rows, columns])
        rows, columns = x.shape
        node = np.tile(self.roots, (rows, 1))
        base = (np.arange(rows) * columns)[:, None]
        flat = np.ascontiguousarray(x).ravel()
        missing = np.isnan(flat)
        for _ in range(self.depth):
            at = base + self.feature[node]
            go_left = (flat[at] <= self.threshold[node]) | (missing[at] & self.missing_left[node])
            node = np.where(go_left, self.left[node], self.right[node])
        return self.value[node].sum(axis=1)


def _depth(tree: dict, node: int) -> int:
    if tree["leaf"][node]:
        return 0
    return 1 + max(_depth(tree, tree["left"][node]), _depth(tree, tree["right"][node]))


@dataclass(frozen=True, slots=True)
class PairModel:
    features: tuple[str, ...]
    baseline: float
    forest: Forest
    threshold: float  # story join threshold chosen at training time
    trained_on: dict

    def probability(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0, np.float64)
        return 1.0 / (1.0 + np.exp(-(self.baseline + self.forest.raw(x))))

    def with_threshold(self, threshold: float) -> PairModel:
        return replace(self, threshold=threshold)

    @classmethod
    def from_json(cls, data: dict) -> PairModel:
        if tuple(data["features"]) != PAIR_FEATURES:
            raise ValueError(
                "pair model was trained on other features; rerun scripts/train_story_model.py"
            )
        return cls(
            features=tuple(data["features"]),
            baseline=float(data["baseline"]),
            forest=Forest.from_json(data["trees"]),
            threshold=float(data["threshold"]),
            trained_on=data.get("trained_on", {}),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> PairModel:
        if path is None:
            text = resources.files("storyline.stories").joinpath("data/pair_model.json").read_text()
        else:
            text = Path(path).read_text()
        return cls.from_json(json.loads(text))


@cache
def default_pair_model() -> PairModel:
    return PairModel.load()
