"""HTML pages: the article body, title, date and outlet, through trafilatura.

The page's own metadata (`article:published_time`, `og:site_name`, the canonical link)
is read first because it keeps the time and time zone that trafilatura's date drops.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import html as lxml_html

from storyline.ingest.readers import RawDocument
from storyline.ingest.sources import SourceFile
from storyline.model import InputOutcome

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "pubdate",
    "publishdate",
    "sailthru.date",
    "parsely-pub-date",
)
_MIN_WORDS = 8
_BLOCKS = ("p", "head", "list", "quote", "table", "item")


def page_metadata(text: str) -> dict[str, Any]:
    """Metadata the page declares in its head: date with zone, site name, canonical URL."""
    try:
        tree = lxml_html.fromstring(text.encode("utf-8", "surrogatepass"))
    except (ValueError, lxml_html.etree.ParserError):
        return {}
    meta: dict[str, Any] = {}
    for node in tree.iter("meta"):
        name = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip()
        content = (node.get("content") or "").strip()
        if not name or not content:
            continue
        lname = name.lower()
        if "published" not in meta and lname in {n.lower() for n in _DATE_META}:
            meta["published"] = content
        elif lname in ("og:site_name", "application-name") and "outlet" not in meta:
            meta["outlet"] = content
        elif lname in ("og:url",) and "url" not in meta:
            meta["url"] = content
        elif lname in ("og:title",) and "title" not in meta:
            meta["title"] = content
        elif lname in ("article:modified_time", "datemodified") and "modified" not in meta:
            meta["modified"] = content
    if "published" not in meta:
        for node in tree.iter("time"):
            if node.get("datetime"):
                meta["published"] = node.get("datetime").strip()
                break
    for node in tree.iter("link"):
        if (node.get("rel") or "").lower() == "canonical" and node.get("href"):
            meta.setdefault("url", node.get("href").strip())
    bylines = []
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in (
            "meta",
            "link",
            "script",
            "style",
            "html",
            "body",
            "head",
            "main",
            "article",
        ):
            continue
        marks = f"{node.get('class') or ''} {node.get('itemprop') or ''} {node.get('rel') or ''}"
        if re.search(
            r"\b(byline|author|signature|credits?)\b", marks, re.IGNORECASE
        ) and not re.search(r"photo|image|caption", marks, re.IGNORECASE):
            text = re.sub(r"\s+", " ", node.text_content()).strip()
            if 2 < len(text) <= 160 and text not in bylines:
                bylines.append(text)
    if bylines:
        meta["bylines"] = bylines
    lang = tree.get("lang") or tree.get("xml:lang")
    if lang:
        meta["language"] = lang.strip()
    return meta


def _body_text(document: Any) -> str:
    """Paragraphs of the extracted body, one per block, blank lines between them."""
    body = getattr(document, "body", None)
    if body is None:
        return (document.text or "").strip()
    blocks = []
    for child in body:
        if child.tag in _BLOCKS or len(child):
            text = re.sub(r"[ \t\r\n]+", " ", "".join(child.itertext())).strip()
            if text:
                blocks.append(text)
    return "\n\n".join(blocks) if blocks else (document.text or "").strip()


def read_html(source: SourceFile, text: str, unit_hash: str) -> RawDocument | InputOutcome:
    meta = page_metadata(text)
    try:
        document = trafilatura.bare_extraction(
            text,
            url=meta.get("url"),
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors
        return InputOutcome(
            source.key, "rejected", unit_hash=unit_hash, reason=f"HTML could not be parsed: {exc}"
        )
    body = _body_text(document) if document is not None else ""
    words = len(body.split())
    if words < _MIN_WORDS or not re.search(r"[.!?]", body):
        # trafilatura falls back to whatever text a page has: a menu is not an article
        return InputOutcome(
            source.key,
            "rejected",
            unit_hash=unit_hash,
            reason=f"HTML page has no article text ({words} words of page furniture)",
        )
    title = meta.get("title") or (document.title if document else None)
    return RawDocument(
        key=source.key,
        unit_hash=unit_hash,
        stem=source.stem,
        text=body,
        format="html",
        url=meta.get("url") or (document.url if document else None),
        outlet=meta.get("outlet") or (document.sitename if document else None),
        title=title,
        published=meta.get("published") or (document.date if document else None),
        language=meta.get("language"),
        fields={
            k: v
            for k, v in {
                "modified": meta.get("modified"),
                "bylines": meta.get("bylines"),
                "author": document.author if document else None,
                "description": document.description if document else None,
            }.items()
            if v
        },
    )
