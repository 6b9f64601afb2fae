"""An article's events: the main one it reports and the earlier ones it recalls.

Each value carries the evidence it was read from. The article's sentences are split
into episodes (`episodes.py`); each episode gets its date, place, type and flags from
its own sentences only, so a recalled attack never lends its date, place or toll to
the main event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.extract.actors import ROLES, RolePhrase, find_role_phrases
from storyline.extract.claims import Claim, find_claims
from storyline.extract.episodes import Episode, reference_day, split_episodes
from storyline.extract.event_type import read_type
from storyline.extract.figures import KINDS, CasualtyFigure, find_figures
from storyline.extract.location import Location, locate
from storyline.extract.places import Gazetteer, PlaceMention
from storyline.extract.quotes import Quote, find_quotes
from storyline.extract.roles import RoleExtractor
from storyline.extract.subsets import GroupFigure, find_group_figures
from storyline.extract.toll import main_toll, title_figures
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
    roles: dict[str, list[RolePhrase]] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    groups: list[GroupFigure] = field(
        default_factory=list
    )  # "44 women and children among the dead"
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
            **{role: [p.to_dict() for p in self.roles.get(role, [])] for role in ROLES},
            "claims": [c.to_dict() for c in self.claims],
            "quotes": [q.to_dict() for q in self.quotes],
            "groups": [g.to_dict() for g in self.groups],
            "sentences": self.sentences,
        }


# The role model reads the lead, where an attack is told. On 600 GVA dev articles the
# named victims it finds are the same 44 with 10 sentences as with 12 (named suspects 4
# against 3), and parsing two sentences fewer saves ~2 ms an article.
ROLE_LEAD_SENTENCES = 10


@dataclass(slots=True)
class _ArticleReadings:
    """What is read once per article and shared out to its episodes by sentence."""

    places: list[PlaceMention]
    figures: list[CasualtyFigure]
    headline_figures: list[CasualtyFigure]  # of a title given apart from the text
    role_fillers: list[Any]  # roles.RoleFiller over the raw text
    claims: list[Claim]
    quotes: list[Quote]
    groups: list[GroupFigure]


def extract_events(
    article: Article,
    *,
    story_day: date | None = None,
    gazetteer: Gazetteer | None = None,
    roles: RoleExtractor | None = None,
) -> list[Event]:
    """The main event (first) and the background events of `article`.

    `story_day` is the day the article's story was first reported: the reference for
    an article that prints no date of its own, or only a later modification time.
    `roles` is the trained role model; without it (or for a language it does not
    read) role phrases come from the rules of `actors.py` alone.
    """
    items = [(article, story_day)]
    return next(events_of_articles(items, gazetteer=gazetteer, roles=roles))[1]


def events_of_articles(
    articles: Iterable[tuple[Article, date | None]],
    *,
    gazetteer: Gazetteer | None = None,
    roles: RoleExtractor | None = None,
    batch_size: int = 32,
    places: Mapping[str, list[PlaceMention]] | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Each article with its `extract_events`, from (article, story_day) pairs, in order.

    The role model parses articles in batches, which spaCy runs about twice as fast as
    one at a time. `places` maps article ids to their `Gazetteer.find` results when the
    caller has them already (the entity mentions read the same scan).
    """
    gazetteer = gazetteer or Gazetteer.load()
    batch: list[tuple[Article, date | None]] = []
    for item in articles:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _events_of_batch(batch, gazetteer, roles, places or {})
            batch = []
    if batch:
        yield from _events_of_batch(batch, gazetteer, roles, places or {})


