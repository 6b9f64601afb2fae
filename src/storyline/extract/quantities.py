"""Counts in news text (en, fr, es, it, ro) with their qualifiers, as integer intervals.

"at least 84" -> [84, None]; "more than 80" -> [81, None]; "up to 80" -> [None, 80];
"fewer than 80" -> [None, 79]; "about 90" -> [81, 99] (10% either way, rounded outwards);
"almost 300" -> [270, 299] (within 10% below); "between 80 and 100", "80-100", "80 to 100"
-> [80, 100]; "une vingtaine" -> about 20; "a dozen" -> about 12; "more than a hundred",
"plus d'une centaine" -> [101, None]. Vague plurals carry no value: "dozens" [24, 99],
"des dizaines"/"decenas"/"decine"/"zeci" [20, 99], "hundreds" [200, 999], "thousands"
[2000, 9999], "tens of thousands" [20000, 99999]. None in an interval means unbounded.

Not counts, and skipped: years in a date context, times (10:30, 10h30, "at 10 am", "alle
10"), day numbers beside a month name, numeric dates, ordinals (4th, 1er, 4º, al 4-lea;
ordinal words are not in the tables), percentages, money, ages ("aged 25", "25-year-old",
"un homme de 25 ans"), phone numbers, long digit runs (ids, timestamps), numbers glued to
letters (COVID-19, A320), house numbers, and decimals without a scale word (measures).
Words for one ("un", "una", "o", "one") count only inside a larger number ("vingt et un",
"a hundred"): alone they are mostly articles. "from 80 to 100" gives two numbers, not a
range, since it usually reports a change.

Matching runs on the same-length folded text of `when.fold`, so offsets are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from storyline.extract.when import date_context, fold, items, pairs, table, words

Qualifier = Literal[
    "exact",
    "at_least",
    "more_than",
    "at_most",
    "fewer_than",
    "about",
    "almost",
    "vague",
    "range",
]


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    text: str  # the whole phrase, qualifier included
    value: int | None  # the figure as stated; None for vague plurals and ranges
    low: int | None  # the interval it implies, inclusive; None = unbounded
    high: int | None
    qualifier: Qualifier


# Per-language tables, in the text format of `when.table`. units: added; mul: multiplies
# what precedes (hundred, dozen); scales: a power of ten closing a group (thousand=3);
# one: 1 inside a compound ("vingt et un"); prefix: 1 before a multiplier ("a hundred",
# "o sută"); alone: multipliers that are numbers by themselves ("cent", "mil"); weak: words
# with another common meaning ("neuf" new, "sei" you are, "nouă" new), taken only after a
# determiner or a qualifier. Qualifiers come before the number (range opens "between X and
# Y"); tail: after it; and/to: range joiners; from: "from X to Y", a change, not a range;
# approx: about N; vague: an interval with no value.
_TABLES = {
    "en": table("""
units: two=2 | three=3 | four=4 | five=5 | six=6 | seven=7 | eight=8 | nine=9 | ten=10
    | eleven=11 | twelve=12 | thirteen=13 | fourteen=14 | fifteen=15 | sixteen=16
    | seventeen=17 | eighteen=18 | nineteen=19 | twenty=20 | thirty=30 | forty=40
    | fifty=50 | sixty=60 | seventy=70 | eighty=80 | ninety=90
mul: hundred=100 | dozen=12
scales: thousand=3 | million=6 | billion=9
one: one
prefix: a | an | one
conn: and
at_least: at least | no fewer than | no less than | a minimum of | at a minimum
more_than: more than | over | upwards of | in excess of | well over | just over | above
    | well above
at_most: at most | no more than | up to | a maximum of | as many as | at the most
fewer_than: fewer than | less than | under | below
about: about | around | some | approximately | roughly | an estimated | estimated | circa
almost: almost | nearly | close to | just under | just shy of | not quite
range: between
tail: or more=at_least | and more=at_least | or so=about | odd=about | plus=more_than
and: and
to: to
from: from
approx: a dozen=12 | half a dozen=6 | a half-dozen=6 | a half dozen=6 | half-dozen=6
vague: tens of thousands=20000-99999 | hundreds of thousands=200000-999999 | dozens=24-99
    | several dozen=24-99 | a few dozen=24-99 | scores=40-99 | hundreds=200-999
    | several hundred=200-999 | a few hundred=200-999 | thousands=2000-9999
    | several thousand=2000-9999 | a few thousand=2000-9999 | millions=2000000-9999999
