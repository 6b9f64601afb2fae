"""How alike two articles are, as the vector of measurements the pair model reads.

Term weights use document frequencies counted as the stream goes (smoothed idf), so a
name that every article of a city repeats loses weight as the corpus learns it.
Lexical similarity between articles in different languages is not measured at all
(it would read as "nothing in common"): it is passed as missing, and the model,
trained with lexical features hidden on part of its pairs, falls back on names,
numbers, dates and the multilingual embeddings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.stories.features import FIELDS, HASH_SIZE, ArticleFeatures, TermRow

# Lexical fields: meaningless across languages.
LEXICAL = ("words", "title")

PAIR_FEATURES = (
    *(f"cos_{f}" for f in FIELDS),
    "cos_lead_embedding",
    "cos_title_embedding",
    "log_published_gap_days",
    "log_event_gap_days",
    "same_outlet",
    "log_shorter_length",
)


class TermStatistics:
    """Running document frequencies of every term field."""

    def __init__(self) -> None:
        self.documents = 0
        self.df = {f: np.zeros(HASH_SIZE, np.int32) for f in FIELDS}

    def add(self, features: ArticleFeatures) -> None:
        self.documents += 1
        for f in FIELDS:
            self.df[f][features.terms[f].index] += 1

    def idf(self, field: str, index: np.ndarray) -> np.ndarray:
        n = self.documents
        return (np.log((n + 1) / (self.df[field][index] + 1)) + 1).astype(np.float32)


def _cosines(
    item: TermRow, others: Sequence[TermRow], stats: TermStatistics, field: str
) -> np.ndarray:
    """Cosine of `item` with each of `others` under the current idf, as one sparse product."""
    sizes = np.fromiter((len(o.index) for o in others), np.int64, len(others))
    if len(item.index) == 0 or sizes.sum() == 0:
        return np.zeros(len(others), np.float32)
    index = np.concatenate([o.index for o in others])
    weight = np.concatenate([o.weight for o in others]) * stats.idf(field, index)
    row = np.repeat(np.arange(len(others)), sizes)
    norms = np.sqrt(np.bincount(row, weights=weight * weight, minlength=len(others)))
    mine = item.weight * stats.idf(field, item.index)
    # the item's weights looked up at each of the others' terms (0 where it lacks them)
    slot = np.minimum(np.searchsorted(item.index, index), len(item.index) - 1)
    products = np.where(item.index[slot] == index, mine[slot], 0.0) * weight
    dots = np.bincount(row, weights=products, minlength=len(others))
    norms = np.where(norms > 0, norms, 1.0)
    return (dots / (norms * np.linalg.norm(mine))).astype(np.float32)


def pair_features(
    item: ArticleFeatures, others: Sequence[ArticleFeatures], stats: TermStatistics
) -> np.ndarray:
    """One row of PAIR_FEATURES for `item` against each of `others`."""
    rows = np.full((len(others), len(PAIR_FEATURES)), np.nan, np.float32)
    if not others:
        return rows
    same_language = np.array(
        [not item.language or not o.language or item.language == o.language for o in others]
    )
    for c, f in enumerate(FIELDS):
        cos = _cosines(item.terms[f], [o.terms[f] for o in others], stats, f)
        rows[:, c] = np.where(same_language, cos, np.nan) if f in LEXICAL else cos
    n = len(FIELDS)
    rows[:, n] = np.stack([o.lead_vector for o in others]) @ item.lead_vector
    rows[:, n + 1] = np.stack([o.title_vector for o in others]) @ item.title_vector
    if item.published_day:
        published = np.array([o.published_day for o in others], np.float64)
        gap = np.log1p(np.abs(published - item.published_day))
        rows[:, n + 2] = np.where(published > 0, gap, np.nan)
    if item.event_day:
        event = np.array([o.event_day for o in others], np.float64)
        gap = np.log1p(np.abs(event - item.event_day))
        rows[:, n + 3] = np.where(event > 0, gap, np.nan)
    rows[:, n + 4] = [float(bool(item.outlet) and item.outlet == o.outlet) for o in others]
    shorter = np.minimum(np.array([o.length for o in others], np.float64), item.length)
    rows[:, n + 5] = np.log(shorter + 50)
    return rows
