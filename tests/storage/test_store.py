"""The store: migrations, idempotent writes, one article per content."""

from __future__ import annotations

from sqlalchemy import text

from storyline.pipeline import ingest
from storyline.storage import ArticleFilter, open_store
from storyline.storage.migrations import MIGRATIONS

STORY = (
    "The dam at Lake Orvin gave way early on Sunday, flooding two villages, "
    "the interior ministry said. Nobody was hurt."
)


def test_migrations_are_recorded_and_not_reapplied(db_target):
    store = open_store(db_target)
    with store.transaction() as conn:
        rows = conn.execute(text("SELECT version, name FROM schema_migrations")).all()
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
    store.close()
    again = open_store(db_target)
    assert again.pending_migrations() == []
    assert again.migrate() == []
    again.close()


def test_reingesting_the_same_inputs_changes_nothing(tmp_path, store):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dam.txt").write_text(STORY)
    (tmp_path / "in" / "list.jsonl").write_text(
        '{"id": "j1", "text": "Another story about a bridge that closed for repairs on Monday."}\n'
    )
    first = ingest([str(tmp_path / "in")], store)
    second = ingest([str(tmp_path / "in")], store)
    assert first.counts["ingested"] == 2
    assert dict(second.counts) == {"unchanged": 2}
    assert store.count_articles() == 2
    assert len(store.outcomes()) == 2


def test_same_article_under_another_name_is_a_duplicate(tmp_path, store):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text("  " + STORY.replace(" ", "  ") + "\n\n")  # same words
    report = ingest([str(tmp_path)], store)
    assert dict(report.counts) == {"ingested": 1, "duplicate": 1}
    [dup] = store.outcomes("duplicate")
    assert dup.key.endswith("b.txt") and dup.article_id == "a"
    assert store.duplicates_by_article() == {"a": [{"path": dup.key, "id": "b"}]}


def test_same_text_from_two_outlets_is_two_articles(tmp_path, store):
    (tmp_path / "x.jsonl").write_text(
        f'{{"id": "p1", "outlet": "Orvin Post", "text": "{STORY}"}}\n'
        f'{{"id": "p2", "outlet": "Valley Times", "text": "{STORY}"}}\n'
    )
    assert ingest([str(tmp_path)], store).counts["ingested"] == 2


def test_one_id_two_different_articles_keeps_both(tmp_path, store):
    for folder, extra in (("one", ""), ("two", " A second, different report.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(STORY + extra)
    ingest([str(tmp_path)], store)
    ids = sorted(a.id for a in store.articles())
    assert ids[0] == "report" and ids[1].startswith("report~")


def test_changed_input_is_read_again(tmp_path, store):
    path = tmp_path / "dam.txt"
    path.write_text(STORY)
    ingest([str(path)], store)
    path.write_text(STORY + " Repairs will take a month.")
    report = ingest([str(path)], store)
    assert report.counts["ingested"] == 1
    assert store.count_articles() == 2  # both versions stay; the input points at the newest


def test_filters(tmp_path, store):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "en1", "language": "en", "published": "2024-03-01", "outlet": "Orvin Post", '
        '"text": "The dam broke on Friday."}\n'
        '{"id": "fr1", "language": "fr", "published": "2024-03-05T10:00:00+01:00", '
        '"text": "Le barrage a cédé vendredi."}\n'
    )
    ingest([str(tmp_path)], store)
    ids = lambda **kw: [a.id for a in store.articles(ArticleFilter(**kw))]  # noqa: E731
    assert ids() == ["en1", "fr1"]
    assert ids(language="fr") == ["fr1"]
    assert ids(outlet="orvin post") == ["en1"]
    assert ids(since="2024-03-02") == ["fr1"]
    assert ids(until="2024-03-01") == ["en1"]
    assert ids(text="barrage") == ["fr1"]
    assert ids(text="'; DROP TABLE articles; --") == []
    assert store.count_articles() == 2
