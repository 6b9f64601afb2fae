"""Schema migrations: numbered, applied once each, recorded in `schema_migrations`.

Later stages extend the schema by appending a migration here, never by editing an
applied one. The SQL is the subset SQLite and PostgreSQL share, with one placeholder:
`{KEY}` is the type of a column that identifies or orders rows. On SQLite it is plain
TEXT (compared byte by byte); on PostgreSQL it is TEXT COLLATE "C", because a server's
default collation is often linguistic (en_US, ICU), which would sort "B" between "a" and
"c" and ignore punctuation, so ids, keys and ISO timestamps would order differently from
SQLite and a rebuild (which replays articles in that order) would differ too. Rendered
for SQLite, migrations 1-5 are the very statements applied before the placeholder came.

Each run of `migrate` holds a lock for its whole transaction (PostgreSQL's advisory lock;
SQLite's BEGIN IMMEDIATE, see storage.open_store), so two processes opening a new
database at once apply each migration once; DDL is transactional on both, so a migration
killed half-way leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

# how `{KEY}` is rendered, per SQLAlchemy dialect name
_KEY_TYPE = {"sqlite": "TEXT", "postgresql": 'TEXT COLLATE "C"'}
# any constant will do: it names the lock every storyline process takes to migrate
_PG_MIGRATION_LOCK = 4_217_301_955


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]

    def render(self, dialect: str) -> list[str]:
        """The statements as `dialect` takes them (see the module docstring on {KEY})."""
        key = _KEY_TYPE.get(dialect, "TEXT")
        return [statement.replace("{KEY}", key) for statement in self.statements]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles and input accounting",
        (
            """CREATE TABLE articles (
                id {KEY} PRIMARY KEY,
                content_hash TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                outlet TEXT,
                outlet_id TEXT,
                outlet_domain TEXT,
                agencies TEXT NOT NULL,
                url TEXT,
                title TEXT,
                published TEXT,
                published_sort {KEY},
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
                key {KEY} PRIMARY KEY,
                unit_hash TEXT NOT NULL,
                status {KEY} NOT NULL,
                article_id {KEY},
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
                article_id {KEY} NOT NULL,
                encoder {KEY} NOT NULL,
                lead TEXT NOT NULL,
                title TEXT NOT NULL,
                PRIMARY KEY (article_id, encoder)
            )""",
            """CREATE TABLE stories (
                id {KEY} PRIMARY KEY,
                title TEXT,
                first_published {KEY},
                last_published {KEY},
                independent_sources INTEGER NOT NULL,
                record TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE story_articles (
                article_id {KEY} PRIMARY KEY,
                story_id {KEY} NOT NULL
            )""",
            "CREATE INDEX story_articles_story ON story_articles (story_id)",
            """CREATE TABLE story_changes (
                seq INTEGER PRIMARY KEY,
                kind {KEY} NOT NULL,
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
                article_id {KEY} PRIMARY KEY,
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
                story_id {KEY} PRIMARY KEY,
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
                id {KEY} PRIMARY KEY,
                type {KEY} NOT NULL,
                canonical {KEY} NOT NULL,
                record TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        6,
        "what each reading was made from, so a run redoes only new work",
        (
            # NULL: stored before bases were kept, so read again on the next run
            "ALTER TABLE article_events ADD COLUMN basis TEXT",
            "ALTER TABLE story_facts ADD COLUMN basis TEXT",
            """CREATE TABLE article_mentions (
                article_id {KEY} PRIMARY KEY,
                basis TEXT NOT NULL,
                mentions TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            # a story's copy groups by a digest of its members' texts and the copy rules
            """CREATE TABLE copy_group_cache (
                members_key {KEY} PRIMARY KEY,
                groups TEXT NOT NULL
            )""",
        ),
    ),
)


def applied_versions(conn: Connection) -> set[int]:
    """Versions recorded so far (creating the record table on a new database)."""
    if conn.dialect.name == "postgresql":
        # taken before CREATE TABLE IF NOT EXISTS, which itself races on PostgreSQL;
        # released when the caller's transaction ends
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
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
        for statement in migration.render(conn.dialect.name):
            conn.execute(text(statement))
        conn.execute(
            text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)"),
            {"v": migration.version, "n": migration.name, "t": datetime.now(UTC).isoformat()},
        )
        applied.append(migration)
    return applied
