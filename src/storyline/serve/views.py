"""What each page shows, as plain JSON-able data: the HTML page and its `.json` twin
are rendered from the same dict, so the API is not a second codebase.

Every value on a story page keeps its way back to the text: fact rows, matrix cells and
flags carry `href`s of the form `/articles/{id}#e-{start}-{end}`, and the article page
marks every evidence span of its story at those raw-text offsets.
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import quote

from storyline.report.facts import fact_rows, report_label, standing_reports, summary_sentences

SLOT_NAMES = ("type", "date", "location", "attackers", "suicide")
ACTOR_ROLES = ("perpetrator_organizations", "perpetrator_individuals", "weapons", "targets")
CLAIM_PARTS = ("by", "channel", "date")


def evidence_href(evidence: dict[str, Any]) -> str:
    """The article-page link that marks and scrolls to one evidence span."""
    article = quote(evidence["article"], safe="")
    return f"/articles/{article}#e-{evidence['start']}-{evidence['end']}"


def article_labels(story: dict[str, Any], meta: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A short, readable name for each article of a story: outlet and id, or the id."""
    labels = {}
    for article_id in story.get("articles", []):
        outlet = (meta.get(article_id) or {}).get("outlet")
        labels[article_id] = f"{outlet} · {article_id[:6]}" if outlet else article_id[:12]
    return labels


