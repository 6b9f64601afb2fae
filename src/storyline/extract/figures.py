"""Casualty figures (killed, injured, ...) in news text, with qualifiers and attributions.

Each count `find_quantities` reads in a sentence (plus "a man", "one", "no one", "he", a
headline's "Teen", "killing himself") becomes a figure when a casualty word governs it in
its clause; the nearest governing word wins, which keeps "84 killed and 284 injured" apart:
- its own noun or verb after it, over people nouns, auxiliaries and adverbs: "84 dead",
  "84 people were killed", "31 personnes avaient été tuées", "29 de morți", "a man was
  shot and killed", "no one was injured" (0); a partitive is walked over: "Nine of the 84
  wounded were still in a serious condition" (critical 9), "two of the injured died";
  a list adds up: "2 adults, six children dead" (8);
- else a verb or noun just before it: "killing at least 31 people and wounding 70",
  "resultaron heridas 20 personas", "I feriti sono 84", "the deaths of two men";
- else a toll noun earlier in the clause: "the death toll rose to 84", "bilanțul a urcat la",
  "the number of people detained reached 7" (the kind named inside, else killed);
- else the figure beside it: "the 103 announced by IRNA and the 95 by ..." (the 95 takes
  the 103's kind), "de la 31 la 27 de morți", "frente a los 31", "revised down to 84".
Not counts of a kind: dead and wounded together ("killing and wounding more than 300",
"casualties"), agents ("a gunman killed two people": the two are killed, not the gunman),
things ("shot 3 times"), ages, "father of 3". Kinds: killed, injured, hospitalized, missing,
arrested, and two the brief did not name: "shot" (people shot, dead and wounded together:
"five people were shot") and "critical" ("12 of them in a critical condition", a part of
the injured). "Teen shot in Miami dies", "a man who was injured ... has died": killed.

`superseded`: the sentence presents the figure as an older count: an "earlier / initial /
previous toll" before it, "previously", "initially" in its clause, "down from", "fell after
the", "frente a los", the X of "from X to Y" or of "X was revised down to Y". `scope` is
"background" when a date in the sentence (before the figure, or in its clause) lies over a
year before publication (with no publication date: a year or a month with its year, "in
2020", "in October 2022"), or a marker says so ("this year", "anniversary", "in history",
"since early October"): such counts belong to other events. `perpetrator` marks the
attacker's own death, wounds or arrest ("killing himself", "the gunman was shot dead",
"two suspects were arrested"): GVA counts a shooter who is shot, a victims' toll does not,
so the reader chooses (benchmarks/gva_facts/figures.py adds it to the victims only when
the same sentence tells it after their count).

Attributions come from the same sentence: "according to X", "selon X", "según X",
"secondo X", "potrivit X", "citing X", "X said/told ...", "..., said X", "X put the toll
at", "announced by X", "the 95 by X" (a "by" right after the number is that number's
own); otherwise the nearest to the figure. The source is the name in it when there is one
("the head of the emergency services, Jafar Miadfar" -> Jafar Miadfar), else the noun
phrase ("Iranian authorities", "provincial governor"). "he said", "el responsable" take the
last named source of the three sentences before; a sentence opening "Lo ha comunicato X"
credits X with the previous sentence's unattributed figures.
The source-phrase rules are shared with quotations and live in `attribution.py`.

Rules, not a parser: the same walk serves the five languages (per-language word tables
below), runs at several hundred articles a second, and only sentences holding a casualty
word are looked at. Matching runs on `when.fold` text (same length as the input), so
offsets are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from storyline.extract.attribution import BOUND as _BOUND
from storyline.extract.attribution import SPACE_Q as _SPACE_Q
from storyline.extract.attribution import WORD as _WORD
from storyline.extract.attribution import Attribution, find_sources, source_after
from storyline.extract.attribution import SourcePhrase as _Attr
from storyline.extract.attribution import key as _key
from storyline.extract.attribution import remember_named as _remember
from storyline.extract.attribution import resolve_recent as _resolve
from storyline.extract.attribution import to_attribution as _to_attr
from storyline.extract.figure_words import TABLES
from storyline.extract.quantities import find_quantities, parse_quantity
from storyline.extract.when import find_dates, fold, items, pairs, words
from storyline.model import Article, Evidence

KINDS = ("killed", "injured", "hospitalized", "missing", "arrested", "shot", "critical")


@dataclass(frozen=True, slots=True)
class CasualtyFigure:
    kind: str
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    evidence: Evidence  # the number phrase, with its sentence
    attribution: Attribution | None
    superseded: bool
    scope: str  # "event" or "background"
    perpetrator: bool = False  # the attacker(s) themselves: "killing himself"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "evidence": self.evidence.to_dict(),
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "superseded": self.superseded,
            "scope": self.scope,
            "perpetrator": self.perpetrator,
        }


_AGE = re.compile(  # a person by age: "a 16-year-old", "un homme de 25 ans"
    r"(?:\d{1,3}|[a-z]+)[-\s](?:years?|yr|month|week)s?[-\s]olds?(?!\w)"
    r"|(?:de|di)\s+\d{1,3}\s+(?:ans|anos|anni|ani)(?!\w)",
    re.I,
)
_AGE_AFTER = re.compile(r"[-\s](?:months?|weeks?|days?)[-\s]old", re.I)  # "a 4-month-old"
# a slideshow's counter ("Image 3 of 4 A child was shot"): no count of anyone
_CAPTION = re.compile(r"\b(?:image|photo|slide|picture|video)\s+\d+\s+(?:of|/)\s+\d+", re.I)
# a name, a comma, then the number and a verb: an age whose second comma is missing
_AFTER_NAME = re.compile(r"[A-Z][\w'.-]*\s*,\s*$")
_VERB = re.compile(r"\s+(?:(?P<one>was|is|has)|were|are|have)\b", re.I)
_AGE_ASIDE = re.compile(r"[a-z]\s*,\s*\d{1,3}\s*,", re.I)  # "Reyes, 27,"
_ASIDE = re.compile(  # after a noun: "Man, 66, shot", "Two men, 25 and 30, were", "Four
    # people -- including a child -- were", "Five people (three men) were"
    r"\s*,\s*\d{1,3}(?:\s+and\s+\d{1,3})?\s*,|\s*,\s*including\s[^,.;]{1,50},"
    r"|\s+-+\s[^-.;]{1,60}?\s-+(?=\s)|\s*\([^().;]{1,60}\)",
    re.I,
)
_FAMILY_OF = re.compile(  # "father of 3": his children, not a toll
    r"\b(?:father|mother|dad|mom|parent|grandfather|grandmother|pere|mere|padre|madre|tata"
    r"|mama)\s+(?:of|de|di)\s+$",
    re.I,
)
_THINGS = re.compile(  # nouns that make a number a count of things, not people
    r"\s*(?:(?:more|other|additional|further|plus|de plus|mas|altre|alte)\s+)?"
    r"(?:times|rounds|shots|bullets|shell|casings|minutes|hours|days|weeks|months|years"
    r"|miles|feet|yards|blocks|cars|vehicles|homes|houses|guns|handguns|rifles|weapons|counts"
    r"|charges|dollars|percent|cases|incidents|shootings|homicides|murders|calls|fois|coups"
    r"|balles|heures|jours|ans|veces|disparos|balas|tiros|minutos|horas|dias|anos|volte|colpi"
    r"|proiettili|minuti|ore|giorni|anni|ori|focuri|gloante|zile|ani|km|kilometres|kilometers"
    r"|metres|meters)\b",
    re.I,
)
_REVISED = re.compile(  # between an old toll and the new: "was revised down to"
    r"^\s*(?:was|were|has been|had been|a ete|fue|e stato|a fost)?\s*(?:revised|lowered|raised"
    r"|corrected|cut|brought|revu|abaisse|corrige|rebajado|corregido|rivisto|corretto|revizuit"
    r"|coborat)\s+(?:down(?:wards)?|up(?:wards)?|a la baisse|a la hausse|al ribasso)?\s*"
    r"(?:to|a|à|la)\s*$",
    re.I,
)
_SET_BEFORE = re.compile(  # "One of five people shot ... has died": five is the set
    r"\b(?:one|two|three|\d+|some|many|most|all|several|none|un|una|uno|une)\s+"
    r"(?:of|de|d'entre|di|dintre)\s+(?:the\s+)?$",
    re.I,
)
_PARTITIVE = re.compile(
    r"\b(?:of|de|d'entre|dintre|di|dei|delle|degli)\s+(?:the|los|las|les|i|gli|le)?\s*$", re.I
)
_PART = re.compile(  # what follows "of" in a partitive: "of the 84", "of them", "de los"
    r"\s*(?:the|those|these|them|whom|which|los|las|les|i|gli|le|cei|cele|care|cuales|eux)?\s*"
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|deux|trois|quatre|cinq|dos|tres"
    r"|cuatro|cinco|due|tre|quattro|cinque|doi|doua|trei|patru|cinci)?\s*",
    re.I,
)
_CHAIN = re.compile(  # the next item of a list of people ("a man and a woman")
    r"(?:\s*,\s*(?!(?:and|et|y|e|si)\s)|\s+(?:and|et|y|e|si)\s+|\s*&\s*)"
    r"(?:(?P<n>\d{1,3}|[^\W\d_]+)\s+)?",
    re.I,
)
_ONE_DET = frozenset(items("a | an | his | her | their | un | une | una | uno | o | one | another"))
_OBJECT_DETS = {  # determiners that open an object ("à", "a" of fr/it/ro are prepositions)
    "en": "an?|the",
    "fr": "un|une|le|la|les|l'|son|sa|ses|leur|leurs",
    "es": "un|una|el|la|los|las|su|sus",
    "it": "un|uno|una|il|lo|la|i|gli|le|suo|sua|suoi",
    "ro": "un|o|pe",
}
_NOT_OBJECT = (  # time and place words that follow a verb without being its object
    r"day|night|morning|evening|afternoon|week|weekend|block|short|few|month|year|mile|half"
    r"|couple|hospital|scene|time|moment|same|following|previous|next|lendemain|veille|jour"
    r"|nuit|matin|soir|dia|noche|manana|tarde|giorno|notte|mattina|sera|zi|noapte|dimineata"
    r"|seara|suite|fin|final"
)
_NAMED_OBJECT = re.compile(  # "fatally shot Earnest Sneed"; not "killed Sunday"
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sept?|Oct|Nov|Dec|Police|Authorities|Officials)\b)[A-Z][a-z]+\s+[A-Z][a-z]"
)
_VERB_AFTER = re.compile(r"\s+(?!and\b|in\b|on\b|at\b|by\b|after\b|during\b)[a-z]", re.I)
_INTRANSITIVE = re.compile(  # verbs "he" or "one of them" take with no auxiliary
    r"(?:later\s+)?(?:died|dies|die|succumbed|perished|is dead|was dead|murio|fallecio|a murit"
    r"|e morto|e morta|est mort|est morte|est decede)$",
    re.I,
)
_NEXT_OK = re.compile(r"\s*(?:[,.;:!?)\"”»]|$)")
# "All five had gunshot wounds", "found a woman suffering from a gunshot wound": everyone
# hit, the dead among them, so a count of the shot. Read as injured, the dead were counted
# as hurt (GVA dev consolidated injured 0.773 -> 0.781 with this rule). "Three more ...
# with gunshot wounds" stays injured: the others are counted apart.
_GUNSHOT_KIND = re.compile(r"(?:gunshot|gun shot|bullet)\s+wounds?$", re.I)
_SUFFERING = re.compile(r"(?:suffer\w*|with)$", re.I)
_GUNSHOT_AFTER = re.compile(
    r"\s+(?:from\s+)?(?:(?:an?|one|two|three|multiple|several|numerous|apparent|single"
    r"|fatal|gunshot)\s+)*(?:gunshot|gun shot|bullet)\s+wounds?\b",
    re.I,
)
_IN_ADDITION = re.compile(r"\b(?:another|other|others|also|additional|more|further)\b", re.I)
_AND_THE = re.compile(
    r"(?:^|\s)(?:and|et|y|e|si|as well as)\s+(?:the|les|los|las|i|le|gli|cei|cele)?\s*$", re.I
)


def _w(phrases: list[str]) -> str:
    return words(phrases) if phrases else "(?!)"


_DETS_AFTER = r"(?:\s+(?:the|an?|les|des|los|las|i|gli|le|cei|cele|pe|another|de|d'))*"
# how each table field becomes a pattern; {w} stands for its phrases
_PATTERNS = {
    "skip": r"{w}(?!\w)",
    "det": r"(?<![\w']){w}(?!\w)",
    "pron": r"(?<![\w']){w}(?!\w)",
    "zero": r"(?<![\w']){w}(?!\w)",
    "no": r"(?<![\w']){w}(?!\w)",
    "sup_clause": r"(?<![\w']){w}(?!\w)",
    "bg": r"(?<![\w']){w}(?!\w)",
    "sup_left": r"(?<![\w']){w}" + _DETS_AFTER + r"\s*$",
    "from": r"(?<![\w']){w}\s*$",
    "to": r"\s+{w}\s+",
    "according": r"(?<![\w']){w}\s+",
    "by": r"\s+{w}\s+",
    "said": r"(?<![\w'-]){w}(?![\w-])",
    "remain": r"\s*,?\s*{w}\s+",
    "lead": r"^\W*{w}\s+",
    "bare": r"^[\W\d]*?(?P<p>{w}|\d{{1,2}}-year-old)\b",
    "died": r"(?:(?!\band\b|\bbut\b|\bet\b|\by\b|\bsi\b)[^,.;\d]){{0,90}}?"
    r"(?:\band\s+(?:later\s+)?(?:was\s+|were\s+)?(?:later\s+)?"
    # "taken to a hospital, where they later died", "où il est mort"
    r"|,\s*(?:where|où|donde|dove|unde)\s+(?:(?:he|she|they|both|il|elle|ils|elles)\s+)?"
    r"(?:later\s+)?(?:was\s+|were\s+)?)?(?<!\w){w}(?!\w)",
}


class _Lang:
    """One language's tables, compiled: `p[field]` a pattern, and phrase -> kind maps."""

    def __init__(self, code: str):
        t = TABLES.get(code) or TABLES["en"]
        self.code = code
        self.p = {
            f: re.compile(tpl.format(w=_w(items(t.get(f, "")))), re.I)
            for f, tpl in _PATTERNS.items()
        }
        self.kinds: dict[str, str] = {}  # kind phrase after a number -> kind
        self.lefts: dict[str, str] = {}  # kind phrase before a number -> kind
        for kind in (*KINDS, "none"):
            self.kinds.update({_key(p): kind for p in items(t.get("k_" + kind, ""))})
            self.lefts.update({_key(p): kind for p in items(t.get("l_" + kind, ""))})
        self.selfs = {_key(k): v for k, v in pairs(t["self"]).items()}
        self.tolls = {_key(k): v for k, v in pairs(t["toll"]).items()}
        self.one = {_key(p) for p in items(t["one"])}
        self.perp = {_key(p) for p in items(t["perp"])}
        nb = r"(?!\w)"
        self.kind_at = re.compile(_w(list(self.kinds)) + nb, re.I)
        self.person = re.compile(_w(items(t["people"]) + items(t["perp"])) + nb, re.I)
        self.det = re.compile(rf"(?<![\w']){_w(items(t['det']) + items(t['one']))}{nb}", re.I)
        self.self_ = re.compile(rf"(?<![\w']){_w(list(self.selfs))}{nb}", re.I)
        self.left = re.compile(
            rf"(?<![\w'])(?P<v>{_w(list(self.lefts))}){_DETS_AFTER}\s*[\"“«]?\s*$", re.I
        )
        self.toll = re.compile(  # "the death toll rose to", "bilanțul ... a urcat la"
            rf"(?<![\w'])(?P<t>{_w(list(self.tolls))})(?P<mid>[^\d.;!?]{{0,80}}?)"
            rf"(?<![\w']){_w(items(t['tprep']))}{_DETS_AFTER}\s*$",
            re.I,
        )
        mark, noun = _w(items(t["sup_mark"])), _w(items(t["sup_noun"]))
        self.sup_noun = re.compile(  # "an earlier toll", "il primo bilancio", "bilanțul anterior"
            rf"(?<!\w){mark}\s+(?:[\w'-]+\s+)?{noun}|(?<!\w){noun}\s+{mark}{nb}", re.I
        )
        everything = [*self.kinds, *self.lefts, *self.selfs, *self.tolls]
        everything += items(t["zero"]) + items(t["no"])
        self.trigger = re.compile(rf"(?<![\w']){_w(everything)}{nb}", re.I)
        self.object = re.compile(
            r"\s+(?!(?:\w+\s+)?(?:times|rounds|shots|bullets|fois|veces|volte|ori)\b)"
            r"(?:at\s+least\s+|more\s+than\s+)?(?:\d|(?:his|her|their|its|him|them|himself"
            r"|herself|themselves|two|three|four|five|six|seven|eight|nine|ten|one|several|many"
            r"|dozens|people|deux|trois|quatre|cinq|dos|tres|cuatro|cinco|due|tre|quattro"
            r"|cinque|doi|doua|trei|patru|cinci|plusieurs|varias|varios|diverse|diversi)\b"
            rf"|(?:{_OBJECT_DETS.get(code, _OBJECT_DETS['en'])})\s+(?!(?:{_NOT_OBJECT})\b))",
            re.I,
        )


