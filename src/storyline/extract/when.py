"""Event-date mentions in news text (en, fr, es, it, ro), resolved against the publication date.

Rules (what a careful reader of a news report assumes):
- A bare weekday ("on Wednesday", "el miércoles", "joi seara") is the most recent such day
  on or before the publication date: "Thursday" in a Thursday report is that day.
- "last"/"dernier"/"pasado"/"scorso"/"trecut" + weekday is strictly before it (1 to 7 days
  back), "next"/"prochain"/"próximo"/"prossimo"/"viitor" strictly after (1 to 7 days on),
  "this"/"ce"/"este"/"questo"/"aceasta" the occurrence within three days either way ("this
  Friday" in a Thursday report is the next day, "ce lundi" in a Thursday report three
  days back).
- A day and month without a year ("January 3", "le 3 janvier", "on the 3rd") take the
  occurrence nearest the publication date, days after it counting double (reports mostly
  look back). A bare month ("in October") is placed the same way, at month precision.
- "the day before", "la veille", "el día anterior", "two days later"... count from the
  previous day-precise date in the text, else from the publication date.
- A weekday joined to an explicit date ("this Thursday, January 4") takes the explicit date
  and the note says whether the weekday agrees.
- Bare years (1900-2099) only after a date word (in/en/nel/în/since/desde...), so that
  counts ("2000 people", "2,000") are not read as years.
- Numeric dates need a four-digit year: month/day/year in English (day/month when the first
  part is over 12), day/month/year in the other languages.

Matching runs on a folded copy of the text (é→e, ș→s, ’→', no-break space→space) of the
same length, so every offset is an offset into the text given. dateparser is too slow for
a per-mention call here (~1 ms each) and misses most non-English relative forms; it is used
only for its month and weekday names in languages outside the five.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
Tense = Literal["past", "future", "this", "recent"]


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date | None  # the day, or the first day of the month or year
    precision: Precision
    relative: bool  # needed the reference date (or an earlier date in the text)
    note: str


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp) and base.isascii():
            table[cp] = base
    table.update({ord(c): "'" for c in "’‘ʼ´`"})
    table.update({ord(c): "-" for c in "‐‑‒–—"})
    table.update({ord(c): " " for c in "\u00a0\u202f\u2009\u2007"})
    return table


_FOLD = _fold_table()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=16)  # dates and quantities fold the same article in turn
def fold(text: str) -> str:
    """Accents, curly apostrophes, dashes and odd spaces folded one character for one."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: m.group().translate(_FOLD), text)


def _key(phrase: str) -> str:
    return _SEPARATORS.sub(" ", fold(phrase).lower()).strip()


_TOKEN = re.compile(r"\w+")
_SEPARATORS = re.compile(r"[\s'-]+")
_ATOMS = {" ": r"[\s-]+", "-": r"[-\s]", "'": r"'\s*"}


def words(phrases: Any) -> str:
    """Phrases as one regex group: folded, spaces and hyphens loose, factored as a prefix
    tree (a flat alternation of dozens of words is tried branch by branch at every word
    start, several times slower). Longer phrases win, as optional tails are greedy."""
    trie: dict[str, Any] = {}
    for phrase in {fold(p).lower() for p in phrases}:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return f"(?:{_branches(trie)})" if trie else "(?!)"


