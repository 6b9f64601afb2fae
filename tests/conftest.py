"""Shared fixtures: the real corpora in ../shared, a fresh store, and the CLI as a subprocess."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from storyline.ingest import default_registry
from storyline.ingest.text import split_sentences
from storyline.model import Article, OffsetMap, Piece
from storyline.storage import open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
KERMAN = SHARED / "corpus" / "kerman-2024"
GVA_DEV = SHARED / "datasets" / "gva" / "dev"
EXAMPLE = REPO / "examples" / "port-arden-2025"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests read ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def registry():
    return default_registry()


@pytest.fixture
def store(tmp_path_factory):
    s = open_store(tmp_path_factory.mktemp("db") / "test.db")  # apart from the inputs
    yield s
    s.close()


def run_cli(
    *args: str, input: bytes | None = None, cwd: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run `storyline` as a user would, in a fresh interpreter."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def gva_build_dir(tmp_path_factory) -> Path:
    """GVA dev built locally once per session (every stage on 4,932 articles, about 5
    minutes on an idle 2-core machine): read by test_gva and the engine comparisons."""
    out = tmp_path_factory.mktemp("gva")
    result = run_cli(
        "build", str(require(GVA_DEV / "articles.jsonl")), "--out", str(out), "-q", timeout=1800
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return out


def plain_article(
    text: str,
    lang: str,
    published: datetime | None = datetime(2024, 1, 4),
    *,
    article_id: str = "t",
    title: str | None = None,
) -> Article:
    """An article whose raw text is `text` itself, for tests on sentences written here."""
    offsets = OffsetMap([Piece(0, len(text), 0, len(text))])
    return Article(
        id=article_id,
        raw_text=text,
        clean_text=text,
        offsets=offsets,
        sentences=split_sentences(text, text, offsets),
        content_hash="",
        language=lang,
        published=published,
        title=title,
    )


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, to check a place against a coordinate and a tolerance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))
