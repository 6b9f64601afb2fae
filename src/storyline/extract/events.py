"""An article's events: the main one it reports and the earlier ones it recalls.

Each value carries the evidence it was read from. The article's sentences are split
into episodes (`episodes.py`); each episode gets its date, place, type and flags from
its own sentences only, so a recalled attack never lends its date, place or toll to
the main event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.extract.episodes import Episode, reference_day, split_episodes
from storyline.extract.event_type import read_type
from storyline.extract.figures import KINDS, CasualtyFigure, find_figures
from storyline.extract.location import Location, locate
from storyline.extract.places import Gazetteer, PlaceMention
from storyline.model import Article, Evidence


@dataclass(slots=True)
class Event:
    main: bool
    background: bool
    type: str | None = None
    type_evidence: Evidence | None = None
    suicide: bool = False
    suicide_evidence: Evidence | None = None
    attackers: int | None = None
    attackers_evidence: Evidence | None = None
    date: date | None = None
    date_precision: str | None = None
    date_evidence: Evidence | None = None
    date_note: str | None = None
    location: Location | None = None
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    sentences: list[int] = field(default_factory=list)  # indexes of the episode's sentences

    def to_dict(self) -> dict[str, Any]:
        def ev(value: Evidence | None) -> dict[str, Any] | None:
            return value.to_dict() if value else None

        return {
            "main": self.main,
            "background": self.background,
            "type": self.type,
            "type_evidence": ev(self.type_evidence),
            "suicide": self.suicide,
            "suicide_evidence": ev(self.suicide_evidence),
            "attackers": self.attackers,
            "attackers_evidence": ev(self.attackers_evidence),
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "date_evidence": ev(self.date_evidence),
            "date_note": self.date_note,
            "location": self.location.to_dict() if self.location else None,
            "figures": self.figures,
            "sentences": self.sentences,
        }


def extract_events(
    article: Article,
    *,
    story_day: date | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Event]:
    """The main event (first) and the background events of `article`.

    `story_day` is the day the article's story was first reported: the reference for
    an article that prints no date of its own, or only a later modification time.
    """
    reference = reference_day(article, story_day)
    main, background = split_episodes(article, reference)
    gazetteer = gazetteer or Gazetteer.load()
    places = gazetteer.find(article.raw_text, article.language)
    figures = find_figures(article)
    events = [_event(article, main, places, figures)]
    events += [_event(article, episode, places, figures) for episode in background]
    return events


def _event(
    article: Article,
    episode: Episode,
    places: list[PlaceMention],
    figures: list[CasualtyFigure],
) -> Event:
    reading = read_type(article, episode.sentences)
    event = Event(
        main=not episode.background,
        background=episode.background,
        type=reading.type,
        type_evidence=reading.type_evidence,
        suicide=reading.suicide,
        suicide_evidence=reading.suicide_evidence,
        attackers=reading.attackers,
        attackers_evidence=reading.attackers_evidence,
        sentences=[s.index for s in episode.sentences],
    )
    if episode.day is not None and episode.date_mention is not None:
        event.date = episode.day
        event.date_precision = episode.precision
        event.date_evidence = article.evidence(episode.date_mention.start, episode.date_mention.end)
        event.date_note = episode.date_mention.note
        if episode.date_mention.relative and article.published is None:
            event.date_note += "; counted from the story's first report"
    event.location = locate(article, episode.sentences, places)
    event.figures = _figures(episode, figures)
    return event


def _figures(episode: Episode, figures: list[CasualtyFigure]) -> dict[str, dict[str, Any]]:
    """Per kind, the figure the article stands by, and every report of that kind.

    The standing figure is the first in text order that is neither superseded ("an
    earlier toll of 103") nor the attackers' own: the lead states the current toll. A
    recalled event's figures stay with it: the main event takes only those scoped to it.
    """
    spans = [(s.start, s.end) for s in episode.sentences]
    mine = [
        f
        for f in figures
        if any(a <= f.evidence.start < b for a, b in spans)
        and (episode.background or f.scope == "event")
    ]
    out: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        reports = [f for f in mine if f.kind == kind]
        if not reports:
            continue
        standing = next((f for f in reports if not f.superseded and not f.perpetrator), None)
        summary: dict[str, Any] = {"reports": [f.to_dict() for f in reports]}
        if standing is not None:
            summary = {
                "value": standing.value,
                "low": standing.low,
                "high": standing.high,
                "qualifier": standing.qualifier,
                "attribution": standing.attribution.to_dict() if standing.attribution else None,
                "evidence": standing.evidence.to_dict(),
                **summary,
            }
        out[kind] = summary
    return out
