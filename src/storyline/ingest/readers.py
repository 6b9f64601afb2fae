"""Readers: one input file to the documents it holds, chosen by content as well as extension.

A reader yields `RawDocument`s (the fields an input states about an article, and its
text) or `InputOutcome` rejections naming the unit and the problem. Parsing the
article text itself (metadata lines, cleaning, sentences) is `storyline.ingest.article`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.ingest.decode import NotText, binary_kind, decode, sniff_encoding
from storyline.ingest.sources import SourceFile
from storyline.model import InputOutcome

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # one article, one HTML page or one JSON file
MAX_LINE_BYTES = 20 * 1024 * 1024  # one JSONL line
_HEAD_BYTES = 64 * 1024

ID_FIELDS = ("id", "doc_id", "docid", "guid")
URL_FIELDS = ("url", "link", "canonical_url")
OUTLET_FIELDS = ("source", "outlet", "publisher", "site_name", "sitename", "source_name")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "dct", "published_at", "pubDate", "datetime", "time")
LANGUAGE_FIELDS = ("language", "lang")
TEXT_FIELDS = ("text", "content", "body", "article", "doctext", "maintext")
AGENCY_FIELDS = ("agencies", "agency")


@dataclass(slots=True)
class RawDocument:
    """What an input says about one article, before any parsing of its text."""

    key: str  # input unit: path, or path#locator
    unit_hash: str  # hash of the unit's bytes: a changed unit is read again on resume
    stem: str
    text: str
    format: str  # text | html | json | jsonl | feed
    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: Any = None  # as the input gave it; parsed in storyline.ingest.dates
    language: str | None = None
    agencies: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # whatever else the input had


Unit = RawDocument | InputOutcome


def _hash(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def read_source(source: SourceFile) -> Iterator[Unit]:
    """Every document in one file, or a rejection naming the file and the problem."""
    try:
        if source.data is not None:
            head, size = source.data[:_HEAD_BYTES], len(source.data)
        else:
            assert source.path is not None
            size = source.path.stat().st_size
            with open(source.path, "rb") as fh:
                head = fh.read(_HEAD_BYTES)
    except FileNotFoundError:
        yield InputOutcome(source.key, "rejected", reason="file vanished before it could be read")
        return
    except IsADirectoryError:
        yield InputOutcome(source.key, "rejected", reason="is a directory")
        return
    except OSError as exc:
        yield InputOutcome(source.key, "rejected", reason=f"cannot read: {exc.strerror or exc}")
        return
    if size == 0 or not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        yield InputOutcome(source.key, "rejected", unit_hash=_hash(head), reason="empty file")
        return
    kind = binary_kind(head)
    if kind:
        yield InputOutcome(
            source.key, "rejected", unit_hash=_hash(head), reason=f"binary file: {kind}"
        )
        return
    fmt = sniff_format(head, source.suffix)
    if fmt == "jsonl":
        yield from _read_jsonl(source, head)
        return
    if size > MAX_DOCUMENT_BYTES:
        yield InputOutcome(
            source.key,
            "rejected",
            unit_hash=f"size:{size}",
            reason=f"too large for one {fmt} document ({size / 2**20:.0f} MB, "
            f"limit {MAX_DOCUMENT_BYTES // 2**20} MB); split it or use JSON Lines",
        )
        return
    try:
        data = source.data if source.data is not None else _read_all(source)
        text, _encoding = decode(data)
    except FileNotFoundError:
        yield InputOutcome(source.key, "rejected", reason="file vanished while being read")
        return
    except OSError as exc:
        yield InputOutcome(source.key, "rejected", reason=f"cannot read: {exc.strerror or exc}")
        return
    except NotText as exc:
        yield InputOutcome(source.key, "rejected", unit_hash=_hash(data), reason=str(exc))
        return
    unit_hash = _hash(data)
    if fmt == "json":
        yield from _read_json(source, text, unit_hash)
    elif fmt == "feed":
        from storyline.ingest.feeds import read_feed

        yield from read_feed(source, text, unit_hash)
    elif fmt == "html":
        from storyline.ingest.html import read_html

        yield read_html(source, text, unit_hash)
    else:
        yield RawDocument(
            key=source.key, unit_hash=unit_hash, stem=source.stem, text=text, format="text"
        )


def _read_all(source: SourceFile) -> bytes:
    assert source.path is not None
    with open(source.path, "rb") as fh:
        return fh.read(MAX_DOCUMENT_BYTES + 1)


def sniff_format(head: bytes, suffix: str = "") -> str:
    """text | html | json | jsonl | feed, from the first bytes, the extension breaking ties."""
    encoding = sniff_encoding(head) or "utf-8"
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    lower = text[:2048].lower()
    if text.startswith(("{", "[")):
        if suffix in (".jsonl", ".ndjson"):
            return "jsonl"
        first, _, rest = text.partition("\n")
        if text.startswith("{") and rest.lstrip().startswith("{"):
            try:
                json.loads(first)
                return "jsonl"
            except ValueError:
                pass
        return "json"
    if lower.startswith("<?xml") or lower.startswith(("<rss", "<feed", "<rdf:rdf")):
        if re.search(r"<(rss|feed|rdf:rdf)[\s>]", lower):
            return "feed"
        if "<html" in lower:
            return "html"
    if lower.startswith("<") and re.search(r"<(html|body|head|article|div|p)[\s>]", lower):
        return "html"
    if suffix in (".html", ".htm") and re.search(r"<(html|body|p|div)[\s>]", lower):
        return "html"
    return "text"


def _read_jsonl(source: SourceFile, head: bytes) -> Iterator[Unit]:
    """Stream a JSON Lines file line by line: a bad line is rejected, the rest goes on."""
    encoding = sniff_encoding(head)
    if encoding and not encoding.startswith("utf-8"):
        # UTF-16/32 JSON Lines cannot be split on b"\n"; such files are read whole.
        yield from _read_jsonl_wide(source, encoding)
        return
    try:
        stream = _open_lines(source)
        for number, line in enumerate(stream, start=1):
            key = f"{source.key}#L{number}"
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            if len(line) > MAX_LINE_BYTES:
                yield InputOutcome(
                    key,
                    "rejected",
                    unit_hash=_hash(line[:4096]),
                    reason=f"line too long ({len(line) / 2**20:.0f} MB)",
                )
                continue
            try:
                text, _ = decode(line)
            except NotText as exc:
                yield InputOutcome(key, "rejected", unit_hash=_hash(line), reason=str(exc))
                continue
            yield from _json_record_units(source, key, text, _hash(line), f"{source.stem}-{number}")
    except FileNotFoundError:
        yield InputOutcome(source.key, "rejected", reason="file vanished before it could be read")
    except OSError as exc:
        yield InputOutcome(source.key, "rejected", reason=f"read failed: {exc.strerror or exc}")


def _open_lines(source: SourceFile) -> Iterator[bytes]:
    if source.data is not None:
        yield from source.data.splitlines(keepends=True)
        return
    assert source.path is not None
    with open(source.path, "rb") as fh:
        yield from fh


def _read_jsonl_wide(source: SourceFile, encoding: str) -> Iterator[Unit]:
    data = source.data if source.data is not None else _read_all(source)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        yield InputOutcome(source.key, "rejected", reason=f"broken {encoding} text: {exc.reason}")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            key = f"{source.key}#L{number}"
            yield from _json_record_units(source, key, line, _hash(line), f"{source.stem}-{number}")


def _json_record_units(
    source: SourceFile, key: str, text: str, unit_hash: str, fallback_id: str
) -> Iterator[Unit]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputOutcome(
            key,
            "rejected",
            unit_hash=unit_hash,
            reason=f"{_json_problem(text)}: {exc.msg} at column {exc.colno}",
        )
        return
    if not isinstance(record, dict):
        yield InputOutcome(
            key,
            "rejected",
            unit_hash=unit_hash,
            reason=f"a JSON line must be an object, got {type(record).__name__}",
        )
        return
    yield document_from_record(record, key, unit_hash, source.stem, fallback_id, "jsonl")


def _read_json(source: SourceFile, text: str, unit_hash: str) -> Iterator[Unit]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputOutcome(
            source.key,
            "rejected",
            unit_hash=unit_hash,
            reason=f"{_json_problem(text)}: {exc.msg} at line {exc.lineno} column {exc.colno}",
        )
        return
    records = _records_in(data)
    if records is None:
        yield InputOutcome(
            source.key,
            "rejected",
            unit_hash=unit_hash,
            reason="JSON holds no article: expected an object with a text field, "
            "a list of them, or an object with an 'articles'/'items' list",
        )
        return
    if len(records) == 1 and records[0] is data:
        yield document_from_record(data, source.key, unit_hash, source.stem, source.stem, "json")
        return
    for number, record in enumerate(records, start=1):
        key = f"{source.key}#{number}"
        record_hash = _hash(json.dumps(record, sort_keys=True, ensure_ascii=False))
        if not isinstance(record, dict):
            yield InputOutcome(
                key,
                "rejected",
                unit_hash=record_hash,
                reason=f"item {number} is a {type(record).__name__}, not an object",
            )
            continue
        fallback = f"{source.stem}-{number}"
        yield document_from_record(record, key, record_hash, source.stem, fallback, "json")


def _json_problem(text: str) -> str:
    """A document that stops before closing its object or list was cut short."""
    return "invalid JSON" if text.rstrip().endswith(("}", "]")) else "truncated JSON"


def _records_in(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if any(k in data for k in TEXT_FIELDS):
            return [data]
        for name in ("articles", "items", "documents", "docs", "data", "results"):
            if isinstance(data.get(name), list):
                return data[name]
    return None


def _first(record: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return name, value
    return None, None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):  # {"name": "Le Monde", ...}
        value = value.get("name") or value.get("title") or value.get("id")
    return str(value).strip() or None


def document_from_record(
    record: dict[str, Any], key: str, unit_hash: str, stem: str, fallback_id: str, fmt: str
) -> Unit:
    """A RawDocument from a JSON object with the usual article fields; others kept."""
    used: set[str] = set()
    text_name, text = _first(record, TEXT_FIELDS)
    if text_name is None:
        if any(record.get(n) == "" for n in TEXT_FIELDS):
            return InputOutcome(key, "rejected", unit_hash=unit_hash, reason="empty text field")
        names = ", ".join(sorted(record)[:8]) or "none"
        return InputOutcome(
            key,
            "rejected",
            unit_hash=unit_hash,
            reason=f"no text field (text/content/body); fields: {names}",
        )
    if isinstance(text, list):
        text = "\n\n".join(str(t) for t in text)
    if not isinstance(text, str):
        return InputOutcome(
            key,
            "rejected",
            unit_hash=unit_hash,
            reason=f"the {text_name} field is a {type(text).__name__}, not text",
        )
    used.add(text_name)
    values: dict[str, Any] = {}
    for slot, names in (
        ("id", ID_FIELDS),
        ("url", URL_FIELDS),
        ("outlet", OUTLET_FIELDS),
        ("title", TITLE_FIELDS),
        ("published", PUBLISHED_FIELDS),
        ("language", LANGUAGE_FIELDS),
        ("agencies", AGENCY_FIELDS),
    ):
        name, value = _first(record, names)
        if name:
            used.add(name)
        values[slot] = value
    agencies = values["agencies"]
    if isinstance(agencies, str):
        agencies = [a.strip() for a in re.split(r"[,;/]", agencies) if a.strip()]
    published = values["published"]
    if isinstance(published, dict):
        published = published.get("$date") or next(iter(published.values()), None)
    return RawDocument(
        key=key,
        unit_hash=unit_hash,
        stem=stem,
        text=text,
        format=fmt,
        id=_as_text(values["id"]) or fallback_id,
        url=_as_text(values["url"]),
        outlet=_as_text(values["outlet"]),
        title=_as_text(values["title"]),
        published=published,
        language=_as_text(values["language"]),
        agencies=[str(a) for a in agencies or []],
        fields={k: v for k, v in record.items() if k not in used},
    )
