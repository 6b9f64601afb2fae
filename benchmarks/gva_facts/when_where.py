"""The main event's date and city on GVA dev, against each article's gold incident.

    .venv/bin/python benchmarks/gva_facts/when_where.py [--gva ../shared/datasets/gva/dev]

For every article whose incident has a record: the date the extraction gives the main
event (day precision only) against the incident's date, and its city against GVA's
city (folded; either the name or the part in parentheses, "Goleta (Isla Vista)").
Precision is over the values output, coverage over the articles with a gold value.
Articles are read without their story (no story date to fall back on), as a lone
article would be. Writes benchmarks/results/gva_when_where.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from anyascii import anyascii

from storyline.evaluation import load_gva
from storyline.extract.events import extract_events
from storyline.extract.places import Gazetteer

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "benchmarks" / "results" / "gva_when_where.json"


def _fold(value: str | None) -> str:
    return anyascii(value or "").lower().strip()


def _city_matches(name: str, gold: str) -> bool:
    folded = _fold(name).removeprefix("the ")
    parts = [p.strip(" )") for p in _fold(gold).split("(")]
    return folded in parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gva", type=Path, default=REPO.parent / "shared/datasets/gva/dev")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = load_gva(args.gva, Path(tmp) / "gva.db")
    incidents = {}
    with open(args.gva / "gold_incidents.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            incidents[row["incident"]] = row
    gazetteer = Gazetteer.load()
    counts = dict.fromkeys(("dated", "date_out", "date_ok", "placed", "city_out", "city_ok"), 0)
    start = time.perf_counter()
    for article in corpus.articles:
        gold = incidents.get(corpus.gold.get(article.id, ""))
        if not gold:
            continue
        main = extract_events(article, gazetteer=gazetteer)[0]
        if gold.get("date"):
            counts["dated"] += 1
            if main.date and main.date_precision == "day":
                counts["date_out"] += 1
                counts["date_ok"] += main.date.isoformat() == gold["date"]
        if gold.get("city"):
            counts["placed"] += 1
            place = main.location
            if place and place.precision == "city" and place.country == "US":
                counts["city_out"] += 1
                counts["city_ok"] += _city_matches(place.name, gold["city"])
    seconds = time.perf_counter() - start
    result = {
        "articles": len(corpus.articles),
        "date_precision": round(counts["date_ok"] / max(counts["date_out"], 1), 4),
        "date_coverage": round(counts["date_out"] / max(counts["dated"], 1), 4),
        "city_precision": round(counts["city_ok"] / max(counts["city_out"], 1), 4),
        "city_coverage": round(counts["city_out"] / max(counts["placed"], 1), 4),
        "counts": counts,
        "articles_per_second": round(len(corpus.articles) / seconds, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
