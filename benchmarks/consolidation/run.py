"""Consolidated facts on GVA dev: each gold incident against the story holding it.

Runs `storyline build` on ../shared/datasets/gva/dev/articles.jsonl (or reads an earlier
build with `--out DIR`), then for each gold incident takes the story holding most of its
articles (ties: the larger story) and compares that story's `event` with the incident:
- date: `event.date.value` at day precision equals the gold date;
- city: `event.location.name` folded as the gazetteer folds names equals the gold city
  (or the part of it in parentheses, "Goleta (Isla Vista)"), at city precision;
- state: `event.location.admin1` folded equals the gold state;
- killed, injured: `event.figures.<kind>.value` equals the gold count (a range's lower
  bound when the story gives only ranges).
Accuracy is over incidents whose story gives a value ("answered"); coverage is answered
over incidents. "sure" rows count only answers the fact sheet is sure of: a date or place
`confirmed` by two independent sources, a toll of `confidence` high (two sources, or an
article stating it in its headline and lead). Results go to benchmarks/results/consolidation.json.

    .venv/bin/python benchmarks/consolidation/run.py [--out DIR] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from storyline.extract import gazetteer as gz

REPO = Path(__file__).resolve().parents[2]
GVA = REPO.parent / "shared" / "datasets" / "gva" / "dev"
RESULTS = REPO / "benchmarks" / "results" / "consolidation.json"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _city_parts(gold: str) -> set[str]:
    return {gz.fold(p.strip(" )")) for p in gold.split("(")}


def _count(figure: dict | None) -> int | None:
    if not figure or figure.get("value") is None:
        return None
    if figure.get("qualifier") in (None, "exact", "at_least", "about"):
        return figure["value"]
    low = next((r["low"] for r in figure["reports"] if r["relation"] == "agrees"), None)
    return low if low is not None else figure["value"]


def confident(event: dict | None) -> dict[str, bool]:
    """Whether each answer is one the fact sheet is sure of (confirmed, or high confidence)."""
    event = event or {}
    figures = event.get("figures") or {}
    date, place = event.get("date") or {}, event.get("location") or {}
    return {
        "date": date.get("status") == "confirmed",
        "city": place.get("status") == "confirmed",
        "state": place.get("status") == "confirmed",
        "killed": (figures.get("killed") or {}).get("confidence") == "high",
        "injured": (figures.get("injured") or {}).get("confidence") == "high",
    }


def answers(event: dict | None) -> dict[str, object]:
    event = event or {}
    date = event.get("date") or {}
    place = event.get("location") or {}
    figures = event.get("figures") or {}
    return {
        "date": date.get("value") if date.get("precision") == "day" else None,
        "city": place.get("name") if place.get("precision") == "city" else None,
        "state": place.get("admin1"),
        "killed": _count(figures.get("killed")),
        "injured": _count(figures.get("injured")),
    }


def right(field: str, got: object, gold: dict) -> bool:
    if field == "city":
        return gz.fold(str(got)).removeprefix("the ") in _city_parts(gold["city"] or "")
    if field == "state":
        return gz.fold(str(got)) == gz.fold(gold["state"] or "")
    return got == gold[field]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="an earlier build's output directory")
    parser.add_argument("--errors", type=int, default=0, help="print N wrong answers per field")
    args = parser.parse_args()
    seconds = None
    out = args.out
    if out is None:
        out = Path(tempfile.mkdtemp(prefix="consolidation-"))
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "storyline.cli",
                "build",
                str(GVA / "articles.jsonl"),
                "--out",
                str(out),
                "-q",
            ],
            check=True,
        )
        seconds = round(time.perf_counter() - start, 1)
    stories = read_jsonl(out / "stories.jsonl")
    articles = read_jsonl(out / "articles.jsonl")
    story_of = {}
    for a in articles:
        story_of[a["id"]] = a["story"]
        for d in a["duplicate_inputs"]:
            story_of[d["id"]] = a["story"]
    by_id = {s["id"]: s for s in stories}
    members: dict[str, list[str]] = defaultdict(list)
    for row in read_jsonl(GVA / "gold_clusters.jsonl"):
        if row["id"] in story_of:
            members[row["incident"]].append(row["id"])
    incidents = {r["incident"]: r for r in read_jsonl(GVA / "gold_incidents.jsonl")}

    fields = ("date", "city", "state", "killed", "injured")
    tally = {f: Counter() for f in fields}
    errors: dict[str, list[str]] = {f: [] for f in fields}
    for incident, ids in members.items():
        gold = incidents.get(incident)
        if not gold:
            continue
        votes = Counter(story_of[i] for i in ids)
        story = by_id[max(votes, key=lambda s: (votes[s], len(by_id[s]["articles"])))]
        got = answers(story.get("event"))
        sure = confident(story.get("event"))
        for field in fields:
            if gold.get(field) in (None, ""):
                continue
            tally[field]["incidents"] += 1
            if got[field] is None:
                continue
            tally[field]["answered"] += 1
            correct = right(field, got[field], gold)
            tally[field]["right"] += correct
            if sure[field]:
                tally[field]["sure answered"] += 1
                tally[field]["sure right"] += correct
            if not correct:
                errors[field].append(
                    f"{incident} got {got[field]} gold {gold[field]} "
                    f"({len(story['articles'])} articles) | {story['title']}"
                )
    result = {
        "corpus": str(GVA),
        "incidents": len(members),
        "stories": len(stories),
        **{
            f: {
                **t,
                "accuracy": round(t["right"] / t["answered"], 4) if t["answered"] else 0.0,
                "coverage": round(t["answered"] / t["incidents"], 4) if t["incidents"] else 0.0,
                "sure accuracy": round(t["sure right"] / t["sure answered"], 4)
                if t["sure answered"]
                else 0.0,
                "sure coverage": round(t["sure answered"] / t["incidents"], 4)
                if t["incidents"]
                else 0.0,
            }
            for f, t in tally.items()
        },
        "build_seconds": seconds,
    }
    print(json.dumps(result, indent=2))
    for field in fields:
        for line in errors[field][: args.errors]:
            print(field, line)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