@lru_cache(maxsize=8)
def _lang(code: str) -> _Lang:
    return _Lang(code)


@dataclass(slots=True)
class _Cand:
    start: int  # sentence-local span of the number phrase
    end: int
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    kind: str | None = None
    how: str = ""  # right / left / toll / copy / self / pron / bare
    perp: bool = False
    need_person: bool = False  # "a", "an": only with a person noun
    immediate: bool = False  # "no": the kind word must follow at once
    superseded: bool = False
    phrase_end: int = 0  # "a 25-year-old man": the noun ends the evidence
    counted: bool = False  # read by find_quantities: its phrase is the evidence as it is
    extra: int = 0  # the rest of a list: "2 adults, six children" adds 6 to the 2
    chain_end: int = 0
    stops: frozenset[int] = frozenset()  # where other counts start: a walk ends there


def _chain(lang: _Lang, f: str, pos: int) -> tuple[int, int] | None:
    """One more item of a list of people: "2 adults, six children", "a man and a woman"."""
    m = _CHAIN.match(f, pos)
    if not m:
        return None
    n = m.group("n")
    if n is None or _key(n) in _ONE_DET:  # "and a 5-year-old (child)", "and 5-year-old child"
        age = _AGE.match(f, m.end())
        if age:
            p = lang.person.match(f, _SPACE_Q.match(f, age.end()).end())
            return 1, p.end() if p else age.end()
    p = lang.person.match(f, m.end())
    if not p and n and not n.isdigit():  # "a man and a woman": the word is not a number
        p = lang.person.match(f, m.start("n"))
        n = None if p else n
    if not p:
        return None
    if n is None or _key(n) in _ONE_DET:
        if not lang.p["bare"].match(p.group().capitalize()):
            return None  # "and children": how many is not said
        return 1, p.end()
    q = parse_quantity(n, lang.code)
    return (q.value, p.end()) if q and q.value and q.qualifier == "exact" else None


