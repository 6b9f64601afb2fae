"""Shared fixtures: the real corpora in ../shared, a fresh store, and the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.ingest import default_registry
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
