"""Place resolution on GVA dev: the incident's US city, read from each article.

For each article of ../shared/datasets/gva/dev/articles.jsonl, `Gazetteer.find` runs over
the text with country_hint="US" and two simple rules pick one city:
- first: the first mention resolved to a US city;
- first+state: the first US city whose state the text also names (a state mention,
  "Springfield, Ill."); articles without one get no answer;
- first, town over district: the first US city, or the biggest city the text also names
  within 20 km of it in the same state with 3x its people ("East Garfield Park" and
  "Chicago" give Chicago).
The pick is right when its name, folded, equals the gold incident's city or the part of
it in parentheses ("Goleta (Isla Vista)" accepts Goleta and Isla Vista). Articles whose
incident has no city are left out. Precision is over articles with an answer, coverage
over all scored articles; the state is scored apart.
Load time and memory are measured in a fresh interpreter (the index already built), and
speed as articles/s of `find` over the first 1,000 articles.

    .venv/bin/python benchmarks/places/gva_city.py [--dir PATH] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from storyline.extract.gazetteer import ensure_index, fold
from storyline.extract.places import Gazetteer, Place, PlaceMention

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO.parent / "shared" / "datasets" / "gva" / "dev"

_LOAD_CHILD = """
import json, resource, time
t = time.perf_counter()
from storyline.extract.places import Gazetteer
g = Gazetteer.load()
load = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_seconds": load, "rss_after_load_mb": rss}))
"""


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_names(city: str | None) -> set[str]:
    if not city:
        return set()
    names = {fold(re.sub(r"\(.*?\)", "", city))}
    names |= {fold(p) for p in re.findall(r"\((.*?)\)", city)}
    return {n for n in names if n}


def km(a: Place, b: Place) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2
    h += math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def pick(mentions: list[PlaceMention], rule: str) -> PlaceMention | None:
    states = {m.place.name for m in mentions if m.place.kind == "admin1"}
    cities = [m for m in mentions if m.place.kind == "city" and m.place.country == "US"]
    for m in cities:
        if rule == "first+state" and m.place.admin1 not in states:
            continue
        if rule == "first, town over district":
            # "East Garfield Park ... Chicago": a district inside a city the text also names
            bigger = [
                c
                for c in cities
                if c.place.admin1 == m.place.admin1
                and (c.place.population or 0) >= 3 * (m.place.population or 0)
                and km(c.place, m.place) <= 20
            ]
            if bigger:
                return max(bigger, key=lambda c: c.place.population or 0)
        return m
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    articles = read_jsonl(args.dir / "articles.jsonl")
    incidents = {r["incident"]: r for r in read_jsonl(args.dir / "gold_incidents.jsonl")}
    clusters = {r["id"]: r["incident"] for r in read_jsonl(args.dir / "gold_clusters.jsonl")}

    ensure_index()  # a first build is not what "load" measures
    child = subprocess.run(
        [sys.executable, "-c", _LOAD_CHILD], capture_output=True, text=True, check=True
    )
    load = json.loads(child.stdout.strip().splitlines()[-1])

    gaz = Gazetteer.load()
    sample = articles[:1000]
    t = time.perf_counter()
    for a in sample:
        gaz.find(a["text"], "en", country_hint="US")
    speed = len(sample) / (time.perf_counter() - t)

    rules = ("first", "first+state", "first, town over district")
    counts = {r: Counter() for r in rules}
    no_gold = any_right = 0
    wrong: Counter[tuple[str, str]] = Counter()
    for a in articles:
        gold = incidents[clusters[a["id"]]]
        names = gold_names(gold["city"])
        if not names:
            no_gold += 1  # the incident has no city: nothing to score
            continue
        mentions = gaz.find(a["text"], "en", country_hint="US")
        any_right += any(fold(m.place.name) in names for m in mentions if m.place.kind == "city")
        for rule in rules:
            c = counts[rule]
            c["articles"] += 1
            m = pick(mentions, rule)
            if m is None:
                continue
            c["answered"] += 1
            right = fold(m.place.name) in names or fold(m.text) in names
            c["city_right"] += right
            c["state_right"] += m.place.admin1 == gold["state"]
            if rule == "first" and not right:
                wrong[(m.place.name + ", " + str(m.place.admin1), gold["city"])] += 1

    scored = len(articles) - no_gold
    result: dict = {
        "articles": len(articles),
        "articles_without_gold_city": no_gold,
        "gold_city_among_mentions": any_right / scored,
        **load,
        "find_articles_per_second": speed,
    }
    for rule, c in counts.items():
        result[rule] = {
            "answered": c["answered"],
            "coverage": c["answered"] / c["articles"],
            "city_precision": c["city_right"] / max(c["answered"], 1),
            "state_precision": c["state_right"] / max(c["answered"], 1),
        }
    print(
        f"GVA dev, {len(articles)} articles: load {load['load_seconds']:.2f} s, RSS after load "
        f"{load['rss_after_load_mb']:.0f} MB, find {speed:.0f} articles/s"
    )
    print(
        f"  {no_gold} articles whose incident has no city are left out; the gold city is "
        f"among the mentions of {result['gold_city_among_mentions']:.3f} of the rest"
    )
    for rule in rules:
        r = result[rule]
        print(
            f"  {rule:26} coverage {r['coverage']:.3f}  city precision {r['city_precision']:.3f}"
            f"  state precision {r['state_precision']:.3f}  ({r['answered']} answered)"
        )
    print("  most frequent misses of 'first' (picked, gold):")
    for (got, want), n in wrong.most_common(12):
        print(f"    {n:3}  {got}  vs  {want}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