def _walk_right(lang: _Lang, f: str, pos: int, c: _Cand) -> tuple[str, int] | None:
    """The kind word the number at `pos` leads to, over people, auxiliaries and adverbs."""
    person = unknown = aux = 0
    partitive = False
    for _ in range(16):
        raw, pos = pos, _SPACE_Q.match(f, pos).end()
        if pos in c.stops and not partitive:
            return None  # "a shooting that left three people dead": the three's, not the a's
        k = lang.kind_at.match(f, pos)
        if k and (person or not c.need_person or partitive) and (person or not unknown):
            kind = lang.kinds[_key(k.group())]
            if _key(k.group()) in ("fatally", "mortally") and _VERB_AFTER.match(f, k.end()):
                pos = k.end()  # "Gunman Fatally Shoots 3": an adverb of the verb after it
                continue
            if kind == "shot" and not (person or aux or c.counted or c.how == "bare"):
                return None  # "fired one shot": the noun
            if partitive and not aux and not _INTRANSITIVE.search(k.group()):
                pos = k.end()  # "one of the men injured in the shooting ...": not its verb
                continue
            if (
                kind == "shot"
                and re.match(r"\s+(?:at|up)\b", f[k.end() : k.end() + 4], re.I)
                and (not aux or re.match(r"\s+at\s*(?:[,.]|$|but\b)", f[k.end() :]))
            ):
                return None  # "he shot at police", "shot up", "were shot at, but": not hit
            if (
                kind != "none"
                and (person or aux or c.how)
                and (lang.object.match(f, k.end()) or _NAMED_OBJECT.match(f, k.end()))
            ):
                return None  # "a gunman killed two people", "he shot his wife"
            if c.how == "pron" and not aux and not _INTRANSITIVE.search(k.group()):
                return None  # "he shot", not "he was shot"
            return kind, k.end()
        if c.immediate and not lang.p["skip"].match(f, pos):
            return None
        if c.how == "pron" and not (person or aux or partitive or c.extra):
            more = _chain(lang, f, raw)  # "she and three others were shot"
            if more:
                c.extra += more[0]
                pos = c.chain_end = more[1]
                continue
        p = _AGE.match(f, pos) or lang.person.match(f, pos)
        if p and c.how != "pron":
            person += 1
            c.perp = c.perp or _key(p.group()) in lang.perp
            c.phrase_end = p.end() if not aux and not partitive else c.phrase_end
            pos = p.end()
            aside = _ASIDE.match(f, pos)
            pos = aside.end() if aside else pos
            continue
        s = lang.p["skip"].match(f, pos)
        if s:
            part = _PART.match(f, s.end())
            if (
                not person
                and not aux
                and _key(s.group()) in ("of", "de", "dintre", "di", "d entre")
                and part.group().strip()
            ):
                # a partitive: "Nine of the 84 wounded were ...", "two of the injured died"
                partitive = True
                pos = part.end()
                continue
            aux += 1
            pos = s.end()
            continue
        if partitive and person:  # "One of five people shot Sunday ... has died"
            d = lang.p["died"].match(f, pos)
            return ("killed", d.end()) if d else None
        more = _chain(lang, f, raw) if person and not partitive else None
        if more:  # "2 adults, six children dead": one count of all
            c.extra += more[0]
            pos = c.chain_end = more[1]
            aside = _ASIDE.match(f, pos)
            pos = aside.end() if aside else pos
            continue
        w = _WORD.match(f, pos)
        if w and unknown < (4 if c.need_person else 2) and not person and c.how != "pron":
            unknown += 1  # "84 Iranian pilgrims", "a 16-year-old Bladensburg High student"
            pos = w.end()
            continue
        return None
    return None


