"""Storage: one database (SQLite by default) holding articles and the fate of every input.

Only this package talks SQL. Writes are idempotent: an article is keyed by its
content hash, an input by its key and the hash of its bytes, so replaying a batch
(after a crash, or a second run) changes nothing.

The same SQL runs on SQLite and PostgreSQL and gives the same results; where the two
differ by nature, the difference is settled here, once:
- order: every read that returns rows in order says so (ties broken by id), and the
  columns it orders on compare byte by byte on both (see migrations.py on `{KEY}`);
- case: filters fold case with `lower()` on both sides, and SQLite's built-in `lower()`
  (ASCII only) is replaced by Python's, so "élysée" finds "ÉLYSÉE" as PostgreSQL does;
- LIKE: the pattern is escaped with an explicit ESCAPE, since PostgreSQL reads a
  backslash as an escape by default and SQLite does not;
- NUL: PostgreSQL's TEXT cannot hold U+0000, which JSON input may carry; on PostgreSQL
  strings are escaped on the way in and out (see `_register_nul_safe_text`), so text comes back
  verbatim and character offsets into it stay true;
- transactions: DDL is transactional on both (SQLite's driver would otherwise commit
  before every CREATE), so a migration is all or nothing.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, bindparam, create_engine, event, text
from sqlalchemy.engine import make_url

from storyline.model import Article, InputOutcome, OffsetMap, Sentence
from storyline.storage.migrations import migrate, pending

__all__ = ["ArticleFilter", "Store", "describe_location", "open_store"]

log = logging.getLogger(__name__)

# `postgresql://` alone means psycopg2 to SQLAlchemy; the driver installed is psycopg 3
_SCHEMES = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def _database_url(target: str | Path) -> str:
    target = str(target)
    if "://" in target:
        scheme, rest = target.split("://", 1)
        return f"{_SCHEMES.get(scheme, scheme)}://{rest}"
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def describe_location(target: str | Path) -> str:
    """The database as it may be shown or written down: a URL's password masked."""
    target = str(target)
    if "://" not in target:
        return target
    return make_url(target).render_as_string(hide_password=True)


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """What `storyline articles` and the API filter on; None means any."""

    outlet: str | None = None
    language: str | None = None
    since: str | None = None  # ISO date or datetime, compared on the published time
    until: str | None = None
    text: str | None = None  # a word or phrase in the title or clean text
    limit: int | None = None


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    # --- schema -----------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply pending migrations in one transaction that holds the write lock throughout."""
        with self.engine.connect() as conn:
            # SQLite: take the write lock at BEGIN, so a second process opening a new
            # database waits here instead of failing on "table already exists"
            conn.execution_options(sqlite_begin="BEGIN IMMEDIATE")
            with conn.begin():
                return [m.name for m in migrate(conn)]

    def pending_migrations(self) -> list[str]:
        with self.engine.begin() as conn:
            return [m.name for m in pending(conn)]

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # --- what is already there (for idempotent, resumable ingestion) -------------------

    def input_hashes(self) -> dict[str, tuple[str, str]]:
        """key → (unit_hash, status) of every input accounted for so far."""
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT key, unit_hash, status FROM inputs ORDER BY key"))
            return {key: (unit_hash, status) for key, unit_hash, status in rows}

    def article_hashes(self) -> dict[str, str]:
        """content_hash → article id."""
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT content_hash, id FROM articles ORDER BY id"))
            return dict(rows.all())

    def content_hashes(self) -> dict[str, str]:
        """article id → content_hash, in publication order (undated last), then by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, content_hash FROM articles ORDER BY "
                    "CASE WHEN published_sort IS NULL THEN 1 ELSE 0 END, published_sort, id"
                )
            )
            return dict(rows.all())

    # --- writes -----------------------------------------------------------------------

    def write_batch(self, articles: list[Article], outcomes: list[InputOutcome]) -> None:
        """Articles and the outcomes of their inputs, together or not at all."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            if articles:
                conn.execute(
                    text(
                        "INSERT INTO articles (id, content_hash, source, outlet, outlet_id, "
                        "outlet_domain, agencies, url, title, published, published_sort, "
                        "published_precision, language, raw_text, clean_text, offset_map, "
                        "sentences, metadata, ingested_at) VALUES (:id, :content_hash, :source, "
                        ":outlet, :outlet_id, :outlet_domain, :agencies, :url, :title, :published, "
                        ":published_sort, :published_precision, :language, :raw_text, :clean_text, "
                        ":offset_map, :sentences, :metadata, :ingested_at) "
                        "ON CONFLICT DO NOTHING"
                    ),
                    [_article_row(a, now) for a in articles],
                )
            if outcomes:
                conn.execute(
                    text(
                        "INSERT INTO inputs "
                        "(key, unit_hash, status, article_id, unit_id, reason, updated_at) "
                        "VALUES (:key, :unit_hash, :status, :article_id, :unit_id, :reason, "
                        ":updated_at) "
                        "ON CONFLICT (key) DO UPDATE SET unit_hash = excluded.unit_hash, "
                        "status = excluded.status, article_id = excluded.article_id, "
                        "unit_id = excluded.unit_id, "
                        "reason = excluded.reason, updated_at = excluded.updated_at"
                    ),
                    [
                        {
                            "key": o.key,
                            "unit_hash": o.unit_hash,
                            "status": o.status,
                            "article_id": o.article_id,
                            "unit_id": o.unit_id,
                            "reason": o.reason,
                            "updated_at": now,
                        }
                        for o in outcomes
                    ],
                )

    # --- reads ------------------------------------------------------------------------

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM articles")).scalar_one()

    def input_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT status, COUNT(*) FROM inputs GROUP BY status ORDER BY status")
            )
            return {status: n for status, n in rows}

    def outcomes(self, status: str | None = None) -> list[InputOutcome]:
        sql = "SELECT key, unit_hash, status, article_id, reason, unit_id FROM inputs"
        params: dict[str, Any] = {}
        if status:
            sql += " WHERE status = :status"
            params["status"] = status
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql + " ORDER BY key"), params)
            return [InputOutcome(k, s, h, a, r, u) for k, h, s, a, r, u in rows]

    def duplicates_by_article(self) -> dict[str, list[dict[str, str | None]]]:
        """article id → the inputs that repeated it: their path and the id they gave."""
        out: dict[str, list[dict[str, str | None]]] = {}
        for outcome in self.outcomes("duplicate"):
            if outcome.article_id:
                entry = {"path": outcome.key, "id": outcome.unit_id}
                out.setdefault(outcome.article_id, []).append(entry)
        return out

    def articles(self, where: ArticleFilter | None = None) -> Iterator[Article]:
        """Articles in publication order (undated last), then by id."""
        where = where or ArticleFilter()
        clauses, params = [], {}
        if where.outlet:
            clauses.append("(lower(outlet) = lower(:outlet) OR outlet_domain = lower(:outlet))")
            params["outlet"] = where.outlet
        if where.language:
            clauses.append("language = :language")
            params["language"] = where.language
        if where.since:
            clauses.append("published_sort >= :since")
            params["since"] = where.since
        if where.until:
            clauses.append("published_sort < :until")
            params["until"] = _until_bound(where.until)
        if where.text:
            # the pattern is lowered by the same lower() as the columns, so both sides
            # fold alike; ESCAPE is explicit because the two databases' defaults differ
            clauses.append(
                "(lower(title) LIKE lower(:pattern) ESCAPE '\\' "
                "OR lower(clean_text) LIKE lower(:pattern) ESCAPE '\\')"
            )
            params["pattern"] = "%" + _like_literal(where.text) + "%"
        sql = "SELECT * FROM articles"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        # undated last: a CASE, as NULLs sort first on SQLite and last on PostgreSQL
        sql += " ORDER BY CASE WHEN published_sort IS NULL THEN 1 ELSE 0 END, published_sort, id"
        if where.limit:
            sql += " LIMIT :limit"
            params["limit"] = where.limit
        with self.engine.connect() as conn:
            # streamed on PostgreSQL (a server-side cursor) rather than loaded whole
            result = conn.execution_options(stream_results=True, max_row_buffer=200).execute(
                text(sql), params
            )
            for row in result.mappings():
                yield _article_from_row(row)

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given (unknown ids are left out)."""
        found: dict[str, Article] = {}
        with self.engine.connect() as conn:
            for row in _rows_in(conn, "SELECT * FROM articles WHERE id IN :ids", ids):
                article = _article_from_row(row._mapping)
                found[article.id] = article
        return [found[i] for i in ids if i in found]

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(text("SELECT * FROM articles WHERE id = :id"), {"id": article_id})
                .mappings()
                .first()
            )
        return _article_from_row(row) if row else None

    # --- stories ----------------------------------------------------------------------

    def vectors(
        self, encoder: str, ids: Sequence[str] | None = None
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """article id → (lead, title) embeddings cached for `encoder` (of `ids` only, if
        given)."""
        sql = "SELECT article_id, lead, title FROM article_vectors WHERE encoder = :e"
        if ids is None:
            with self.engine.connect() as conn:
                rows = conn.execute(text(sql + " ORDER BY article_id"), {"e": encoder}).all()
        else:
            with self.engine.connect() as conn:
                rows = list(_rows_in(conn, sql + " AND article_id IN :ids", ids, e=encoder))
        return {a: (_vector(lead), _vector(title)) for a, lead, title in rows}

    def vector_ids(self, encoder: str) -> set[str]:
        """Ids of the articles with vectors cached for `encoder`."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT article_id FROM article_vectors WHERE encoder = :e"), {"e": encoder}
            )
            return {a for (a,) in rows}

    def write_vectors(self, encoder: str, rows: list[tuple[str, np.ndarray, np.ndarray]]) -> None:
        if not rows:
            return
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO article_vectors (article_id, encoder, lead, title) "
                    "VALUES (:a, :e, :l, :t) ON CONFLICT DO NOTHING"
                ),
                [
                    {"a": a, "e": encoder, "l": _vector_text(lead), "t": _vector_text(title)}
                    for a, lead, title in rows
                ],
            )

    def replace_stories(self, stories: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
        """The stories of the whole corpus and the changes that led to them, in one swap."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            for table in ("story_articles", "stories", "story_changes"):
                conn.execute(text(f"DELETE FROM {table}"))
            if stories:
                conn.execute(
                    text(
                        "INSERT INTO stories (id, title, first_published, last_published, "
                        "independent_sources, record, updated_at) VALUES (:id, :title, "
                        ":first, :last, :independent, :record, :now)"
                    ),
                    [
                        {
                            "id": st["id"],
                            "title": st["title"],
                            "first": st["first_published"],
                            "last": st["last_published"],
                            "independent": st["independent_sources"],
                            "record": json.dumps(st, ensure_ascii=False),
                            "now": now,
                        }
                        for st in stories
                    ],
                )
                conn.execute(
                    text("INSERT INTO story_articles (article_id, story_id) VALUES (:a, :s)"),
                    [{"a": a, "s": st["id"]} for st in stories for a in st["articles"]],
                )
            if changes:
                conn.execute(
                    text(
                        "INSERT INTO story_changes (seq, kind, record, recorded_at) "
                        "VALUES (:seq, :kind, :record, :now)"
                    ),
                    [
                        {"seq": i, "kind": c["kind"], "record": json.dumps(c), "now": now}
                        for i, c in enumerate(changes, start=1)
                    ],
                )

    def stories(self) -> list[dict[str, Any]]:
        """Every story record, ordered by first publication (undated first) then id."""
        with self.engine.connect() as conn:
            # the CASE keeps SQLite's NULLs-first on PostgreSQL, which puts NULLs last
            rows = conn.execute(
                text(
                    "SELECT record FROM stories ORDER BY "
                    "CASE WHEN first_published IS NULL THEN 0 ELSE 1 END, first_published, id"
                )
            ).scalars()
            return [json.loads(r) for r in rows]

    def copy_groups_of(self, keys: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Copy groups found before, by the `members_key` of the story they were found in."""
        sql = "SELECT members_key, groups FROM copy_group_cache WHERE members_key IN :ids"
        with self.engine.connect() as conn:
            return {k: json.loads(g) for k, g in _rows_in(conn, sql, keys)}

    def write_copy_groups(self, found: dict[str, list[dict[str, Any]]]) -> None:
        if not found:
            return
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO copy_group_cache (members_key, groups) VALUES (:k, :g) "
                    "ON CONFLICT (members_key) DO NOTHING"
                ),
                [{"k": k, "g": json.dumps(g, ensure_ascii=False)} for k, g in found.items()],
            )

    def story_changes(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT record FROM story_changes ORDER BY seq")).scalars()
            return [json.loads(r) for r in rows]

    def story_of_articles(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT article_id, story_id FROM story_articles ORDER BY article_id")
            )
            return dict(rows.all())

    # --- events -----------------------------------------------------------------------

    def write_events(self, rows: Sequence[tuple[str, str | None, list[dict[str, Any]]]]) -> None:
        """Each article's events with the basis they were read with (see `event_bases`),
        replacing what was stored for those articles only: a stage writes as it goes."""
        self._upsert_json("article_events", "events", rows)

    def event_bases(self) -> dict[str, str | None]:
        with self.engine.connect() as conn:
            return dict(conn.execute(text("SELECT article_id, basis FROM article_events")).all())

    def events_by_article(self) -> dict[str, list[dict[str, Any]]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT article_id, events FROM article_events ORDER BY article_id")
            )
            return {a: json.loads(e) for a, e in rows}

    def events_of(self, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """The stored events of these articles (those that have any record)."""
        sql = "SELECT article_id, events FROM article_events WHERE article_id IN :ids"
        with self.engine.connect() as conn:
            return {r.article_id: json.loads(r.events) for r in _rows_in(conn, sql, ids)}

    def write_mentions(self, rows: Sequence[tuple[str, str, list[dict[str, Any]]]]) -> None:
        """Each article's entity mentions with the basis they were found with."""
        self._upsert_json("article_mentions", "mentions", rows)

    def mention_bases(self) -> dict[str, str | None]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT article_id, basis FROM article_mentions"))
            return dict(rows.all())

    def mentions_by_article(self) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
        """(article id, basis, mention records) of every article, one article at a time."""
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT article_id, basis, mentions FROM article_mentions"))
            for article_id, basis, found in rows:
                yield article_id, basis, json.loads(found)

    def _upsert_json(
        self, table: str, column: str, rows: Sequence[tuple[str, str | None, Any]]
    ) -> None:
        # table and column are this class's own constants, never input
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if not rows:
            return
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {table} (article_id, basis, {column}, updated_at) "
                    "VALUES (:a, :b, :v, :now) ON CONFLICT (article_id) DO UPDATE SET "
                    f"basis = excluded.basis, {column} = excluded.{column}, "
                    "updated_at = excluded.updated_at"
                ),
                [
                    {"a": a, "b": b, "v": json.dumps(v, ensure_ascii=False), "now": now}
                    for a, b, v in rows
                ],
            )

    def write_story_facts(self, rows: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        """Fact sheets (story id, basis, record), each written over the story's earlier one."""
        if not rows:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO story_facts (story_id, basis, record, updated_at) "
                    "VALUES (:s, :b, :r, :now) ON CONFLICT (story_id) DO UPDATE SET "
                    "basis = excluded.basis, record = excluded.record, "
                    "updated_at = excluded.updated_at"
                ),
                [
                    {"s": s, "b": b, "r": json.dumps(r, ensure_ascii=False), "now": now}
                    for s, b, r in rows
                ],
            )

    def drop_story_facts_except(self, keep: set[str]) -> None:
        """Drop the fact sheets of stories not in `keep` (merged or split away)."""
        with self.engine.begin() as conn:
            stored = conn.execute(text("SELECT story_id FROM story_facts"))
            stale = [s for (s,) in stored if s not in keep]
            for start in range(0, len(stale), _IN_CHUNK):
                query = text("DELETE FROM story_facts WHERE story_id IN :ids")
                query = query.bindparams(bindparam("ids", expanding=True))
                conn.execute(query, {"ids": stale[start : start + _IN_CHUNK]})

    def story_fact_bases(self) -> dict[str, str | None]:
        with self.engine.connect() as conn:
            return dict(conn.execute(text("SELECT story_id, basis FROM story_facts")).all())

    def story_facts(self, ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
        """Fact sheets by story id (of `ids` only, if given)."""
        sql = "SELECT story_id, record FROM story_facts"
        with self.engine.connect() as conn:
            if ids is None:
                rows = conn.execute(text(sql + " ORDER BY story_id")).all()
            else:
                rows = list(_rows_in(conn, sql + " WHERE story_id IN :ids", ids))
        return {s: json.loads(r) for s, r in rows}

    def replace_entities(self, rows: Iterable[dict[str, Any]]) -> None:
        """Every resolved entity, replacing what an earlier run stored (one transaction;
        rows are taken a chunk at a time, so a generator keeps memory flat)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        insert = text(
            "INSERT INTO entities (id, type, canonical, record, updated_at) "
            "VALUES (:id, :type, :canonical, :record, :now)"
        )
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM entities"))
            for chunk in _chunks(rows, _WRITE_CHUNK):
                conn.execute(
                    insert,
                    [
                        {
                            "id": r["id"],
                            "type": r["type"],
                            "canonical": r["canonical"],
                            "record": json.dumps(r, ensure_ascii=False),
                            "now": now,
                        }
                        for r in chunk
                    ],
                )

    def entities(self) -> Iterator[dict[str, Any]]:
        """Every entity, by type then canonical name, one at a time (a corpus has
        hundreds of thousands; the caller writes them out without holding them)."""
        with self.engine.connect() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=_WRITE_CHUNK).execute(
                text("SELECT record FROM entities ORDER BY type, canonical, id")
            )
            for record in rows.scalars():
                yield json.loads(record)

    def close(self) -> None:
        self.engine.dispose()


_IN_CHUNK = 500  # bounded IN lists: SQLite caps the parameters of one statement
_WRITE_CHUNK = 1000  # rows per executemany when the rows come from a stream


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rows_in(conn: Connection, sql: str, ids: Sequence[str], **params: Any) -> Iterator[Any]:
    """Rows of `sql`, whose `IN :ids` takes the ids a bounded chunk at a time."""
    query = text(sql).bindparams(bindparam("ids", expanding=True))
    ids = list(ids)
    for start in range(0, len(ids), _IN_CHUNK):
        yield from conn.execute(query, {**params, "ids": ids[start : start + _IN_CHUNK]})


def _until_bound(until: str) -> str:
    """The exclusive upper bound for `until`: a bare date includes that whole day.

    The next day, rather than the date plus a high sentinel character, compares the same
    under any collation.
    """
    if len(until) == 10:
        try:
            return (date.fromisoformat(until) + timedelta(days=1)).isoformat()
        except ValueError:
            pass
    return until


def _like_literal(value: str) -> str:
    """`value` as a LIKE pattern that matches itself only (with ESCAPE '\\')."""
    return re.sub(r"([\\%_])", r"\\\1", value)


def _vector_text(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, "<f4").tobytes()).decode("ascii")


def _vector(value: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(value), "<f4").astype(np.float32)


def _sort_key(article: Article) -> str | None:
    """Published time in UTC when the zone is known, else as stated: sortable as text."""
    if article.published is None:
        return None
    value = article.published
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    if article.published_precision == "day":
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def _article_row(article: Article, now: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "content_hash": article.content_hash,
        "source": article.source,
        "outlet": article.outlet,
        "outlet_id": article.outlet_id,
        "outlet_domain": article.outlet_domain,
        "agencies": json.dumps(article.agencies, ensure_ascii=False),
        "url": article.url,
        "title": article.title,
        "published": article.published_iso(),
        "published_sort": _sort_key(article),
        "published_precision": article.published_precision,
        "language": article.language,
        "raw_text": article.raw_text,
        "clean_text": article.clean_text,
        "offset_map": json.dumps(article.offsets.to_json()),
        "sentences": json.dumps([[s.start, s.end] for s in article.sentences]),
        "metadata": json.dumps(article.metadata, ensure_ascii=False, default=str),
        "ingested_at": now,
    }


def _article_from_row(row: Any) -> Article:
    raw = row["raw_text"]
    published = None
    if row["published"]:
        published = datetime.fromisoformat(row["published"])
    sentences = [
        Sentence(i, start, end, raw[start:end])
        for i, (start, end) in enumerate(json.loads(row["sentences"]))
    ]
    return Article(
        id=row["id"],
        raw_text=raw,
        clean_text=row["clean_text"],
        offsets=OffsetMap.from_json(json.loads(row["offset_map"])),
        sentences=sentences,
        content_hash=row["content_hash"],
        outlet=row["outlet"],
        outlet_id=row["outlet_id"],
        outlet_domain=row["outlet_domain"],
        agencies=json.loads(row["agencies"]),
        url=row["url"],
        title=row["title"],
        published=published,
        published_precision=row["published_precision"],
        language=row["language"],
        source=row["source"],
        metadata=json.loads(row["metadata"]),
    )


# --- PostgreSQL: NUL-safe text ---------------------------------------------------------
#
# PostgreSQL's TEXT cannot hold U+0000. On the way in, U+0000 becomes ESC "0" and ESC
# itself ESC "1", where ESC is U+E000 (a private-use character, next to never in news
# text); on the way out the two pairs turn back. The escaping happens in psycopg's own
# adapters, so every query, parameter and comparison sees the same escaped form: equality
# and LIKE work on it unchanged, and the store gives back exactly the string it was given.

_ESC = "\ue000"
_ESCAPES = {"\x00": _ESC + "0", _ESC: _ESC + "1"}
_UNESCAPES = {"0": "\x00", "1": _ESC}
_TO_ESCAPE = re.compile("[\x00\ue000]")
_TO_UNESCAPE = re.compile("\ue000([01])")


def _pg_escape(value: str) -> str:
    if "\x00" not in value and _ESC not in value:
        return value
    return _TO_ESCAPE.sub(lambda m: _ESCAPES[m.group()], value)


def _pg_unescape(value: str) -> str:
    if _ESC not in value:
        return value
    return _TO_UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)], value)


def _register_nul_safe_text(dbapi_conn: Any) -> None:
    """Make one psycopg connection escape strings it sends and unescape text it reads."""
    from psycopg.adapt import PyFormat
    from psycopg.types.string import StrDumperUnknown, TextLoader

    class NulSafeDumper(StrDumperUnknown):
        def dump(self, obj: str) -> Any:
            return super().dump(_pg_escape(obj))

    class NulSafeLoader(TextLoader):
        def load(self, data: Any) -> Any:
            value = super().load(data)
            return _pg_unescape(value) if isinstance(value, str) else value

    adapters = dbapi_conn.adapters
    adapters.register_dumper(str, NulSafeDumper)
    for type_name in ("text", "varchar"):
        adapters.register_loader(type_name, NulSafeLoader)
    # `%s` placeholders pick the dumper for AUTO: it must be ours, not a binary one
    if adapters.get_dumper(str, PyFormat.AUTO) is not NulSafeDumper:
        raise RuntimeError("psycopg would send strings past the NUL-safe dumper")


def _sqlite_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _set_wal(cursor: Any, wait: float = 30.0) -> None:
    """Switch a database to WAL. The switch needs the database to itself and SQLite does
    not wait for that (no busy handler), so processes opening a new database at once
    retry here until one has switched it; later openers find it already in WAL."""
    deadline = time.monotonic() + wait
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # no implicit transactions: the driver would BEGIN only before DML and commit
        # before DDL, so a migration could half-apply; SQLAlchemy's begin does it instead
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        # WAL: readers never block the writer; a killed writer loses only its open batch.
        _set_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # Unicode case folding, as PostgreSQL's lower() does in a UTF-8 database
        dbapi_conn.create_function("lower", 1, _sqlite_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def _postgresql_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        _register_nul_safe_text(dbapi_conn)

    with engine.connect() as conn:
        encoding, folded = conn.execute(
            text("SELECT current_setting('server_encoding'), lower('É')")
        ).one()
    if encoding != "UTF8":
        raise ValueError(
            f"the database must be UTF8-encoded, not {encoding}: create it with ENCODING 'UTF8'"
        )
    if folded != "é":
        log.warning(
            "this PostgreSQL database folds only ASCII letters (its LC_CTYPE is C), so case-"
            "insensitive filters miss accented capitals; SQLite would find them"
        )
    return engine


def open_store(target: str | Path) -> Store:
    """Open (creating and migrating if needed) the database at a path or URL.

    A path, or `sqlite:///…`, is an SQLite file; `postgresql://…` (psycopg 3 is the
    driver, whichever the URL names) a PostgreSQL database, which must exist already.
    """
    url = _database_url(target)
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url)
    elif url.startswith("postgresql"):
        engine = _postgresql_engine(url)
    else:
        engine = create_engine(url)
    store = Store(engine)
    store.migrate()
    return store