"""),
    "fr": table("""
units: deux=2 | trois=3 | quatre=4 | cinq=5 | six=6 | sept=7 | huit=8 | neuf=9 | dix=10
    | onze=11 | douze=12 | treize=13 | quatorze=14 | quinze=15 | seize=16 | vingt=20
    | trente=30 | quarante=40 | cinquante=50 | soixante=60 | quatre-vingt=80
    | quatre-vingts=80
mul: cent=100 | cents=100
scales: mille=3 | million=6 | millions=6 | milliard=9 | milliards=9
one: un | une
prefix: un | une
conn: et
alone: cent | mille
weak: neuf
at_least: au moins | au minimum | pas moins de | pas moins d'
more_than: plus de | plus d' | au-delà de | bien plus de | largement plus de
    | un peu plus de | un peu plus d'
at_most: au plus | au maximum | jusqu'à | pas plus de | tout au plus
fewer_than: moins de | moins d'
about: environ | quelque | autour de | à peu près | approximativement | aux alentours de
    | de l'ordre de
almost: près de | près d' | presque | quasiment | pratiquement | pas loin de
    | un peu moins de | un peu moins d'
range: entre
tail: ou plus=at_least | et plus=at_least
and: et
to: à
from: de | passant de | passé de
approx: une dizaine=10 | une douzaine=12 | une quinzaine=15 | une vingtaine=20
    | une trentaine=30 | une quarantaine=40 | une cinquantaine=50 | une soixantaine=60
    | une centaine=100 | un millier=1000
vague: des dizaines de milliers=20000-99999 | plusieurs dizaines de milliers=20000-99999
    | des centaines de milliers=200000-999999 | des dizaines=20-99
    | plusieurs dizaines=20-99 | quelques dizaines=20-99 | des centaines=200-999
    | plusieurs centaines=200-999 | quelques centaines=200-999 | des milliers=2000-9999
    | plusieurs milliers=2000-9999 | quelques milliers=2000-9999
    | des millions=2000000-9999999
"""),
    "es": table("""
units: dos=2 | tres=3 | cuatro=4 | cinco=5 | seis=6 | siete=7 | ocho=8 | nueve=9 | diez=10
    | once=11 | doce=12 | trece=13 | catorce=14 | quince=15 | dieciséis=16
    | diecisiete=17 | dieciocho=18 | diecinueve=19 | veinte=20 | veintiuno=21
    | veintiún=21 | veintiuna=21 | veintidós=22 | veintitrés=23 | veinticuatro=24
    | veinticinco=25 | veintiséis=26 | veintisiete=27 | veintiocho=28 | veintinueve=29
    | treinta=30 | cuarenta=40 | cincuenta=50 | sesenta=60 | setenta=70 | ochenta=80
    | noventa=90 | doscientos=200 | doscientas=200 | trescientos=300 | trescientas=300
    | cuatrocientos=400 | cuatrocientas=400 | quinientos=500 | quinientas=500
    | seiscientos=600 | seiscientas=600 | setecientos=700 | setecientas=700
    | ochocientos=800 | ochocientas=800 | novecientos=900 | novecientas=900
mul: cien=100 | ciento=100
scales: mil=3 | millón=6 | millones=6
one: uno | un | una
prefix: un | una | uno
conn: y
alone: cien | ciento | mil
at_least: al menos | por lo menos | como mínimo | no menos de | un mínimo de
more_than: más de | algo más de | por encima de | bastante más de
at_most: hasta | como máximo | a lo sumo | no más de | un máximo de
fewer_than: menos de
about: unos | unas | alrededor de | aproximadamente | cerca de | en torno a
almost: casi | poco menos de | rozando los | rozando las
range: entre
tail: o más=at_least | y más=at_least
and: y
to: a
from: de | desde
approx: una decena=10 | una docena=12 | una quincena=15 | una veintena=20
    | una treintena=30 | una cincuentena=50 | un centenar=100 | un millar=1000