# a number of wounds, not of people: "treated for three gunshot wounds" ("five gunshot
# wound victims" are people)
_WOUNDS = re.compile(
    r"\s+(?:(?:gunshot|gun shot|bullet|stab|knife)\s+)wounds?\b(?!\s+(?:victims|patients))", re.I
)
# "no one suffered life-threatening injuries", "no serious injuries": some were hurt
_NOT_SERIOUS = re.compile(
    r"\s*(?:any\s+)?(?:life[- ]threatening|serious|major|critical|severe)\s+(?:injur|wound)", re.I
)
_ANIMALS = re.compile(  # "injuring one of the family dogs", "two dogs were shot"
    r"\s+(?:of\s+(?:the|their|his|her)\s+)?(?:[\w-]+\s+)?(?:dogs?|cats?|horses?|animals?|pets?"
    r"|pupp(?:y|ies)|cows?|chiens?|chats?|perros?|gatos?|cani|cane|gatti|câini|câine)\b",
    re.I,
)
# "a number of other victims": how many is not said
_VAGUE_DET = re.compile(r"\s+(?:number|lot|few|handful|host|series|group|crowd)\s+of\b", re.I)


def _kind(lang: _Lang, f: str, c: _Cand, lo: int) -> None:
    """Set the kind of candidate `c` from the words around it (lo: where its window opens)."""
    if _WOUNDS.match(f, c.end) or _ANIMALS.match(f, c.end):
        return
    right = _walk_right(lang, f, c.end, c)
    if right and c.value == 0 and _NOT_SERIOUS.match(f, right[1]):
        return
    if right:
        c.kind, end = right
        c.how = c.how or "right"
        phrase = f[c.start : end]
        if (
            c.kind == "injured"
            and (
                _GUNSHOT_KIND.search(phrase)
                or (_SUFFERING.search(phrase) and _GUNSHOT_AFTER.match(f, end))
            )
            and not _IN_ADDITION.search(phrase)
        ):
            c.kind = "shot"
        if (
            c.kind in ("shot", "injured", "critical", "hospitalized")
            and lang.p["died"].match(f, end)
            and not _SET_BEFORE.search(f, 0, c.start)
        ):
            c.kind = "killed"  # "Teen shot in Miami dies", "a man who was injured ... has died"
        # "Nove feriti restano in condizioni gravi": a part of the injured, in danger
        r = lang.p["remain"].match(f, end)
        k = lang.kind_at.match(f, r.end()) if r else None
        inside = _PARTITIVE.search(f, 0, c.start)  # "Nine of the 84 wounded were still ..."
        if (
            k
            and c.kind in ("injured", "killed")
            and lang.kinds[_key(k.group())] == "critical"
            and not inside
        ):
            c.kind = "critical"
        return
    if c.need_person or c.immediate or c.how == "pron":
        return
    if _THINGS.match(f, c.end):
        return  # "shot 3 times", "killed in 2 shootings"
    window = f[lo : c.start]
    m = lang.left.search(window)
    if m:
        c.kind, c.how = lang.lefts[_key(m.group("v"))], "left"
        return
    m = lang.toll.search(window)
    if m:
        kind = lang.tolls[_key(m.group("t"))]
        if kind == "?":  # "the number of people detained ... reached seven"
            inner = [lang.kinds.get(_key(w.group())) for w in _WORD.finditer(m.group("mid"))]
            kind = next((k for k in inner if k), "?")
        if kind != "?":
            c.kind, c.how = kind, "toll"


