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
from storyline.extract.places import Gazetteer, Place, PlaceMention
from storyline.model import Article, Evidence, Sentence

PLACE_SENTENCES = 8  # where an event happened is said early; later places are context
ENCLOSING_RATIO = 10  # a city this many times bigger than a place around it holds it
ENCLOSING_MIN_POP = 100_000
KNOWN_CITY_POP = 100_000  # a city this big needs no region named to be believed
SMALL_TOWN_POP = 50_000  # a town under this needs its region among the text's places
HAMLET_POP = 5_000  # a place this small, named once, is as often a street or a surname
URBAN_DENSITY = 2_000  # people per km2: the radius a city of a given size covers

_RESIDENT_AFTER = re.compile(
    r"[\s-]+(?:area\s+)?(?:man|woman|men|women|boy|girl|teen|teenager|youth|resident|residents|"
    r"family|couple|native|student|mother|father|husband|wife|son|daughter)\b",
    re.IGNORECASE,
)
# "an Anchorage hospital", "a Tulsa trauma center": where the wounded were taken.
_HOSPITAL_AFTER = re.compile(
    r"[\s-]+(?:area\s+)?(?:hospital|hospitals|medical\s+cent(?:er|re)|trauma\s+cent(?:er|re))\b",
    re.IGNORECASE,
)
_RESIDENT_BEFORE = re.compile(r"(?:,\s*\d{1,3},\s*of|\bfrom)\s+$")
# Where the wounded were taken, not where they were hurt: "flown to a hospital in
# Richmond", "transporté à l'hôpital de Lyon", "trasportato all'ospedale di Pisa".
_TAKEN_TO = re.compile(
    r"(?:\b(?:flown|airlifted|air-lifted|taken|transported|rushed|driven|brought|transferred)"
    r"\s+(?:\w+\s+){0,5}?to|\bhospital\w*\s+in|\bmedical\s+cent(?:er|re)\s+in|"
    r"\b(?:h[oô]pital|hospital|ospedale|spitalul|spital)\s+(?:de|d'|du|di|del|din|en|in|à|a)|"
    r"\b(?:transport[ée]\w*|évacu[ée]\w*|trasladad\w*|trasportat\w*|transportat\w*)"
    r"\s+(?:\w+\s+){0,4}?(?:à|a|al|en|la|in))\s+(?:the\s+|l')?$",
    re.IGNORECASE,
)
# A line opening with a clip length ("1:52 Suspect confesses to ... shooting") is an item
# of a video list beside the article, not its text.
_CLIP_LINE = re.compile(r"[ \t]*\d{1,2}:\d\d[ \t]+[A-Z\"“]")
# The outlet's name that news sites append to a headline: "... - WSMV Channel 4",
# "... | Cleveland 19 News", "... :: WRAL.com".
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|à|en|în|a|dans|nel|nella)\s+$", re.IGNORECASE)
_LONGER_NAME = re.compile(r" [A-Z]")  # a capitalised word after a name continues it
_TITLE_SEGMENTS = re.compile(r"\s+(?:[|–—-]|::)\s+")


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
    inside = [
        m
        for m in places
        if any(a <= m.start and m.end <= b for a, b in spans) and not _clip_line(text, m.start)
    ]
    if not inside:
        return None
    headline = _headline(article.title or "")
    for precision in ("city", "admin1", "country"):
        pool = [m for m in inside if m.place.kind == precision]
        if not pool:
            continue
        events = [m for m in pool if not _residence(text, m)]
        pool = events or pool
        if precision == "city":
            # the headline says where it happened; a dateline or a later sentence may name
            # the station's city, a hospital's or a suspect's
            titled = [m for m in pool if _named_in(headline, m.text)] or [
                m
                for m in places
                if m.place.kind == "city"
                and _named_in(headline, m.text)
                and not _residence(text, m)
                and not _clip_line(text, m.start)
            ]
            pool = titled or pool
            scenes = {m.place for m in pool if _scene(article, headline, m.place, pool)}
            pool = [m for m in pool if m.place in scenes] or pool
        counts = Counter(m.place for m in pool)

        def weight(m: PlaceMention, counts: Counter = counts) -> tuple[float, int]:
            near = VIOLENCE.search(text[max(0, m.start - 80) : m.end + 20])
            return (counts[m.place] + (0.5 if near else 0.0), -m.start)

        best = max(pool, key=weight)
        mentions = counts[best.place]
        if precision == "city" and (
            not _supported(article, sentences, best, mentions, len(counts) == 1)
            or not _scene(article, headline, best.place, pool)
            or _headline_elsewhere(article, headline, best.place)
            or (
                _region_elsewhere(best.place, places)
                and _dateline_elsewhere(article, best.place, places) is None
            )
        ):
            continue
        if precision == "city":
            dateline = _dateline_elsewhere(article, best.place, places)
            if dateline is not None:
                best, mentions = dateline, sum(m.place == dateline.place for m in places)
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
    article: Article,
    sentences: Sequence[Sentence],
    best: PlaceMention,
    mentions: int,
    alone: bool,
) -> bool:
    """Whether a town is said to be the scene rather than merely named.

    A hamlet (under 5,000 people) named once is not enough: its name is as often a
    street's, a person's or a namesake's elsewhere. A town the episode names once, past
    its first sentence and not in the headline, is
    as often context (the station's city, a hospital, a street called after a town) as
    the scene: better no town than a wrong one. Named twice, in the headline, in the
    opening sentence, or (the lead's only town) after "in" in a sentence that reports the
    violence, it stands.
    """
    if mentions < 2 and (best.place.population or 0) < HAMLET_POP:
        return False  # "Rhine", "Bell": a hamlet named once is no better than a guess
    if mentions >= 2 or (sentences and best.start < sentences[0].end):
        return True
    # "blew themselves up yesterday in Kerman", the lead's only town: the violence is
    # said to happen there
    sentence = article.sentence_at(best.start)
    text = article.raw_text
    if (
        alone
        and sentence is not None
        and VIOLENCE.search(sentence.text)
        and _LOCATIVE_BEFORE.search(text, max(0, best.start - 8), best.start)
    ):
        return True
    title = article.title or ""
    return bool(title) and best.text.lower() in title.lower()


