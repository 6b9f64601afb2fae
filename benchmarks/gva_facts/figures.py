"""Casualty figures on GVA dev: each article's killed and injured against its incident.

For each article of ../shared/datasets/gva/dev/articles.jsonl (ingested as the pipeline
does), `find_figures` runs over the body and the title (a one-sentence article of its own:
GVA headlines carry the toll, "1 dead, 4 injured in shooting"). The main event's values:
- no values for a round-up (the title or first sentence says "shootings", "weekend",
  "separate", "across", "spate", "in 24 hours"...): it has no one main event;
- figures used: scoped "event", not superseded, with a lower bound ("at least 3" gives 3,
  "more than 25" 26), from the title or the first `--sentences` sentences;
- killed: the largest killed count of victims, the title's first if it has one, plus one
  when the attacker's own death is told after that count in the same sentence ("killed two
  people before killing himself": GVA counts a shooter who is shot);
- injured: the largest injured count (the title's first); else people shot minus the
  killed ("four people were shot, one fatally"); else a hospitalised or critical count;
  none when the text speaks of a death (killed, died, fatal...) that no count gives;
- killed 0 when the title or those sentences tell people shot or wounded and speak of no
  death at all (no "killed", "died", "dead", "fatal", "homicide"...);
- corroboration: a value is given only when two sentences state it (the title is one; a
  count of people shot minus the killed states the injured), except a killed count of 0
  or 1, which one sentence may give.
GVA counts only people shot, some incidents months after the news, and splits or merges
what an article tells as one event: a part of the misses is in the gold, not the text.
Precision: the value equals the gold count, over articles with a value; coverage: articles
with a value over articles whose incident has a record. Speed: articles/s of
`find_figures` alone (body and title), one process, ingestion apart.

    .venv/bin/python benchmarks/gva_facts/figures.py [--dir PATH] [--sentences N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from storyline.extract.figures import CasualtyFigure, find_figures
from storyline.ingest import default_registry, iter_units, parse_document
from storyline.model import Article, OffsetMap, Piece, Sentence

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


def title_article(article: Article) -> Article | None:
    """The headline as an article of one sentence, so its figures have offsets of their own."""
    title = (article.title or "").strip()
    if not title or article.metadata.get("title_inferred"):
        return None
    sentence = Sentence(0, 0, len(title), title)
    return replace(
        article,
        id=article.id + "#title",
        raw_text=title,
        clean_text=title,
        offsets=OffsetMap([Piece(0, len(title), 0, len(title))]),
        sentences=[sentence],
    )


_ROUNDUP = re.compile(
    r"\b(?:shootings|weekend|separate|across|spate|rash|scenes|incidents|violent (?:night|day)"
    r"|\d+ hours|\d+-hour|homicides|killings|citywide|so far this year|this year)\b",
    re.I,
)
_DEATH = re.compile(
    r"\b(?:kill\w*|dies|died|dead|death|deadly|fatal\w*|slain|homicide|murder\w*|pronounced"
    r"|succumb\w*)\b",
    re.I,
)


def count(fig: CasualtyFigure) -> int | None:
    return fig.value if fig.qualifier in ("exact", "at_least", "about") else fig.low


def in_title(fig: CasualtyFigure) -> bool:
    return fig.evidence.article_id.endswith("#title")


def main_event(
    article: Article, figures: list[CasualtyFigure], sentences: int
) -> dict[str, int | None]:
    """The killed and injured of the article's main event (the rule in the docstring)."""
    lead = [article.title or ""] + [s.text for s in article.sentences[:sentences]]
    if _ROUNDUP.search(lead[0]) or _ROUNDUP.search(lead[1] if len(lead) > 1 else ""):
        return {"killed": None, "injured": None}
    usable = [
        f
        for f in figures
        if f.scope == "event"
        and not f.superseded
        and count(f) is not None
        and (in_title(f) or f.evidence.sentence.index < sentences)
    ]

    def top(kind: str, perpetrator: bool | None = False) -> CasualtyFigure | None:
        found = [f for f in usable if f.kind == kind and f.perpetrator == perpetrator]
        titled = [f for f in found if in_title(f)]
        return max(titled or found, key=count, default=None)

    victims = top("killed")
    killed = count(victims) if victims else None
    own_death = victims is not None and any(
        f.kind == "killed"
        and f.perpetrator
        and f.evidence.sentence == victims.evidence.sentence
        and in_title(f) == in_title(victims)
        and f.evidence.start > victims.evidence.start
        for f in usable
    )  # "killed two people before killing himself"
    told = top("injured")
    shot = top("shot") or top("shot", True)
    part = top("critical") or top("hospitalized")
    if told:
        injured = count(told)
    elif shot:
        injured = max(count(shot) - (killed or 0), 0)
    else:
        injured = count(part) if part else None
    if killed is None and _DEATH.search(" ".join(lead)):
        injured = None  # a death no count gives: the shot may be the dead

    def support(kind: str, value: int) -> int:
        where = set()
        for f in usable:
            v = count(f)
            if (f.kind == kind and v == value) or (
                kind == "injured" and f.kind == "shot" and v - (killed or 0) == value
            ):
                where.add((in_title(f), f.evidence.sentence.index))
        return len(where)

    if killed is not None and killed > 1 and support("killed", killed) < 2:
        killed = None
    if killed is not None and own_death:
        killed += 1
    if killed is None and (shot or told) and not _DEATH.search(" ".join(lead)):
        killed = 0  # people shot or wounded, and no word of a death
    if injured is not None and support("injured", injured) < 2:
        injured = None
    return {"killed": killed, "injured": injured}


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
    parser.add_argument("--sentences", type=int, default=6)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--errors", type=int, default=0, help="print N wrong answers per kind")
    args = parser.parse_args()
    gold_of = {r["id"]: r["incident"] for r in read_jsonl(args.dir / "gold_clusters.jsonl")}
    incidents = {r["incident"]: r for r in read_jsonl(args.dir / "gold_incidents.jsonl")}
    articles = load_articles(args.dir / "articles.jsonl")

    start = time.perf_counter()
    found = {}
    for a in articles:
        head = title_article(a)
        found[a.id] = find_figures(a) + (find_figures(head) if head else [])
    seconds = time.perf_counter() - start

    rows: dict[str, list[tuple[int | None, int | None]]] = {"killed": [], "injured": []}
    errors: dict[str, list[str]] = {"killed": [], "injured": []}
    for a in articles:
        gold = incidents.get(gold_of.get(a.id, ""))
        if not gold or gold.get("killed") is None:
            continue
        got = main_event(a, found[a.id], args.sentences)
        for kind in rows:
            rows[kind].append((got[kind], gold[kind]))
            if got[kind] is not None and got[kind] != gold[kind]:
                errors[kind].append(f"{a.id} got {got[kind]} gold {gold[kind]} | {a.title}")
    result = {
        "corpus": str(args.dir),
        "rule": f"first {args.sentences} sentences and the title; see the docstring",
        "killed": score(rows["killed"]),
        "injured": score(rows["injured"]),
        "figures_per_article": round(sum(map(len, found.values())) / len(articles), 2),
        "kinds": dict(Counter(f.kind for fs in found.values() for f in fs).most_common()),
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
