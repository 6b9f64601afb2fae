"""What a careful reader would question: suspect dates and likely errors.

- Suspect publication date: an article dated long after the rest of its story (more
  than SUSPECT_GAP_DAYS after the latest other report) while telling the story's event
  as news — its main event is dated within days of the story's — or whose only printed
  date is a modification time ("First change: May 1, 2024"). Its date is then not used to
  order reports (`Source.suspect_date`).
- Likely error in a recalled fact: articles that recall the same earlier event (the same
  name in the recalling sentence, the same year) date it differently, and one dating is
  contradicted by more mentions than support it ("killed on March 4, 2020" against
  "January 2020" three times, once in the same article).
- Likely error in a slot: a minority value against a winner with two or more independent
  sources (a day, a place or a type no other source gives).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from storyline.consolidate.sources import Source
from storyline.model import Article

SUSPECT_GAP_DAYS = 30
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zà-ÿ]{3,})\b")
_NOT_NAMES = frozenset(  # capitalised words that name no one
    {
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December", "Monday", "Tuesday"),
        *("Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "This", "That"),
        *("There", "These", "General", "President", "Minister", "According"),
    }
)


def publication_flags(
    sources: dict[str, Source],
    articles: dict[str, Article],
    events: dict[str, dict[str, Any]],
    event_day: str | None,
) -> tuple[dict[str, Source], list[dict[str, Any]]]:
    """Flag suspect publication dates; return the sources with those dates set aside."""
    flags = []
    out = dict(sources)
    for article_id, source in sources.items():
        if source.published is None:
            continue
        others = [
            s.published for a, s in sources.items() if a != article_id and s.published is not None
        ]
        article = articles[article_id]
        note = article.metadata.get("provenance", {}).get("published", {})
        modification_only = "modification" in (note.get("note") or "")
        late = bool(others) and source.published - max(others) > timedelta(days=SUSPECT_GAP_DAYS)
        main_day = events.get(article_id, {}).get("date")
        tells_as_news = bool(
            event_day
            and len(event_day) == 10  # a day: months and years tell nothing this close
            and main_day
            and abs(date.fromisoformat(main_day[:10]) - date.fromisoformat(event_day[:10]))
            <= timedelta(days=3)
        )
        # late and told as news, or a modification time standing in for the date
        if not ((late and tells_as_news) or (modification_only and (late or tells_as_news))):
            continue
        against = []
        if others:
            against.append(f"the story's other reports are dated up to {max(others).date()}")
        if tells_as_news:
            against.append(f"the article reports the event of {event_day} as news")
        if modification_only:
            against.append("the only date printed is a modification time")
        flags.append(
            {
                "kind": "suspect publication date",
                "article": article_id,
                "claim": note.get("text") or source.published_iso,
                "against": "; ".join(against),
                "evidence": _provenance_evidence(article, note),
            }
        )
        out[article_id] = replace(source, suspect_date=True)
    return out, flags


def _provenance_evidence(article: Article, note: dict[str, Any]) -> dict[str, Any] | None:
    if "start" not in note:
        return None
    return article.evidence(note["start"], note["end"]).to_dict()


def recalled_date_flags(
    background: dict[str, list[dict[str, Any]]], sources: dict[str, Source]
) -> list[dict[str, Any]]:
    """Likely errors among the dates articles give the same recalled event."""
    mentions = []  # (names, year, key, precision, article, event)
    for article_id, events in background.items():
        for event in events:
            evidence = event.get("date_evidence")
            if not event.get("date") or not evidence or article_id not in sources:
                continue
            sentence = (evidence.get("sentence") or {}).get("text", "")
            names = {m for m in _NAME.findall(sentence) if m not in _NOT_NAMES}
            precision = event.get("date_precision") or "day"
            key = {"day": event["date"], "month": event["date"][:7], "year": event["date"][:4]}
            mentions.append(
                (names, event["date"][:4], key[precision], precision, article_id, event)
            )
    flags = []
    for names, year, key, precision, article_id, event in mentions:
        if precision == "year" or not names:
            continue
        same = [m for m in mentions if m[1] == year and m[0] & names and m[3] != "year"]
        agreeing = [m for m in same if m[2].startswith(key) or key.startswith(m[2])]
        against = [m for m in same if m not in agreeing]
        if len(against) > len(agreeing):
            others = sorted({m[2] for m in against})
            where = sorted({m[4] for m in against})
            flags.append(
                {
                    "kind": "likely error",
                    "article": article_id,
                    "claim": (event["date_evidence"] or {}).get("sentence", {}).get("text"),
                    "value": key,
                    "against": f"{', '.join(others)} in {len(against)} other mention"
                    f"{'s' if len(against) != 1 else ''} of the same event "
                    f"({', '.join(where)})",
                    "evidence": event["date_evidence"],
                }
            )
    return flags


def slot_flags(slot_name: str, slot: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A minority value against a winner two or more independent sources give (none
    when tied values share nothing, so that there is no winner)."""
    if not slot or slot.get("independent_sources", 0) < 2:
        return []
    if slot.get("value", slot.get("name")) is None:
        return []
    flags = []
    for report in slot["reports"]:
        if report["relation"] != "minority":
            continue
        for article_id, evidence in zip(report["sources"], report["evidence"], strict=False):
            flags.append(
                {
                    "kind": "likely error",
                    "article": article_id,
                    "claim": f"{slot_name}: {report['value']}",
                    "against": f"{slot.get('value', slot.get('name'))} from "
                    f"{slot['independent_sources']} independent sources",
                    "evidence": evidence,
                }
            )
    return flags
