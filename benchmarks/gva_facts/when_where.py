"""The main event's date and city on GVA dev, against each article's gold incident.

    .venv/bin/python benchmarks/gva_facts/when_where.py [--gva ../shared/datasets/gva/dev]

For every article whose incident has a record: the date the extraction gives the main
event (day precision only) against the incident's date, and its city against GVA's
city (folded; either the name or the part in parentheses, "Goleta (Isla Vista)").
Precision is over the values output, coverage over the articles with a gold value.
Articles are read without their story (no story date to fall back on), as a lone
article would be. Writes benchmarks/results/gva_when_where.json.

City matching, three ways (all reported; `city_precision` is the second):
- "exact": the folded names are equal (case, accents), as GVA writes them;
- "folded" (the headline figure): names also folded as the gazetteer folds them, so that
  "St. Louis" and "Saint Louis", "Ft. Worth" and "Fort Worth" agree: one name, two
  spellings;
- "contains": also right when GVA's place lies inside the predicted city (GVA gives a
  neighbourhood or borough, "Far Rockaway", the text and the prediction its city,
  "Queens"): the gold place, looked up in its state, is within the radius a city of the
  predicted one's size covers (see location.py) and smaller. A coarser answer, not a
  wrong one; reported apart so that it never hides a wrong town.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path

from anyascii import anyascii

from storyline.evaluation import load_gva
from storyline.extract import gazetteer as gz
from storyline.extract.events import extract_events
from storyline.extract.location import ENCLOSING_MIN_POP, URBAN_DENSITY, Location, distance_km
from storyline.extract.places import Gazetteer

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "benchmarks" / "results" / "gva_when_where.json"


def _fold(value: str | None) -> str:
    return anyascii(value or "").lower().strip()


def _gold_parts(gold: str) -> list[str]:
    return [p.strip(" )") for p in _fold(gold).split("(")]


def _city_matches(name: str, gold: str) -> bool:
    folded = _fold(name).removeprefix("the ")
    return folded in _gold_parts(gold)


def _city_matches_folded(name: str, gold: str) -> bool:
    folded = gz.fold(name).removeprefix("the ")
    return folded in {gz.fold(p) for p in _gold_parts(gold)}


def _city_contains(gazetteer: Gazetteer, place: Location, gold: str, state: str) -> bool:
    """Whether the predicted city holds GVA's place (a neighbourhood, a borough)."""
    mine = [
        p
        for p in gazetteer.lookup(place.name)
        if p.kind == "city" and abs(p.lat - place.lat) < 1e-3 and abs(p.lon - place.lon) < 1e-3
    ]
    pop = mine[0].population or 0 if mine else 0
    if pop < ENCLOSING_MIN_POP:
        return False
    radius = math.sqrt(pop / (math.pi * URBAN_DENSITY))
    for part in _gold_parts(gold):
        for p in gazetteer.lookup(part):
            if (
                p.kind == "city"
                and p.country == "US"
                and p.admin1 == state
                and (p.population or 0) < pop
                and distance_km(p, mine[0]) <= radius
            ):
                return True
    return False


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
    keys = ("dated", "date_out", "date_ok", "placed", "city_out", "city_ok_exact", "city_ok")
    counts = dict.fromkeys((*keys, "city_ok_contains"), 0)
    city_seconds = 0.0
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
                t0 = time.perf_counter()
                exact = _city_matches(place.name, gold["city"])
                folded = exact or _city_matches_folded(place.name, gold["city"])
                counts["city_ok_exact"] += exact
                counts["city_ok"] += folded
                counts["city_ok_contains"] += folded or _city_contains(
                    gazetteer, place, gold["city"], gold.get("state") or ""
                )
                city_seconds += time.perf_counter() - t0
    seconds = time.perf_counter() - start - city_seconds
    result = {
        "articles": len(corpus.articles),
        "date_precision": round(counts["date_ok"] / max(counts["date_out"], 1), 4),
        "date_coverage": round(counts["date_out"] / max(counts["dated"], 1), 4),
        "city_precision": round(counts["city_ok"] / max(counts["city_out"], 1), 4),
        "city_precision_exact": round(counts["city_ok_exact"] / max(counts["city_out"], 1), 4),
        "city_precision_contains": round(
            counts["city_ok_contains"] / max(counts["city_out"], 1), 4
        ),
        "city_coverage": round(counts["city_out"] / max(counts["placed"], 1), 4),
        "counts": counts,
        "articles_per_second": round(len(corpus.articles) / seconds, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