def _segment(f: str, pos: int) -> tuple[int, int]:
    """The comma-clause around `pos`."""
    lo = max((m.end() for m in _BOUND.finditer(f, 0, pos)), default=0)
    m = _BOUND.search(f, pos)
    return lo, m.start() if m else len(f)


def _age_after_name(text: str, f: str, start: int, end: int) -> bool:
    """Whether the number at start:end is an age after a name, its second comma missing.

    A count of two or more people takes a plural verb, so "Darnell Ortiz, 31 was shot" is
    an age; so is the last of a list of names and ages ("Ana Reyes, 27, and Lionel Park,
    35 were taken"), whatever its verb.
    """
    number = text[start:end]
    if not (number.isdigit() and int(number) >= 2):
        return False
    if not _AFTER_NAME.search(text, max(0, start - 40), start):
        return False
    verb = _VERB.match(f, end)
    return bool(verb and (verb.group("one") or _AGE_ASIDE.search(f, 0, start)))


def _candidates(lang: _Lang, text: str, f: str) -> list[_Cand]:
    captions = [m.span() for m in _CAPTION.finditer(f)]
    cands = [
        _Cand(q.start, q.end, q.value, q.low, q.high, q.qualifier, counted=True)
        for q in find_quantities(text, lang.code)
        if not _AGE_AFTER.match(f, q.end)  # "a 4-month-old": an age
        and not any(a <= q.start < b for a, b in captions)
        and not _age_after_name(text, f, q.start, q.end)
        and not _FAMILY_OF.search(f, 0, q.start)
    ]
    taken = [(c.start, c.end) for c in cands]

    def add(c: _Cand) -> None:
        if not any(a < c.end and c.start < b for a, b in taken):
            cands.append(c)
            taken.append((c.start, c.end))

    for pat, immediate in ((lang.p["zero"], False), (lang.p["no"], True)):
        for m in pat.finditer(f):
            add(_Cand(m.start(), m.end(), 0, 0, 0, "exact", immediate=immediate))
    bare = lang.p["bare"].match(f)  # headlines: "Teen shot in Miami dies", "Boy, 13, dies"
    if bare and f[bare.start("p")].isupper():
        add(_Cand(bare.start("p"), bare.end("p"), 1, 1, 1, "exact", how="bare"))
    for m in lang.det.finditer(f):
        if not (m.start() and f[m.start() - 1] in "-'") and not _VAGUE_DET.match(f, m.end()):
            one = _key(m.group()) in lang.one
            add(_Cand(m.start(), m.end(), 1, 1, 1, "exact", need_person=not one))
    for m in lang.p["pron"].finditer(f):
        c = _Cand(m.start(), m.end(), 1, 1, 1, "exact", how="pron")
        c.perp = any(_key(m.group()).endswith(p) for p in lang.perp)
        add(c)
    for m in lang.self_.finditer(f):
        c = _Cand(m.start(), m.end(), 1, 1, 1, "exact", perp=True, how="self")
        c.kind = lang.selfs[_key(m.group())]
        more = _chain(lang, f, m.end()) if c.kind == "shot" else None
        if more:  # "shot himself and his friend": the friend was shot too
            c.extra, c.chain_end = more
        add(c)
    stops = frozenset(c.start for c in cands)
    for c in cands:
        c.stops = stops
    return sorted(cands, key=lambda c: c.start)


