"""The story's non-numeric facts: type, date, place, attackers, who did it, who claimed it.

Each slot gathers the value every article's main event gives, with its evidence, and
votes by independent source (a copy group or an outlet counts once). A coarser value
that contains the winner agrees with it (a month with a day in it, a province with its
city in it, "attack" with "bombing"). A value with fewer independent sources than the
winner, and incompatible with it, is a minority report; it is kept with its sources, and
when the winner has two independent sources or more it is flagged as a likely error
(`flags.py`).

Status: `confirmed` (two or more independent sources), `single-source`, `conflicting`
(another value as well supported as the winner). A tie is not broken by picking one of
the tied values: on GVA dev the earliest report was right in 54% of tied dates and 63% of
tied cities, hardly better than a coin. Where the slot knows how (`coarsen`), the value is
what the tied values share, at the precision they share it, as ACLED's time and geo
precision codes record a day or a town the sources do not settle: the month of two days,
the region of two towns; no value when they share nothing. Elsewhere the earliest report
breaks the tie, and the rule says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline.consolidate.sources import Source, independent_count


@dataclass(slots=True)
class Reading:
    """One value of a slot as one article gives it."""

    key: Any  # what counts as the same value
    value: Any  # what is shown
    article: str
    evidence: dict[str, Any] | None
    detail: dict[str, Any] = field(default_factory=dict)


def vote(
    readings: list[Reading],
    sources: dict[str, Source],
    contains: Callable[[Any, Any], bool] = lambda coarse, fine: False,
    rule: str = "most independent sources",
    coarsen: Callable[[list[Reading]], Shared | None] | None = None,
) -> dict[str, Any] | None:
    """The slot for these readings: the winning value, its status, and every report.
    `coarsen` gives what tied readings share (module docstring)."""
    readings = [r for r in readings if r.article in sources]
    if not readings:
        return None
    groups: dict[Any, list[Reading]] = {}
    for r in readings:
        groups.setdefault(r.key, []).append(r)

    def support(key: Any) -> int:
        """Independent sources for a value, counting coarser readings that contain it."""
        arts = [r.article for k, rs in groups.items() if k == key or contains(k, key) for r in rs]
        return independent_count(arts, sources)

    def first_seen(key: Any) -> tuple[Any, ...]:
        return min(sources[r.article].sort_key for r in groups[key])

    # the finest values compete; a coarse value wins only if nothing finer is given
    finest = [k for k in groups if not any(contains(k, other) for other in groups if other != k)]
    ranked = sorted(finest, key=lambda k: (-support(k), first_seen(k)))
    winner = ranked[0]
    runner_up = next((k for k in ranked[1:] if not contains(k, winner)), None)
    n = support(winner)
    tie = runner_up is not None and support(runner_up) == n
    status = "conflicting" if tie else ("confirmed" if n >= 2 else "single-source")
    tied = [k for k in ranked if support(k) == n] if tie else [winner]
    shared: Shared | None = None
    if tie and coarsen is not None:
        shared = coarsen([groups[k][0] for k in tied])
        rule += (
            f"; a tie: the {shared.precision} the tied values share"
            if shared
            else "; a tie, and the tied values share nothing: no value"
        )
    elif tie:
        rule += "; a tie, broken by the earliest report"

    def relation(key: Any) -> str:
        if coarsen is not None and tie:
            if key in tied:
                return "conflicts"
            if shared and key == shared.key:
                return "agrees"
            if any(contains(key, k) for k in tied):
                return "compatible"
            return "minority"
        if key == winner:
            return "agrees"
        if contains(key, winner):
            return "compatible"
        return "conflicts" if tie and key == runner_up else "minority"

    reports = []
    for key, rs in sorted(groups.items(), key=lambda kv: (-support(kv[0]), first_seen(kv[0]))):
        reports.append(
            {
                "value": rs[0].value,
                "relation": relation(key),
                "sources": sorted({r.article for r in rs}),
                "independent_sources": independent_count([r.article for r in rs], sources),
                "evidence": [r.evidence for r in rs if r.evidence],
                **rs[0].detail,
            }
        )
    if coarsen is not None and tie:
        value, detail = (shared.value, shared.detail) if shared else (None, {})
    else:
        value, detail = groups[winner][0].value, groups[winner][0].detail
    return {
        "value": value,
        "status": status,
        "rule": rule,
        "independent_sources": n,
        **detail,
        "reports": reports,
    }


@dataclass(frozen=True, slots=True)
class Shared:
    """What tied readings have in common: a coarser value of the slot."""

    key: Any
    value: Any
    precision: str  # "month", "year", "region", "country": said in the rule
    detail: dict[str, Any] = field(default_factory=dict)


# ---- the slots ----------------------------------------------------------------------------

_GENERIC_TYPES = {"attack"}


def type_slot(events: dict[str, dict[str, Any]], sources: dict[str, Source]) -> dict | None:
    readings = [
        Reading(e["type"], e["type"], a, e.get("type_evidence"))
        for a, e in events.items()
        if e.get("type")
    ]
    return vote(readings, sources, contains=lambda c, f: c in _GENERIC_TYPES and f != c)


def date_slot(events: dict[str, dict[str, Any]], sources: dict[str, Source]) -> dict | None:
    readings = []
    for a, e in events.items():
        if not e.get("date"):
            continue
        precision = e.get("date_precision") or "day"
        key = {"day": e["date"], "month": e["date"][:7], "year": e["date"][:4]}[precision]
        readings.append(Reading(key, key, a, e.get("date_evidence"), {"precision": precision}))
    return vote(
        readings, sources, contains=lambda c, f: f != c and f.startswith(c), coarsen=shared_period
    )


def shared_period(tied: list[Reading]) -> Shared | None:
    """The month, else the year, that tied dates share."""
    for precision, width in (("month", 7), ("year", 4)):
        if len({r.key[:width] for r in tied}) == 1:
            key = tied[0].key[:width]
            return Shared(key, key, precision, {"precision": precision})
    return None


_PLACE_FIELDS = ("name", "admin1", "country", "lat", "lon", "precision")


def location_slot(
    events: dict[str, dict[str, Any]],
    sources: dict[str, Source],
    region: Callable[[str, str | None], dict[str, Any] | None] | None = None,
) -> dict | None:
    """The place; `region(country, admin1)` gives a region's (or with no admin1 a
    country's) name and coordinates, for the place tied towns share."""
    readings = []
    for a, e in events.items():
        place = e.get("location")
        if not place:
            continue
        key = (place["country"], place.get("admin1") or "", place["name"], place["precision"])
        value = {k: place.get(k) for k in _PLACE_FIELDS}
        readings.append(Reading(key, value, a, place.get("evidence")))

    def contains(coarse: tuple, fine: tuple) -> bool:
        if coarse == fine or coarse[0] != fine[0]:
            return False
        if coarse[3] == "country":
            return fine[3] != "country"
        return coarse[3] == "admin1" and fine[3] == "city" and coarse[1] == fine[1]

    def coarsen(tied: list[Reading]) -> Shared | None:
        """The region, else the country, that tied places share."""
        for precision, level in (("region", "admin1"), ("country", "country")):
            if len({r.key[: 2 if level == "admin1" else 1] for r in tied}) != 1:
                continue
            country, admin1 = tied[0].key[0], tied[0].key[1] or None
            if level == "admin1" and admin1 is None:
                continue
            found = region(country, admin1 if level == "admin1" else None) if region else None
            found = found or {}
            value = {
                "name": found.get("name", admin1 if level == "admin1" else country),
                "admin1": admin1 if level == "admin1" else None,
                "country": country,
                "lat": found.get("lat"),
                "lon": found.get("lon"),
                "precision": level,
            }
            key = (country, value["admin1"] or "", value["name"], level)
            return Shared(key, value, precision)
        return None

    slot = vote(readings, sources, contains=contains, coarsen=coarsen)
    if slot:
        place = slot.pop("value") or dict.fromkeys(_PLACE_FIELDS)
        slot = {**place, **slot}
    return slot


