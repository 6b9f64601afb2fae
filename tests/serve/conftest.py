"""Fixtures for the serve tests: a real Kerman build, and the app over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import KERMAN, require, run_cli

STORY_ARTICLES = 5


def build_kerman(out: Path) -> Path:
    """Run `storyline build` on the Kerman corpus into `out`; return the database path."""
    require(KERMAN)
    done = run_cli("build", str(KERMAN), "--out", str(out), "-q")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return out / "storyline.db"


def kerman_story_id(out: Path) -> str:
    """The id of the story holding all five Kerman articles."""
    for line in (out / "stories.jsonl").read_text().splitlines():
        story = json.loads(line)
        if len(story["articles"]) == STORY_ARTICLES:
            return story["id"]
    raise AssertionError("no story with the five Kerman articles")


@pytest.fixture(scope="module")
def kerman_build(tmp_path_factory) -> tuple[Path, str]:
    """One build per test module: (database path, Kerman story id)."""
    out = tmp_path_factory.mktemp("kerman")
    db = build_kerman(out)
    return db, kerman_story_id(out)


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(require(KERMAN / "expected.json").read_text())