def _events_of_batch(
    batch: list[tuple[Article, date | None]],
    gazetteer: Gazetteer,
    roles: RoleExtractor | None,
    places: Mapping[str, list[PlaceMention]],
) -> Iterator[tuple[Article, list[Event]]]:
    fillers = _role_fillers([article for article, _ in batch], roles)
    for (article, story_day), role_fillers in zip(batch, fillers, strict=True):
        reference = reference_day(article, story_day)
        main, background = split_episodes(article, reference)
        found_places = places.get(article.id)
        readings = _ArticleReadings(
            places=found_places
            if found_places is not None
            else gazetteer.find(article.raw_text, article.language),
            figures=find_figures(article),
            headline_figures=title_figures(article),
            role_fillers=role_fillers,
            claims=find_claims(article, reference),
            quotes=find_quotes(article),
            groups=find_group_figures(article),
        )
        events = [_event(article, main, readings)]
        events += [_event(article, episode, readings) for episode in background]
        yield article, events


def _role_fillers(articles: list[Article], roles: RoleExtractor | None) -> list[list[Any]]:
    """The role model's fillers over each article's lead; [] where it cannot read."""
    out: list[list[Any]] = [[] for _ in articles]
    if roles is None:
        return out
    readable = [i for i, a in enumerate(articles) if a.language in roles.languages and a.sentences]
    leads = [
        articles[i].raw_text[: articles[i].sentences[:ROLE_LEAD_SENTENCES][-1].end]
        for i in readable
    ]
    for i, incidents in zip(readable, roles.extract_many(leads), strict=True):
        out[i] = [f for incident in incidents for f in incident.fillers]
    return out


def _event(article: Article, episode: Episode, readings: _ArticleReadings) -> Event:
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
    event.location = locate(article, episode.sentences, readings.places)
    event.figures = _figures(article, episode, readings)
    spans = [(s.start, s.end) for s in episode.sentences]

    def inside(evidence: Evidence) -> bool:
        return any(a <= evidence.start < b for a, b in spans)

    event.claims = [c for c in readings.claims if inside(c.evidence)]
    event.quotes = [q for q in readings.quotes if inside(q.evidence)]
    event.groups = [g for g in readings.groups if inside(g.evidence)]
    event.roles = find_role_phrases(article, episode.sentences, readings.role_fillers)
    _add_claimants(event)
    return event


def _add_claimants(event: Event) -> None:
    """A group that claims the attack is its perpetrator by its own word (not a denial)."""
    orgs = event.roles.setdefault("perpetrator_organizations", [])
    for claim in event.claims:
        if claim.denied or not claim.claimant or claim.claimant_evidence is None:
            continue
        if any(p.text.casefold() == claim.claimant.casefold() for p in orgs):
            continue
        orgs.append(
            RolePhrase(
                "perpetrator_organizations", claim.claimant, claim.claimant_evidence, "claim"
            )
        )
    orgs.sort(key=lambda p: p.evidence.start)


def _figures(
    article: Article, episode: Episode, readings: _ArticleReadings
) -> dict[str, dict[str, Any]]:
    """Per kind, the figure the article stands by, and every report of that kind.

    The main event's killed and injured are its toll (`toll.py`: headline and lead,
    largest current count, derived counts). For other kinds and for recalled events the
    standing figure is the first in text order that is neither superseded ("an earlier
    toll of 103") nor the attackers' own. A recalled event's figures stay with it: the
    main event takes only those scoped to it.
    """
    spans = [(s.start, s.end) for s in episode.sentences]
    mine = [
        f
        for f in readings.figures
        if any(a <= f.evidence.start < b for a, b in spans)
        and (episode.background or f.scope == "event")
    ]
    if not episode.background:
        mine = [*readings.headline_figures, *mine]
    tolls = {} if episode.background else main_toll(article, mine, [])
    tolls_kinds = ("killed", "injured")  # the main event's come from the toll or not at all
    out: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        reports = [f for f in mine if f.kind == kind]
        toll = tolls.get(kind)
        if not reports and toll is None:
            continue
        summary: dict[str, Any] = {"reports": [f.to_dict() for f in reports]}
        standing = next((f for f in reports if not f.superseded and not f.perpetrator), None)
        if toll is not None:
            summary = {**toll.to_dict(), **summary}
        elif standing is not None and (episode.background or kind not in tolls_kinds):
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
