"""The output contract: articles.jsonl, rejected.jsonl, manifest.json, report.md, report.html.

Everything is read back from the store, so a build's output is a view of the
database, and every file is written to a temporary name and renamed into place:
a killed build never leaves a half-written output behind.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.engine import batched
from storyline.model import Article, InputOutcome
from storyline.report.exports import ExportTables
from storyline.report.facts import MAX_SHEETS
from storyline.report.render import render_html, render_markdown
from storyline.storage import Store

SCHEMA_VERSION = "1.0"


def article_record(
    article: Article,
    duplicate_inputs: list[dict[str, Any]] | None = None,
    story: str | None = None,
    events: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One line of articles.jsonl (schemas/articles.schema.json)."""
    meta = article.metadata
    return {
        "id": article.id,
        "story": story,
        "outlet": article.outlet,
        "outlet_id": article.outlet_id,
        "outlet_domain": article.outlet_domain,
        "agencies": article.agencies,
        "url": article.url,
        "title": article.title,
        "published": article.published_iso(),
        "language": article.language,
        "sentences": len(article.sentences),
        "characters": len(article.clean_text),
        "source": article.source,
        "duplicate_inputs": duplicate_inputs or [],
        "events": events or [],
        "provenance": meta.get("provenance", {}),
        "removed": meta.get("removed", []),
        "metadata": {k: v for k, v in meta.items() if k not in ("provenance", "removed")},
    }


def _write_atomic(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line)
    os.replace(tmp, path)


def _jsonl(rows: Iterable[dict[str, Any]]) -> Iterable[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def write_outputs(store: Store, out_dir: Path, db_location: str) -> dict[str, Path]:
    """Write the output contract for everything in the store; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    duplicates = store.duplicates_by_article()
    rejected = store.outcomes("rejected")
    counts = store.input_counts()
    stories = store.stories()
    story_of = store.story_of_articles()
    paths = {
        "articles": out_dir / "articles.jsonl",
        "stories": out_dir / "stories.jsonl",
        "story_changes": out_dir / "story_changes.jsonl",
        "rejected": out_dir / "rejected.jsonl",
        "manifest": out_dir / "manifest.json",
        "markdown": out_dir / "report.md",
        "entities": out_dir / "entities.jsonl",
        "gtd": out_dir / "events_gtd.csv",
        "acled": out_dir / "events_acled.csv",
        "html": out_dir / "report.html",
    }
    articles: list[ArticleBrief] = []  # what the report needs of each, not whole articles

    def article_records() -> Iterator[dict[str, Any]]:
        for chunk in batched(store.articles(), 512):  # events read a chunk at a time
            events = store.events_of([a.id for a in chunk])
            for a in chunk:
                articles.append(ArticleBrief.of(a))
                yield article_record(a, duplicates.get(a.id), story_of.get(a.id), events.get(a.id))

    _write_atomic(paths["articles"], _jsonl(article_records()))
    tables = ExportTables({a.id: a.outlet for a in articles})
    # the report shows the fact sheets of the largest stories: only those stay in memory
    sheets: list[dict[str, Any]] = []

    def story_records() -> Iterator[dict[str, Any]]:
        for chunk in batched(stories, 512):
            facts = store.story_facts([st["id"] for st in chunk])
            for st in chunk:
                record = {**st, **facts.get(st["id"], {"event": None, "flags": []})}
                tables.add(record)
                if record["event"]:
                    sheets.append(record)
                    if len(sheets) > 2 * MAX_SHEETS:
                        sheets[:] = _largest_first(sheets)[:MAX_SHEETS]
                yield record

    _write_atomic(paths["stories"], _jsonl(story_records()))
    _write_atomic(paths["story_changes"], _jsonl(store.story_changes()))
    _write_atomic(paths["entities"], _jsonl(store.entities()))
    for name, text in tables.files().items():
        _write_atomic(out_dir / name, [text])
    _write_atomic(paths["rejected"], _jsonl({"path": o.key, "reason": o.reason} for o in rejected))
    summary = build_summary(articles, rejected, counts, duplicates, stories, sheets)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": db_location,
        "inputs": {k: counts.get(k, 0) for k in ("ingested", "duplicate", "rejected")},
        "articles": len(articles),
        "stories": len(stories),
        "files": {k: p.name for k, p in paths.items()},
    }
    _write_atomic(paths["manifest"], [json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"])
    _write_atomic(paths["markdown"], [render_markdown(summary)])
    _write_atomic(paths["html"], [render_html(summary)])
    return paths


@dataclass(frozen=True, slots=True)
class ArticleBrief:
    """The few fields of an article that the report lists."""

    id: str
    outlet: str | None
    agencies: list[str]
    title: str | None
    published: str | None
    language: str | None
    sentences: int

    @classmethod
    def of(cls, a: Article) -> ArticleBrief:
        return cls(
            a.id, a.outlet, a.agencies, a.title, a.published_iso(), a.language, len(a.sentences)
        )


def build_summary(
    articles: list[ArticleBrief],
    rejected: list[InputOutcome],
    counts: dict[str, int],
    duplicates: dict[str, list[str]],
    stories: list[dict[str, Any]],
    with_sheets: list[dict[str, Any]],
) -> dict[str, Any]:
    """What the report shows, as plain data (rendered to Markdown and HTML): `stories`
    as records, `with_sheets` the largest of them with their fact sheets merged in."""
    outlets = Counter(a.outlet or "(unknown)" for a in articles)
    languages = Counter(a.language or "(unknown)" for a in articles)
    dated = [a for a in articles if a.published]
    return {
        "inputs": {k: counts.get(k, 0) for k in ("ingested", "duplicate", "rejected")},
        "articles": [
            {
                "id": a.id,
                "outlet": a.outlet,
                "agencies": a.agencies,
                "title": a.title,
                "published": a.published,
                "language": a.language,
                "sentences": a.sentences,
                "duplicates": len(duplicates.get(a.id, [])),
            }
            for a in articles
        ],
        "outlets": outlets.most_common(),
        "languages": languages.most_common(),
        "first_published": dated[0].published if dated else None,
        "last_published": dated[-1].published if dated else None,
        "rejected": [{"path": o.key, "reason": o.reason} for o in rejected],
        "stories": [
            {
                "id": st["id"],
                "title": st["title"],
                "articles": len(st["articles"]),
                "independent_sources": st["independent_sources"],
                "copy_groups": [g["articles"] for g in st["copy_groups"]],
                "first_published": st["first_published"],
            }
            for st in _largest_first(stories)
        ],
        "sheets": _sheets(with_sheets, {a.id: a for a in articles}),
    }


def _largest_first(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(stories, key=lambda st: (-len(st["articles"]), st["id"]))


def _sheets(
    stories: list[dict[str, Any]], articles: dict[str, ArticleBrief]
) -> list[dict[str, Any]]:
    """The stories with the most articles, each with labels naming its articles' outlets."""
    chosen = _largest_first([st for st in stories if st.get("event")])[:MAX_SHEETS]
    sheets = []
    for st in chosen:
        labels = {}
        for article_id in st["articles"]:
            article = articles.get(article_id)
            outlet = article.outlet if article else None
            labels[article_id] = f"{outlet} {article_id[:6]}" if outlet else article_id[:12]
        sheets.append({**st, "labels": labels})
    return sheets
