"""The outlet registry: known outlets by name, translated name and web domain.

The registry is a data file we keep by hand (`data/outlets.json`). Names are matched
whole, after folding case, accents and punctuation, because they are looked up in
credit lines ("Source: Today IT", "The world with AFP") and never searched for in
running text, where "The world" is an ordinary phrase.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

OUTLET_KINDS = ("wire", "newspaper", "broadcaster", "state-media", "online", "magazine")

_ARCHIVE_PREFIX = re.compile(
    r"^(?:https?://)?(?:web\.)?archive\.org/web/\d+[a-z_]*/+(?P<url>.+)$", re.IGNORECASE
)
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "edition.")


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str  # the full name ("Agence France-Presse")
    kind: str
    country: str | None = None
    language: str | None = None
    region: str | None = None
    wire: bool = False  # a news agency, whatever else it is (state agencies such as IRNA)
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    translations: dict[str, str] = field(default_factory=dict)
    short: str | None = None  # the name it signs with, where that is not `name` ("AFP")

    @property
    def display_name(self) -> str:
        """The name outputs show: how the outlet signs its work."""
        return self.short or self.name

    @property
    def is_agency(self) -> bool:
        return self.wire or self.kind == "wire"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.display_name,
            "full_name": self.name,
            "kind": self.kind,
            "country": self.country,
            "language": self.language,
        }


def fold_name(text: str) -> str:
    """Fold a printed name for lookup: no accents, case, punctuation or leading article."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^(the|le|la|les|el|il|lo|l)\s+", "", text)


class OutletRegistry:
    """Look outlets up by printed name (or its translation) and by web domain."""

    def __init__(self, outlets: list[Outlet]):
        self.outlets = outlets
        self._by_name: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for outlet in outlets:
            names = (
                outlet.name,
                outlet.short or "",
                *outlet.aliases,
                *outlet.translations.values(),
            )
            for name in filter(None, names):
                self._by_name.setdefault(fold_name(name), outlet)
            for domain in outlet.domains:
                self._by_domain.setdefault(domain.lower(), outlet)
        self.max_name_words = max((len(k.split()) for k in self._by_name), default=1)

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]]) -> OutletRegistry:
        outlets = [
            Outlet(
                id=row["id"],
                name=row["name"],
                kind=row.get("kind", "newspaper"),
                country=row.get("country"),
                language=row.get("language"),
                region=row.get("region"),
                wire=bool(row.get("wire", False)),
                domains=tuple(row.get("domains", ())),
                aliases=tuple(row.get("aliases", ())),
                translations=dict(row.get("translations", {})),
                short=row.get("short"),
            )
            for row in rows
        ]
        return cls(outlets)

    def by_name(self, printed: str) -> Outlet | None:
        key = fold_name(printed)
        return self._by_name.get(key) if key else None

    def by_domain(self, domain: str | None) -> Outlet | None:
        """The outlet of a host name, trying parent domains (news.bbc.co.uk → bbc.co.uk)."""
        if not domain:
            return None
        parts = domain.lower().split(".")
        for i in range(len(parts) - 1):
            hit = self._by_domain.get(".".join(parts[i:]))
            if hit:
                return hit
        return None

    def leading_name(self, text: str) -> tuple[Outlet, int] | None:
        """The longest registered name that `text` starts with, and how many words it took."""
        words = text.split()
        for n in range(min(len(words), self.max_name_words), 0, -1):
            hit = self.by_name(" ".join(words[:n]))
            if hit:
                return hit, n
        return None


@lru_cache(maxsize=1)
def default_registry() -> OutletRegistry:
    data = resources.files("storyline.ingest").joinpath("data/outlets.json").read_text("utf-8")
    return OutletRegistry.from_rows(json.loads(data)["outlets"])


def original_url(url: str | None) -> str | None:
    """The URL an archive capture was taken of; other URLs unchanged."""
    if not url:
        return url
    match = _ARCHIVE_PREFIX.match(url.strip())
    if not match:
        return url.strip()
    inner = match.group("url")
    if not re.match(r"^[a-z]+:/", inner, re.IGNORECASE):
        inner = "http://" + inner
    # archive.org collapses "//" after the scheme to "/" in some captures
    return re.sub(r"^(https?):/(?!/)", r"\1://", inner, flags=re.IGNORECASE)


def url_domain(url: str | None) -> str | None:
    """The outlet's host name of a URL, looking through web-archive captures."""
    url = original_url(url)
    if not url:
        return None
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host
