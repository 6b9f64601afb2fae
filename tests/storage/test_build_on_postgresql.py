"""A whole `storyline build` on PostgreSQL writes what the same build on SQLite writes."""

from __future__ import annotations

import json

from tests.conftest import KERMAN, require, run_cli

SAME_FILES = (
    "articles.jsonl",
    "stories.jsonl",
    "story_changes.jsonl",
    "entities.jsonl",
    "rejected.jsonl",
    "events_gtd.csv",
    "events_acled.csv",
)


def test_kerman_build_is_the_same_on_postgresql_and_sqlite(pg_server, tmp_path):
    corpus = str(require(KERMAN))
    url = pg_server.create_database("kerman")
    outputs = {}
    for backend, db in (("sqlite", None), ("postgresql", url)):
        out = tmp_path / backend
        args = ["build", corpus, "--out", str(out), "-q"] + (["--db", db] if db else [])
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr.decode()
        outputs[backend] = out
    sqlite, postgresql = outputs["sqlite"], outputs["postgresql"]
    for name in SAME_FILES:
        assert (postgresql / name).read_text() == (sqlite / name).read_text(), name
    assert len((sqlite / "stories.jsonl").read_text().splitlines()) > 0

    def manifest(out):
        data = json.loads((out / "manifest.json").read_text())
        return {k: v for k, v in data.items() if k not in ("database", "generated_at")}

    assert manifest(postgresql) == manifest(sqlite)
    assert json.loads((postgresql / "manifest.json").read_text())["database"].startswith(
        "postgresql"
    )

    # and a second build on the same database changes nothing
    again = run_cli("build", corpus, "--out", str(tmp_path / "again"), "--db", url, "-q")
    assert again.returncode == 0, again.stderr.decode()
    for name in SAME_FILES:
        assert (tmp_path / "again" / name).read_text() == (sqlite / name).read_text(), name
