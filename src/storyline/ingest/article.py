"""One RawDocument to one Article: metadata, cleaning, language and sentences.

Pure: no I/O. What the input's fields state wins over what the text's own lines say;
both are kept in `Article.metadata["provenance"]` with the span or field they came from.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from storyline.ingest.clean import (
    Removal,
    build_clean_text,
    find_boilerplate,
    find_repeats,
    split_lines,
)
from storyline.ingest.dates import parse_published
from storyline.ingest.metadata import Finding, find_credits, find_metadata, outlet_name
from storyline.ingest.outlets import Outlet, OutletRegistry, original_url, url_domain
from storyline.ingest.readers import RawDocument
from storyline.ingest.text import detect_language, normalise_language, split_sentences
from storyline.model import Article, format_published

_TITLE_MAX = 200


class NoArticleText(ValueError):
    """Nothing of the input is article text."""


def content_hash(clean_text: str, outlet_key: str) -> str:
    """Identity of an article: its words and who published them.

    The same text from the same outlet is one article however often it is ingested; the
    same wire text from two outlets is two articles (a copy group, found later).
    """
    words = re.sub(r"\W+", " ", clean_text.casefold()).strip()
    return hashlib.sha256(f"{outlet_key}\n{words}".encode()).hexdigest()


def parse_document(doc: RawDocument, registry: OutletRegistry) -> Article:
    """Build an Article from what an input gave; raise NoArticleText if nothing is left."""
    raw = doc.text
    if not raw.strip():
        raise NoArticleText("empty text")
    lines = split_lines(raw)
    findings = find_metadata(raw, lines, registry)
    for byline in doc.fields.get("bylines", []):
        findings += find_credits(byline, "byline", registry)
    removals = [f.removal for f in findings if f.removal]
    removals += find_boilerplate(lines, removals)
    removals += find_repeats(raw, lines, removals)
    clean_text, offsets = build_clean_text(raw, removals)
    if not re.search(r"\w", clean_text) and any(r.reason == "photo caption" for r in removals):
        # A photo gallery's captions are all the text some pages have: they report the
        # event, so keep them and drop only their credits.
        credits = [
            Removal(f.start, f.end, "photo credit")
            for f in findings
            if f.removal and f.removal.reason == "photo caption"
        ]
        removals = [
            r
            for r in removals
            if r.reason != "photo caption" and not r.reason.startswith("repeated")
        ] + credits
        removals += find_repeats(raw, lines, removals)
        clean_text, offsets = build_clean_text(raw, removals)
    if not re.search(r"\w", clean_text):
        reasons = sorted({r.reason for r in removals}) or ["no words"]
        raise NoArticleText(f"no article text left after removing {', '.join(reasons)}")

    provenance: dict[str, Any] = {}
    url = original_url(doc.url)
    domain = url_domain(doc.url)

    outlet, outlet_obj = _choose_outlet(doc, findings, registry, domain, raw, provenance)
    agencies = _agencies(doc, findings, registry, raw, provenance)
    published, precision = _choose_published(doc, findings, raw, provenance)

    sentences = split_sentences(raw, clean_text, offsets)
    title = doc.title.strip() if doc.title else None
    title_inferred = False
    if title:
        provenance["title"] = {"field": "title"}
    else:
        title, span = _title_from_text(raw, lines, removals)
        if span:
            provenance["title"] = {
                "start": span[0],
                "end": span[1],
                "text": raw[span[0] : span[1]],
                "rule": "first line",
            }
        elif sentences:
            title_inferred = True
            first = sentences[0]
            title = _shorten(clean_text_of(first.text))
            provenance["title"] = {
                "start": first.start,
                "end": first.end,
                "text": first.text,
                "rule": "first sentence (no title given)",
            }

    language = normalise_language(doc.language)
    detected = detect_language(clean_text)
    if language:
        provenance["language"] = {"field": "language"}
    elif detected:
        language = detected
        provenance["language"] = {"rule": "detected from the clean text"}

    metadata: dict[str, Any] = {
        "format": doc.format,
        "provenance": provenance,
        "removed": [
            {"start": r.start, "end": r.end, "reason": r.reason}
            for r in sorted(removals, key=lambda r: r.start)
        ],
    }
    if detected:
        metadata["language_detected"] = detected
    if title_inferred:
        metadata["title_inferred"] = True
    if doc.url and url != doc.url:
        metadata["archive_url"] = doc.url
    if doc.outlet and outlet != doc.outlet:
        metadata["outlet_as_given"] = doc.outlet
    for kind in ("author", "photo_credit"):
        values = [f.value for f in findings if f.kind == kind]
        if values:
            metadata[kind + "s"] = values
    modified = next((f for f in findings if f.kind == "modified"), None)
    if modified:
        metadata["modified"] = format_published(*modified.value)
    if outlet_obj:
        metadata["outlet_kind"] = outlet_obj.kind
        metadata["outlet_country"] = outlet_obj.country
    if doc.fields:
        metadata["fields"] = doc.fields

    outlet_key = outlet_obj.id if outlet_obj else (domain or (outlet or "").casefold())
    return Article(
        id=doc.id or doc.stem,
        raw_text=raw,
        clean_text=clean_text,
        offsets=offsets,
        sentences=sentences,
        content_hash=content_hash(clean_text, outlet_key),
        outlet=outlet,
        outlet_id=outlet_obj.id if outlet_obj else None,
        outlet_domain=domain
        or (outlet_obj.domains[0] if outlet_obj and outlet_obj.domains else None),
        agencies=agencies,
        url=url,
        title=title,
        published=published,
        published_precision=precision,
        language=language,
        source=doc.key,
        metadata=metadata,
    )


def clean_text_of(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shorten(text: str) -> str:
    if len(text) <= _TITLE_MAX:
        return text
    cut = text[:_TITLE_MAX].rsplit(" ", 1)[0]
    return cut + "…"


def _choose_outlet(
    doc: RawDocument,
    findings: list[Finding],
    registry: OutletRegistry,
    domain: str | None,
    raw: str,
    provenance: dict[str, Any],
) -> tuple[str | None, Outlet | None]:
    """The outlet: the input's field, else the URL's domain, else a credit line in the text."""
    by_domain = registry.by_domain(domain)
    if doc.outlet:
        provenance["outlet"] = {"field": "outlet"}
        hit = registry.by_name(doc.outlet) or by_domain
        return (hit.display_name, hit) if hit else (doc.outlet, None)
    if by_domain:
        provenance["outlet"] = {"rule": "URL domain", "domain": domain}
        return by_domain.display_name, by_domain
    credited = next((f for f in findings if f.kind == "outlet"), None)
    if credited:
        provenance["outlet"] = credited.evidence(raw)
        value = credited.value
        return outlet_name(value), value if isinstance(value, Outlet) else None
    if domain:
        provenance["outlet"] = {"rule": "URL domain (not in the outlet registry)", "domain": domain}
        return domain, None
    return None, None


def _agencies(
    doc: RawDocument,
    findings: list[Finding],
    registry: OutletRegistry,
    raw: str,
    provenance: dict[str, Any],
) -> list[str]:
    names: list[str] = []
    evidence: list[dict[str, Any]] = []
    for given in doc.agencies:
        hit = registry.by_name(given)
        name = hit.display_name if hit else given
        if name not in names:
            names.append(name)
            evidence.append({"field": "agencies", "value": given})
    for finding in findings:
        if finding.kind == "agency":
            name = outlet_name(finding.value)
            if name not in names:
                names.append(name)
                evidence.append(finding.evidence(raw))
    if evidence:
        provenance["agencies"] = evidence
    return names


def _choose_published(
    doc: RawDocument, findings: list[Finding], raw: str, provenance: dict[str, Any]
) -> tuple[Any, Any]:
    """The input's field, else a stated publication time, else the first-change time."""
    if doc.published not in (None, ""):
        parsed = parse_published(doc.published)
        if parsed:
            provenance["published"] = {"field": "published", "value": str(doc.published)}
            return parsed
    for kind in ("published", "modified"):
        finding = next((f for f in findings if f.kind == kind), None)
        if finding:
            provenance["published"] = finding.evidence(raw)
            if kind == "modified":
                provenance["published"]["note"] = "only a modification time is printed"
            return finding.value
    return None, None


def _title_from_text(
    raw: str, lines, removals: list[Removal]
) -> tuple[str | None, tuple[int, int] | None]:
    """A first line that reads as a headline: short, no closing full stop, text after it."""
    spans = sorted((r.start, r.end) for r in removals)
    content = []
    for line in lines:
        if not line.stripped:
            continue
        a, b = line.start, line.end
        for s, e in spans:  # trim removed parts (a leading timestamp) off the line
            if s <= a < e:
                a = e
            if s < b <= e:
                b = s
        text = raw[a:b].strip() if a < b else ""
        if text:
            lead = len(raw[a:b]) - len(raw[a:b].lstrip())
            content.append((text, a + lead))
        if len(content) == 2:
            break
    if len(content) < 2:
        return None, None
    text, start = content[0]
    if len(text) > _TITLE_MAX or re.search(r"[.;,]$", text):
        return None, None
    return clean_text_of(text), (start, start + len(text))