def _residence(text: str, m: PlaceMention) -> bool:
    """ "a Detroit man", "the Albuquerque family", "Hinrichs, 14, of Red Wing", "from X",
    or where the wounded were taken ("flown to a hospital in Richmond", "an Anchorage
    hospital")."""
    return bool(
        _RESIDENT_AFTER.match(text, m.end, m.end + 24)
        or _HOSPITAL_AFTER.match(text, m.end, m.end + 24)
        or _RESIDENT_BEFORE.search(text, max(0, m.start - 16), m.start)
        or _TAKEN_TO.search(text, max(0, m.start - 60), m.start)
    )


def _scene(article: Article, headline: str, place: Place, pool: list[PlaceMention]) -> bool:
    """Whether the town is given as the scene: in the headline, in the dateline, or in a
    sentence that reports the violence.

    A town the lead names only in other sentences (a statement's, a school's, a
    hospital's, a suspect's home) is as often not the scene as it is.
    """
    if _named_in(headline, place.name):
        return True
    text = article.raw_text
    for m in pool:
        if m.place != place:
            continue
        if _named_in(headline, m.text) or _dateline(text, m):
            return True
        sentence = article.sentence_at(m.start)
        if sentence is not None and VIOLENCE.search(sentence.text):
            return True
    return False


def _dateline(text: str, m: PlaceMention) -> bool:
    """ "WORCESTER (CBS) –", "KINGMAN, Ariz. —": the town in capitals opening a line."""
    line = text.rfind("\n", 0, m.start) + 1
    return m.text.isupper() and not text[line : m.start].strip(" -–—*\"'")


