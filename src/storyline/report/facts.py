"""A story's fact sheet for a reader: summary, facts with statuses, flags, timelines.

Plain data first (`fact_rows`, `summary_sentences`), then Markdown and HTML. Every
sentence of the summary cites the articles it rests on; the fact table lists what the
sources disagree on first (conflicting, revised, minority values), then the rest. All
text from articles is escaped by the caller's escape function.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

_ORDER = {"conflicting": 0, "revised": 1, "compatible": 2, "single-source": 3, "confirmed": 4}
MAX_SHEETS = 50  # stories with a full fact sheet in the report; the rest are in stories.jsonl


def _cite(articles: list[str], labels: dict[str, str]) -> str:
    return "[" + ", ".join(labels.get(a, a) for a in articles) + "]"


def _sources(slot: dict[str, Any]) -> list[str]:
    return sorted({a for r in standing_reports(slot) for a in r["sources"]})


def standing_reports(slot: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports a slot's value rests on: those that agree with it; for the month or
    region tied reports share (`consolidate.slots`), the tied reports."""
    reports = slot.get("reports", [])
    agreeing = [r for r in reports if r.get("relation") == "agrees"]
    if agreeing or slot.get("status") != "conflicting":
        return agreeing
    return [r for r in reports if r.get("relation") == "conflicts"]