def _first_evidence(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The first evidence span per article, in report order."""
    out: dict[str, dict[str, Any]] = {}
    for ev in items:
        out.setdefault(ev["article"], ev)
    return out


def _slot_evidence(slot: dict[str, Any]) -> list[dict[str, Any]]:
    return [ev for r in standing_reports(slot) for ev in r.get("evidence", [])]


def _named_slots(event: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each fact that has per-source reports, under the name `fact_rows` gives it."""
    slots = {name: event[name] for name in SLOT_NAMES if event.get(name)}
    for kind, figure in (event.get("figures") or {}).items():
        slots[kind] = figure
    claim = event.get("claim") or {}
    for part in CLAIM_PARTS:
        if claim.get(part):
            slots[f"claim {part}"] = claim[part]
    return slots


def _row_evidence(event: dict[str, Any], row: dict[str, Any]) -> list[dict[str, Any]]:
    slot = _named_slots(event).get(row["slot"])
    if slot is not None:
        return _slot_evidence(slot)
    for group in event.get("casualty_groups") or []:
        if row["slot"] == f"among the {group['kind']}" and row["value"] == (
            f"{group['value']} {group['group']}"
        ):
            return group.get("evidence", [])
    for role in ACTOR_ROLES:
        if row["slot"] == role.replace("_", " "):
            names = {n.strip() for n in str(row["value"]).split(";")}
            return [ev for a in event.get(role) or [] if a["name"] in names for ev in a["evidence"]]
    return []


def _entity_of_row(event: dict[str, Any], row: dict[str, Any]) -> str | None:
    for role in ACTOR_ROLES:
        if row["slot"] == role.replace("_", " "):
            for actor in event.get(role) or []:
                if actor["name"] == row["value"] and actor.get("id"):
                    return actor["id"]
    return None


def _others(slot: dict[str, Any] | None, labels: dict[str, str]) -> list[dict[str, Any]]:
    """The values a fact's sources gave besides the consolidated one, each with a link."""
    if not slot:
        return []
    out = []
    for r in slot.get("reports", []):
        if r.get("relation") == "agrees":
            continue
        evidence = r.get("evidence") or []
        out.append(
            {
                "label": report_label(r),
                "relation": r.get("relation"),
                "attribution": r.get("attribution") or [],
                "sources": [labels.get(a, a) for a in r.get("sources", [])],
                "href": evidence_href(evidence[0]) if evidence else None,
            }
        )
    return out


def facts_view(sheet: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    """The fact rows (disagreements first, as in the report) with links to evidence."""
    event = sheet.get("event") or {}
    slots = _named_slots(event)
    rows = []
    for row in fact_rows(sheet):
        first = _first_evidence(_row_evidence(event, row))
        links = [
            {"article": a, "label": labels.get(a, a), "href": evidence_href(ev), "text": ev["text"]}
            for a, ev in first.items()
        ]
        value = row["value"]
        rows.append(
            {
                **row,
                "value": _shown(value),
                "status_class": str(row["status"]).split(" ")[0],
                "href": links[0]["href"] if links else None,
                "evidence": links,
                "others": _others(slots.get(row["slot"]), labels),
                "entity": _entity_of_row(event, row),
            }
        )
    return rows


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def source_matrix(
    sheet: dict[str, Any], labels: dict[str, str], order: list[str]
) -> dict[str, Any]:
    """Articles × facts: which value each source reports for each fact, with links."""
    event = sheet.get("event") or {}
    slots = _named_slots(event)
    columns = list(slots)
    rows = []
    for article in order:
        cells = []
        for name in columns:
            cell = []
            for report in slots[name].get("reports", []):
                if article not in report.get("sources", []):
                    continue
                mine = [ev for ev in report.get("evidence", []) if ev["article"] == article]
                cell.append(
                    {
                        "label": report_label(report),
                        "relation": report.get("relation"),
                        "href": evidence_href(mine[0]) if mine else None,
                    }
                )
            cells.append(cell)
        rows.append({"article": article, "label": labels.get(article, article), "cells": cells})
    return {
        "columns": columns,
        "statuses": [slots[c].get("status") for c in columns],
        "rows": rows,
    }


def flags_view(sheet: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for flag in sheet.get("flags") or []:
        ev = flag.get("evidence")
        out.append(
            {
                "kind": flag.get("kind"),
                "article": flag.get("article"),
                "label": labels.get(flag.get("article", ""), flag.get("article")),
                "claim": flag.get("claim"),
                "against": flag.get("against"),
                "href": evidence_href(ev) if ev else None,
            }
        )
    return out


def copy_groups_view(sheet: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for group in sheet.get("copy_groups") or []:
        passages = []
        for shared in group.get("shared", [])[:5]:
            left, right = shared.get("left"), shared.get("right")
            passages.append(
                {
                    "similarity": shared.get("similarity"),
                    "left": {
                        "label": labels.get(left["article"], left["article"]),
                        "text": left["text"],
                        "href": evidence_href(left),
                    }
                    if left
                    else None,
                    "right": {
                        "label": labels.get(right["article"], right["article"]),
                        "text": right["text"],
                        "href": evidence_href(right),
                    }
                    if right
                    else None,
                }
            )
        out.append(
            {
                "agency": group.get("agency"),
                "articles": [
                    {"id": a, "label": labels.get(a, a)} for a in group.get("articles", [])
                ],
                "passages": passages,
            }
        )
    return out


def story_view(found: dict[str, Any], entities: list[dict[str, Any]]) -> dict[str, Any]:
    """Everything the story page shows, derived from the stored story and fact sheet."""
    story, meta = found["story"], found["articles"]
    labels = article_labels(story, meta)
    order = sorted(
        story.get("articles", []), key=lambda a: (meta.get(a, {}).get("published") or "", a)
    )
    event = story.get("event") or {}
    return {
        "story": {
            k: story.get(k)
            for k in ("id", "title", "first_published", "last_published", "independent_sources")
        },
        "summary": summary_sentences(story, labels) if story.get("event") else [],
        "facts": facts_view(story, labels) if story.get("event") else [],
        "matrix": source_matrix(story, labels, order),
        "figures": [k for k, f in (event.get("figures") or {}).items() if f.get("timeline")],
        "flags": flags_view(story, labels),
        "copy_groups": copy_groups_view(story, labels),
        "articles": [{**meta.get(a, {"id": a}), "label": labels[a]} for a in order],
        "entities": entities[:40],
        "record": story,
    }


def _walk_evidence(node: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], dict]]:
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and "article" in node and "text" in node:
            return [(path, node)]
        found = []
        for key, value in node.items():
            if key != "sentence":
                found += _walk_evidence(value, (*path, key))
        return found
    if isinstance(node, list):
        return [item for value in node for item in _walk_evidence(value, path)]
    return []


_SKIP = {"reports", "evidence", "figures", "claim", "left", "right", "shared"}


def evidence_in(record: dict[str, Any], article_id: str) -> list[dict[str, Any]]:
    """Every evidence span a story record points at inside one article, labelled."""
    spans: dict[tuple[int, int], dict[str, Any]] = {}
    for path, ev in _walk_evidence(record, ()):
        if ev["article"] != article_id:
            continue
        fact = " ".join(p.replace("_", " ") for p in path if p not in _SKIP) or "evidence"
        key = (ev["start"], ev["end"])
        entry = spans.setdefault(
            key,
            {
                "start": ev["start"],
                "end": ev["end"],
                "text": ev["text"],
                "facts": [],
                "sentence": (ev.get("sentence") or {}).get("text"),
            },
        )
        if fact not in entry["facts"]:
            entry["facts"].append(fact)
    return sorted(spans.values(), key=lambda s: (s["start"], s["end"]))


def highlight_segments(raw: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut the raw text at every span boundary; each piece knows which spans cover it.

    Spans may overlap, so a piece is marked when any span covers it, and each span gets
    an anchor (`e-{start}-{end}`) where it begins. The template escapes every piece.
    """
    valid = [s for s in spans if 0 <= s["start"] < s["end"] <= len(raw)]
    cuts = sorted({0, len(raw), *(s["start"] for s in valid), *(s["end"] for s in valid)})
    starts: dict[int, list[str]] = {}
    for s in valid:
        starts.setdefault(s["start"], []).append(f"e-{s['start']}-{s['end']}")
    pieces = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in valid if s["start"] <= a and s["end"] >= b]
        pieces.append(
            {
                "text": raw[a:b],
                "start": a,
                "end": b,
                "anchors": starts.get(a, []),
                "marked": bool(covering),
                "title": "; ".join(f for s in covering for f in s["facts"])[:200],
            }
        )
    return pieces


def article_view(article: dict[str, Any], story: dict[str, Any] | None) -> dict[str, Any]:
    """The article page: metadata, raw text cut into marked pieces, evidence list."""
    record = (story or {}).get("story") or {}
    spans = evidence_in(record, article["id"]) if record else []
    for s in spans:
        s["anchor"] = f"e-{s['start']}-{s['end']}"
    meta = {k: v for k, v in article.items() if k not in ("raw_text", "sentences", "events")}
    return {
        "article": meta,
        "story_title": record.get("title"),
        "raw_text": article["raw_text"],
        "sentences": article["sentences"],
        "evidence": spans,
        "events": article["events"],
    }
