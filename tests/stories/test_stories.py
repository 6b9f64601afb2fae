"""Stories on real and written inputs: one story per incident, across languages and outlets."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLE, KERMAN, require, run_cli

FIXTURES = Path(__file__).parent / "fixtures"


def _build(tmp_path: Path, *inputs: Path) -> tuple[list[dict], list[dict]]:
    out = tmp_path / "out"
    result = run_cli("build", *map(str, inputs), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    stories = [json.loads(x) for x in (out / "stories.jsonl").read_text().splitlines()]
    articles = [json.loads(x) for x in (out / "articles.jsonl").read_text().splitlines()]
    return stories, articles


def _instant(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _story_with(stories: list[dict], article_id: str) -> dict:
    return next(s for s in stories if article_id in s["articles"])


@pytest.fixture(scope="module")
def kerman(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("kerman"), require(KERMAN))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The Port Arden example plus a same-day bombing elsewhere, reported in fr and es."""
    tmp = tmp_path_factory.mktemp("mixed")
    inputs = tmp / "inputs"
    shutil.copytree(EXAMPLE / "articles", inputs / "port-arden")
    shutil.copytree(FIXTURES / "quetta", inputs / "quetta")
    return _build(tmp, inputs)


def test_kerman_articles_form_one_story(kerman):
    stories, articles = kerman
    expected = json.loads((KERMAN / "expected.json").read_text())["story"]["articles"]
    assert len(stories) == 1
    assert sorted(stories[0]["articles"]) == sorted(expected)
    assert {a["story"] for a in articles} == {stories[0]["id"]}


def test_kerman_wire_copies_are_not_independent_sources(kerman):
    stories, _ = kerman
    story = stories[0]
    groups = [set(g["articles"]) for g in story["copy_groups"]]
    assert any({"001_2d7615694dbad056", "003_302d7f08f795582b"} <= g for g in groups)
    assert story["independent_sources"] <= 3
    for group in story["copy_groups"]:
        assert group["shared"], "a copy group without the shared passages as evidence"
        for passage in group["shared"]:
            for side in ("left", "right"):
                ev = passage[side]
                assert ev["article"] in group["articles"]
                assert ev["end"] > ev["start"] and ev["sentence"]


def test_one_story_across_five_languages_and_unrelated_events_apart(mixed):
    stories, articles = mixed
    truth = json.loads((EXAMPLE / "expected.json").read_text())
    story = _story_with(stories, truth["story"][0])
    assert sorted(story["articles"]) == sorted(truth["story"])
    for unrelated in truth["unrelated"]:
        assert _story_with(stories, unrelated)["articles"] == [unrelated]
    quetta = _story_with(stories, "quetta-es-balance")
    assert len(quetta["articles"]) == 2, "the fr and es reports of one bombing are one story"
    assert len(stories) == 3
    languages = {a["id"]: a["language"] for a in articles}
    assert {languages[a] for a in story["articles"]} == {"en", "fr", "es", "it", "ro"}


def test_example_wire_group_counts_once(mixed):
    stories, _ = mixed
    truth = json.loads((EXAMPLE / "expected.json").read_text())
    story = _story_with(stories, truth["story"][0])
    wire = set(truth["wire_groups"][0]["members"])
    groups = [set(g["articles"]) for g in story["copy_groups"]]
    assert wire in groups
    assert story["independent_sources"] == len(story["articles"]) - len(wire) + 1


def test_story_lines_follow_the_schema(mixed):
    stories, articles = mixed
    schema = json.loads(
        resources.files("storyline").joinpath("schemas/stories.schema.json").read_text()
    )
    published = {a["id"]: a["published"] for a in articles}
    for story in stories:
        jsonschema.validate(story, schema)
        dates = sorted(
            (_instant(published[a]), published[a]) for a in story["articles"] if published[a]
        )
        assert story["first_published"] == (dates[0][1] if dates else None)
        assert story["last_published"] == (dates[-1][1] if dates else None)
    assert sorted(a for s in stories for a in s["articles"]) == sorted(published)