def attackers_slot(events: dict[str, dict[str, Any]], sources: dict[str, Source]) -> dict | None:
    readings = [
        Reading(e["attackers"], e["attackers"], a, e.get("attackers_evidence"))
        for a, e in events.items()
        if e.get("attackers")
    ]
    return vote(readings, sources)


def suicide_slot(events: dict[str, dict[str, Any]], sources: dict[str, Source]) -> dict | None:
    readings = [
        Reading(True, True, a, e.get("suicide_evidence"))
        for a, e in events.items()
        if e.get("suicide")
    ]
    return vote(readings, sources)


def phrase_slot(
    role: str,
    events: dict[str, dict[str, Any]],
    sources: dict[str, Source],
    identity: Callable[[str, str | None], str],
) -> list[dict[str, Any]]:
    """Each distinct actor or weapon of a role, with its sources; `identity` maps a phrase
    and its entity id to what makes two phrases one (the entity, else a folded name)."""
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for a, e in events.items():
        if a not in sources:
            continue
        for phrase in e.get(role) or []:
            groups.setdefault(identity(phrase["text"], phrase.get("entity")), []).append(
                (a, phrase)
            )
    out = []
    for key, items in groups.items():
        articles = sorted({a for a, _ in items})
        n = independent_count(articles, sources)
        printed = Counter(p["text"] for _, p in items)
        names = sorted(printed, key=lambda t: (-printed[t], -len(t), t))  # the usual spelling
        out.append(
            {
                "id": key,
                "name": names[0],
                "variants": names,
                "status": "confirmed" if n >= 2 else "single-source",
                "independent_sources": n,
                "sources": articles,
                "evidence": [p["evidence"] for _, p in items],
                "from": sorted({p.get("source", "rule") for _, p in items}),
            }
        )
    out.sort(key=lambda d: (-d["independent_sources"], d["name"]))
    return out


