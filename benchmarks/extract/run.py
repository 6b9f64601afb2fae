"""Speed of the events stage: `extract_events` over GVA dev, as the build runs it.

Reads ../shared/datasets/gva/dev/articles.jsonl (ingested as the pipeline does, outside
the timing), then times `extract_events` with every reader the build uses (episodes and
dates, places, figures and toll, type, role rules and the English role model, claims,
quotes) on one process. Reports articles/s overall and the share of each part, measured
by running the parts alone on the same articles, and peak RSS.

    .venv/bin/python benchmarks/extract/run.py [--dir PATH] [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storyline.extract.episodes import reference_day, split_episodes
from storyline.extract.events import events_of_articles
from storyline.extract.figures import find_figures
from storyline.extract.places import Gazetteer
from storyline.extract.roles import RoleExtractor
from storyline.model import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gva_facts"))
from figures import DEFAULT_DIR, load_articles  # the shared GVA loader


def timed(articles: list[Article], read: Callable[[Article], object]) -> float:
    start = time.perf_counter()
    for article in articles:
        read(article)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    articles = load_articles(args.dir / "articles.jsonl")
    if args.limit:
        articles = articles[: args.limit]

    load_start = time.perf_counter()
    gazetteer = Gazetteer.load()
    roles = RoleExtractor.load()
    roles.nlp  # noqa: B018  (load spaCy outside the timing, as a long build does once)
    load_seconds = time.perf_counter() - load_start

    start = time.perf_counter()
    for _ in events_of_articles(((a, None) for a in articles), gazetteer=gazetteer, roles=roles):
        pass
    total = time.perf_counter() - start
    english = [a for a in articles if a.language in roles.languages]
    parts = {
        "episodes and dates": timed(articles, lambda a: split_episodes(a, reference_day(a, None))),
        "places": timed(articles, lambda a: gazetteer.find(a.raw_text, a.language)),
        "figures": timed(articles, find_figures),
    }
    start = time.perf_counter()
    list(roles.extract_many([a.raw_text[: _lead_end(a)] for a in english]))
    parts["role model (batched)"] = time.perf_counter() - start
    result = {
        "corpus": str(args.dir),
        "articles": len(articles),
        "seconds": round(total, 1),
        "articles_per_second": round(len(articles) / total, 1),
        "load_seconds": round(load_seconds, 1),
        "parts_seconds": {k: round(v, 1) for k, v in parts.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _lead_end(article: Article) -> int:
    from storyline.extract.events import ROLE_LEAD_SENTENCES

    return article.sentences[:ROLE_LEAD_SENTENCES][-1].end if article.sentences else 0


if __name__ == "__main__":
    main()
