"""Who is among the casualties: "among the dead are 44 women and children".

A part of a toll is a fact of its own (how many children, foreigners, police officers)
and must not be read as the toll. Patterns, in en/fr/es/it/ro:
- "among the dead/killed/victims/injured (are|were) N <group>", "N of the dead were <group>",
- "parmi les morts (figurent|se trouvent|,) N <group>", "dont N <group>",
- "entre los muertos (hay|había|figuran) N <group>", "N de los muertos eran",
- "tra i morti (ci sono|anche) N <group>", "tra le vittime",
- "printre morți/victime (se află|sunt) N <group>".
The group is the noun phrase after the number up to a clause edge, as printed, and
several groups joined by "as well as"/"and" ("44 women and children as well as 12
Afghans") are read one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.extract.quantities import parse_quantity
from storyline.model import Article, Evidence

_DEAD = (
    r"(?:dead|killed|victims|fatalities|morts|tués|victimes|muertos|fallecidos|víctimas"
    r"|morti|vittime|morții|morți|victimele|victime)"
)
_HURT = r"(?:injured|wounded|blessés|heridos|feriti|răniții|răniți)"
_AMONG = (
    r"(?:among|parmi|entre|tra|fra|printre)\s+(?:the\s+|les\s+|los\s+|las\s+|i\s+|le\s+|gli\s+)?"
    r"(?P<set>" + _DEAD + "|" + _HURT + r")\b[^.;:]*?\b(?:are|were|was|is|figurent|figuraient|"
    r"se trouvent|se trouvaient|on compte|hay|había|figuran|están|estaban|ci sono|c'erano|"
    r"sono|anche|se află|se aflau|sunt|erau)\s+"
)
_NUMBER = r"(?P<n>\d[\d,.]*|[a-zà-ÿ]+(?:[- ][a-zà-ÿ]+)?)"
_GROUP = (  # up to the next group ("as well as 12 Afghans", "and 3 police") or a clause edge
    r"(?P<group>[^\d.;:()]+?)(?=\s+(?:as well as|ainsi que|así como|oltre a)\s|"
    r"\s+(?:and|et|y|e|și)\s+\d|\s+(?:who|qui|que|quienes|che|care)\b|[.;:(]|,|$)"
)
_PATTERNS = [
    re.compile(_AMONG + _NUMBER + r"\s+" + _GROUP, re.IGNORECASE),
    re.compile(
        r"\b" + _NUMBER + r"\s+(?:of|de|di|dintre)\s+(?:the\s+|les\s+|los\s+|las\s+|i\s+|le\s+)?"
        r"(?P<set>" + _DEAD + "|" + _HURT + r")\s+(?:were|are|was|étaient|sont|eran|son|erano|"
        r"sono|erau|sunt)\s+" + _GROUP,
        re.IGNORECASE,
    ),
]
_MORE = re.compile(
    r"\s+(?:as well as|ainsi que|así como|oltre a|and|et|y|e|și)\s+" + _NUMBER + r"\s+" + _GROUP,
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class GroupFigure:
    """A count of one group among the casualties of a kind."""

    kind: str  # "killed" | "injured"
    value: int
    group: str  # as printed: "women and children", "Afghans"
    evidence: Evidence  # the number and group

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "group": self.group,
            "evidence": self.evidence.to_dict(),
        }


def _kind(word: str) -> str:
    return "injured" if re.fullmatch(_HURT, word, re.IGNORECASE) else "killed"


def _count(text: str, language: str) -> int | None:
    quantity = parse_quantity(text, language)
    return quantity.value if quantity is not None else None


def find_group_figures(article: Article) -> list[GroupFigure]:
    """Every "N <group> among the dead/injured" of the article, in text order."""
    language = article.language or "en"
    out: list[GroupFigure] = []
    for sentence in article.sentences:
        text = sentence.text
        for pattern in _PATTERNS:
            for m in pattern.finditer(text):
                kind = _kind(m.group("set"))
                value = _count(m.group("n"), language)
                if value is None:
                    continue
                start, end = sentence.start + m.start("n"), sentence.start + m.end("group")
                out.append(
                    GroupFigure(kind, value, m.group("group").strip(), article.evidence(start, end))
                )
                pos = m.end("group")
                while more := _MORE.match(text, pos):
                    value = _count(more.group("n"), language)
                    if value is None:
                        break
                    start, end = (
                        sentence.start + more.start("n"),
                        sentence.start + more.end("group"),
                    )
                    out.append(
                        GroupFigure(
                            kind, value, more.group("group").strip(), article.evidence(start, end)
                        )
                    )
                    pos = more.end("group")
    return sorted(out, key=lambda g: g.evidence.start)
