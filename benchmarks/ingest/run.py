"""Ingest throughput and peak memory on GVA dev (../shared/datasets/gva/dev/articles.jsonl).

Runs the real pipeline (read, parse, clean, language, sentences, SQLite writes) into a
fresh database, in a child process so its peak RSS is its own, and the parse step alone
to show what the store costs. Prints the figures and writes benchmarks/results/ingest.json.

    .venv/bin/python benchmarks/ingest/run.py [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "datasets" / "gva" / "dev" / "articles.jsonl"

_CHILD = """
import json, resource, sys, time
from storyline.pipeline import ingest
from storyline.storage import open_store
from storyline.ingest import default_registry, iter_units, parse_document
from storyline.model import InputOutcome

corpus, db, mode = sys.argv[1:4]
registry = default_registry()
start = time.perf_counter()
if mode == "pipeline":
    store = open_store(db)
    report = ingest([corpus], store, registry=registry)
    counts = dict(report.counts)
    store.close()
else:
    counts = {"parsed": 0, "rejected": 0}
    for _source, units in iter_units([corpus]):
        for unit in units:
            if isinstance(unit, InputOutcome):
                counts["rejected"] += 1
                continue
            try:
                parse_document(unit, registry)
                counts["parsed"] += 1
            except Exception:
                counts["rejected"] += 1
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_mb, "counts": counts}))
"""


def run(mode: str, corpus: Path, db: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus), str(db), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    with open(args.corpus, encoding="utf-8") as fh:
        lines = sum(1 for _ in fh)
    with tempfile.TemporaryDirectory() as tmp:
        pipeline = run("pipeline", args.corpus, Path(tmp) / "bench.db")
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 2**20
        parse_only = run("parse", args.corpus, Path(tmp) / "unused.db")
    result = {
        "corpus": str(args.corpus.name),
        "inputs": lines,
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "pipeline": {
            **pipeline,
            "articles_per_second": round(lines / pipeline["seconds"], 1),
            "database_mb": round(db_mb, 1),
        },
        "parse_only": {
            **parse_only,
            "articles_per_second": round(lines / parse_only["seconds"], 1),
        },
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    out = REPO / "benchmarks" / "results" / "ingest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    p, q = result["pipeline"], result["parse_only"]
    print(
        f"ingest {lines} inputs of {args.corpus.name}: {p['seconds']:.1f} s, "
        f"{p['articles_per_second']} inputs/s, peak RSS {p['peak_rss_mb']:.0f} MB, "
        f"database {p['database_mb']} MB, outcomes {p['counts']}"
    )
    print(
        f"parse only (no store): {q['seconds']:.1f} s, {q['articles_per_second']} inputs/s, "
        f"peak RSS {q['peak_rss_mb']:.0f} MB"
    )
    print(f"written to {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
