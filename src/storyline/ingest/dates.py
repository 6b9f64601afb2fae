"""Publication dates as inputs state them: ISO 8601, RFC 822, Unix time, or words.

Each parse returns the datetime and the precision it was given at, so a bare date
stays a date (no invented midnight) and a zone is kept only when the input had one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from storyline.model import DatePrecision

# Unix times outside this range are not publication times (1995 to 2100).
_UNIX_MIN, _UNIX_MAX = 788_918_400, 4_102_444_800
_HAS_TIME = re.compile(r"\d{1,2}\s*[:h]\s*\d{2}|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)", re.IGNORECASE)
_DATE_LANGUAGES = ["en", "fr", "es", "it", "ro", "de", "pt"]


def from_unix(value: float) -> datetime | None:
    if _UNIX_MIN <= value <= _UNIX_MAX:
        return datetime.fromtimestamp(value, tz=UTC)
    if _UNIX_MIN * 1000 <= value <= _UNIX_MAX * 1000:  # milliseconds
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return None


def parse_published(
    value: Any, languages: list[str] | None = None
) -> tuple[datetime, DatePrecision] | None:
    """A stated publication time and its precision, or None if it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value, "second"
    if isinstance(value, int | float) and not isinstance(value, bool):
        dt = from_unix(float(value))
        return (dt, "second") if dt else None
    text = str(value).strip()
    if re.fullmatch(r"\d{10}(\.\d+)?|\d{13}", text):
        dt = from_unix(float(text))
        return (dt, "second") if dt else None
    iso = text.replace("Z", "+00:00") if re.match(r"\d{4}-\d{2}-\d{2}", text) else None
    if iso:
        try:
            dt = datetime.fromisoformat(iso)
        except ValueError:
            dt = None
        if dt is not None:
            if len(iso) <= 10:
                return dt, "day"
            return dt, (
                "second" if dt.second or dt.microsecond or iso.count(":") >= 2 else "minute"
            )
    if re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            return parsedate_to_datetime(text), "second"
        except (TypeError, ValueError):
            pass
    return parse_date_words(text, languages)


def parse_date_words(
    text: str, languages: list[str] | None = None
) -> tuple[datetime, DatePrecision] | None:
    """Dates in words ("May 1, 2024 – 11:13", "4 janvier 2024 à 10h15"), via dateparser."""
    import dateparser  # slow to import; most inputs never need it

    cleaned = re.sub(r"\s[–—-]\s|\s(?:at|à|a las|alle|la ora|um)\s", " ", text)
    cleaned = re.sub(r"(\d{1,2})h(\d{2})", r"\1:\2", cleaned)
    if not re.search(r"\d", cleaned):
        return None
    parsed = dateparser.parse(
        cleaned,
        languages=languages or _DATE_LANGUAGES,
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "STRICT_PARSING": False,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    if parsed is None:
        return None
    return parsed, ("minute" if _HAS_TIME.search(cleaned) else "day")