def _dateline_elsewhere(
    article: Article, place: Place, places: list[PlaceMention]
) -> PlaceMention | None:
    """The dateline's town, when the chosen town lies in a region nothing else names.

    "NEW ORLEANS (WWL) -- ... in Central City": the reporter files from the dateline's
    town; a chosen town of another region (or country) that no other place in the text
    supports is a name read in the wrong place (a neighbourhood resolved to a namesake
    elsewhere, a town that is also a surname), and the dateline's town is where the
    story is. A region named anywhere for the chosen town keeps it.
    """
    text = article.raw_text
    first = article.sentences[1].end if len(article.sentences) > 1 else len(text)
    dateline = next(
        (m for m in places if m.start < first and m.place.kind == "city" and _dateline(text, m)),
        None,
    )
    if dateline is None or dateline.place == place:
        return None
    other = dateline.place
    if (other.country, other.admin1) == (place.country, place.admin1):
        return None
    if any(
        m.place != place and (m.place.country, m.place.admin1) == (place.country, place.admin1)
        for m in places
        if m.place.kind != "country"
    ):
        return None
    return dateline


def _region_elsewhere(place: Place, places: list[PlaceMention]) -> bool:
    """Whether a town's region goes unnamed while the text names another region.

    "Hamilton Twp." in a story that says "New Jersey" and nothing of Ohio: the name was
    resolved to a namesake elsewhere (a township, a neighbourhood the gazetteer lacks, a
    surname). A city big enough to be known without its region (Dallas, Denver) stands:
    stories about it often name other states (victims' home states, other attacks).
    A small town is also doubted when the only places beside it are cities of another
    region: "Central City" beside New Orleans and nothing of Arizona.
    """
    if (place.population or 0) >= KNOWN_CITY_POP:
        return False
    own = (place.country, place.admin1)
    other = False
    for m in places:
        p = m.place
        if p == place or p.kind == "country" or p.country != place.country:
            continue
        if (p.country, p.admin1) == own:
            return False
        other = other or p.kind == "admin1" or (place.population or 0) < SMALL_TOWN_POP
    return other


def _headline_elsewhere(article: Article, headline: str, place: Place) -> bool:
    """Whether the headline names another town of the same region, outside this one.

    "Teen shot in Garner apartment" over a lead that names only the station's city
    (Raleigh) or the hospital's: the headline's town is the scene, and the text does not
    name it where it can be pointed at; better no town than another. A part of the
    chosen city ("Austin" in a Chicago story, "South Shore") is no contradiction.
    """
    if not headline or _named_in(headline, place.name):
        return False
    gazetteer = Gazetteer.load()
    radius = _radius(place)
    for _start, end, options in gazetteer.readings(headline, article.language):
        if (
            any(o.kind != "city" for o in options)  # "Oklahoma boy": the state, not its city
            or _RESIDENT_AFTER.match(headline, end)  # "Covington man who fired back"
            or _LONGER_NAME.match(headline, end)  # "Hamilton Heights", "Chatham Club"
        ):
            continue
        for other in options:
            if (
                other.kind == "city"
                and other.country == place.country
                and other.admin1 == place.admin1
                and other.name != place.name
                and distance_km(other, place) > max(radius / 2, _radius(other))
            ):
                return True
    return False


def _radius(place: Place) -> float:
    """The radius a city of this size covers at an urban density."""
    return math.sqrt((place.population or 0) / (math.pi * URBAN_DENSITY))


def _clip_line(text: str, pos: int) -> bool:
    """Whether `pos` lies on a line of a video list ("1:52 Suspect confesses to ...")."""
    return _CLIP_LINE.match(text, text.rfind("\n", 0, pos) + 1) is not None


def _headline(title: str) -> str:
    """The headline without the outlet's name appended to it ("... - WSMV Channel 4").

    The first segment is the headline; a short one ("Update") hands over to the next.
    """
    parts = _TITLE_SEGMENTS.split(title.strip())
    for part in parts:
        if len(part.split()) >= 3:
            return part
    return parts[0] if parts else ""


def _named_in(headline: str, name: str) -> bool:
    """Whether the headline names the place, as whole words, in any case."""
    if not headline:
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", headline, re.IGNORECASE) is not None


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
