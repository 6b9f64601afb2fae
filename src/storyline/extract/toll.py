"""The main event's toll: how many were killed and injured, chosen among the figures.

An article gives several figures of each kind: the current toll, earlier tolls, counts
of sub-groups ("two of the dead were children"), figures from its headline. The toll is
read from the headline and the lead (the first LEAD_SENTENCES sentences), where reports
state it:
- none for a round-up ("weekend shootings", "three separate incidents", "so far this
  year"): it has no one main event to give a toll to;
- figures used: scoped to the event, not superseded, with a lower bound;
- killed: the largest count of victims killed, the headline's if it gives one, plus the
  attacker when his own death is told after it in the same sentence ("killed two
  people before turning the gun on himself") — counts of people shot include him;
- injured: the largest injured count (the headline's first), unless the people shot
  less the killed are more (then the injured count is a part: "five were shot,
  including one critically injured"); else the people shot less the killed ("four
  people were shot, one fatally": 3); else those hospitalised or critical; none when
  the lead speaks of a death no count gives (the shot may be dead); no count of one
  that tells of the one victim who died ("found a woman with a gunshot wound" under
  "Woman dies"; "an injured child" before "he succumbed");
- killed 0 when the lead tells of people shot or wounded and of no death at all.

Each toll keeps the figure it stands on (evidence and attribution) and `support`: how
many sentences state the same count (the headline counts as one). A count printed
twice is right far more often than one printed once (GVA dev: see
benchmarks/gva_facts/figures.py), so consumers may ask for `support >= 2`.

A headline given apart from the text (a feed's or JSON input's `title` field) is read
as a sentence of its own; its figures carry Evidence with `field="title"`, offsets into
the title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from storyline.extract.figures import CasualtyFigure, find_figures
from storyline.extract.when import items
from storyline.model import Article, Evidence, OffsetMap, Piece, Sentence

LEAD_SENTENCES = 6
BODY = "stated further down, attributed"  # the derivation of a toll the lead does not give

ROUNDUP = re.compile(
    r"\b(?:shootings|weekend|separate|across|spate|rash|scenes|incidents|violent (?:night|day)"
    r"|\d+ hours|\d+-hour|homicides|killings|citywide|so far this year|this year"
    r"|fusillades|tirs séparés|tiroteos|sparatorie|împușcături)\b",
    re.IGNORECASE,
)
# a count over a span of time, in a sentence further down: a statistic, not the toll
SPAN = re.compile(r"\b(?:so far in|in recent (?:weeks|months)|in one week)\b", re.IGNORECASE)
DEATH = re.compile(
    r"\b(?:kill\w*|dies|died|dead|death|deadly|fatal\w*|slain|homicide|murder\w*|pronounced"
    r"|succumb\w*|tué\w*|morte?s?|décéd\w*|muert\w*|muri[óe]\w*|fallec\w*|mort[io]|uccis\w*"
    r"|decedut\w*|ucis\w*|morți)\b",
    re.IGNORECASE,
)


# A single hurt person is the dead victim when another sentence nearby names them alike ("a
# woman" found wounded, "Woman dies") or a pronoun of their gender is told dead after them
# ("a child injured ... he succumbed") and no one else could be. Counting words ("1
# dead, 1 hurt") name no one; in one sentence, one noun is two people ("one teenager
# killed, another hurt").
# Further apart, the words more often name two people: of 2,028 GVA dev injured counts,
# 1,607 are right with no limit, 1,610 within 2 or 3 sentences, 1,609 within 4.
NEAR_SENTENCES = 3
_HE = frozenset(items("he | him | il | lui | él | egli | man | boy | father | son | husband"))
_SHE = frozenset(
    items("she | her | elle | ella | lei | woman | girl | mother | daughter | wife | sister")
)
_PRONOUNS = frozenset(items("he | him | il | lui | él | egli | she | her | elle | ella | lei"))
_NUMBER_HEADS = frozenset(items("one | un | une | uno | una | unu | o | person | people"))
_ANOTHER = re.compile(r"\b(?:another|other|second|also|autre|otro|otra|altro|altra|alt)\b", re.I)
_HEAD = re.compile(r"[^\W\d_]+(?=[^\w]*$)")


@dataclass(frozen=True, slots=True)
class Toll:
    kind: str  # "killed" | "injured"
    value: int
    figure: (
        CasualtyFigure  # the figure it stands on (for a derived value, the one it is derived from)
    )
    derivation: str  # "stated" | "shot less killed" | "hospitalized or critical" | ...
    support: int  # sentences (headline included) that state this count

    def to_dict(self) -> dict[str, Any]:
        f = self.figure
        stated = self.derivation in ("stated", BODY)
        return {
            "value": f.value if stated else self.value,  # as printed: "more than 80" is 80
            "count": self.value,  # the number the toll vouches for: "more than 80" is 81
            "low": f.low if stated else self.value,
            "high": f.high if stated else self.value,
            "qualifier": f.qualifier if stated else "exact",
            "derivation": self.derivation,
            "support": self.support,
            "attribution": f.attribution.to_dict() if f.attribution else None,
            "evidence": f.evidence.to_dict(),
        }


def title_figures(article: Article) -> list[CasualtyFigure]:
    """Figures of a headline given apart from the text; [] when the text holds it."""
    provenance = article.metadata.get("provenance", {}).get("title", {})
    title = (article.title or "").strip()
    if not title or provenance.get("field") != "title":
        return []
    headline = Sentence(0, 0, len(title), title)
    alone = replace(
        article,
        raw_text=title,
        clean_text=title,
        offsets=OffsetMap([Piece(0, len(title), 0, len(title))]),
        sentences=[headline],
    )

    def retag(evidence: Evidence) -> Evidence:
        return replace(evidence, field="title")

    out = []
    for f in find_figures(alone):
        attribution = f.attribution
        if attribution is not None:
            attribution = replace(attribution, evidence=retag(attribution.evidence))
        out.append(replace(f, evidence=retag(f.evidence), attribution=attribution))
    return out


def _stated(figure: CasualtyFigure, in_lead: Callable[[CasualtyFigure], bool]) -> str:
    return "stated" if in_lead(figure) else BODY


def _round_up(sentence: str) -> bool:
    return bool(ROUNDUP.search(sentence) or SPAN.search(sentence))


def count(figure: CasualtyFigure) -> int | None:
    """The count a figure vouches for: its value, or its lower bound ("more than 80": 81)."""
    if figure.qualifier in ("exact", "at_least", "about"):
        return figure.value
    return figure.low


def _in_title(figure: CasualtyFigure) -> bool:
    return figure.evidence.field == "title"


def _where(figure: CasualtyFigure) -> tuple[bool, int]:
    sentence = figure.evidence.sentence
    return _in_title(figure), sentence.index if sentence else -1


def _head(figure: CasualtyFigure) -> str:
    found = _HEAD.search(figure.evidence.text)
    return found.group().casefold() if found else ""


def _order(figure: CasualtyFigure) -> tuple[bool, int, int]:
    """Reading order: the headline first, then the text's sentences."""
    in_title, index = _where(figure)
    return not in_title, index, figure.evidence.start


