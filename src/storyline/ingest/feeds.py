"""RSS and Atom feeds: one document per entry, through feedparser."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator

import feedparser
from lxml import html as lxml_html

from storyline.ingest.readers import RawDocument, Unit
from storyline.ingest.sources import SourceFile
from storyline.model import InputOutcome

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"}


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (feed content), a blank line between blocks."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for node in root.iter():
        if node.tag in _BLOCK_TAGS:
            node.tail = "\n\n" + (node.tail or "")
    text = root.text_content()
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()


def _slug(value: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-")
    if slug and len(slug) <= 80 and not value.startswith(("http://", "https://")):
        return slug
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]


def read_feed(source: SourceFile, text: str, unit_hash: str) -> Iterator[Unit]:
    parsed = feedparser.parse(text)
    if not parsed.entries:
        problem = getattr(parsed, "bozo_exception", None)
        yield InputOutcome(
            source.key,
            "rejected",
            unit_hash=unit_hash,
            reason=f"feed has no entries{f' ({problem})' if problem else ''}",
        )
        return
    channel = parsed.feed
    # "Meridian World Service – World News": the outlet, then the section
    outlet = re.split(r"\s+[–—|:-]\s+", channel.get("title") or "", maxsplit=1)[0] or None
    language = channel.get("language")
    for number, entry in enumerate(parsed.entries, start=1):
        guid = entry.get("id") or entry.get("link") or ""
        key = f"{source.key}#{_slug(guid) if guid else number}"
        entry_hash = hashlib.sha256(
            json.dumps({k: str(v) for k, v in entry.items()}, sort_keys=True).encode()
        ).hexdigest()
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary", "")
        body_text = html_fragment_to_text(body or "")
        if not body_text:
            yield InputOutcome(
                key,
                "rejected",
                unit_hash=entry_hash,
                reason="feed entry has no text (no content or description)",
            )
            continue
        yield RawDocument(
            key=key,
            unit_hash=entry_hash,
            stem=source.stem,
            text=body_text,
            format="feed",
            id=_slug(guid) if guid else f"{source.stem}-{number}",
            url=entry.get("link"),
            outlet=outlet,
            title=entry.get("title"),
            published=entry.get("published") or entry.get("updated"),
            language=language,
            fields={k: entry.get(k) for k in ("author",) if entry.get(k)},
        )
