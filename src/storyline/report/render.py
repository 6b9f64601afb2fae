"""Rendering a report summary as Markdown and as a self-contained HTML page.

Article text, titles and outlet names are untrusted: in HTML every value goes through
`html.escape`, and in Markdown through `md_escape`, so a title cannot inject markup.
"""

from __future__ import annotations

import html
import re
from typing import Any

from storyline.report.facts import render_sheet_html, render_sheet_markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")  # enough to keep cells and links inert
_MAX_ROWS = 500


def md_escape(value: Any) -> str:
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def render_markdown(summary: dict[str, Any]) -> str:
    inputs = summary["inputs"]
    lines = [
        "# storyline report",
        "",
        f"Inputs: {inputs['ingested']} ingested, {inputs['duplicate']} duplicate, "
        f"{inputs['rejected']} rejected.",
        f"Articles: {len(summary['articles'])}, published "
        f"{summary['first_published'] or '?'} to {summary['last_published'] or '?'}.",
        "",
        "## Stories",
        "",
        "| story | articles | independent sources | copy groups | first published | title |",
        "|---|---|---|---|---|---|",
        *[
            f"| {md_escape(st['id'])} | {st['articles']} | {st['independent_sources']} | "
            f"{md_escape(_groups_text(st['copy_groups']))} | "
            f"{md_escape(st['first_published'] or '')} | {md_escape(st['title'] or '')} |"
            for st in summary.get("stories", [])[:_MAX_ROWS]
        ],
        "",
        *(
            ["## Fact sheets", ""]
            + [
                line
                for sheet in summary.get("sheets", [])
                for line in render_sheet_markdown(sheet, sheet["labels"], md_escape)
            ]
            if summary.get("sheets")
            else []
        ),
        "## Outlets",
        "",
        "| outlet | articles |",
        "|---|---|",
        *[f"| {md_escape(name)} | {n} |" for name, n in summary["outlets"][:_MAX_ROWS]],
        "",
        "## Articles",
        "",
        "| id | published | outlet | agencies | language | sentences | title |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in summary["articles"][:_MAX_ROWS]:
        lines.append(
            f"| {md_escape(a['id'])} | {md_escape(a['published'] or '')} | "
            f"{md_escape(a['outlet'] or '')} | {md_escape(', '.join(a['agencies']))} | "
            f"{md_escape(a['language'] or '')} | {a['sentences']} | {md_escape(a['title'] or '')} |"
        )
    if len(summary["articles"]) > _MAX_ROWS:
        lines.append(f"\n… and {len(summary['articles']) - _MAX_ROWS} more in articles.jsonl.")
    if summary["rejected"]:
        lines += ["", "## Rejected inputs", "", "| input | reason |", "|---|---|"]
        lines += [
            f"| {md_escape(r['path'])} | {md_escape(r['reason'])} |"
            for r in summary["rejected"][:_MAX_ROWS]
        ]
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.num{text-align:right}.bad{color:#a40000}
.sheet{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
tr.conflicting td:nth-child(3){color:#a40000;font-weight:600}
tr.revised td:nth-child(3){color:#8a5a00;font-weight:600}
tr.confirmed td:nth-child(3){color:#1b6e20}
.flags li{color:#a40000}
@media (max-width:40rem){
 td:nth-child(4),th:nth-child(4),td:nth-child(6),th:nth-child(6){display:none}}
"""


def _cell(value: Any, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{html.escape('' if value is None else str(value))}</td>"


def _groups_text(groups: list[list[str]]) -> str:
    return "; ".join(" + ".join(g) for g in groups)


def render_html(summary: dict[str, Any]) -> str:
    inputs = summary["inputs"]
    stories = "".join(
        "<tr>"
        + _cell(st["id"])
        + _cell(st["articles"], "num")
        + _cell(st["independent_sources"], "num")
        + _cell(_groups_text(st["copy_groups"]))
        + _cell(st["first_published"])
        + _cell(st["title"])
        + "</tr>"
        for st in summary.get("stories", [])[:_MAX_ROWS]
    )
    sheets = "".join(
        render_sheet_html(sheet, sheet["labels"]) for sheet in summary.get("sheets", [])
    )
    sheets_section = f"<h2>Fact sheets</h2>{sheets}" if sheets else ""
    rows = "".join(
        "<tr>"
        + _cell(a["id"])
        + _cell(a["published"])
        + _cell(a["outlet"])
        + _cell(", ".join(a["agencies"]))
        + _cell(a["language"])
        + _cell(a["sentences"], "num")
        + _cell(a["title"])
        + "</tr>"
        for a in summary["articles"][:_MAX_ROWS]
    )
    outlets = "".join(
        "<tr>" + _cell(name) + _cell(n, "num") + "</tr>"
        for name, n in summary["outlets"][:_MAX_ROWS]
    )
    rejected = "".join(
        "<tr>" + _cell(r["path"]) + _cell(r["reason"], "bad") + "</tr>"
        for r in summary["rejected"][:_MAX_ROWS]
    )
    rejected_section = (
        f"<h2>Rejected inputs</h2><table><tr><th>input</th><th>reason</th></tr>{rejected}</table>"
        if rejected
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>storyline report</title><style>{_CSS}</style></head><body>
<h1>storyline report</h1>
<p>Inputs: {inputs["ingested"]} ingested, {inputs["duplicate"]} duplicate,
{inputs["rejected"]} rejected.
Articles: {len(summary["articles"])}, published {html.escape(summary["first_published"] or "?")}
to {html.escape(summary["last_published"] or "?")}.</p>
<h2>Stories</h2><table><tr><th>story</th><th>articles</th><th>independent sources</th>
<th>copy groups</th><th>first published</th><th>title</th></tr>{stories}</table>
{sheets_section}
<h2>Outlets</h2><table><tr><th>outlet</th><th>articles</th></tr>{outlets}</table>
<h2>Articles</h2><table><tr><th>id</th><th>published</th><th>outlet</th><th>agencies</th>
<th>language</th><th>sentences</th><th>title</th></tr>{rows}</table>
{rejected_section}
</body></html>
"""
