"""Organisation and outlet aliases across languages and abbreviations.

The curated table is `data/organizations.json`: each entry an organisation or outlet with
its names in en, fr, es, it, ro ("Islamic State", "État islamique", "Estado Islámico",
"Statul Islamic", "Daesh") and its abbreviations ("IS", "ISIS", "ISIL", "EI"). A branch
is its own entry with a `parent` (ISIS-K is not IS), and `distinct_from` names entries
that must never merge with it.

Names are matched token by token with case and accents folded, as whole tokens, and only
where the text capitalises one of their words ("the islamic state of mind" is no
group); abbreviations are matched exactly as written, never on an all-capitals line (a
headline's "IS" may be the verb). The longest match wins, so "ISIS-K" is never read as
"ISIS" and "Islamic State Khorasan Province" never as "Islamic State".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from storyline.entities.names import fold

DATA_FILE = "organizations.json"
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


_JOIN_OK = re.compile(r"^[\s\-‐‑'’.]{0,2}$|^,\s$")  # what may separate the words of a name
_ARTICLES = frozenset(_words("the le la les l el los las il lo gli i un una une a al"))
_GROUP_WORDS = frozenset(
    _words(
        "group groupe grupo gruppo gruparea grupul organization organisation organizacion "
        "organizzazione organizatia movement mouvement movimiento movimento militia milice "
        "agency agence agencia agenzia agentia news jihadist terrorist"
    )
)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One organisation or outlet of the curated table."""

    id: str
    type: str  # "organization" | "outlet"
    canonical: str
    kind: str = ""
    country: str | None = None
    parent: str | None = None
    names: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    distinct_from: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class AliasMatch:
    """An alias found in a text: its span and the entry it names."""

    start: int
    end: int
    text: str
    entry: AliasEntry
    acronym: bool


class AliasTable:
    """The table with its matchers. Use `AliasTable.load()` (shared, built once)."""

    def __init__(self, entries: list[AliasEntry]):
        self.entries = {e.id: e for e in entries}
        self._names: dict[tuple[str, ...], AliasEntry] = {}
        self._acronyms: dict[str, AliasEntry] = {}
        for e in entries:
            for name in (e.canonical, *e.names):
                key = tuple(fold(name).split())
                if key:
                    self._names.setdefault(key, e)
            for acr in e.acronyms:
                self._acronyms.setdefault(acr, e)
        self._max_len = max((len(k) for k in self._names), default=1)
        alts = sorted(self._acronyms, key=len, reverse=True)
        self._acr_re = re.compile(
            r"(?<![\w\-.])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w]|-\w|\.\w)"
        )
        self._first_tokens = {k[0] for k in self._names}

    @classmethod
    def load(cls) -> AliasTable:
        return _table()

    def get(self, entry_id: str) -> AliasEntry | None:
        return self.entries.get(entry_id)

    def lookup(self, surface: str) -> AliasEntry | None:
        """The entry a phrase names: "the Islamic State group", "l'EI", "ISIS-K", else None.

        Leading articles and trailing "group"/"organisation" words are ignored, and a
        name in brackets after another ("Islamic State (IS)") counts as the first.
        """
        s = surface.strip().strip("\"“”«»'‘’")
        s = re.sub(r"\s*\(([^)]*)\)\s*$", "", s) or s
        s = re.sub(r"^[lL]['’]", "", s)
        acr = s.strip(" .")
        if acr in self._acronyms:
            return self._acronyms[acr]
        toks = fold(s).split()
        while toks and toks[0] in _ARTICLES | _GROUP_WORDS:
            toks = toks[1:]
        for cut in range(len(toks), 0, -1):
            entry = self._names.get(tuple(toks[:cut]))
            if entry and all(t in _GROUP_WORDS | _ARTICLES for t in toks[cut:]):
                return entry
        entry = self._names.get(tuple(toks))
        if entry is None and len(toks) == 1:
            return self._acronyms.get(toks[0].upper())
        return entry

    def find(self, text: str) -> list[AliasMatch]:
        """Every alias in `text`, longest first, without overlaps, in text order."""
        found: list[AliasMatch] = []
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        folded = [fold(t) for _s, _e, t in tokens]
        i = 0
        while i < len(tokens):
            if folded[i] not in self._first_tokens:
                i += 1
                continue
            best = None
            for n in range(min(self._max_len, len(tokens) - i), 0, -1):
                key = tuple(folded[i : i + n])
                entry = self._names.get(key)
                if entry is None:
                    continue
                if not all(
                    _JOIN_OK.match(text[tokens[k][1] : tokens[k + 1][0]])
                    for k in range(i, i + n - 1)
                ):
                    continue
                if not any(tokens[k][2][:1].isupper() for k in range(i, i + n)):
                    continue
                best = (n, entry)
                break
            if best is None:
                i += 1
                continue
            n, entry = best
            s, e = tokens[i][0], tokens[i + n - 1][1]
            found.append(AliasMatch(s, e, text[s:e], entry, False))
            i += n
        for m in self._acr_re.finditer(text):
            if _caps_line(text, m.start()):
                continue
            entry = self._acronyms[m.group()]
            found.append(AliasMatch(m.start(), m.end(), m.group(), entry, True))
        # overlaps ("ISIS-K" read as an acronym and "ISIS" as a name): the longest wins
        kept: list[AliasMatch] = []
        for m in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if all(m.end <= k.start or k.end <= m.start for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)


def _caps_line(text: str, pos: int) -> bool:
    """True when the line around `pos` is written mostly in capitals (a headline, a dateline)."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    line = text[lo : hi if hi >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 12:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.6


@lru_cache(maxsize=1)
def _table() -> AliasTable:
    raw = resources.files("storyline.entities").joinpath("data", DATA_FILE).read_text("utf-8")
    entries = []
    for row in json.loads(raw)["entities"]:
        entries.append(
            AliasEntry(
                id=row["id"],
                type=row["type"],
                canonical=row["canonical"],
                kind=row.get("kind", ""),
                country=row.get("country"),
                parent=row.get("parent"),
                names=tuple(row.get("names", ())),
                acronyms=tuple(row.get("acronyms", ())),
                distinct_from=frozenset(row.get("distinct_from", ())),
            )
        )
    return AliasTable(entries)
