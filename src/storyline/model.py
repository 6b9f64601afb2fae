"""The data model every stage shares: articles, their sentences, and evidence.

Offsets are always character offsets into `Article.raw_text`, the text exactly as the
input gave it (a plain-text file decoded, a JSON `text` field, the body trafilatura
extracted from an HTML page). Cleaning never rewrites that text: it builds
`Article.clean_text` and an `OffsetMap` that takes any position in the clean text back
to the raw text, so a fact found in clean text still cites the original characters.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

DatePrecision = Literal["second", "minute", "day"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: its index and its span in the raw text."""

    index: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a value was read: an article, a raw-text span, and the sentence holding it."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: Sentence | None = None
    # "text": offsets into the article's raw text; "title": into a headline given apart
    # from the text (a feed's or a JSON input's title field)
    field: str = "text"

    def to_dict(self) -> dict[str, Any]:
        out = {
            "article": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence.to_dict() if self.sentence else None,
        }
        if self.field != "text":
            out["field"] = self.field
        return out


@dataclass(frozen=True, slots=True)
class Piece:
    """One run of clean text and the raw span it stands for.

    When both have the same length the run maps character by character (kept text,
    or quotation marks swapped one for one); otherwise the run is a normalised
    stretch of whitespace and maps as a whole.
    """

    clean_start: int
    clean_end: int
    raw_start: int
    raw_end: int

    @property
    def aligned(self) -> bool:
        return self.clean_end - self.clean_start == self.raw_end - self.raw_start


class OffsetMap:
    """Maps positions in clean text back to positions in raw text."""

    __slots__ = ("_pieces", "_starts")

    def __init__(self, pieces: list[Piece]):
        self._pieces = pieces
        self._starts = [p.clean_start for p in pieces]

    @property
    def pieces(self) -> list[Piece]:
        return list(self._pieces)

    def _piece_at(self, pos: int) -> Piece:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._pieces[max(i, 0)]

    def raw_start(self, clean_pos: int) -> int:
        """Raw offset of the character at `clean_pos`."""
        piece = self._piece_at(clean_pos)
        if piece.aligned:
            return piece.raw_start + min(
                clean_pos - piece.clean_start, piece.raw_end - piece.raw_start
            )
        return piece.raw_start

    def raw_end(self, clean_end: int) -> int:
        """Raw offset just past the character before `clean_end` (an exclusive end)."""
        if clean_end <= 0:
            return self._pieces[0].raw_start if self._pieces else 0
        piece = self._piece_at(clean_end - 1)
        if piece.aligned:
            return piece.raw_start + (clean_end - piece.clean_start)
        return piece.raw_end

    def raw_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        return self.raw_start(clean_start), self.raw_end(clean_end)

    def to_json(self) -> list[list[int]]:
        return [[p.clean_start, p.clean_end, p.raw_start, p.raw_end] for p in self._pieces]

    @classmethod
    def from_json(cls, rows: list[list[int]]) -> OffsetMap:
        return cls([Piece(*row) for row in rows])


@dataclass(slots=True)
class Article:
    """One news article, its cleaned text and where every part of it came from."""

    id: str
    raw_text: str
    clean_text: str
    offsets: OffsetMap
    sentences: list[Sentence]
    content_hash: str
    outlet: str | None = None
    outlet_id: str | None = None
    outlet_domain: str | None = None
    agencies: list[str] = field(default_factory=list)
    url: str | None = None
    title: str | None = None
    published: datetime | None = None
    published_precision: DatePrecision | None = None
    language: str | None = None
    source: str = ""  # the input it came from: path, plus a locator inside the file
    metadata: dict[str, Any] = field(default_factory=dict)

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for the raw span [start, end), with the sentence that holds it."""
        if not 0 <= start <= end <= len(self.raw_text):
            raise ValueError(f"span {start}:{end} is outside article {self.id}")
        return Evidence(self.id, start, end, self.raw_text[start:end], self.sentence_at(start))

    def evidence_from_clean(self, clean_start: int, clean_end: int) -> Evidence:
        """Evidence for a span found in the clean text, pointed back at the raw text."""
        start, end = self.offsets.raw_span(clean_start, clean_end)
        return self.evidence(start, end)

    def sentence_at(self, raw_pos: int) -> Sentence | None:
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, raw_pos) - 1
        if i >= 0 and self.sentences[i].start <= raw_pos < max(self.sentences[i].end, raw_pos + 1):
            return self.sentences[i]
        return None

    def published_iso(self) -> str | None:
        return format_published(self.published, self.published_precision)


def format_published(value: datetime | None, precision: DatePrecision | None) -> str | None:
    """ISO 8601 at the precision the input gave: a date, or a time with its zone if known."""
    if value is None:
        return None
    if precision == "day":
        return value.date().isoformat()
    if precision == "minute":
        return value.isoformat(timespec="minutes")
    return value.isoformat(timespec="seconds")


InputStatus = Literal["ingested", "duplicate", "rejected"]


@dataclass(frozen=True, slots=True)
class InputOutcome:
    """What became of one input unit (a file, a JSONL line, a feed entry)."""

    key: str  # path, or path#locator for one unit of a multi-article file
    status: InputStatus
    unit_hash: str = ""
    article_id: str | None = None
    reason: str | None = None
    unit_id: str | None = None  # the id the input gave itself (differs for a duplicate)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.key,
            "status": self.status,
            "article": self.article_id,
            "reason": self.reason,
            "id": self.unit_id,
        }
