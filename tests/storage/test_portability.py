"""What differs between SQLite and PostgreSQL, pinned: each test runs on both backends.

The PostgreSQL test databases use ICU's en-US collation on purpose (tests/pg.py), so an
ORDER BY that leans on the server's default collation shows up here as a different order.
"""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
from sqlalchemy import text

from storyline.pipeline import ingest
from storyline.storage import ArticleFilter, describe_location, open_store
from storyline.storage.migrations import MIGRATIONS

DAM = "The dam at Lake Orvin gave way early on Sunday, flooding two villages nearby."


def write_jsonl(path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def ids(store, **where) -> list[str]:
    return [a.id for a in store.articles(ArticleFilter(**where))]


def test_ids_sort_bytewise_whatever_the_server_collation(tmp_path, store):
    names = ["b", "B", "a-c", "ab", "a_b", "Émile", "zeta", "a~1", "a"]
    write_jsonl(
        tmp_path / "x.jsonl",
        [{"id": n, "published": "2024-03-01", "text": f"{DAM} Report {i}."} for i, n in
         enumerate(names)]
        + [{"id": f"u{n}", "text": f"{DAM} Undated {i}."} for i, n in enumerate(names)],
    )  # fmt: skip
    ingest([str(tmp_path)], store)
    assert ids(store) == sorted(names) + sorted(f"u{n}" for n in names)  # undated last
    assert [o.key.rsplit("#", 1)[1] for o in store.outcomes()] == sorted(
        f"L{i}" for i in range(1, 19)
    )


def test_stories_entities_and_changes_read_back_in_a_fixed_order(store):
    stories = [
        {"id": sid, "title": sid, "first_published": first, "last_published": first,
         "independent_sources": 1, "articles": [f"{sid}-1", f"{sid}-2"]}
        for sid, first in (
            ("s-b", "2024-01-02"), ("S-a", "2024-01-02"), ("s_c", "2024-01-01"), ("u", None),
        )
    ]  # fmt: skip
    changes = [{"kind": "new", "story": s["id"]} for s in stories]
    store.replace_stories(stories, changes)
    assert [s["id"] for s in store.stories()] == ["u", "s_c", "S-a", "s-b"]  # undated first
    assert store.story_changes() == changes
    assert list(store.story_of_articles()) == sorted(a for s in stories for a in s["articles"])

    entities = [
        {"id": i, "type": t, "canonical": c}
        for i, t, c in (
            ("e3", "person", "de Gaulle"), ("e1", "person", "Dupont"), ("e2", "person", "Émile"),
            ("e4", "org", "un"), ("e5", "org", "UN"), ("e6", "person", "Dupont"),
        )
    ]  # fmt: skip
    store.replace_entities(entities)
    assert [e["id"] for e in store.entities()] == ["e5", "e4", "e1", "e6", "e3", "e2"]

    store.write_events([("b", "v1", [{"what": "flood"}]), ("a", None, [])])
    store.write_events([("b", "v2", [{"what": "fire"}])])  # replaces b only
    assert store.event_bases() == {"a": None, "b": "v2"}
    assert list(store.events_by_article().items()) == [("a", []), ("b", [{"what": "fire"}])]
    assert store.events_of(["b", "x"]) == {"b": [{"what": "fire"}]}
    store.write_story_facts([("s-b", "1", {"flags": ["x"]}), ("S-a", "1", {"flags": []})])
    assert list(store.story_facts()) == ["S-a", "s-b"]
    store.write_story_facts([("s-c", "2", {"flags": []})])
    store.drop_story_facts_except({"s-b", "s-c"})  # S-a merged away
    assert list(store.story_facts()) == ["s-b", "s-c"]
    assert store.story_fact_bases() == {"s-b": "1", "s-c": "2"}


def test_case_insensitive_filters_fold_accented_letters(tmp_path, store):
    write_jsonl(
        tmp_path / "x.jsonl",
        [
            {"id": "fr", "outlet": "Écho de Paris", "title": "L'ÉLYSÉE répond",
             "text": "Le palais de l'Élysée a répondu vendredi aux critiques."},
            {"id": "en", "outlet": "Le Monde", "text": DAM},
        ],
    )  # fmt: skip
    ingest([str(tmp_path)], store)
    assert ids(store, outlet="écho de paris") == ["fr"]
    assert ids(store, outlet="ÉCHO DE PARIS") == ["fr"]
    assert ids(store, outlet="LE MONDE") == ["en"]
    assert ids(store, text="élysée") == ["fr"]
    assert ids(store, text="ÉLYSÉE RÉPOND") == ["fr"]
    assert ids(store, text="LAKE ORVIN") == ["en"]


def test_search_text_is_literal(tmp_path, store):
    write_jsonl(
        tmp_path / "x.jsonl",
        [
            {"id": "pct", "text": "Turnout fell to 50% in the valley after the dam broke."},
            {"id": "und", "text": "The file a_b.txt and the path C:\\data were cited on Monday."},
            {"id": "other", "text": "Turnout fell to 50 in the valley, and ab was cited."},
        ],
    )
    ingest([str(tmp_path)], store)
    assert ids(store, text="50%") == ["pct"]
    assert ids(store, text="a_b") == ["und"]
    assert ids(store, text="C:\\data") == ["und"]
    assert ids(store, text="\\") == ["und"]  # PostgreSQL's LIKE would read this as an escape
    assert ids(store, text="'; DROP TABLE articles; --") == []


def test_until_a_day_includes_that_whole_day(tmp_path, store):
    write_jsonl(
        tmp_path / "x.jsonl",
        [
            {"id": "late", "published": "2024-03-01T23:59:59", "text": DAM},
            {"id": "day", "published": "2024-03-01", "text": DAM + " Day."},
            {"id": "next", "published": "2024-03-02T00:00:00", "text": DAM + " Next."},
        ],
    )
    ingest([str(tmp_path)], store)
    assert ids(store, until="2024-03-01") == ["day", "late"]
    assert ids(store, since="2024-03-01T12:00:00") == ["late", "next"]
    assert ids(store, until="2024-03-01", limit=1) == ["day"]


def test_nul_and_private_use_characters_survive_verbatim(tmp_path, store):
    """PostgreSQL's TEXT cannot hold U+0000; the store must give back what it was given."""
    body = "Some words\x00 here about a dam \ue000 that broke\ue0000 on Friday in the valley."
    write_jsonl(tmp_path / "x.jsonl", [{"id": "n\x00ul", "title": "T\x00\ue000", "text": body}])
    report = ingest([str(tmp_path)], store)
    assert report.counts["ingested"] == 1, report.internal_errors
    [article] = store.articles()
    assert (article.id, article.title, article.raw_text) == ("n\x00ul", "T\x00\ue000", body)
    assert store.article("n\x00ul").raw_text == body
    assert ids(store, text="some words") == ["n\x00ul"]  # (SQLite's LIKE stops at a NUL)
    assert store.outcomes()[0].article_id == "n\x00ul"


def test_upsert_of_an_input_replaces_its_outcome(store):
    from storyline.model import InputOutcome

    store.write_batch([], [InputOutcome("k", "rejected", "h1", reason="empty")])
    store.write_batch([], [InputOutcome("k", "rejected", "h2", reason="still empty")])
    assert store.input_hashes() == {"k": ("h2", "rejected")}
    assert store.input_counts() == {"rejected": 1}


def test_vectors_round_trip(store):
    lead, title = np.arange(4, dtype=np.float32), np.full(4, 0.5, dtype=np.float32)
    store.write_vectors("enc", [("a", lead, title)])
    store.write_vectors("enc", [("a", title, lead)])  # cached already: kept as first written
    [(got_lead, got_title)] = store.vectors("enc").values()
    assert got_lead.tolist() == lead.tolist() and got_title.tolist() == title.tolist()
    assert store.vectors("other") == {}


def test_two_processes_opening_a_new_database_migrate_it_once(db_target):
    barrier, errors, stores = threading.Barrier(4), [], []

    def opener() -> None:
        barrier.wait()
        try:
            stores.append(open_store(db_target))
        except Exception as exc:  # reported below with the others
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with stores[0].transaction() as conn:
        versions = conn.execute(text("SELECT version FROM schema_migrations ORDER BY version"))
        assert versions.scalars().all() == [m.version for m in MIGRATIONS]
    for s in stores:
        s.close()


def test_url_forms_and_their_description(backend, db_target):
    if backend == "postgresql":
        plain = db_target.replace("postgresql+psycopg://", "postgresql://")
        store = open_store(plain)  # the driver installed is psycopg 3, not psycopg2
        assert store.engine.dialect.driver == "psycopg"
        assert store.count_articles() == 0
        store.close()
        assert ":app@" not in describe_location(plain) and "***" in describe_location(plain)
    else:
        assert describe_location(db_target) == db_target


@pytest.mark.parametrize("size", [3_000_000])
def test_large_text_round_trips(tmp_path, store, size):
    body = (DAM + " ") * (size // (len(DAM) + 1))
    write_jsonl(tmp_path / "x.jsonl", [{"id": "big", "text": body}])
    ingest([str(tmp_path)], store)
    assert store.article("big").raw_text == body
