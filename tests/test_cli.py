"""The command line on real inputs: outputs, their schemas, exit codes, error lines."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLE, KERMAN, require, run_cli


def schema(name: str) -> dict:
    return json.loads(resources.files("storyline").joinpath(f"schemas/{name}").read_text())


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def kerman_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("kerman")
    result = run_cli("build", str(require(KERMAN)), "--out", str(out))
    return out, result


def test_kerman_build_writes_the_contract(kerman_build):
    out, result = kerman_build
    assert result.returncode == 0, result.stderr.decode()
    rows = {r["id"][:3]: r for r in read_jsonl(out / "articles.jsonl")}
    assert sorted(rows) == ["000", "001", "002", "003", "004"]
    for row in rows.values():
        jsonschema.validate(row, schema("articles.schema.json"))
    assert rows["003"]["published"].startswith("2024-01-04")
    assert rows["004"]["published"] == "2024-01-04"
    assert (rows["001"]["outlet"], rows["001"]["agencies"]) == ("RFI", ["AFP"])
    assert rows["002"]["outlet"] == "Today IT"
    assert (rows["003"]["outlet"], rows["003"]["agencies"]) == ("Le Monde", ["AFP"])
    # expected.json sits in the folder: it is JSON, but not an article, and is accounted for
    [rejected] = read_jsonl(out / "rejected.jsonl")
    jsonschema.validate(rejected, schema("rejected.schema.json"))
    assert rejected["path"].endswith("expected.json") and "no article" in rejected["reason"]
    assert "report:" in result.stderr.decode()
    for name in ("report.md", "report.html", "manifest.json"):
        assert (out / name).stat().st_size > 0


def test_rebuild_is_idempotent(kerman_build):
    out, _ = kerman_build
    before = (out / "articles.jsonl").read_text()
    result = run_cli("build", str(KERMAN), "--out", str(out))
    assert result.returncode == 0
    assert "6 inputs: 6 unchanged" in result.stderr.decode()
    assert (out / "articles.jsonl").read_text() == before


def test_strict_fails_on_rejections(kerman_build, tmp_path):
    result = run_cli("build", str(KERMAN), "--out", str(tmp_path / "o"), "--strict", "-q")
    assert result.returncode == 1


def test_articles_command_lists_and_filters(kerman_build):
    out, _ = kerman_build
    result = run_cli(
        "articles", "--db", str(out / "storyline.db"), "--json", "--outlet", "le monde"
    )
    assert result.returncode == 0
    [row] = [json.loads(x) for x in result.stdout.decode().splitlines()]
    assert row["id"].startswith("003")
    table = run_cli("articles", "--db", str(out / "storyline.db"), "--search", "Miadfar")
    assert "003_302d7f08f795582b" in table.stdout.decode()
    assert "3 articles" in table.stderr.decode()


def test_errors_are_one_readable_line(tmp_path):
    result = run_cli("articles", "--db", str(tmp_path / "nothing.db"))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert lines == [
        f"error: no database at {tmp_path / 'nothing.db'} (run storyline ingest or build first)"
    ]


def test_untrusted_text_is_escaped_in_the_report(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "evil.json").write_text(
        json.dumps(
            {
                "id": "evil",
                "title": "<script>alert(1)</script>",
                "text": "'; DROP TABLE articles; -- and <b>bold</b> claims were made on Monday.",
            }
        )
    )
    result = run_cli("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    [row] = read_jsonl(tmp_path / "out" / "articles.jsonl")
    assert row["title"] == "<script>alert(1)</script>"


def test_example_corpus_matches_its_expectations(tmp_path):
    """The corpus `make run` builds: every article as its expected.json describes it."""
    expected = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
    result = run_cli("build", str(EXAMPLE / "articles"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "rejected.jsonl").read_text() == ""
    rows = {r["id"]: r for r in read_jsonl(tmp_path / "articles.jsonl")}
    assert set(rows) == {a["id"] for a in expected["articles"]}
    from storyline.storage import open_store

    store = open_store(tmp_path / "storyline.db")
    for want in expected["articles"]:
        got = rows[want["id"]]
        for key in ("outlet", "agencies", "published", "language"):
            assert got[key] == want[key], (want["id"], key)
        clean = " ".join(store.article(want["id"]).clean_text.split())
        for phrase in want["kept_phrases"]:
            assert " ".join(phrase.split()) in clean, (want["id"], phrase)
        for gone in want["removed_lines"]:
            assert gone not in clean, (want["id"], gone)
        for once in want.get("must_appear_once", []):
            assert clean.count(" ".join(once.split())) == 1, (want["id"], once)
    store.close()
