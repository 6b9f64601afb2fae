"""Live updates: one posted article is ingested at once, then the stages catch up.

Ingestion takes the same path as `storyline ingest` for one document (parse, dedupe by
content hash, write the article and its input outcome in one transaction). The later
stages run in a single background thread, each doing only the new work: the story
builder kept in memory takes the new articles as a stream would (no replay), only new
articles are embedded and read for events and mentions, only stories whose members
changed are compared for copies and consolidated again. Entity resolution alone runs
over every stored mention, since one new spelling can join two entities. Posts that
arrive while it runs are folded into the next run, and readers keep seeing the
previous stories until each stage commits.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline.ingest import default_registry
from storyline.ingest.readers import RawDocument, document_from_record
from storyline.model import InputOutcome
from storyline.pipeline import (
    cluster_stories,
    consolidate_stage,
    entities_stage,
    extract_stage,
    ingest_unit,
)
from storyline.storage import Store
from storyline.stories.build import StoryBuilder

log = logging.getLogger("storyline.serve")


@dataclass
class RebuildState:
    """What the background rebuild is doing, for GET /api/status."""

    state: str = "idle"  # idle | queued | running
    stage: str | None = None
    runs: int = 0
    last_started: float | None = None
    last_finished: float | None = None
    last_seconds: float | None = None
    last_error: str | None = None
    ingested_since_run: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "stage": self.stage,
            "runs": self.runs,
            "last_seconds": self.last_seconds,
            "last_error": self.last_error,
            "pending_articles": list(self.ingested_since_run),
        }


class LiveUpdater:
    """Ingests posted articles and re-runs the stages in one background thread."""

    def __init__(self, store: Store, on_change: Callable[[], None]):
        self.store = store
        self.on_change = on_change
        self.status = RebuildState()
        self._write_lock = threading.Lock()  # one ingest at a time: ids and hashes
        self._state_lock = threading.Lock()
        self._pending = threading.Event()
        self._thread: threading.Thread | None = None
        self._registry = None
        # the first run replays the store into it; later runs only add new articles
        self._builder = StoryBuilder()
        self._stages: tuple[tuple[str, Callable[[Store], object]], ...] = (
            ("stories", lambda store: cluster_stories(store, builder=self._builder)),
            ("events", extract_stage),
            ("entities", entities_stage),
            ("consolidate", consolidate_stage),
        )

    def ingest(self, record: dict[str, Any]) -> InputOutcome:
        """Store one article from a JSON record; queue a rebuild if it is new."""
        body = json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
        digest = hashlib.sha256(body).hexdigest()
        key = f"api:{digest[:24]}"
        unit = document_from_record(
            record, key, digest, f"api-{digest[:12]}", f"api-{digest[:12]}", "json"
        )
        with self._write_lock:
            if self._registry is None:
                self._registry = default_registry()
            if isinstance(unit, RawDocument):
                by_hash = self.store.article_hashes()
                outcome, article = ingest_unit(unit, self._registry, by_hash, set(by_hash.values()))
            else:
                outcome, article = unit, None
            self.store.write_batch([article] if article else [], [outcome])
        if article is not None:
            self.on_change()
            with self._state_lock:
                self.status.ingested_since_run.append(article.id)
            self.request_rebuild()
        return outcome

    def request_rebuild(self) -> None:
        with self._state_lock:
            self._pending.set()
            if self.status.state == "idle":
                self.status.state = "queued"
            if self._thread is None:  # cleared under this lock when the thread exits
                self._thread = threading.Thread(
                    target=self._run, name="storyline-rebuild", daemon=True
                )
                self._thread.start()

    def wait(self, timeout: float = 300.0) -> bool:
        """Block until no rebuild is queued or running (for tests and the CLI)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._state_lock:
                if self.status.state == "idle" and not self._pending.is_set():
                    return True
            time.sleep(0.1)
        return False

    def _run(self) -> None:
        while True:
            with self._state_lock:
                if not self._pending.is_set():
                    self.status.state = "idle"
                    self.status.stage = None
                    self._thread = None
                    return
                self._pending.clear()
                self.status.state = "running"
                self.status.ingested_since_run = []
            started = time.monotonic()
            self.status.last_started = started
            try:
                for name, stage in self._stages:
                    self.status.stage = name
                    stage(self.store)
                    self.on_change()  # readers see each stage's result as it commits
                self.status.last_error = None
            except Exception as exc:  # keep serving; the error is reported in /api/status
                log.error("rebuild failed: %s", traceback.format_exc())
                self.status.last_error = f"{type(exc).__name__}: {exc}"
            self.status.runs += 1
            self.status.last_finished = time.monotonic()
            self.status.last_seconds = round(self.status.last_finished - started, 2)