vague: decenas de miles=20000-99999 | cientos de miles=200000-999999
    | centenares de miles=200000-999999 | decenas=20-99 | varias decenas=20-99
    | unas decenas=20-99 | docenas=24-99 | cientos=200-999 | centenares=200-999
    | varios cientos=200-999 | varios centenares=200-999 | miles=2000-9999
    | varios miles=2000-9999 | millones=2000000-9999999
"""),
    # Italian writes a number as one word ("centottantaquattro"): these are its pieces,
    # elided forms included ("vent", "trent", "cent")
    "it": table("""
units: due=2 | tre=3 | tré=3 | quattro=4 | cinque=5 | sei=6 | sette=7 | otto=8 | nove=9
    | dieci=10 | undici=11 | dodici=12 | tredici=13 | quattordici=14 | quindici=15
    | sedici=16 | diciassette=17 | diciotto=18 | diciannove=19 | venti=20 | vent=20
    | trenta=30 | trent=30 | quaranta=40 | quarant=40 | cinquanta=50 | cinquant=50
    | sessanta=60 | sessant=60 | settanta=70 | settant=70 | ottanta=80 | ottant=80
    | novanta=90 | novant=90
mul: cento=100 | cent=100
scales: mille=3 | mila=3 | milione=6 | milioni=6 | miliardo=9 | miliardi=9
one: uno | un | una
prefix: un | uno | una
conn: e
alone: cento | mille
weak: sei | venti
at_least: almeno | non meno di | come minimo | perlomeno | per lo meno | quanto meno
more_than: più di | oltre | ben oltre | ben più di | poco più di
at_most: fino a | al massimo | non più di | sino a
fewer_than: meno di
about: circa | intorno a | attorno a | all'incirca | approssimativamente | qualcosa come
almost: quasi | poco meno di
range: tra | fra
tail: o più=at_least | e più=at_least | e oltre=at_least
and: e
to: a
from: da | dai | dalle
approx: una decina=10 | una dozzina=12 | una quindicina=15 | una ventina=20
    | una trentina=30 | una quarantina=40 | una cinquantina=50 | una sessantina=60
    | un centinaio=100 | un migliaio=1000
vague: decine di migliaia=20000-99999 | centinaia di migliaia=200000-999999
    | decine=20-99 | alcune decine=20-99 | diverse decine=20-99 | qualche decina=20-99
    | dozzine=24-99 | centinaia=200-999 | alcune centinaia=200-999
    | diverse centinaia=200-999 | qualche centinaio=200-999 | migliaia=2000-9999
    | alcune migliaia=2000-9999 | diverse migliaia=2000-9999
    | qualche migliaio=2000-9999 | milioni=2000000-9999999
"""),
    "ro": table("""
units: doi=2 | două=2 | trei=3 | patru=4 | cinci=5 | șase=6 | șapte=7 | opt=8 | nouă=9
    | zece=10 | unsprezece=11 | doisprezece=12 | douăsprezece=12 | treisprezece=13
    | paisprezece=14 | cincisprezece=15 | șaisprezece=16 | șaptesprezece=17
    | optsprezece=18 | nouăsprezece=19 | douăzeci=20 | treizeci=30 | patruzeci=40
    | cincizeci=50 | șaizeci=60 | șaptezeci=70 | optzeci=80 | nouăzeci=90
