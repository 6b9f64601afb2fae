"""Readings that make a capitalised name a street or a person rather than a place.

Split out of places.py, which finds and resolves place names; these are the filters
that look at the words around a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.extract import gazetteer as gz

_CORNER, _CROSSING = ["corner", "of"], ["intersection", "of"]
# What people do and places do not: a lone name before these is a surname ("Washington
# was arrested", "Hamilton said"), in the five languages.
PERSON_VERB = re.compile(
    r"\s+(?:said|says|told|added|explained|testified|pleaded|admitted|"
    r"was (?:arrested|charged|sentenced|booked|born|convicted|indicted|a student)|"
    r"a déclaré|a dit|declaró|dijo|ha detto|ha dichiarat\w*|a declarat|a spus)\b"
)


@lru_cache(maxsize=50_000)
def _fold(token: str) -> str:
    return gz.fold(token)


def street_reading(text: str, toks: list[tuple[int, int, str]], i: int, j: int, end: int) -> str:
    """Why the mention names a street or a quarter rather than the place, or "".

    "the 3700 block of Cambridge", "Chandler Highway", "Junction and Belmont avenues",
    "near Prescott and Gollihar" (an intersection), "the Gresham neighborhood".
    """
    prev = [_fold(toks[x][2]) for x in range(max(i - 2, 0), i)]
    if prev[-2:] == ["block", "of"]:
        return "street"
    nxt = [_fold(toks[x][2]) for x in range(j, min(j + 3, len(toks)))]
    if not nxt:
        return ""
    if nxt[0] in gz.STREET_WORDS and text[end : toks[j][0]] == " ":
        return "street"
    if nxt[0] in gz.QUARTER_WORDS:
        return "quarter"
    # "X and Y avenues", "at X and Y": two streets of an intersection (a place has no
    # corner with another place)
    if nxt[0] == "and" and len(nxt) >= 2 and toks[j + 1][2][:1].isupper():
        if len(nxt) >= 3 and nxt[2] in gz.STREET_WORDS:
            return "street"
        if (prev and prev[-1] in ("near", "at")) or prev[-2:] in (_CORNER, _CROSSING):
            return "street"
    if prev[-1:] == ["and"] and i >= 3:
        opener = [_fold(toks[x][2]) for x in range(max(i - 4, 0), i - 2)]
        if opener[-1:] in (["near"], ["at"]) or opener in (_CORNER, _CROSSING):
            return "street"
    return ""