def _figures_in(lang: _Lang, text: str, f: str) -> list[_Cand]:
    """Candidates of one sentence with their kinds, superseded flags set."""
    cands = _candidates(lang, text, f)
    prev_end = 0
    for c in cands:
        if c.kind is None:
            _kind(lang, f, c, max(prev_end, c.start - 90))
        if c.how == "pron" and c.kind in ("missing", "critical"):
            c.kind = None  # "he remains in critical condition" repeats a count
        if c.kind and c.extra and c.value is not None:
            c.value += c.extra
            c.low = None if c.low is None else c.low + c.extra
            c.high = None if c.high is None else c.high + c.extra
            c.end, c.counted = c.chain_end, False
        prev_end = c.end
    # from X to Y: X is the older figure, of Y's kind ("de la 31 la 27 de morți")
    for a, b in pairwise(cands):
        between = f[a.end : b.start]
        if lang.p["from"].search(f[max(0, a.start - 12) : a.start]) and lang.p["to"].fullmatch(
            between
        ):
            a.kind = a.kind or b.kind
            a.superseded = True
    # "six people wounded -- two mortally": the six are all who were shot
    for a, b in pairwise(cands):
        if (
            a.kind in ("injured", "shot")
            and b.kind == "killed"
            and re.fullmatch(r"\s*(?:,|-+|;)?\s*(?:and\s+|including\s+)?", f[a.end : b.start])
            and re.match(r"\s*(?:fatally|mortally)\b", f[b.end :], re.I)
        ):
            a.kind = "shot"
    # coordination: "the 103 announced by IRNA and the 95 by the minister"; a comparison:
    # "a 27 muertos, frente a los 31 anunciados"
    for a, b in pairwise(cands):
        if b.kind or not a.kind or b.start - a.end > 80 or b.value is None or b.how:
            continue
        between = f[a.end : b.start]
        if lang.p["sup_left"].search(between) and not re.search(r"[.;:\d]", between):
            b.kind, b.how, b.superseded = a.kind, "copy", True
            continue
        if _REVISED.search(between):  # "an earlier toll of 103 was revised down to 84"
            b.kind, b.how, a.superseded = a.kind, "copy", True
            continue
        if a.how not in ("left", "toll", "copy") or any(
            lang.kind_at.match(f, w.start()) for w in _WORD.finditer(between)
        ):
            continue  # "one was pronounced dead and three others": the kind word is a's alone
        if _AND_THE.search(between) and not re.search(r"[.;:\d]", between):
            nxt = _SPACE_Q.match(f, b.end).end()
            if (
                _NEXT_OK.match(f, b.end)
                or lang.p["by"].match(f, b.end)
                or lang.person.match(f, nxt)
            ):
                b.kind, b.how = a.kind, "copy"
                b.superseded = b.superseded or _superseded(lang, f, a, 0)
    return [c for c in cands if c.kind and c.kind != "none"]


