"""Where an episode happened: one place from the place names its sentences give.

Places come from `places.py` (found and resolved over the whole article); this module
only chooses among those inside an episode's first sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyline.extract.episodes import VIOLENCE
from storyline.extract.places import Place, PlaceMention
from storyline.model import Article, Evidence, Sentence

PLACE_SENTENCES = 8  # where an event happened is said early; later places are context
ENCLOSING_RATIO = 10  # a city this many times bigger than a place around it holds it
ENCLOSING_MIN_POP = 100_000
URBAN_DENSITY = 2_000  # people per km2: the radius a city of a given size covers

_RESIDENT_AFTER = re.compile(
    r"[\s-]+(?:area\s+)?(?:man|woman|men|women|boy|girl|teen|teenager|youth|resident|residents|"
    r"family|couple|native|student|mother|father|husband|wife|son|daughter)\b",
    re.IGNORECASE,
)
_RESIDENT_BEFORE = re.compile(r"(?:,\s*\d{1,3},\s*of|\bfrom)\s+$")


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
    """The most specific place the episode names most, preferring one beside violence.

    A town named only as where someone lives or comes from ("a Detroit man", "Logan
    Hinrichs, 14, of Red Wing") is not where the event happened: such mentions serve
    only when the episode names no other place of their precision. A part of a big city
    (a neighbourhood GeoNames lists as a place of its own) gives way to that city when
    the article names it: the event is placed in the city, at city precision.
    """
    text = article.raw_text
    spans = [(s.start, s.end) for s in sentences[:PLACE_SENTENCES]]
    inside = [m for m in places if any(a <= m.start and m.end <= b for a, b in spans)]
    if not inside:
        return None
    for precision in ("city", "admin1", "country"):
        pool = [m for m in inside if m.place.kind == precision]
        if not pool:
            continue
        events = [m for m in pool if not _residence(text, m)]
        pool = events or pool
        counts = Counter(m.place for m in pool)

        def weight(m: PlaceMention, counts: Counter = counts) -> tuple[float, int]:
            near = VIOLENCE.search(text[max(0, m.start - 80) : m.end + 20])
            return (counts[m.place] + (0.5 if near else 0.0), -m.start)

        best = max(pool, key=weight)
        mentions = counts[best.place]
        if precision == "city" and not _supported(article, sentences, best, mentions):
            return None
        if precision == "city":
            city = _enclosing_city(best.place, places)
            if city is not None:
                best, mentions = city, mentions + sum(m.place == city.place for m in pool)
        place = best.place
        return Location(
            name=place.name,
            admin1=place.admin1,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            precision=precision,
            evidence=article.evidence(best.start, best.end),
            mentions=mentions,
        )
    return None


def _supported(
    article: Article, sentences: Sequence[Sentence], best: PlaceMention, mentions: int
) -> bool:
    """Whether a town is said to be the scene rather than merely named.

    A town the episode names once, past its first sentence and not in the headline, is
    as often context (the station's city, a hospital, a street called after a town) as
    the scene: better no town than a wrong one. Named twice, in the headline or in the
    opening sentence, it stands.
    """
    if mentions >= 2 or (sentences and best.start < sentences[0].end):
        return True
    title = article.title or ""
    return bool(title) and best.text.lower() in title.lower()


def _residence(text: str, m: PlaceMention) -> bool:
    """ "a Detroit man", "the Albuquerque family", "Hinrichs, 14, of Red Wing", "from X"."""
    return bool(
        _RESIDENT_AFTER.match(text, m.end, m.end + 24)
        or _RESIDENT_BEFORE.search(text, max(0, m.start - 16), m.start)
    )


def _enclosing_city(place: Place, places: list[PlaceMention]) -> PlaceMention | None:
    """A city the article names that is far bigger than `place` and holds it.

    "Holds": `place` lies within the radius a city of that size covers at an urban
    density (Chicago ~20 km, a city of 100,000 ~4 km), in the same region.
    """
    own = place.population or 0
    best: PlaceMention | None = None
    for m in places:
        other = m.place
        pop = other.population or 0
        if (
            other.kind != "city"
            or other == place
            or pop < max(ENCLOSING_RATIO * own, ENCLOSING_MIN_POP)
            or other.country != place.country
            or other.admin1 != place.admin1
        ):
            continue
        radius = math.sqrt(pop / (math.pi * URBAN_DENSITY))
        bigger = best is None or pop > (best.place.population or 0)
        if bigger and distance_km(place, other) <= radius:
            best = m
    return best


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places."""
    la1, la2 = math.radians(a.lat), math.radians(b.lat)
    dla, dlo = la2 - la1, math.radians(b.lon - a.lon)
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
