"""Where an episode happened: one place from the place names its sentences give.

Places come from `places.py` (found and resolved over the whole article); this module
only chooses among those inside an episode's first sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline.extract.episodes import VIOLENCE
from storyline.extract.places import PlaceMention
from storyline.model import Article, Evidence, Sentence

PLACE_SENTENCES = 8  # where an event happened is said early; later places are context


@dataclass(slots=True)
class Location:
    name: str
    admin1: str | None
    country: str
    lat: float
    lon: float
    precision: str  # "city" | "admin1" | "country"
    evidence: Evidence
    mentions: int  # how often the article names it in the episode

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "admin1": self.admin1,
            "country": self.country,
            "lat": round(self.lat, 4),
            "lon": round(self.lon, 4),
            "precision": self.precision,
            "mentions": self.mentions,
            "evidence": self.evidence.to_dict(),
        }


def locate(
    article: Article, sentences: Sequence[Sentence], places: list[PlaceMention]
) -> Location | None:
    """The most specific place the episode names most, preferring one beside violence."""
    spans = [(s.start, s.end) for s in sentences[:PLACE_SENTENCES]]
    inside = [m for m in places if any(a <= m.start and m.end <= b for a, b in spans)]
    if not inside:
        return None
    for precision in ("city", "admin1", "country"):
        pool = [m for m in inside if m.place.kind == precision]
        if not pool:
            continue
        counts = Counter(m.place for m in pool)

        def weight(m: PlaceMention, counts: Counter = counts) -> tuple[float, int]:
            near = VIOLENCE.search(article.raw_text[max(0, m.start - 80) : m.end + 20])
            return (counts[m.place] + (0.5 if near else 0.0), -m.start)

        best = max(pool, key=weight)
        place = best.place
        return Location(
            name=place.name,
            admin1=place.admin1,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            precision=precision,
            evidence=article.evidence(best.start, best.end),
            mentions=counts[place],
        )
    return None