def _superseded(lang: _Lang, f: str, c: _Cand, prev_end: int) -> bool:
    if c.superseded:
        return True
    window = f[max(prev_end, c.start - 100) : c.start]
    if lang.p["sup_left"].search(f[max(0, c.start - 40) : c.start]):
        return True
    marks = list(lang.sup_noun.finditer(window))  # "an earlier toll of 103"
    if marks and not re.search(r"[.;]", window[marks[-1].end() :]):
        return True
    lo, hi = _segment(f, c.start)
    return bool(lang.p["sup_clause"].search(f, lo, hi))


def _old(mention: Any, published: date | None) -> bool:
    """A date mention that places its clause in another, earlier event."""
    if mention.value is None or mention.relative:
        return False
    if published is None:
        return mention.precision in ("year", "month")
    if mention.precision == "year":
        return mention.value.year < published.year
    end = mention.value + timedelta(days=30 if mention.precision == "month" else 0)
    return (published - end).days > 365


def _background(lang: _Lang, text: str, f: str, c: _Cand, published: date | None) -> bool:
    lo, hi = _segment(f, c.start)
    for m in lang.p["bg"].finditer(f):
        if m.start() < c.start and (
            m.start() >= lo or not re.search(r"[.;]", f[m.end() : c.start])
        ):
            return True
        if lo <= m.start() < hi:
            return True
    if not re.search(r"(?:1[89]|20)\d\d", f):
        return False
    for d in find_dates(text, lang.code, published):
        if _old(d, published) and (d.start < c.start or lo <= d.start < hi):
            return True
    return False