mul: sută=100 | sute=100
scales: mie=3 | mii=3 | milion=6 | milioane=6 | miliard=9 | miliarde=9
one: unu | una | un
prefix: o | un | unu
conn: și
weak: nouă
at_least: cel puțin | minimum | măcar
more_than: peste | mai mult de | mai bine de | mai mult decât | puțin peste
at_most: până la | cel mult | maximum | nu mai mult de
fewer_than: mai puțin de | sub
about: aproximativ | circa | în jur de | vreo | cam
almost: aproape | aproape de | puțin sub
range: între
tail: sau mai mult=at_least | și mai mult=at_least | sau mai mulți=at_least
and: și
from: de la
approx: o duzină=12
vague: zeci de mii=20000-99999 | sute de mii=200000-999999 | zeci=20-99
    | câteva zeci=20-99 | mai multe zeci=20-99 | sute=200-999 | câteva sute=200-999
    | mai multe sute=200-999 | mii=2000-9999 | câteva mii=2000-9999
    | mai multe mii=2000-9999 | milioane=2000000-9999999
"""),
}
_QUALIFIERS = ("at_least", "more_than", "at_most", "fewer_than", "about", "almost", "range")
_WEAK_AFTER = re.compile(  # determiners and prepositions that make a weak word a number
    r"(?:^|[.!?;:(\"]|\b(?:les|des|ces|aux|a|de|et|ou|dont|sur|i|gli|dei|degli|delle|altri|"
    r"altre|ai|agli|e|o|cei|cele|si|sau|alti|alte|ale|din)\s+)\s*$",
    re.I,
)
_DIGITS = (
    r"(?P<num>\d{1,3}(?P<sep>[,.' ])\d{3}(?:(?P=sep)\d{3})*(?!\d)|\d+)"
    r"(?P<dec>[.,]\d+)?"
)
# spans that hold digits but no count: ISO and numeric dates, clock times, phone numbers
_BLOCKED = re.compile(
    r"(?=[\d+(])(?:\d{4}-\d\d-\d\d|(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)|\d+/\d+"
    r"|(?<!\d)\d{1,2}\s?[:h]\s?\d\d(?!\d)|\+\d[\d ().-]{6,}\d|\(\d{2,4}\)\s?\d[\d .-]{4,}\d"
    r"|(?<![\d,.])0\d{1,3}(?:[ .-]\d{2,4}){2,}|(?<![\d-])\d{3}-\d{4}(?![\d-]))"
)
# After a number: a percentage, money, an age, an ordinal or a clock time, not a count
_SKIP_AFTER = re.compile(
    r"\s*(?:%|per\s*cent|pour\s*cent|por\s*ciento|per\s*cento|la\s+suta|procente?\b"
    r"|(?:(?:de|d'|di|of)\s*)?(?:(?:millions?|milliards?|millones|milioni|milioane|billions?)"
    r"\s+(?:de|d'|di|of)\s*)?(?:[$€£¥]|dollars?\b|euros?\b|eur\b|usd\b|dolares\b|dollari\b"
    r"|pounds?\b|livres?\b|sterline\b|lei\b|ron\b|francs?\b|yuans?\b|rubles?\b|roubles?\b))"
    r"|[-\s]years?[-\s]old\b|-year\b|\s*(?:years?\s+of\s+age|anos\s+de\s+edad|yo\b)"
    r"|[°º]|-(?:lea|a)\b"  # 4°, al 4-lea
    r"|\s*(?:a\.?m\.?|p\.?m\.?|o'clock|h\b|hs\b|uhr\b)",  # 10 am, 10 h
    re.I,
)
# Before it: money, an age, a letter or sign glued to it (COVID-19, n° 5, 10:30)
_SKIP_BEFORE = re.compile(
    r"(?:[$€£¥]|\b(?:us\$|usd|eur|gbp|ron))\s*$"
    r"|\b(?:aged|ages?|age\s+of|agee?s?\s+de|edad\s+de|eta\s+di|varsta\s+de)\s+$"
    r"|(?:[^\W\d_]-?|[:/#°]|\b(?:n|no|nr|nº|n°)\.?\s*)$",
    re.I,
)
_TIME_BEFORE = re.compile(
    r"\b(?:alle|a\s+las|a\s+la|la\s+ora|ore|ora|at|a|vers|des|hacia)\s+$", re.I
)
_HOURS_AFTER = re.compile(r"\s*(?:heures?|horas?|ore|ora)\b", re.I)
_DE_YEARS = re.compile(r"\b(?:de|di)\s+$", re.I)  # "un homme de 25 ans", "un uomo di 25 anni"
_YEARS_AFTER = re.compile(r"\s*(?:de\s+)?(?:ans|anos|anni|ani)\b", re.I)
_STREET = re.compile(
    r"\s+(?:(?:[A-Z][\w'-]*\s+){0,2}(?:Street|St\b|Road|Rd\b|Avenue|Ave\b|Lane|Boulevard|"
    r"Drive)|(?i:rue|avenue|boulevard|bd|chemin|allee|quai|impasse|calle|avenida)\b)"
)
_STREET_BEFORE = re.compile(
    r"\b(?:via|viale|piazza|corso|calle|avenida|plaza|strada|str\.|bulevardul|calea|"
    r"soseaua)\s+(?:[A-Z][\w'-]*\s+){1,3}(?:n\.?\s*|nr\.?\s*)?$",
    re.I,
)

_SEPARATORS, _SPACE, _WORD, _NOT_DIGIT = (
    re.compile(p) for p in (r"[\s'-]+", r"[-\s]", r"[^\s-]+", r"\D")
)
_PERCENT_BEFORE = re.compile(r"\b(?:por|per|pour)\s+$", re.I)  # "15 por ciento": "ciento"
_CLOCK_BEFORE = re.compile(r"(?:alle|las|ora|ore)\s+$", re.I)
_MONTH_JOIN = re.compile(r"\s+(?:de\s+|of\s+)?")
_YEAR_DASH = re.compile(r"(?:19|20)\d\d\s*-\s*$")
_WORD_AFTER = re.compile(r"\s+[^\W\d]")
_DIGIT_AFTER = re.compile(r"\s*\d")


@dataclass(slots=True)
class _Spec:
    scan: re.Pattern[str]
    vocab: dict[str, tuple[str, int]]  # piece -> (kind, value)
    scales: dict[str, int]  # scale word -> power of ten, after digits: "2,5 millions"
    joins: re.Pattern[str] | None
    pieces: list[str]  # longest first, to split glued words
    alone: set[str]
    weak: set[str]
    qual: re.Pattern[str]
    qual_kind: dict[str, str]
    approx: dict[str, int]
    vague: dict[str, tuple[int, int]]
    tail: dict[str, str]
    after: re.Pattern[str]
    between_and: re.Pattern[str]
    to: re.Pattern[str]
    from_before: re.Pattern[str]
    month: re.Pattern[str]
    month_end: re.Pattern[str]
    year_before: re.Pattern[str]


def _key(s: str) -> str:
    return _SEPARATORS.sub(" ", fold(s).lower()).strip()


@lru_cache(maxsize=16)
def _spec(lang: str) -> _Spec:
    t = _TABLES.get(lang, {})
    vocab: dict[str, tuple[str, int]] = {}
    for kind in ("units", "mul"):
        vocab.update({fold(w).lower(): (kind, v) for w, v in pairs(t.get(kind, "")).items()})
    scales = pairs(t.get("scales", ""))
    vocab.update({fold(w).lower(): ("scale", 10**v) for w, v in scales.items()})
    one, prefix = items(t.get("one", "")), items(t.get("prefix", ""))
    for w in one + prefix:
        vocab.setdefault(fold(w).lower(), ("one", 1))
    conn = t.get("conn", "")
    if conn:
        vocab[fold(conn).lower()] = ("conn", 0)
    joined = [w for w in vocab if "-" in w]  # "quatre-vingt": one piece
    vocab.update({w.replace("-", "_"): vocab[w] for w in joined})
    main = [w for w, (k, _) in vocab.items() if k not in ("one", "conn")]
    mult = [w for w, (k, _) in vocab.items() if k in ("mul", "scale")]
    # Italian writes numbers as one word: pieces may follow each other with no space
    c = words([conn]) if conn else "(?!)"
    sep = rf"(?:\s+(?:{c}\s+)?|-(?:{c}-)?)" + ("?" if lang == "it" else "")
    run = (
        (
            rf"(?:{words(prefix)}\s+(?={words(mult)}))?{words(main)}"
            rf"(?:{sep}(?:{words(main)}|{words(one)}))*"
        )
        if main
        else "(?!)"
    )
    approx, quals = pairs(t.get("approx", "")), {}
    vague = {p: tuple(map(int, v.split("-"))) for p, v in pairs(t.get("vague", "")).items()}
    for kind in _QUALIFIERS:
        quals.update({p: kind for p in items(t.get(kind, ""))})
    tail = pairs(t.get("tail", ""))
    scan = re.compile(
        rf"(?<!\w)(?:(?P<vague>{words(vague)})|(?P<approx>{words(approx)})|(?P<run>{run})"
        rf"|{_DIGITS}(?:\s*(?P<scale>{words(scales)}))?)(?!\w)",
        re.I,
    )
    month, year_before = date_context(lang)
    to = t.get("to", "")
    return _Spec(
        scan=scan,
        vocab=vocab,
        scales={_key(w): v for w, v in scales.items()},
        pieces=sorted(vocab, key=len, reverse=True),
        joins=re.compile(words(joined), re.I) if joined else None,
        alone={fold(w) for w in items(t.get("alone", ""))},
        weak={fold(w) for w in items(t.get("weak", ""))},
        qual=re.compile(rf"(?<![\w'])(?P<q>{words(quals)})\s*$", re.I),
        qual_kind={_key(p): k for p, k in quals.items()},
        approx={_key(p): v for p, v in approx.items()},
        vague={_key(p): v for p, v in vague.items()},
        tail={_key(p): v for p, v in tail.items()},
        after=re.compile(rf"(?:\s*|-)(?P<t>{words(tail)})(?!\w)", re.I),
        between_and=re.compile(rf"\s+{words(items(t.get('and', '')))}\s+", re.I),
        to=re.compile(rf"\s*-\s*|\s+{words([to])}\s+" if to else r"\s*-\s*", re.I),
        from_before=re.compile(rf"(?<!\w){words(items(t.get('from', '')))}\s+$", re.I),
        month=month,
        month_end=re.compile(month.pattern + r"\s+(?:the\s+)?$", re.I),
        year_before=year_before,
    )


def _split(word: str, spec: _Spec) -> list[str] | None:
    """A glued number word cut into known pieces ("centottanta" -> cent, ottanta)."""
    if word in spec.vocab:
        return [word]
    for piece in spec.pieces:
        if word.startswith(piece):
            rest = _split(word[len(piece) :], spec)
            if rest is not None:
                return [piece, *rest]
    return None


def _words_value(spec: _Spec, folded: str, s: int, e: int) -> tuple[int, int] | None:
    """Value of the number words in folded[s:e], and where a valid number ends.

    Reads left to right like text2num and stops before the first word that cannot continue
    the number ("dos y tres" -> "dos"), so two numbers side by side stay two.
    """
    seg = folded[s:e].lower()
    if spec.joins is not None:  # "quatre-vingt" is one piece, not four twenties
        seg = spec.joins.sub(lambda m: _SPACE.sub("_", m.group()), seg)
    total = current = last = 0
    last_kind, top, conn, end = "", 10**12, False, s
    for m in _WORD.finditer(seg):
        pieces = _split(m.group(0), spec)
        if pieces is None:
            break
        saved = (total, current, last, last_kind, top, conn)
        ok = True
        for piece in pieces:
            kind, v = spec.vocab[piece]
            if kind == "conn":  # "vingt et un", "ochenta y cuatro", "hundred and five"
                ok = not conn and (
                    last_kind in ("mul", "scale")
                    or (last_kind == "units" and last % 10 == 0 and 20 <= last <= 90)
                )
                conn = True
                continue
            if kind in ("units", "one"):
                ok = (last_kind in ("", "mul", "scale") and (not conn or v < 100)) or (
                    last_kind == "units" and last % 10 == 0 and v < last and (not conn or v < 20)
                )  # not "twenty thirty", "deux trois"
                current, last = current + v, v
            elif kind == "mul":
                ok = current < 10 and not conn  # "two hundred", not "twenty hundred"
                current = (current or 1) * v
            elif v < top:  # a scale closes a group: "two hundred thousand"
                total, current, top = total + (current or 1) * v, 0, v
            elif current == 0 and total and not conn:  # "mil millones"
                total, top = total * v, v
            else:
                ok = False
            if not ok:
                break
            last_kind, conn = ("units" if kind == "one" else kind), False
        if not ok:
            total, current, last, last_kind, top, conn = saved
            break
        if not conn:
            end = s + m.end()
    if end == s:
        return None
    return total + current, end


def _read(spec: _Spec, m: re.Match[str], folded: str) -> dict[str, Any] | None:
    """The number a scan match starts: value, end, and how it was written."""
    s = m.start()
    if m.group("vague"):
        return {"end": m.end(), "value": None, "vague": spec.vague[_key(m.group("vague"))]}
    if m.group("approx"):
        return {"end": m.end(), "value": spec.approx[_key(m.group("approx"))], "approx": True}
    if m.group("run"):
        got = _words_value(spec, folded, s, m.end())
        if got is None:
            return None
        value, end = got
        first = _key(folded[s:end]).split()
        pieces = [p for w in first for p in (_split(w, spec) or [])]
        kinds = [spec.vocab[p][0] for p in pieces]
        if kinds and all(k == "one" for k in kinds):
            return {"end": end, "skip": True}  # an article, not a count
        if kinds in (["mul"], ["scale"]) and pieces[0] not in spec.alone:
            return {"end": end, "skip": True}  # "hundred", "mii" with no number before
        return {
            "end": end,
            "value": value,
            "words": True,
            "weak": len(first) == 1 and first[0] in spec.weak,
        }
    raw, dec, scale = m.group("num"), m.group("dec"), m.group("scale")
    grouped = m.group("sep") is not None
    digits = _NOT_DIGIT.sub("", raw)
    if scale:
        number = float(digits + "." + dec[1:]) if dec else int(digits)
        value = round(number * 10 ** spec.scales[_key(scale)])
    elif dec:
        return {"end": m.end(), "skip": True}  # 2.5 km, 3,2 %: a measure
    else:
        if (len(digits) > 1 and digits[0] == "0") or (not grouped and len(digits) >= 8):
            return {"end": m.end(), "skip": True}  # codes, ids, timestamps
        value = int(digits)
    return {
        "end": m.end(),
        "value": value,
        "digits": True,
        "grouped": grouped,
        "scaled": spec.scales[_key(scale)] if scale else 0,
    }


def _not_a_count(
    spec: _Spec, text: str, folded: str, s: int, e: int, info: dict[str, Any], qualified: bool
) -> bool:
    before = folded[max(0, s - 24) : s]  # the last words: enough for "in varsta de"
    after = folded[e : e + 32]
    if _SKIP_AFTER.match(after) or _SKIP_BEFORE.search(before):
        return True
    if info.get("words") and _PERCENT_BEFORE.search(before):
        return True
    if _DE_YEARS.search(before) and _YEARS_AFTER.match(after):
        return True  # "un homme de 25 ans": an age (or a sentence length), not a count
    if info.get("weak") and not qualified and not _WEAK_AFTER.search(before):
        return True  # "un bâtiment neuf", "tu sei"
    if not info.get("digits"):
        return False
    if _TIME_BEFORE.search(before) and (_HOURS_AFTER.match(after) or _CLOCK_BEFORE.search(before)):
        return True  # "à 10 heures", "alle 10"
    join = _MONTH_JOIN.match(after)
    if (join and spec.month.match(folded, e + join.end())) or spec.month_end.search(before):
        return True  # "3 January", "3 de enero", "January 3", "Jan. 3"
    if _STREET.match(text, e) or _STREET_BEFORE.search(text[max(0, s - 40) : s]):
        return True
    # a year: "in 1978", "since 2019", "... in 2020."; "more than 2000 people" is a count
    return bool(
        not info.get("grouped")
        and not info.get("scaled")
        and 1900 <= info["value"] <= 2099
        and not qualified
        and (
            spec.year_before.search(before)
            or _YEAR_DASH.search(before)  # "2019-2021"
            or not _WORD_AFTER.match(after)
        )
    )


def _interval(qualifier: str, v: int) -> tuple[int | None, int | None]:
    if qualifier == "at_least":
        return v, None
    if qualifier == "more_than":
        return v + 1, None
    if qualifier == "at_most":
        return None, v
    if qualifier == "fewer_than":
        return None, max(v - 1, 0)
    if qualifier == "about":  # 10% either way, rounded outwards
        return v * 9 // 10, -(-v * 11 // 10)
    if qualifier == "almost":  # below the figure, within 10%
        return min(-(-v * 9 // 10), max(v - 1, 0)), max(v - 1, 0)
    return v, v


def _scan(text: str, language: str) -> list[Quantity]:
    spec = _spec((language or "").lower().split("-")[0].split("_")[0])
    folded = fold(text)
    blocked = [m.span() for m in _BLOCKED.finditer(folded)]
    out: list[Quantity] = []
    pos = 0
    while (m := spec.scan.search(folded, pos)) is not None:
        s = m.start()
        info = _read(spec, m, folded)
        if info is None:
            pos = m.end()
            continue
        e = pos = info["end"]
        if info.get("skip") or any(a < e and s < b for a, b in blocked):
            continue
        window = folded[max(0, s - 40) : s]
        q = spec.qual.search(window)
        qualifier = spec.qual_kind[_key(q.group("q"))] if q else "exact"
        start = s - len(window) + q.start("q") if q else s
        # a qualifier makes "more than 2000" a count; "between 2019 and 2021" stays years
        if _not_a_count(spec, text, folded, s, e, info, qualifier not in ("exact", "range")):
            continue
        if info.get("vague"):
            low, high = info["vague"]
            out.append(Quantity(s, e, text[s:e], None, low, high, "vague"))
            continue
        value = info["value"]
        if qualifier == "exact" and info.get("approx"):
            qualifier = "about"
        # a range: "between 80 and 100", "80-100", "80 to 100" (not "from 80 to 100")
        joiner = (
            spec.between_and.match(folded, e)
            if qualifier == "range"
            else (None if spec.from_before.search(window) else spec.to.match(folded, e))
        )
        second = spec.scan.match(folded, joiner.end()) if joiner else None
        other = _read(spec, second, folded) if second else None
        if (
            other
            and not other.get("skip")
            and other.get("value") is not None
            and not (_not_a_count(spec, text, folded, second.start(), other["end"], other, True))
        ):
            low, high = value, other["value"]
            if other.get("scaled") and not info.get("scaled") and low < 1000:
                low *= 10 ** other["scaled"]  # "between 2 and 3 million"
            if 1900 <= low <= 2099 and 1900 <= high <= 2099 and not other.get("grouped"):
                pos = other["end"]  # "between 2019 and 2021", "2019-2021": years
                continue
            if low < high:
                pos = e = other["end"]
                out.append(Quantity(start, e, text[start:e], None, low, high, "range"))
                continue
        if qualifier == "range":  # "between" with no second number: not a qualifier
            qualifier, start = "exact", s
        t = spec.after.match(folded, e)
        if t and qualifier in ("exact", "about") and not _DIGIT_AFTER.match(folded, t.end()):
            # "84 or more", "300 or so"; not "84 plus 284", a sum
            qualifier = spec.tail[_key(t.group("t"))]
            pos = e = t.end()
        low, high = _interval(qualifier, value)
        out.append(Quantity(start, e, text[start:e], value, low, high, qualifier))
    return out


def find_quantities(text: str, language: str) -> list[Quantity]:
    """Every count in `text`, in order, with its qualifier and the interval it implies."""
    return _scan(text, language)


def parse_quantity(phrase: str, language: str) -> Quantity | None:
    """The count a short phrase states ("plus d'une centaine"), or None; the longest wins."""
    found = _scan(phrase, language)
    return max(found, key=lambda q: q.end - q.start) if found else None
