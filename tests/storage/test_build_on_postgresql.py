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


def test_serve_reads_a_postgresql_build(pg_server, tmp_path):
    """The web app on a PostgreSQL database shows what it shows on SQLite."""
    from fastapi.testclient import TestClient

    from storyline.serve import create_app

    url = pg_server.create_database("serve")
    result = run_cli("build", str(require(KERMAN)), "--out", str(tmp_path), "--db", url, "-q")
    assert result.returncode == 0, result.stderr.decode()
    story = json.loads((tmp_path / "stories.jsonl").read_text().splitlines()[0])
    with TestClient(create_app(url)) as client:
        listing = client.get("/api/stories", params={"q": "Kerman"})
        assert listing.status_code == 200
        assert story["id"] in listing.text
        page = client.get(f"/stories/{story['id']}")
        assert page.status_code == 200
        assert "84" in page.text and "revised" in page.text and "conflicting" in page.text
        api = client.get(f"/api/stories/{story['id']}").json()
        assert api["event"]["figures"]["killed"]["value"] == 84
