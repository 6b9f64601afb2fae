"""Every storage test runs twice: on an SQLite file and on a real PostgreSQL database.

The PostgreSQL server is one private cluster for the whole session (tests/pg.py), started
only when a test asks for it; each test gets a database of its own in it (~70 ms). Set
STORYLINE_TEST_PG to the URL of a server of your own to skip starting one (its role then
needs CREATEDB). Without PostgreSQL binaries the postgresql half is skipped, saying why,
unless STORYLINE_REQUIRE_PG=1 (for CI), which makes that a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from storyline.storage import Store, open_store
from tests.pg import ENV_URL, PostgresServer, postgres_bin

BACKENDS = ("sqlite", "postgresql")
REQUIRE_ENV = "STORYLINE_REQUIRE_PG"


class _External:
    """A server given by URL: new databases are made through its maintenance database."""

    def __init__(self, url: str):
        from sqlalchemy.engine import make_url

        self.base = make_url(url)

    def create_database(self, prefix: str = "t") -> str:
        from sqlalchemy import create_engine, text

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        engine = create_engine(self.base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        engine.dispose()
        return self.base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer | _External]:
    """The session's PostgreSQL server; skipped (with the reason) when there is none."""
    if os.environ.get(ENV_URL):
        yield _External(os.environ[ENV_URL])
        return
    if postgres_bin() is None:
        reason = "PostgreSQL binaries not found: apt-get install postgresql to run these"
        if os.environ.get(REQUIRE_ENV):  # CI sets it, so a failed install cannot pass quietly
            pytest.fail(f"{reason} ({REQUIRE_ENV} is set)")
        pytest.skip(reason)
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_target(backend: str, request: pytest.FixtureRequest, tmp_path_factory) -> str:
    """Where a test's database lives: an SQLite path, or the URL of a fresh PG database."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_server").create_database()
    return str(tmp_path_factory.mktemp("db") / "test.db")  # apart from the inputs


@pytest.fixture
def store(db_target: str) -> Iterator[Store]:
    """Overrides tests/conftest.py's SQLite-only store for the tests in this folder."""
    s = open_store(db_target)
    yield s
    s.close()