def _branches(node: dict[str, Any]) -> str:
    alts = [_ATOMS.get(ch, re.escape(ch)) + _branches(sub) for ch, sub in node.items() if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def table(block: str) -> dict[str, str]:
    """A text table: "field: items" lines, indented lines continue the field above."""
    out: dict[str, str] = {}
    name = ""
    for line in block.strip("\n").splitlines():
        if line[:1].isspace():
            out[name] += " " + line.strip()
        elif line.strip():
            name, _, rest = line.partition(":")
            out[name.strip()] = rest.strip()
    return out


def items(spec: str) -> list[str]:
    """Split "a | b c | d" into ["a", "b c", "d"]."""
    return [p.strip() for p in spec.split("|") if p.strip()]


def pairs(spec: str) -> dict[str, Any]:
    """Read "last=past | yesterday=-1" as {"last": "past", "yesterday": -1}."""
    out: dict[str, Any] = {}
    for item in items(spec):
        k, _, v = item.rpartition("=")
        out[k.strip()] = int(v) if v.lstrip("-").isdigit() else v.strip()
    return out


# Per-language word tables. months and weekdays: "|" between them, a space between the
# forms of one (a month's abbreviations need a dot, or in English a day number after them;
# Romanian weekdays have an articled form). pre/post: words before or after a weekday and
# the tense they give; pod: parts of the day; days: words for a day counted from the
# reference; anchored: from the previous date in the text; units in days. Then patterns:
# "two days ago" and "two days later" ({num} and {unit} filled in), the ordinal after a day
# number, what may not follow "the day before" (then it counts from an event: "the day
# before the ceremony"), and a guard for a word ("mañana" after "la" is "morning").
_TABLES = {
    "en": table(r"""
months: January Jan. | February Feb. | March Mar. | April Apr. | May | June Jun. | July Jul.
    | August Aug. | September Sept. Sep. | October Oct. | November Nov. | December Dec.
weekdays: Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday
pre: last=past | this past=past | past=past | next=future | this coming=future
    | coming=future | this=this
pod: night | morning | evening | afternoon
days: the day before yesterday=-2 | yesterday=-1 | last night=-1 | today=0 | tonight=0
    | this morning=0 | this afternoon=0 | this evening=0 | tomorrow=1
    | the day after tomorrow=2
anchored: the day before=-1 | the previous day=-1 | the day after=1 | the next day=1
    | the following day=1
units: day=1 | days=1 | week=7 | weeks=7 | month=30 | months=30 | year=365 | years=365
numbers: a an one | two | three | four | five | six | seven | eight | nine | ten | eleven
    | twelve
dirs: earlier=-1 | later=1
year_preps: in | since | until | till | by | from | before | after | during | the year
    | early | late | mid-
month_preps: in | since | until | till | by | from | during | early | late | mid- | last
    | next
habitual: every | each
ago: (?P<n>{num})\s+(?P<u>{unit})\s+ago
later: (?P<n>{num})\s+(?P<u>{unit})\s+(?P<dir>earlier|later)
suffix: st|nd|rd|th
stop: \s+(?:the|a|an|his|her|its|their|this|that)\b|\s+[A-Z]
"""),
    "fr": table(r"""
months: janvier janv. | février févr. fevr. | mars | avril avr. | mai | juin | juillet juil.
    | août | septembre sept. | octobre oct. | novembre nov. | décembre déc.
weekdays: lundi | mardi | mercredi | jeudi | vendredi | samedi | dimanche
pre: ce=this | cette=this
post: dernier=past | passé=past | prochain=future | qui vient=future
pod: soir | matin | après-midi | midi | soirée | matinée | au soir
days: avant-hier=-2 | hier=-1 | la nuit dernière=-1 | aujourd'hui=0 | ce matin=0
    | ce soir=0 | cet après-midi=0 | demain=1 | après-demain=2
anchored: la veille=-1 | le jour précédent=-1 | le lendemain=1 | le jour suivant=1
units: jour=1 | jours=1 | semaine=7 | semaines=7 | mois=30 | an=365 | ans=365
    | année=365 | années=365
numbers: un une | deux | trois | quatre | cinq | six | sept | huit | neuf | dix | onze
    | douze
dirs: plus tôt=-1 | auparavant=-1 | plus tard=1
year_preps: en | depuis | dès | jusqu'en | avant | après | l'année | année | début | fin
    | courant | mi-
month_preps: en | depuis | dès | jusqu'en | début | fin | courant | mi- | mois de
habitual: chaque | tous les
ago: il\s+y\s+a\s+(?P<n>{num})\s+(?P<u>{unit})
later: (?P<n>{num})\s+(?P<u>{unit})\s+(?P<dir>plus\s+tot|plus\s+tard|auparavant)
suffix: er
stop: \s*(?:de|du|des|d')\b
"""),
    "es": table(r"""
months: enero ene. | febrero feb. | marzo mar. | abril abr. | mayo | junio jun. | julio jul.
    | agosto ago. | septiembre setiembre sept. sep. | octubre oct. | noviembre nov.
    | diciembre dic.
weekdays: lunes | martes | miércoles | jueves | viernes | sábado | domingo
pre: este=this | el pasado=past | pasado=past | este pasado=past | el próximo=future
    | próximo=future | este próximo=future
post: pasado=past | próximo=future | que viene=future
pod: por la noche | por la mañana | por la tarde | en la noche | en la mañana
    | en la tarde | de madrugada
days: anteayer=-2 | antier=-2 | antes de ayer=-2 | anteanoche=-2 | ayer=-1 | anoche=-1
    | hoy=0 | esta mañana=0 | esta tarde=0 | esta noche=0 | esta madrugada=0
    | pasado mañana=2 | mañana=1
anchored: el día anterior=-1 | la víspera=-1 | un día antes=-1 | el día siguiente=1
    | al día siguiente=1 | un día después=1
units: día=1 | días=1 | semana=7 | semanas=7 | mes=30 | meses=30 | año=365 | años=365
numbers: un una uno | dos | tres | cuatro | cinco | seis | siete | ocho | nueve | diez
    | once | doce
dirs: antes=-1 | después=1 | más tarde=1
year_preps: en | desde | hasta | antes de | después de | el año | año | a finales de
    | a principios de | a mediados de | finales de | principios de
month_preps: en | desde | hasta | a finales de | a principios de | a mediados de
    | el mes de
habitual: cada | todos los | los
ago: hace\s+(?P<n>{num})\s+(?P<u>{unit})
later: (?P<n>{num})\s+(?P<u>{unit})\s+(?P<dir>antes|despues|mas\s+tarde)(?!\s+(?:de|del|que)\b)
suffix: º|ª|°|\.º
stop: \s+(?:a|al|de|del|que)\b
not_after manana: (?:la|esta|una|cada|toda|misma|de|del|por)\s+$
"""),
    "it": table(r"""
months: gennaio gen. | febbraio feb. | marzo mar. | aprile apr. | maggio mag. | giugno giu.
    | luglio lug. | agosto ago. | settembre set. sett. | ottobre ott. | novembre nov.
    | dicembre dic.
weekdays: lunedì | martedì | mercoledì | giovedì | venerdì | sabato | domenica
pre: questo=this | lo scorso=past | scorso=past | la scorsa=past | scorsa=past
    | il prossimo=future | prossimo=future | la prossima=future | prossima=future
post: scorso=past | scorsa=past | prossimo=future | prossima=future
pod: sera | mattina | mattino | notte | pomeriggio | in serata | in mattinata
days: l'altro ieri=-2 | l'altroieri=-2 | altroieri=-2 | ieri=-1 | oggi=0 | stamattina=0
    | stamani=0 | stasera=0 | questa mattina=0 | questa sera=0 | domani=1
    | dopodomani=2
anchored: il giorno prima=-1 | il giorno precedente=-1 | la vigilia=-1
    | il giorno dopo=1 | il giorno successivo=1 | l'indomani=1
units: giorno=1 | giorni=1 | settimana=7 | settimane=7 | mese=30 | mesi=30 | anno=365
    | anni=365
numbers: un uno una | due | tre | quattro | cinque | sei | sette | otto | nove | dieci
    | undici | dodici
dirs: prima=-1 | dopo=1 | più tardi=1
year_preps: nel | dal | del | fino al | entro il | prima del | dopo il | nell'anno
    | dell'anno | anno
month_preps: a | ad | in | nel mese di | da | dal mese di | fino a | a inizio | a fine
    | a metà | inizio | fine
habitual: ogni | tutti i | il | la
ago: (?P<n>{num})\s+(?P<u>{unit})\s+fa\b
later: (?P<n>{num})\s+(?P<u>{unit})\s+(?P<dir>prima|dopo|piu\s+tardi)(?!\s*(?:di|dell?'?|che)\b)
suffix: °|º
stop: \s*(?:di|del|della|dello|dell'|dei|degli|delle|che)\b
"""),
    "ro": table(r"""
months: ianuarie ian. | februarie feb. | martie mar. | aprilie apr. | mai | iunie iun.
    | iulie iul. | august aug. | septembrie sept. sep. | octombrie oct. | noiembrie nov.
    | decembrie dec.
weekdays: luni lunea | marți marțea | miercuri miercurea | joi joia | vineri vinerea
    | sâmbătă sâmbăta | duminică duminica
post: trecut=past | trecută=past | viitor=future | viitoare=future | aceasta=this
    | asta=this
pod: seara | seară | dimineața | dimineață | noaptea | după-amiaza | după-amiază
    | la prânz
days: alaltăieri=-2 | ieri=-1 | aseară=-1 | azi-noapte=-1 | astă-noapte=-1 | azi=0
    | astăzi=0 | azi-dimineață=0 | în această dimineață=0 | diseară=0 | astă-seară=0
    | mâine=1 | poimâine=2
anchored: cu o zi înainte=-1 | ziua precedentă=-1 | a doua zi=1 | ziua următoare=1
units: zi=1 | zile=1 | săptămână=7 | săptămâni=7 | lună=30 | luni=30 | an=365 | ani=365
numbers: o un unu | două doi | trei | patru | cinci | șase | șapte | opt | nouă | zece
    | unsprezece | douăsprezece doisprezece
dirs: mai devreme=-1 | mai târziu=1
year_preps: în | din | până în | anul | în anul | din anul | după | înainte de
month_preps: în | din | până în | la începutul lui | la sfârșitul lui | la mijlocul lui
    | luna
habitual: în fiecare | fiecare
ago: acum\s+(?P<n>{num})\s+(?:de\s+)?(?P<u>{unit})
later: (?P<n>{num})\s+(?:de\s+)?(?P<u>{unit})\s+(?P<dir>mai\s+tarziu|mai\s+devreme)
stop: \s+(?:de|dupa|a|al)\b
"""),
}
# Romanian "luni" is also "months": not a weekday after a number or a quantity word
_RO_LUNI_NOT_AFTER = re.compile(
    r"(?:\d|\b(?:doua|doi|trei|patru|cinci|sase|sapte|opt|noua|zece|zeci|cateva|multe|ultimele|"
    r"urmatoarele|cele|acum))\s+$",
    re.I,
)
_NAME_BEFORE = re.compile(r"([^\W\d_][\w-]*)\s+$")
_NAME_AFTER = re.compile(r"\s+[^\W\d_]")
# English capitalises weekdays and every name before them ("in Santa Ana Saturday night",
# "Baltimore police said Friday"): only these words make a weekday part of a name (a
# holiday). The other languages write weekdays in lower case, so there a capitalised
# neighbour does mark a name ("Santo Domingo").
_EN_HOLIDAY = re.compile(
    r"good|black|holy|maundy|ash|palm|easter|cyber|super|bloody|shrove|whit|giving|fat"
    r"|spy|pentecost|trinity|low|plough|mothering",
    re.I,
)
_DAY_NAMES = items(_TABLES["en"]["weekdays"])
_TENSE_NOTE = {"recent": "on or before", "past": "before", "future": "after", "this": "nearest to"}


def _names(spec: str) -> tuple[dict[str, int], set[str]]:
    """'January Jan.|February Feb.' -> ({key: 1-based index}, {abbreviations})."""
    names: dict[str, int] = {}
    abbr: set[str] = set()
    for i, group in enumerate(items(spec)):
        for form in group.split():
            names.setdefault(_key(form.rstrip(".")), i + 1)
            if form.endswith("."):
                abbr.add(_key(form.rstrip(".")))
    return names, abbr


def _preps(phrases: list[str]) -> str:
    """Prepositions before a month or year: a space after them unless they end in - or '."""
    open_end = [p for p in phrases if p[-1] in "-'"]
    spaced = [p for p in phrases if p[-1] not in "-'"]
    return rf"(?:{words(spaced)}\s+|{words(open_end)})"


def _dateparser_names(lang: str) -> tuple[str, str]:
    """Month and weekday names of a language outside the five, from dateparser's data."""
    try:
        from dateparser.languages.loader import default_loader

        info = default_loader.get_locale(lang).info
    except Exception:  # an unknown code: numeric and ISO dates only
        return "", ""

    def forms(names: str, shortest: int) -> str:
        return "|".join(
            " ".join(n + "." * (len(n) <= 3) for n in info.get(k, []) if len(n) >= shortest)
            for k in names.split()
        )

    months = forms(" ".join(m.split()[0] for m in items(_TABLES["en"]["months"])).lower(), 3)
    days = forms(" ".join(_DAY_NAMES).lower(), 4)
    ok = all(months.split("|")) and all(days.split("|"))
    return (months, days) if ok else ("", "")


@dataclass(slots=True)
class _Spec:
    lang: str
    months: dict[str, int]
    weekdays: dict[str, int]
    triggers: dict[str, list[tuple[str, re.Pattern[str]]]]
    keys: dict[str, Any]


@lru_cache(maxsize=32)
def _spec(lang: str) -> _Spec:
    t = _TABLES.get(lang, {})
    month_spec, day_spec = (t["months"], t["weekdays"]) if t else _dateparser_names(lang)
    months, abbr = _names(month_spec)
    weekdays = {k: v - 1 for k, v in _names(day_spec)[0].items()}
    keys = {f: pairs(t.get(f, "")) for f in ("pre", "post", "days", "anchored", "units", "dirs")}
    full = words(m for m in months if m not in abbr)
    dotted = rf"|{words(abbr)}\." if abbr else ""
    # English writes "Jan 3" without a dot; elsewhere a bare "mar" or "set" is a word
    undotted = rf"|{words(abbr)}\.?" if lang == "en" and abbr else dotted

    def month(group: str, md: bool = False) -> str:
        return rf"(?P<{group}>{full}{undotted if md else dotted})"

    # "3rd", "1er", "1º"; a dot ("3. Januar") in languages without a table
    suffix = rf"(?:{t.get('suffix', '') if t else chr(92) + '.'})?"
    day = r"(?P<d{n}>[0-3]?\d)" + suffix + r"(?![\d%])"
    year = r"(?P<y{n}>1[89]\d\d|2[01]\d\d)(?!\d)"
    pre, wd = words(keys["pre"]), words(weekdays)
    pod = items(t.get("pod", ""))
    post = words(list(keys["post"]) + pod)
    wd_prefix = (
        rf"(?:(?:(?P<wpre>{pre})\s+)?(?P<wd>{wd})'?(?:'s)?,?\s+"
        r"(?:(?:the|le|el|il|lo|pe)\s+)?)?"
    )
    d1, d2, y1, y2, y3 = (
        f.format(n=n) for f, n in ((day, 1), (day, 2), (year, 1), (year, 2), (year, 3))
    )
    dmy = rf"{d1}\s+(?:of\s+|de\s+)?{month('m1')}(?:,?\s+(?:de\s+|del\s+)?{y1})?"
    mdy = rf"{month('m2', md=True)}\s+(?:the\s+)?{d2}(?:,?\s+{y2})?"
    my = rf"{month('m3')},?\s+(?:de\s+|del\s+)?{y3}"
    numbers, _ = _names(t.get("numbers", ""))
    num = rf"(?:\d{{1,2}}|{words(numbers)})"
    unit = words(keys["units"])
    sep = "/" if lang == "en" else "[/.]"
    pats = {
        "explicit": rf"(?<![\w.,]){wd_prefix}(?:the\s+)?(?:{dmy}|{mdy}|{my})(?!\w)",
        "iso": r"(?<![\w.-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?![\w-])",
        "numeric": rf"(?<![\w./])(?P<a>\d{{1,2}})(?P<sep>{sep})(?P<b>\d{{1,2}})(?P=sep)"
        r"(?P<y>\d{4})(?![\w/])",
    }
    if t:
        pats["ago"] = r"(?<!\w)" + t["ago"].format(num=num, unit=unit) + r"(?!\w)"
        pats["later"] = r"(?<!\w)" + t["later"].format(num=num, unit=unit) + r"(?!\w)"
        pats["days"] = rf"(?<!\w)(?P<w>{words(keys['days'])})(?:\s+{words(pod)})?(?!\w)"
        pats["anchored"] = rf"(?<!\w)(?P<w>{words(keys['anchored'])})(?!\w)"
        # "in January": not "since January 3", not "in January 2020" (explicit, further on)
        pats["month"] = (
            rf"(?<!\w){_preps(items(t['month_preps']))}{month('m')}(?!\w)"
            r"(?!\.?,?\s+(?:the\s+|de\s+|del\s+|of\s+)?\d)"
        )
        pats["year"] = (
            rf"(?<!\w){_preps(items(t['year_preps']))}"
            r"(?P<y>19\d\d|20\d\d)(?![\w-]|[.,]\d)"
        )
    if weekdays:
        pats["weekday"] = (
            rf"(?<!\w)(?:(?P<pre>{pre})\s+)?(?P<wd>{wd})'?(?!\w)"
            rf"(?P<post>(?:\s+{post}(?!\w)){{0,2}})"
        )
    if lang == "en":
        pats["dom"] = (
            r"(?<!\w)on\s+the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)(?!\w)"
            rf"(?!\s+(?:of\s+)?{words(months)})"
        )
    lookup: dict[str, Any] = {f: {_key(k): v for k, v in d.items()} for f, d in keys.items()}
    lookup["numbers"] = numbers
    lookup["not_after"] = {
        _key(k.split(" ", 1)[1]): re.compile(v, re.I)
        for k, v in t.items()
        if k.startswith("not_after ")
    }
    lookup["habitual"] = re.compile(rf"(?<!\w){words(items(t.get('habitual', '')))}\s+$", re.I)
    lookup["stop"] = re.compile(t.get("stop", "(?!)"))

    # Each form is tried only where a word that can open it stands ("#": any number), in
    # this order (longer forms first): a regex scan per form costs ~0.1 ms over 5,000
    # characters, a dict lookup per word far less.
    def first(phrases: Any) -> set[str]:
        return {_key(p).split()[0] for p in phrases if _key(p)}

    counts = {"#"} | set(numbers)
    opens = {
        "explicit": first(keys["pre"]) | set(weekdays) | set(months) | {"the", "#"},
        "iso": {"#"},
        "numeric": {"#"},
        # "il y a deux jours", "hace", "acum": a word first; "two days ago": the count
        "ago": {m[0]} if (m := re.match(r"[a-z]+", t.get("ago", ""))) else counts,
        "later": counts,
        "days": first(keys["days"]),
        "anchored": first(keys["anchored"]),
        "month": first(items(t.get("month_preps", ""))),
        "year": first(items(t.get("year_preps", ""))),
        "weekday": first(keys["pre"]) | set(weekdays),
        "dom": {"on"},
    }
    triggers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for kind, p in pats.items():
        compiled = re.compile(p, re.I)
        for word in opens[kind]:
            triggers.setdefault(word, []).append((kind, compiled))
    return _Spec(lang, months, weekdays, triggers, lookup)


def date_context(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A month name, and a year-introducing word ending a string ("in ", "depuis ").

    For the quantity finder: "3 January" and "in 2020" are not counts.
    """
    spec = _spec(lang)
    preps = items(_TABLES.get(lang, {}).get("year_preps", ""))
    before = _preps(preps) + r"$" if preps else "(?!)"
    return (
        re.compile(rf"(?<!\w){words(spec.months)}\.?(?!\w)", re.I),
        re.compile(rf"(?<!\w){before}", re.I),
    )


@dataclass(slots=True)
class _Cand:
    start: int  # the whole match, prepositions included
    end: int
    cs: int  # the mention reported
    ce: int
    kind: str
    info: dict[str, Any]


def _tense(spec: _Spec, pre: str | None, post: str) -> Tense:
    if pre:
        return spec.keys["pre"].get(_key(pre), "recent")
    tail = f" {_key(post)} "
    return next((t for p, t in spec.keys["post"].items() if f" {p} " in tail), "recent")


def _is_name(text: str, s: int, e: int, lang: str) -> bool:
    """A capitalised weekday beside a capitalised word: "Good Friday", "Santo Domingo"."""
    if not text[s].isupper():
        return False
    before = _NAME_BEFORE.search(text, max(0, s - 30), s)
    if (
        before
        and before.group(1)[0].isupper()
        and (lang != "en" or _EN_HOLIDAY.fullmatch(before.group(1)))
    ):
        return True
    after = _NAME_AFTER.match(text, e, e + 3)
    return lang != "en" and after is not None and after.group(0)[-1].isupper()


def _candidate(spec: _Spec, kind: str, m: re.Match[str], text: str, folded: str) -> _Cand | None:
    g = m.groupdict()
    s, e = m.span()
    lang = spec.lang
    if kind == "explicit":
        mg = next(k for k in ("m1", "m2", "m3") if g[k])
        if lang == "en" and not text[m.start(mg)].isupper():
            return None  # "may", "march": English capitalises months
        wd = spec.weekdays.get(_key(g["wd"])) if g["wd"] else None
        if wd is not None and lang == "en" and not text[m.start("wd")].isupper():
            wd = None
        first = next(k for k in ("d1", "m2", "m3") if g[k])  # the span leaves "the" out
        if wd is not None:
            first = "wpre" if g["wpre"] else "wd"
        d = g["d1"] or g["d2"]
        info = {
            "m": spec.months[_key(g[mg].rstrip("."))],
            "d": int(d) if d else None,
            "y": int(g["y1"] or g["y2"] or g["y3"] or 0) or None,
            "wd": wd,
        }
        if info["d"] is not None and not 1 <= info["d"] <= 31:
            return None
        return _Cand(s, e, m.start(first), e, kind, info)
    if kind in ("iso", "numeric"):
        if kind == "iso":
            y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        else:
            a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
            mo, d = (a, b) if lang == "en" else (b, a)
            if lang == "en" and a > 12 >= b:  # 25/12/2023 can only be day first
                mo, d = b, a
        try:
            date(y, mo, d)
        except ValueError:
            return None
        form = (
            "ISO date"
            if kind == "iso"
            else (f"numeric date, {'month' if mo == int(g['a']) else 'day'} first")
        )
        return _Cand(s, e, s, e, "explicit", {"m": mo, "d": d, "y": y, "wd": None, "form": form})
    if kind in ("ago", "later"):
        n = g["n"]
        count = int(n) if n.isdigit() else spec.keys["numbers"].get(_key(n))
        if not count:
            return None
        info = {"n": count, "unit": spec.keys["units"][_key(g["u"])]}
        if kind == "later":
            info["dir"] = spec.keys["dirs"][_key(g["dir"])]
        return _Cand(s, e, s, e, kind, info)
    if kind == "days":
        word = _key(g["w"])
        guard = spec.keys["not_after"].get(word)
        if guard and guard.search(folded, max(0, s - 12), s):
            return None
        return _Cand(s, e, s, e, kind, {"offset": spec.keys["days"][word]})
    if kind == "anchored":
        if spec.keys["stop"].match(folded, e):
            return None  # "the day before the ceremony": an event, not a date
        return _Cand(s, e, s, e, kind, {"offset": spec.keys["anchored"][_key(g["w"])]})
    if kind == "weekday":
        ws, we = m.span("wd")
        if lang == "en" and not text[ws].isupper():
            return None
        if spec.keys["habitual"].search(folded, max(0, s - 16), s) or _is_name(text, ws, we, lang):
            return None
        wd = spec.weekdays[_key(g["wd"])]
        if (
            lang == "ro"
            and _key(g["wd"]) == "luni"
            and (
                _RO_LUNI_NOT_AFTER.search(folded, max(0, s - 16), s)
                or re.match(r"\s+de\s+zile", folded[e : e + 12], re.I)
            )
        ):
            return None  # "trei luni", "luni de zile": months
        return _Cand(s, e, s, e, kind, {"wd": wd, "tense": _tense(spec, g["pre"], g["post"])})
    if kind == "month":
        ms = m.start("m")
        if lang == "en" and not text[ms].isupper():
            return None
        number = spec.months[_key(g["m"].rstrip("."))]
        if lang == "ro" and number == 5 and not re.match(r"\s*(?:[,.;:)]|$)", folded[e : e + 2]):
            return None  # "în mai multe orașe": "mai" is "more"
        return _Cand(s, e, ms, e, kind, {"m": number})
    if kind == "year":
        return _Cand(
            s, e, m.start("y"), e, "explicit", {"y": int(g["y"]), "m": None, "d": None, "wd": None}
        )
    if kind == "dom":
        return _Cand(s, e, s, e, kind, {"d": int(g["d"])}) if 1 <= int(g["d"]) <= 31 else None
    return None


def _cost(d: date, ref: date) -> int:
    # nearest occurrence, days after the reference counting double: reports mostly look back
    return (ref - d).days if d <= ref else 2 * (d - ref).days


def _nearest_year(month: int, day: int, ref: date) -> date | None:
    options = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(y, month, day))
        except ValueError:  # 29 February
            continue
    return min(options, key=lambda o: _cost(o, ref), default=None)


def _nearest_month(day: int, ref: date) -> date | None:
    options = []
    for shift in (-1, 0, 1):
        first = _add_months(ref.replace(day=1), shift)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            options.append(first.replace(day=day))
    return min(options, key=lambda o: _cost(o, ref), default=None)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def resolve_weekday(weekday: int, reference: date, tense: Tense) -> date:
    """The date of a weekday (0 = Monday) named in a report published on `reference`.

    "recent" (a bare weekday): the latest on or before the reference, the reference itself
    if it is that weekday. "past" ("last"): strictly before, 1 to 7 days back. "future"
    ("next"): strictly after, 1 to 7 days on. "this": the one within three days either way.
    """
    back = (reference.weekday() - weekday) % 7
    if tense == "recent":
        return reference - timedelta(days=back)
    if tense == "past":
        return reference - timedelta(days=back or 7)
    ahead = (weekday - reference.weekday()) % 7
    if tense == "future":
        return reference + timedelta(days=ahead or 7)
    return reference + timedelta(days=ahead) if ahead <= 3 else reference - timedelta(days=back)


def _shift(base: date, n: int, unit: int) -> tuple[date, Precision]:
    if unit == 365:
        return date(base.year + n, 1, 1), "year"
    if unit == 30:
        return _add_months(base, n), "month"
    return base + timedelta(days=n * unit), "day"


_Resolved = tuple[date | None, Precision, bool, str]
_UNIT_NAME = {1: "day", 7: "week", 30: "month", 365: "year"}
_UNIT_PRECISION: dict[int, Precision] = {1: "day", 7: "day", 30: "month", 365: "year"}


def _resolve(c: _Cand, ref: date | None, anchor: date | None) -> _Resolved | None:
    i = c.info
    if c.kind == "explicit":
        if i["m"] is None:
            return date(i["y"], 1, 1), "year", False, "explicit year"
        precision: Precision = "day" if i["d"] else "month"
        if i["y"]:
            try:
                value = date(i["y"], i["m"], i["d"] or 1)
            except ValueError:
                return None
            note, relative = i.get("form", "explicit"), False
        elif ref is None:
            return None, precision, True, "no year given and no reference date"
        else:
            # the weekday only checks: a wrong one is more likely a slip than another year
            value = _nearest_year(i["m"], i["d"] or 15, ref)
            if value is None:
                return None
            value = value if i["d"] else value.replace(day=1)
            note, relative = "year from reference", True
        if i["wd"] is not None and i["d"] and value is not None:
            if value.weekday() == i["wd"]:
                note += "; weekday agrees"
            else:
                note += (
                    f"; weekday does not match ({_DAY_NAMES[i['wd']]} named, "
                    f"{value.isoformat()} is a {_DAY_NAMES[value.weekday()]})"
                )
        return value, precision, relative, note
    if c.kind == "month":
        if ref is None:
            return None, "month", True, "no year given and no reference date"
        value = _nearest_year(i["m"], 15, ref)
        return (value.replace(day=1) if value else None), "month", True, "year from reference"
    if c.kind == "dom":
        if ref is None:
            return None, "day", True, "no month given and no reference date"
        return _nearest_month(i["d"], ref), "day", True, "month from reference"
    if c.kind == "weekday":
        note = f"{_DAY_NAMES[i['wd']]} {_TENSE_NOTE[i['tense']]} reference"
        if ref is None:
            return None, "day", True, note + " (no reference date)"
        return resolve_weekday(i["wd"], ref, i["tense"]), "day", True, note
    # "days" and "ago" count from the reference; "anchored" and "later" from the previous
    # day-precise date in the text, falling back on the reference
    if c.kind in ("days", "anchored"):
        n, unit = i["offset"], 1
    else:
        n, unit = (i["dir"] if c.kind == "later" else -1) * i["n"], i["unit"]
    base, where = ref, "reference"
    if c.kind in ("anchored", "later"):
        base = anchor or ref
        where = (
            f"previous date in text ({anchor})"
            if anchor
            else ("reference (no earlier date in text)")
        )
    count = f"{abs(n)} {_UNIT_NAME[unit]}{'s' if abs(n) != 1 else ''}"
    note = f"{count} {'before' if n < 0 else 'after'} {where}" if n else f"same day as {where}"
    if base is None:
        return None, _UNIT_PRECISION[unit], True, note + " (no reference date)"
    value, precision = _shift(base, n, unit)
    return value, precision, True, note


def find_dates(text: str, language: str, reference: date | None) -> list[DateMention]:
    """Date mentions in `text`, in order, resolved against `reference` (the publication day).

    Mentions that need the reference (weekdays, "yesterday", a day and month without a
    year) come back with value None and relative True when it is not given.
    """
    if isinstance(reference, datetime):
        reference = reference.date()
    spec = _spec((language or "").lower().split("-")[0].split("_")[0])
    folded = fold(text)
    cands = []
    pos = 0
    for token in _TOKEN.finditer(folded):
        if token.start() < pos:
            continue
        word = token.group()
        for kind, pattern in spec.triggers.get("#" if word[0].isdigit() else word.lower(), ()):
            m = pattern.match(folded, token.start())
            c = _candidate(spec, kind, m, text, folded) if m else None
            if c is not None:
                cands.append(c)
                pos = c.end
                break
    out: list[DateMention] = []
    anchor: date | None = None
    for c in cands:
        resolved = _resolve(c, reference, anchor)
        if resolved is None:
            continue
        value, precision, relative, note = resolved
        out.append(DateMention(c.cs, c.ce, text[c.cs : c.ce], value, precision, relative, note))
        if value is not None and precision == "day":
            anchor = value
    return out
