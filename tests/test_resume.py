"""A run killed half-way resumes without losing or doubling anything (a real SIGKILL)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import GVA_DEV, require


def count(db, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet


def test_kill_and_resume(tmp_path):
    source = require(GVA_DEV / "articles.jsonl")
    lines = source.read_text(encoding="utf-8").splitlines()[:2500]
    corpus = tmp_path / "gva-part.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "resume.db"
    cmd = [sys.executable, "-m", "storyline.cli", "ingest", str(corpus), "--db", str(db), "-q"]

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count(db, "SELECT COUNT(*) FROM inputs") < 300 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = count(db, "SELECT COUNT(*) FROM inputs")
    assert 0 < done_before < len(lines), "the run must be killed half-way"

    resumed = subprocess.run(cmd, capture_output=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert f"{done_before} unchanged" in resumed.stderr.decode()

    # every line accounted for exactly once, every ingested article stored exactly once
    assert count(db, "SELECT COUNT(*) FROM inputs") == len(lines)
    assert count(db, "SELECT COUNT(DISTINCT key) FROM inputs") == len(lines)
    ingested = count(db, "SELECT COUNT(*) FROM inputs WHERE status = 'ingested'")
    assert count(db, "SELECT COUNT(*) FROM articles") == ingested
    assert (
        count(
            db,
            "SELECT COUNT(*) FROM inputs i JOIN articles a ON a.id = i.article_id "
            "WHERE i.status = 'ingested'",
        )
        == ingested
    )

    # and the result is what one uninterrupted run gives
    clean_db = tmp_path / "clean.db"
    subprocess.run([*cmd[:-4], str(corpus), "--db", str(clean_db), "-q"], check=True, timeout=600)
    with sqlite3.connect(db) as a, sqlite3.connect(clean_db) as b:
        q = "SELECT id, content_hash FROM articles ORDER BY id"
        assert a.execute(q).fetchall() == b.execute(q).fetchall()
        q = "SELECT key, status, article_id FROM inputs ORDER BY key"
        assert a.execute(q).fetchall() == b.execute(q).fetchall()
    assert json.loads(lines[0])["id"] in {
        r[0] for r in sqlite3.connect(db).execute("SELECT article_id FROM inputs")
    }
