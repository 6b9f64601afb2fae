"""Consolidation: each story's fact sheet from its articles' main events.

`consolidate_story` turns a story (from the stories stage), its articles and their
events (from the events stage) into the story's `event` — every slot with the value
the rules choose, a status a reader can check, the rule's name and every report with
its sources, attribution, publication time and evidence — and its `flags` (suspect
publication dates, likely errors). Pure: no I/O; the pipeline stores the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anyascii import anyascii

from storyline.consolidate.figures import consolidate_figure, deaths_among_the_injured
from storyline.consolidate.flags import publication_flags, recalled_date_flags, slot_flags
from storyline.consolidate.slots import (
    attackers_slot,
    claims_slot,
    date_slot,
    groups_slot,
    location_slot,
    phrase_slot,
    suicide_slot,
    type_slot,
)
from storyline.consolidate.sources import independent_count, sources_of
from storyline.model import Article

FIGURE_KINDS = ("killed", "injured", "hospitalized", "missing", "arrested")
PHRASE_ROLES = (
    "perpetrator_organizations",
    "perpetrator_individuals",
    "victims",
    "targets",
    "weapons",
)
FACT_SHEET_VERSION = 1


def actor_key(phrase: str, entity: str | None = None) -> str:
    """Two phrases are one actor when they name one entity (`entities` stage), else when
    they fold to the same words."""
    if entity:
        return entity
    words = anyascii(phrase).casefold().replace("-", " ").split()
    return " ".join(w for w in words if w not in {"the", "a", "an", "its", "their"})


def gazetteer_region(country: str, admin1: str | None) -> dict[str, Any] | None:
    """A region's (with no admin1, a country's) name and coordinates in the gazetteer."""
    from storyline.extract.places import Gazetteer  # deferred: most stories need none

    place = Gazetteer.load().region(country, admin1)
    if place is None:
        return None
    return {"name": place.name, "lat": round(place.lat, 4), "lon": round(place.lon, 4)}


def consolidate_story(
    story: dict[str, Any],
    articles: dict[str, Article],
    events: dict[str, list[dict[str, Any]]],
    identity: Callable[[str, str | None], str] = actor_key,
    region: Callable[[str, str | None], dict[str, Any] | None] = gazetteer_region,
) -> dict[str, Any]:
    """The fact sheet (`event`) and `flags` of one story."""
    sources = sources_of(story, articles)
    mains = {a: evs[0] for a, evs in events.items() if a in sources and evs}
    background = {a: evs[1:] for a, evs in events.items() if a in sources and evs}

    day = date_slot(mains, sources)
    sources, flags = publication_flags(sources, articles, mains, day["value"] if day else None)
    place = location_slot(mains, sources, region)
    kind = type_slot(mains, sources)
    figures = {
        k: f for k in FIGURE_KINDS if (f := consolidate_figure(k, mains, sources)) is not None
    }
    if "injured" in figures:  # after the killed: deaths since may come off the injured
        figures["injured"] = deaths_among_the_injured(
            figures["injured"], figures.get("killed"), mains, sources
        )
    event: dict[str, Any] = {
        "version": FACT_SHEET_VERSION,
        "type": kind,
        "suicide": suicide_slot(mains, sources),
        "attackers": attackers_slot(mains, sources),
        "date": date_slot(mains, sources),
        "location": place,
        "figures": figures,
        "casualty_groups": groups_slot(mains, sources),
        "claim": claims_slot(mains, sources, identity),
        **{role: phrase_slot(role, mains, sources, identity) for role in PHRASE_ROLES},
        "sources": {
            "articles": len(sources),
            "independent": independent_count(list(sources), sources),
            "suspect_dates": sorted(a for a, s in sources.items() if s.suspect_date),
        },
    }
    for name in ("date", "location", "type"):
        flags += slot_flags(name, event[name])
    flags += recalled_date_flags(background, sources)
    return {"event": event, "flags": flags}