# ---- attributions (the source-phrase rules are in attribution.py) -------------------------


def _attributions(lang: _Lang, text: str, f: str) -> list[_Attr]:
    return find_sources(text, f, lang.p["according"], lang.p["said"])


def _attribution(lang: _Lang, text: str, f: str, c: _Cand, attrs: list[_Attr]) -> _Attr | None:
    by = lang.p["by"].match(f, c.end)  # "the 95 by the Minister of Health": its own source
    if by:
        end, source, named = source_after(text, f, by.end())
        if source:
            return _Attr(
                by.start() + len(by.group()) - len(by.group().lstrip()), end, source, named, "by"
            )
    if not attrs:
        return None

    def distance(a: _Attr) -> int:
        return a.start - c.end if a.start >= c.end else max(0, c.start - a.end)

    return min(attrs, key=distance)


# ---- the article --------------------------------------------------------------------------


def find_figures(article: Article) -> list[CasualtyFigure]:
    """Every casualty figure in the article's sentences, in text order."""
    code = (article.language or "en").lower().split("-")[0].split("_")[0]
    lang = _lang(code if code in TABLES else "en")
    published = article.published.date() if article.published else None
    out: list[CasualtyFigure] = []
    named_recent: list[tuple[int, str]] = []  # (sentence index, named source) for "he said"
    pending: list[int] = []  # the unattributed figures of the sentence before
    for sentence in article.sentences:
        text = sentence.text
        f = fold(text)
        attrs: list[_Attr] | None = None
        if lang.p["lead"].match(f) and pending:  # "Lo ha comunicato X": X said the sentence before
            attrs = _attributions(lang, text, f)
            first = min(attrs, key=lambda a: a.start, default=None)
            for i in pending if first else ():
                out[i] = replace(out[i], attribution=_to_attr(article, sentence.start, text, first))
        pending = []
        if not lang.trigger.search(f):
            if attrs is None and lang.p["said"].search(f):
                _remember(named_recent, sentence.index, _attributions(lang, text, f))
            continue
        cands = _figures_in(lang, text, f)
        if attrs is None:
            attrs = _attributions(lang, text, f)
        _resolve(attrs, named_recent, sentence.index)
        _remember(named_recent, sentence.index, attrs)
        prev_end = 0
        for c in cands:
            a = _attribution(lang, text, f, c, attrs)
            fig = CasualtyFigure(
                kind=c.kind or "",
                value=c.value,
                low=c.low,
                high=c.high,
                qualifier=c.qualifier,
                evidence=article.evidence(
                    sentence.start + c.start,
                    sentence.start + (c.end if c.counted else max(c.end, c.phrase_end)),
                ),
                attribution=_to_attr(article, sentence.start, text, a) if a else None,
                superseded=_superseded(lang, f, c, prev_end),
                scope="background" if _background(lang, text, f, c, published) else "event",
                perpetrator=c.perp,
            )
            prev_end = c.end
            if fig.attribution is None:
                pending.append(len(out))
            out.append(fig)
    return out
