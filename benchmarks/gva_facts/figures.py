"""Casualty figures on GVA dev: each article's main-event toll against its incident.

Each article of ../shared/datasets/gva/dev/articles.jsonl is ingested as the pipeline
does and read by `extract_events`; the main event's `figures.killed.value` and
`figures.injured.value` are its toll, chosen by the rule in `storyline.extract.toll`
(headline and lead, largest current count, people shot less the killed, none for a
round-up). Two rows per kind:
- `all`: every toll the system gives;
- `corroborated`: tolls that `toll.corroborated` accepts (stated in two sentences, the
  headline counting as one, or a killed count of 0 or 1): what a consumer asking for
  the surer figures gets.
GVA counts only people shot, some incidents months after the news, and splits or merges
what an article tells as one event: a part of the misses is in the gold, not the text.
Precision: the value equals the gold count, over articles with a value; coverage: articles
with a value over articles whose incident has a record. Speed: articles/s of
`extract_events` without the role model (places, dates, figures, type), one process.

    .venv/bin/python benchmarks/gva_facts/figures.py [--dir PATH] [--json OUT] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from storyline.extract.events import extract_events
from storyline.extract.places import Gazetteer
from storyline.extract.toll import corroborated
from storyline.ingest import default_registry, iter_units, parse_document
from storyline.model import Article

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO.parent / "shared" / "datasets" / "gva" / "dev"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_articles(path: Path) -> list[Article]:
    registry = default_registry()
    out = []
    for _source, units in iter_units([str(path)]):
        for unit in units:
            if not hasattr(unit, "text"):
                continue
            try:
                out.append(parse_document(unit, registry))
            except ValueError:
                continue
    return out


def score(rows: list[tuple[int | None, int | None]]) -> dict[str, float | int]:
    answered = [(v, g) for v, g in rows if v is not None]
    right = sum(v == g for v, g in answered)
    return {
        "articles": len(rows),
        "answered": len(answered),
        "right": right,
        "precision": round(right / len(answered), 4) if answered else 0.0,
        "coverage": round(len(answered) / len(rows), 4) if rows else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--errors", type=int, default=0, help="print N wrong answers per kind")
    args = parser.parse_args()
    gold_of = {r["id"]: r["incident"] for r in read_jsonl(args.dir / "gold_clusters.jsonl")}
    incidents = {r["incident"]: r for r in read_jsonl(args.dir / "gold_incidents.jsonl")}
    articles = load_articles(args.dir / "articles.jsonl")

    gazetteer = Gazetteer.load()
    start = time.perf_counter()
    mains = {a.id: extract_events(a, gazetteer=gazetteer)[0] for a in articles}
    seconds = time.perf_counter() - start

    rows: dict[str, dict[str, list[tuple[int | None, int | None]]]] = {
        k: {"all": [], "corroborated": []} for k in ("killed", "injured")
    }
    errors: dict[str, list[str]] = {"killed": [], "injured": []}
    for a in articles:
        gold = incidents.get(gold_of.get(a.id, ""))
        if not gold or gold.get("killed") is None:
            continue
        for kind in rows:
            summary = mains[a.id].figures.get(kind, {})
            value = summary.get("count")
            rows[kind]["all"].append((value, gold[kind]))
            sure = value if corroborated(kind, summary) else None
            rows[kind]["corroborated"].append((sure, gold[kind]))
            if sure is not None and sure != gold[kind]:
                errors[kind].append(f"{a.id} got {sure} gold {gold[kind]} | {a.title}")
    result = {
        "corpus": str(args.dir),
        "rule": "storyline.extract.toll (main_toll, corroborated)",
        **{kind: {row: score(r) for row, r in by.items()} for kind, by in rows.items()},
        "articles_per_second": round(len(articles) / seconds, 1),
        "articles": len(articles),
    }
    print(json.dumps(result, indent=2))
    for kind in errors:
        for line in errors[kind][: args.errors]:
            print(kind, line)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