def summary_sentences(sheet: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """Short sentences, each ending with the articles it rests on."""
    event = sheet.get("event") or {}
    out = []
    what = event.get("type")
    when = event.get("date")
    where = event.get("location")
    if what or when or where:
        parts = [what["value"].replace("_", " ") if what else "an event"]
        cited: set[str] = set()
        for slot in (what, when, where):
            if slot:
                cited |= set(_sources(slot))
        if where and where.get("name"):
            parts.append(f"in {where['name']} ({where['country']})")
        if when and when.get("value"):
            on = "in" if when.get("precision") in ("month", "year") else "on"  # in 2025-03
            parts.append(f"{on} {when['value']}")
        phrase = " ".join(parts)
        article = "An" if phrase[:1].lower() in "aeiou" else "A"
        out.append(f"{article} {phrase}. " + _cite(sorted(cited), labels))
    for kind, figure in (event.get("figures") or {}).items():
        if figure.get("value") is None:
            continue
        agreeing = [r for r in figure["reports"] if r["relation"] == "agrees"]
        arts = sorted({a for r in agreeing for a in r["sources"]})
        out.append(
            f"{kind.capitalize()}: {figure['value']} ({figure['status']}; {figure['reason']}). "
            + _cite(arts, labels)
        )
    claim = event.get("claim")
    if claim and claim.get("claimed") and claim.get("by"):
        by = claim["by"]
        text = f"Claimed by {by['value']}"
        arts = set(_sources(by))
        if claim.get("channel"):
            text += f" through {claim['channel']['value']}"
            arts |= set(_sources(claim["channel"]))
        if claim.get("date"):
            text += f" on {claim['date']['value']}"
            arts |= set(_sources(claim["date"]))
        out.append(text + f" ({by['status']}). " + _cite(sorted(arts), labels))
    elif claim and not claim.get("claimed"):
        out.append("No group is reported to have claimed it. " + _cite(claim["sources"], labels))
    return out


def report_label(report: dict[str, Any]) -> str:
    """A report's value as a reader reads it: a place as "name, admin1, country"."""
    if "label" in report:
        return str(report["label"])
    value = report.get("value")
    return place_label(value) if isinstance(value, dict) else str(value)


def place_label(place: dict[str, Any]) -> str:
    """ "Dayton, Ohio, US"; a region once ("Ohio, US")."""
    parts = [place.get("name"), place.get("admin1"), place.get("country")]
    return ", ".join(p for i, p in enumerate(parts) if p and p not in parts[:i])


NO_VALUE = "none: the reports conflict"  # tied values that share nothing (`consolidate.slots`)


def fact_rows(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per slot: name, value, status, rule, reason, articles; disagreements first."""
    event = sheet.get("event") or {}
    rows = []

    def add(name: str, slot: dict[str, Any] | None, value: Any, reason: str = "") -> None:
        if not slot:
            return
        others = [r for r in slot.get("reports", []) if r.get("relation") not in ("agrees",)]
        if not reason and others:
            reason = "other values: " + "; ".join(
                f"{report_label(r)} ({r['relation']}, {', '.join(r['sources'])})" for r in others
            )
        status = slot["status"]
        rows.append(
            {
                "slot": name,
                "value": value,
                "status": status,
                "rule": slot.get("rule", ""),
                "reason": reason,
                "articles": _sources(slot),
            }
        )

    for name in ("type", "date", "attackers", "suicide"):
        slot = event.get(name)
        value = slot and slot["value"]
        add(name, slot, NO_VALUE if slot and value is None else value)
    place = event.get("location")
    if place:
        shown = place_label(place) if place.get("name") else NO_VALUE
        add("location", place, shown)
    for kind, figure in (event.get("figures") or {}).items():
        add(kind, figure, figure.get("value"), figure.get("reason", ""))
    claim = event.get("claim") or {}
    for part in ("by", "channel", "date"):
        if claim.get(part):
            add(f"claim {part}", claim[part], claim[part]["value"])
    for group in event.get("casualty_groups") or []:
        rows.append(
            {
                "slot": f"among the {group['kind']}",
                "value": f"{group['value']} {group['group']}",
                "status": group["status"],
                "rule": "as printed",
                "reason": "",
                "articles": group["sources"],
            }
        )
    for role in ("perpetrator_organizations", "perpetrator_individuals", "weapons", "targets"):
        actors = event.get(role) or []
        # confirmed actors each get a row; what one source alone mentions shares one row,
        # except a perpetrator organisation, which is a fact of its own
        shown = [
            a
            for a in actors
            if a["status"] == "confirmed"
            or (role == "perpetrator_organizations" and "claim" in a["from"])
        ]
        for actor in shown[:6]:
            rows.append(
                {
                    "slot": role.replace("_", " "),
                    "value": actor["name"],
                    "status": actor["status"],
                    "rule": "as printed; " + ", ".join(actor["from"]),
                    "reason": "also printed: " + "; ".join(actor["variants"][1:])
                    if len(actor["variants"]) > 1
                    else "",
                    "articles": actor["sources"],
                }
            )
        rest = [a for a in actors if a not in shown]
        if rest:
            rows.append(
                {
                    "slot": role.replace("_", " "),
                    "value": "; ".join(a["name"] for a in rest[:8]),
                    "status": "single-source",
                    "rule": "as printed, each by one source",
                    "reason": "",
                    "articles": sorted({s for a in rest for s in a["sources"]}),
                }
            )
    # disagreements first: conflicting and revised slots, then those with other values
    rows.sort(
        key=lambda r: (_ORDER.get(r["status"], 5) > 1, not r["reason"], _ORDER.get(r["status"], 5))
    )
    return rows


def _teller(entry: dict[str, Any], labels: dict[str, str]) -> str:
    """Who gave a timeline value: its attribution, else the article that printed it."""
    return ", ".join(entry["attribution"]) or labels.get(entry["article"], entry["article"])


def timeline_svg(figure: dict[str, Any], labels: dict[str, str], width: int = 760) -> str:
    """The figure's reports in order as a step chart (inline SVG, no script, escaped)."""
    points = []
    for t in figure.get("timeline", []):  # one point per change of value
        if t.get("value") is not None and (not points or points[-1]["label"] != t["label"]):
            points.append(t)
    if len(points) < 2:
        return ""
    top = max(t["value"] for t in points) or 1
    height, pad, step = 150, 30, (width - 60) / max(len(points) - 1, 1)
    marks = []
    coords = []
    for i, t in enumerate(points):
        x = pad + i * step
        y = height - pad - (t["value"] / top) * (height - 2 * pad)
        coords.append(f"{x:.0f},{y:.0f}")
        color = "#a40000" if t["superseded"] else "#1f5fa8"
        who = _teller(t, labels)
        tip = html.escape(f"{t['label']} — {who} — {t['published'] or 'undated'}")
        marks.append(
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="4" fill="{color}"><title>{tip}</title></circle>'
            f'<text x="{x:.0f}" y="{y - 8:.0f}" font-size="10" text-anchor="middle">'
            f"{html.escape(t['label'])}</text>"
        )
    line = f'<polyline fill="none" stroke="#888" points="{" ".join(coords)}"/>'
    return (
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>reports in order</title>{line}{''.join(marks)}</svg>"
    )


def render_sheet_html(sheet: dict[str, Any], labels: dict[str, str]) -> str:
    esc: Callable[[Any], str] = lambda v: html.escape("" if v is None else str(v))  # noqa: E731
    summary = "".join(f"<li>{esc(s)}</li>" for s in summary_sentences(sheet, labels))
    rows = "".join(
        f'<tr class="{esc(r["status"].split(" ")[0])}"><td>{esc(r["slot"])}</td>'
        f"<td>{esc(r['value'])}</td><td>{esc(r['status'])}</td><td>{esc(r['reason'])}</td>"
        f"<td>{esc(r['rule'])}</td><td>{esc(_cite(r['articles'], labels))}</td></tr>"
        for r in fact_rows(sheet)
    )
    flags = "".join(
        f"<li><b>{esc(f['kind'])}</b> in {esc(labels.get(f['article'], f['article']))}: "
        f"“{esc(f['claim'])}” against {esc(f['against'])}</li>"
        for f in sheet.get("flags", [])
    )
    charts = "".join(
        f"<h4>{esc(kind)} over time</h4>{timeline_svg(figure, labels)}"
        for kind, figure in ((sheet.get("event") or {}).get("figures") or {}).items()
        if timeline_svg(figure, labels)
    )
    groups = "".join(
        f"<li>{esc(g.get('agency') or 'shared text')}: "
        f"{esc(', '.join(labels.get(a, a) for a in g['articles']))}</li>"
        for g in sheet.get("copy_groups", [])
    )
    outlets = "".join(f"<li>{esc(label)}: {esc(a)}</li>" for a, label in labels.items())
    return (
        f"<section class=sheet><h3>{esc(sheet.get('title'))}</h3><ul>{summary}</ul>"
        + (f"<h4>Flags</h4><ul class=flags>{flags}</ul>" if flags else "")
        + "<table><tr><th>fact</th><th>value</th><th>status</th><th>why</th><th>rule</th>"
        f"<th>sources</th></tr>{rows}</table>{charts}"
        f"<h4>Sources</h4><ul>{outlets}</ul>"
        + (f"<h4>Copy groups (one source each)</h4><ul>{groups}</ul>" if groups else "")
        + "</section>"
    )


def render_sheet_markdown(
    sheet: dict[str, Any], labels: dict[str, str], md_escape: Callable[[Any], str]
) -> list[str]:
    lines = [f"### {md_escape(sheet.get('title'))}", ""]
    lines += [f"- {md_escape(s)}" for s in summary_sentences(sheet, labels)]
    if sheet.get("flags"):
        lines += ["", "Flags:", ""]
        lines += [
            f"- **{md_escape(f['kind'])}** in {md_escape(labels.get(f['article'], f['article']))}: "
            f"“{md_escape(f['claim'])}” against {md_escape(f['against'])}"
            for f in sheet["flags"]
        ]
    lines += ["", "| fact | value | status | why | rule | sources |", "|---|---|---|---|---|---|"]
    lines += [
        f"| {md_escape(r['slot'])} | {md_escape(r['value'])} | {md_escape(r['status'])} | "
        f"{md_escape(r['reason'])} | {md_escape(r['rule'])} | "
        f"{md_escape(_cite(r['articles'], labels))} |"
        for r in fact_rows(sheet)
    ]
    for kind, figure in ((sheet.get("event") or {}).get("figures") or {}).items():
        if len(figure.get("timeline", [])) > 1:
            steps = " → ".join(f"{t['label']} ({_teller(t, labels)})" for t in figure["timeline"])
            lines += ["", f"{kind.capitalize()} over time: {md_escape(steps)}"]
    if sheet.get("copy_groups"):
        lines += [
            "",
            "Copy groups (one source each): "
            + md_escape(
                "; ".join(
                    f"{g.get('agency') or 'shared text'}: "
                    + ", ".join(labels.get(a, a) for a in g["articles"])
                    for g in sheet["copy_groups"]
                )
            ),
        ]
    return [*lines, ""]