def _gender(head: str) -> str | None:
    return "m" if head in _HE else "f" if head in _SHE else None


def _agree(a: str, b: str) -> bool:
    ga, gb = _gender(a), _gender(b)
    return ga is None or gb is None or ga == gb


def _position(figure: CasualtyFigure) -> int:
    """The sentence a figure is in, the headline counting as the one before the first."""
    in_title, index = _where(figure)
    return -1 if in_title else index


def the_one_who_died(figure: CasualtyFigure, dead: list[CasualtyFigure]) -> bool:
    """Whether a count of one hurt (injured, hospitalised, critical) is the victim that
    `dead` (killed counts of one) says died (the rule above), within NEAR_SENTENCES."""
    if figure.kind not in ("injured", "hospitalized", "critical") or count(figure) != 1:
        return False
    head = _head(figure)
    if not head or head in _NUMBER_HEADS or _ANOTHER.search(figure.evidence.text):
        return False
    at = _position(figure)
    near = [d for d in dead if abs(_position(d) - at) <= NEAR_SENTENCES]
    named = [d for d in near if _head(d) not in _PRONOUNS]
    if any(_head(d) == head and _position(d) != at for d in named):
        return True
    # a pronoun told dead after them, when every dead person named could be them: of
    # their gender, and not named beside them ("a man was killed and a teen hurt")
    if not all(_agree(_head(d), head) and _position(d) != at for d in named):
        return False
    return any(
        _head(d) in _PRONOUNS and _order(d) > _order(figure) and _agree(_head(d), head)
        for d in near
    )


