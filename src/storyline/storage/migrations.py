"""Schema migrations: numbered, applied once each, recorded in `schema_migrations`.

Later stages extend the schema by appending a migration here, never by editing an
applied one. The SQL is the subset SQLite and PostgreSQL share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles and input accounting",
        (
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                content_hash TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                outlet TEXT,
                outlet_id TEXT,
                outlet_domain TEXT,
                agencies TEXT NOT NULL,
                url TEXT,
                title TEXT,
                published TEXT,
                published_sort TEXT,
                published_precision TEXT,
                language TEXT,
                raw_text TEXT NOT NULL,
                clean_text TEXT NOT NULL,
                offset_map TEXT NOT NULL,
                sentences TEXT NOT NULL,
                metadata TEXT NOT NULL,
                ingested_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published ON articles (published_sort)",
            "CREATE INDEX articles_outlet ON articles (outlet)",
            """CREATE TABLE inputs (
                key TEXT PRIMARY KEY,
                unit_hash TEXT NOT NULL,
                status TEXT NOT NULL,
                article_id TEXT,
                unit_id TEXT,
                reason TEXT,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX inputs_status ON inputs (status)",
        ),
    ),
    Migration(
        2,
        "stories, their changes, and cached article embeddings",
        (
            # vectors are base64 of little-endian float32, so one TEXT column serves
            # SQLite and PostgreSQL alike and a rebuild never re-encodes an article
            """CREATE TABLE article_vectors (
                article_id TEXT NOT NULL,
                encoder TEXT NOT NULL,
                lead TEXT NOT NULL,
                title TEXT NOT NULL,
                PRIMARY KEY (article_id, encoder)
            )""",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                title TEXT,
                first_published TEXT,
                last_published TEXT,
                independent_sources INTEGER NOT NULL,
                record TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE story_articles (
                article_id TEXT PRIMARY KEY,
                story_id TEXT NOT NULL
            )""",
            "CREATE INDEX story_articles_story ON story_articles (story_id)",
            """CREATE TABLE story_changes (
                seq INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                record TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        3,
        "events extracted from each article",
        (
            """CREATE TABLE article_events (
                article_id TEXT PRIMARY KEY,
                events TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        4,
        "each story's consolidated fact sheet and flags",
        (
            """CREATE TABLE story_facts (
                story_id TEXT PRIMARY KEY,
                record TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        5,
        "people, organisations, places and outlets resolved across articles",
        (
            """CREATE TABLE entities (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                canonical TEXT NOT NULL,
                record TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
)


def applied_versions(conn: Connection) -> set[int]:
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    )
    return {row[0] for row in conn.execute(text("SELECT version FROM schema_migrations"))}


def pending(conn: Connection) -> list[Migration]:
    done = applied_versions(conn)
    return [m for m in MIGRATIONS if m.version not in done]


def migrate(conn: Connection) -> list[Migration]:
    """Apply every pending migration, each in the caller's transaction."""
    applied = []
    for migration in pending(conn):
        for statement in migration.statements:
            conn.execute(text(statement))
        conn.execute(
            text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)"),
            {"v": migration.version, "n": migration.name, "t": datetime.now(UTC).isoformat()},
        )
        applied.append(migration)
    return applied
