"""`storyline watch`: a running process picks up new articles and updates the fact sheets."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import EXAMPLE

ARTICLES = EXAMPLE / "articles"


def _wait_for(check, timeout: float = 240.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def _in_stories(out: Path) -> int:
    """Articles that belong to a story with a fact sheet, in the latest outputs."""
    path = out / "stories.jsonl"
    if not path.exists():
        return 0
    stories = [json.loads(x) for x in path.read_text().splitlines()]  # replaced atomically
    return sum(len(s["articles"]) for s in stories if s.get("event"))


def test_watch_ingests_new_files_and_updates_the_story(tmp_path):
    incoming, out = tmp_path / "incoming", tmp_path / "out"
    incoming.mkdir()
    first, later = sorted(ARTICLES.glob("0[1-3]_*")), sorted(ARTICLES.glob("0[67]_*"))
    for path in first:
        shutil.copy(path, incoming / path.name)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "watch", str(incoming), "--db",
         str(tmp_path / "db.sqlite"), "--out", str(out), "--interval", "0.5"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        assert _wait_for(lambda: _in_stories(out) == len(first)), "first scan"
        for path in later:
            shutil.copy(path, incoming / path.name)
        expected = len(first) + len(later)
        assert _wait_for(lambda: _in_stories(out) == expected), "no update after new files"
    finally:
        process.send_signal(signal.SIGTERM)  # by PID: the process this test started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, process.stderr.read().decode()[-2000:]
    articles = [json.loads(x) for x in (out / "articles.jsonl").read_text().splitlines()]
    assert len(articles) == len(first) + len(later)