def main_toll(
    article: Article, figures: list[CasualtyFigure], headline: list[CasualtyFigure]
) -> dict[str, Toll]:
    """The killed and injured of the article's main event (the rule in the docstring).

    `figures` are the main episode's, `headline` those of a separate title.
    """
    lead_text = " ".join([article.title or ""] + [s.text for s in article.sentences[:2]])
    if ROUNDUP.search(lead_text):
        return {}
    lead = " ".join([article.title or ""] + [s.text for s in article.sentences[:LEAD_SENTENCES]])
    current = [f for f in [*headline, *figures] if f.scope == "event" and not f.superseded]
    current = [f for f in current if count(f) is not None]

    def in_lead(f: CasualtyFigure) -> bool:
        sentence = f.evidence.sentence
        return _in_title(f) or (sentence is not None and sentence.index < LEAD_SENTENCES)

    usable = [f for f in current if in_lead(f)]

    def top(kind: str, perpetrator: bool = False) -> CasualtyFigure | None:
        """The headline's, else the lead's largest count; else, when the lead gives none of
        this kind, the largest the body attributes to a source ("284 were injured, the
        head of the emergency services said"): an unattributed count further down is as
        often another incident's or a part of the toll."""
        body = [  # not a round-up's sentence ("74 people injured so far in 2015")
            f
            for f in current
            if f.attribution is not None
            and not (f.evidence.sentence and _round_up(f.evidence.sentence.text))
        ]
        for pool in (usable, body):
            found = [f for f in pool if f.kind == kind and f.perpetrator == perpetrator]
            titled = [f for f in found if _in_title(f)]
            if found:
                # the largest count; of equal ones, an attributed one (it says who counted)
                return max(
                    titled or found, key=lambda f: (count(f) or 0, f.attribution is not None)
                )
        return None

    def support(kind: str, value: int, killed: int) -> int:
        where = set()
        for f in usable:  # the headline and lead: a body repeating itself is no support
            n = count(f) or 0
            if (f.kind == kind and n == value) or (
                kind == "injured" and f.kind == "shot" and n - killed == value
            ):
                where.add(_where(f))
        return max(len(where), 1)

    tolls: dict[str, Toll] = {}
    death_told = DEATH.search(lead) is not None
    victims = top("killed")
    killed = count(victims) if victims else None
    if victims is not None and killed is not None:
        own_death = any(
            f.kind == "killed"
            and f.perpetrator
            and _where(f) == _where(victims)
            and f.evidence.start > victims.evidence.start
            for f in usable
        )
        tolls["killed"] = Toll(
            "killed",
            killed + (1 if own_death else 0),
            victims,
            _stated(victims, in_lead) + (", with the attacker's own death" if own_death else ""),
            support("killed", killed, 0),
        )
    died_hurt: list[CasualtyFigure] = []  # the lead's counts of one hurt: the dead victim
    if killed == 1:  # the one victim may be told hurt before being told dead
        dead = [f for f in current if f.kind == "killed" and not f.perpetrator and count(f) == 1]
        died = [f for f in current if the_one_who_died(f, dead)]
        died_hurt = [f for f in usable if f in died]
        current = [f for f in current if f not in died]
        usable = [f for f in usable if f not in died]
    told, shot = top("injured"), top("shot") or top("shot", True)
    part = top("critical") or top("hospitalized")
    base = killed or 0
    if told is not None and shot is not None and (count(shot) or 0) - base > (count(told) or 0):
        # fewer injured than people shot and not killed: the injured count is a part
        # ("five people were shot, including one who suffered critical injuries")
        told = None
    if not (killed is None and death_told):
        if told is not None:
            value = count(told) or 0
            tolls["injured"] = Toll(
                "injured", value, told, _stated(told, in_lead), support("injured", value, base)
            )
        elif shot is not None:
            value = max((count(shot) or 0) - (0 if _apart(shot, victims) else base), 0)
            tolls["injured"] = Toll(
                "injured", value, shot, "shot less killed", support("injured", value, base)
            )
        elif part is not None:
            value = count(part) or 0
            tolls["injured"] = Toll(
                "injured", value, part, "hospitalized or critical", support("injured", value, base)
            )
        elif died_hurt:
            tolls["injured"] = Toll(
                "injured", 0, died_hurt[0], "the one hurt is the one who died", 1
            )
    if killed is None and not death_told and (shot or told):
        anchor = shot or told
        assert anchor is not None
        tolls["killed"] = Toll("killed", 0, anchor, "people shot or hurt, no death told", 1)
    return tolls


_INDEFINITE = re.compile(r"^(?:an?|another|one|un|une|uno|una|unu|o)\s", re.I)


def _apart(shot: CasualtyFigure, victims: CasualtyFigure | None) -> bool:
    """Whether the people shot are told apart from the dead, so that none of the dead is
    among them: "another person got shot", or in one sentence "a 40-year-old who had been
    shot in the arm and a boy who was dead" (two people each introduced anew)."""
    if _ANOTHER.search(shot.evidence.text):
        return True
    if victims is None or count(shot) != 1 or count(victims) != 1:
        return False
    a, b = shot.evidence, victims.evidence
    return (
        a.sentence is not None
        and b.sentence is not None
        and a.sentence.index == b.sentence.index
        and a.field == b.field
        and (a.end <= b.start or b.end <= a.start)
        and bool(_INDEFINITE.match(a.text) and _INDEFINITE.match(b.text))
    )


def corroborated(kind: str, summary: dict[str, Any]) -> bool:
    """Whether a toll (`Toll.to_dict()`) is a killed count of 0 or 1, or stated twice
    with the lead or headline among them.

    A single death or none is seldom restated and seldom wrong; larger counts printed
    once were wrong about twice as often on GVA dev.
    """
    value = summary.get("count")
    if value is None:
        return False
    if kind == "killed" and value <= 1:
        return True
    return summary.get("support", 0) >= 2 and summary.get("derivation") != BODY