def claims_slot(
    events: dict[str, dict[str, Any]],
    sources: dict[str, Source],
    identity: Callable[[str, str | None], str],
) -> dict[str, Any] | None:
    """Who claimed it (or that no one has), through what, and when."""
    claims = [(a, c) for a, e in events.items() if a in sources for c in e.get("claims") or []]
    made = [(a, c) for a, c in claims if not c["denied"] and c.get("claimant")]
    if not made:
        denied = [(a, c) for a, c in claims if c["denied"]]
        if not denied:
            return None
        articles = sorted({a for a, _ in denied})
        return {
            "claimed": False,
            "status": "confirmed" if independent_count(articles, sources) >= 2 else "single-source",
            "sources": articles,
            "evidence": [c["evidence"] for _, c in denied],
        }
    by = vote(
        [
            Reading(
                identity(c["claimant"], c.get("claimant_entity")),
                c["claimant"],
                a,
                c.get("claimant_evidence"),
            )
            for a, c in made
        ],
        sources,
    )
    channel = vote(
        [
            Reading(c["channel"], c["channel"], a, c.get("channel_evidence"))
            for a, c in made
            if c.get("channel")
        ],
        sources,
    )
    day = vote(
        [
            Reading(c["date"], c["date"], a, c.get("date_evidence"))
            for a, c in made
            if c.get("date")
        ],
        sources,
    )
    return {"claimed": True, "by": by, "channel": channel, "date": day}


def groups_slot(
    events: dict[str, dict[str, Any]], sources: dict[str, Source]
) -> list[dict[str, Any]]:
    """Counts of groups among the casualties ("44 women and children among the dead"),
    each with its sources: one per (kind, group, count) as printed, folded."""
    found: dict[tuple[str, str, int], list[tuple[str, dict[str, Any]]]] = {}
    for a, e in events.items():
        if a not in sources:
            continue
        for g in e.get("groups") or []:
            key = (g["kind"], " ".join(g["group"].casefold().split()), g["value"])
            found.setdefault(key, []).append((a, g))
    out = []
    for (kind, _, value), items in found.items():
        articles = sorted({a for a, _ in items})
        n = independent_count(articles, sources)
        out.append(
            {
                "kind": kind,
                "value": value,
                "group": items[0][1]["group"],
                "status": "confirmed" if n >= 2 else "single-source",
                "independent_sources": n,
                "sources": articles,
                "evidence": [g["evidence"] for _, g in items],
            }
        )
    return sorted(out, key=lambda g: (g["kind"], -g["value"]))
