"""Incremental updates: a new article costs its own reading, not a rebuild of the corpus.

The two articles below are written for this test: a follow-up on the Kerman bombing from
an invented outlet (it must join the Kerman story and add its toll to the fact sheet),
and an unrelated warehouse fire in an invented town (it must start a story of its own).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.pipeline import (
    cluster_stories,
    consolidate_stage,
    entities_stage,
    extract_stage,
    ingest,
)
from storyline.storage import open_store
from storyline.stories.build import StoryBuilder
from tests.conftest import KERMAN, require, run_cli

FOLLOW_UP = {
    "id": "ledger-kerman-followup",
    "outlet": "Gulf Ledger",
    "published": "2024-01-05T09:30:00+00:00",
    "title": "Iran: Kerman bombing toll rises to 89 as Islamic State claim is studied",
    "text": (
        "KERMAN, Iran — The death toll from Wednesday's twin suicide bombings in Kerman, "
        "near the tomb of General Qasem Soleimani, rose to 89 on Friday, Iran's health "
        "ministry said, after earlier reports of at least 84 dead.\n\n"
        "The two explosions struck a crowd marking the fourth anniversary of Soleimani's "
        "killing in a US drone strike in Baghdad in January 2020. More than 280 people "
        "were injured, the ministry said.\n\n"
        "The Islamic State group claimed responsibility on Thursday in a statement on "
        "Telegram, saying two of its members had detonated explosive belts in the crowd "
        "near the Saheb al-Zaman mosque.\n\n"
        "Iran declared Thursday a day of national mourning in tribute to the victims."
    ),
}

UNRELATED = {
    "id": "ellery-warehouse-fire",
    "outlet": "Ellery Courier",
    "published": "2024-01-06T18:00:00+00:00",
    "title": "Warehouse fire in Port Ellery leaves two firefighters hurt",
    "text": (
        "PORT ELLERY — A fire destroyed a timber warehouse on the Ellery docks on Saturday "
        "afternoon, and two firefighters were treated for smoke inhalation, the county fire "
        "service said.\n\n"
        "Crews from four stations fought the blaze for six hours. Nobody was inside the "
        "building when the fire started, the warehouse owner, Miriam Okafor, told the "
        "Courier.\n\n"
        "Investigators have not yet said what caused the fire. The dock road will stay "
        "closed until Monday."
    ),
}


def _write(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _stages(store, builder: StoryBuilder) -> dict[str, int]:
    """The stages as a live instance runs them; what each had to (re)do."""
    built = cluster_stories(store, builder=builder)
    return {
        "stories": len(built.stories),
        "copies_compared": len(built.new_copies),
        "events_read": extract_stage(store),
        "entities": entities_stage(store),
        "facts_consolidated": consolidate_stage(store),
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    out = tmp_path_factory.mktemp("incremental")
    result = run_cli("build", str(require(KERMAN)), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    store = open_store(out / "storyline.db")
    builder = StoryBuilder()
    first = _stages(store, builder)  # replays the build into the builder: nothing new
    yield store, builder, first, out
    store.close()


def _kerman_story(store) -> dict:
    return next(s for s in store.stories() if "ledger-kerman-followup" in s["articles"])


def test_a_rerun_over_an_unchanged_store_reads_nothing_again(live):
    _, _, first, _ = live
    assert first["events_read"] == 0
    assert first["facts_consolidated"] == 0
    assert first["copies_compared"] == 0


def test_a_follow_up_joins_its_story_and_only_it_is_read(live, tmp_path):
    store, builder, _, _ = live
    bases_before = store.event_bases()
    facts_before = store.story_facts()
    ingest([str(_write(tmp_path / "new.jsonl", FOLLOW_UP))], store)
    done = _stages(store, builder)
    assert done["events_read"] == 1  # the new article, not the five before it
    assert done["facts_consolidated"] == 1  # only the story it joined
    assert done["copies_compared"] == 1
    story = _kerman_story(store)
    assert len(story["articles"]) == 6
    assert {a: b for a, b in store.event_bases().items() if a in bases_before} == bases_before
    facts = store.story_facts()[story["id"]]
    assert facts != facts_before[story["id"]]
    reports = facts["event"]["figures"]["killed"]["reports"]
    (new,) = [r for r in reports if r["value"] == 89]
    assert new["sources"] == [FOLLOW_UP["id"]]
    (evidence,) = [e for e in new["evidence"] if e["article"] == FOLLOW_UP["id"]]
    article = store.article(FOLLOW_UP["id"])
    source = article.title if evidence.get("field") == "title" else article.raw_text
    assert source[evidence["start"] : evidence["end"]] == evidence["text"] == "89"


def test_an_unrelated_article_starts_its_own_story(live, tmp_path):
    store, builder, _, _ = live
    stories_before = {s["id"]: s["articles"] for s in store.stories()}
    ingest([str(_write(tmp_path / "fire.jsonl", UNRELATED))], store)
    done = _stages(store, builder)
    assert done["events_read"] == 1
    assert done["facts_consolidated"] == 1  # the new story; the Kerman sheet is kept
    after = {s["id"]: s["articles"] for s in store.stories()}
    assert {k: v for k, v in after.items() if k in stories_before} == stories_before
    (new_story,) = [v for k, v in after.items() if k not in stories_before]
    assert new_story == [UNRELATED["id"]]


def test_the_stream_agrees_with_a_rebuild(live, tmp_path):
    store, _, _, _ = live
    corpus = tmp_path / "all"
    corpus.mkdir()
    for path in require(KERMAN).iterdir():
        if path.is_file() and path.name != "expected.json":
            (corpus / path.name).write_bytes(path.read_bytes())
    _write(corpus / "extra.jsonl", FOLLOW_UP, UNRELATED)
    out = tmp_path / "rebuild"
    result = run_cli("build", str(corpus), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    rebuilt = [json.loads(x) for x in (out / "stories.jsonl").read_text().splitlines()]
    assert sorted(sorted(s["articles"]) for s in rebuilt) == sorted(
        sorted(s["articles"]) for s in store.stories()
    )
    live_facts = store.story_facts()
    for story in rebuilt:
        assert story["event"] == live_facts[story["id"]]["event"], story["id"]
