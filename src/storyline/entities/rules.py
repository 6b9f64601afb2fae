"""Rules that find names without a model: titles before names, names after titles,
facilities by their head word, and the clean-up of spans a model returns.

They serve the languages no NER model may be used for (es, it, ro), and every language
where a title announces a name the model missed ("el portavoz Abu Hutaifa al-Ansari").
"""

from __future__ import annotations

import re

from storyline.entities.names import fold
from storyline.entities.titles import (
    is_office_word,
    is_title_word,
    nationality_of,
    title_attributes,
)


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽȘȚ"
_NAME = rf"[{_UPPER}][\w'’]*(?:-[\w][\w'’]*)*"
_PARTICLE = r"(?:al|el|ul|ad|as|ash|bin|ibn|abu|de|del|della|di|da|dos|du|van|von|der|la|le)"
_TOKEN = rf"(?:{_PARTICLE}-{_NAME}|{_NAME})"
_RUN = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:(?: |\u00a0)(?:{_PARTICLE} )?{_TOKEN}){{0,3}}(?![\w-])")
_STOP_WORDS = frozenset(
    _words("""
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december lundi mardi mercredi jeudi vendredi
samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre
decembre lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo
junio julio agosto septiembre octubre noviembre diciembre lunedi martedi mercoledi giovedi
venerdi sabato domenica gennaio febbraio aprile maggio giugno luglio settembre ottobre
dicembre luni marti miercuri joi vineri sambata duminica ianuarie februarie martie aprilie
iunie iulie septembrie octombrie noiembrie decembrie god allah dio dios dieu download
javascript facebook twitter instagram youtube whatsapp telegram tiktok covid coronavirus
the a an this that these those he she it they we i you his her their our but and or if when
after before while as at in on of for from by with to le la les un une des ce cette il elle
ils nous vous el los las una unos este esta ese esa lo gli uno questo questa quello si
acest aceasta el ea ei ele dar iar cu din pe la de
""")
)
# Capitalised words that start the names of bodies, places and events, never of people.
_NOT_PERSON = frozenset(
    _words("""
ministry ministerio ministere ministero ministerul police policia polizia politia department
departamento dipartimento departamentul university universidad universita universitatea
hospital ospedale spitalul army ejercito esercito armata armee guard guardia guards council
consejo consiglio consiliul conseil court tribunal tribunale corte curtea party partido
partito partidul parti republic republica repubblica republique islamic islamica islamico
islamique national nacional nazionale nationale street calle via strada rue avenue avenida
square plaza piazza piata place mosque mezquita moschea moscheea mosquee church iglesia
chiesa biserica eglise state estado stato statul etat united unidos uniti unite unis union
union unione uniunea strip franja striscia fasia bande gulf golfo sea mar mare mer middle
medio orient oriente east west north south este oeste norte sur est ouest nord sud vest
new nuevo nueva nuovo nuova noua nouveau world mundo mondo lumea monde day dia giorno ziua
jour revolution revolucion rivoluzione revolutia government gobierno governo guvernul
gouvernement parliament parlamento parlamentul parlement agency agencia agenzia agentia
agence press prensa stampa presa news noticias notizie stiri nouvelles tv radio airport
aeropuerto aeroporto aeroportul aeroport
""")
)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding spaces, quotes, punctuation, "the", or a possessive 's."""
    while start < end and (text[start].isspace() or text[start] in "\"“”‘’'«»()[],.;:-–—*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"“”‘’'«»()[],;:-–—*"):
        end -= 1
    while end > start and text[end - 1] == "." and end - start > 2 and text[end - 2].islower():
        end -= 1  # a sentence's full stop, not an initial's ("Jordan D.")
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    m = re.match(r"(?:the|The|THE)\s+", text[start:end])
    if m and end - start > m.end():
        start += m.end()
    return start, end


def is_stop_name(name: str) -> bool:
    """True for a capitalised phrase that is not a person's name (weekday, pronoun...)."""
    toks = fold(name).split()
    return not toks or all(t in _STOP_WORDS for t in toks) or toks[0] in _STOP_WORDS


_TITLE_WORD = re.compile(r"[\w'’.]+|,")


def title_before(text: str, pos: int) -> tuple[int, int, str, str | None, str | None] | None:
    """The title or role phrase just before a name at `pos`, in its sentence.

    "Iranian President ", "the head of the country's emergency services, ", "Israeli army
    spokesman ": returns (start, end, phrase, role, nationality), or None when the words
    before are not a title (at least one office or role word, not only links).
    """
    lo = max(0, pos - 120)
    seg = text[lo:pos]
    cut = max(seg.rfind("\n"), seg.rfind(". "), seg.rfind("! "), seg.rfind("? "), seg.rfind("“"))
    if cut >= 0:
        seg, lo = seg[cut + 1 :], lo + cut + 1
    if not seg.strip() or not re.search(r"(?:\s|,\s)$", seg):
        return None
    words = list(_TITLE_WORD.finditer(seg))
    idx = len(words) - 1
    if idx >= 0 and words[idx].group() == ",":
        idx -= 1  # an appositive: "the head of the emergency services, Jafar Miadfar"
    first = None
    has_title = False
    while idx >= 0:
        word = words[idx].group()
        if word == ",":
            break
        f = fold(word.rstrip("."))
        possessive = word.endswith(("'s", "’s")) and len(word) > 3
        if not (is_title_word(word) or f in _LINK_WORDS or _is_acronym(word) or possessive):
            break
        first = words[idx].start()
        if is_office_word(word):
            has_title = True
        idx -= 1
    if first is None or not has_title:
        return None
    phrase = seg[first:].rstrip(" ,")
    # leading links are not part of the title ("the", "of the")
    lead = re.match(r"(?:(?:the|le|la|les|el|il|lo|l['’]|of|de|del|di)\s+)+", phrase, re.I)
    if lead:
        first += lead.end()
        phrase = phrase[lead.end() :]
    if not phrase:
        return None
    role, nationality = title_attributes(phrase)
    start = lo + first
    return start, start + len(phrase), phrase, role, nationality


_LINK_WORDS = frozenset(_words("the le la les el il lo l of de del des du di della dello"))
# title-list words that alone do not make a phrase a title ("Health", "army", "former")
_FILLER_ONLY = frozenset(
    _words("""health interior foreign defence defense justice finance economy security intelligence
    army military police sheriffs emergency services service state affairs education transport
    countrys national republic islamic revolutionary guard guards quds force forces corps
    office ministry department agency former ex then current late acting deputy assistant
    senior top""")
)


def _is_acronym(word: str) -> bool:
    w = word.strip(".")
    return 2 <= len(w) <= 6 and w.isupper() and w.isalpha()


def rule_person_spans(text: str, *, titled_only: bool) -> list[tuple[int, int]]:
    """Spans of names found by shape: after a title, or (unless `titled_only`) any run of
    two to four capitalised words that names no body, place or date.

    The span includes the title when there is one; `strip_titles` takes it off.
    """
    out: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        s, e = m.start(), m.end()
        words = m.group().split()
        # drop leading title and stop words inside the run ("General Qasem Soleimani")
        k = 0
        while k < len(words) - 1 and (is_title_word(words[k]) or fold(words[k]) in _STOP_WORDS):
            k += 1
        titled = (k > 0 and is_office_word(words[k - 1])) or title_before(text, s) is not None
        name_words = words[k:]
        if not name_words or all(is_title_word(w) for w in name_words):
            continue
        folded = [fold(w) for w in name_words]
        if any(f in _NOT_PERSON or f in _STOP_WORDS for f in folded):
            continue
        if any(nationality_of(w) for w in name_words):
            continue
        if titled:
            out.append((s, e))
        elif not titled_only and len(name_words) >= 2:
            out.append((s + m.group().index(name_words[0]), e))
    return out


_ARABIC_RUN = re.compile(
    r"[\(«\"“]\s*([\u0600-\u06FF\u0750-\u077F]+(?:[ \u200c][\u0600-\u06FF\u0750-\u077F]+){1,3})"
    r"\s*[\)»\"”]"
)


def arabic_script_names(text: str) -> list[tuple[int, int]]:
    """Names printed in Arabic script in brackets or quotes: "Qasem Soleimani (قاسم سلیمانی)".

    Two to four words of the script; a longer run is a quotation, not a name.
    """
    return [m.span(1) for m in _ARABIC_RUN.finditer(text)]


# ---- facilities ----------------------------------------------------------------------------

_HEADS = {
    "mosque": "Mosque mosquée mezquita moschea moscheea moscheia",
    "shrine": "shrine sanctuaire santuario sanctuarul",
    "mausoleum": "mausoleum mausolée mausoleo mausoleul",
    "church": "church église iglesia chiesa biserica cathedral cathédrale catedral cattedrale",
    "synagogue": "synagogue sinagoga",
    "hospital": "hospital hôpital ospedale spitalul",
    "cemetery": "cemetery cimetière cementerio cimitero cimitirul",
    "airport": "airport aéroport aeropuerto aeroporto aeroportul",
    "stadium": "stadium stade estadio stadio stadionul",
    "university": "university université universidad università universitatea",
    "market": "market bazaar marché mercado mercato piața",
    "embassy": "embassy ambassade embajada ambasciata ambasada",
    "hotel": "hotel hotelul",
    "school": "school école escuela scuola școala",
}
_HEAD_CLASS = {fold(w): cls for cls, words in _HEADS.items() for w in words.split()}
_HEAD_WORDS = sorted(
    {v for words in _HEADS.values() for w in words.split() for v in (w, fold(w))},
    key=len,
    reverse=True,
)
_NAME_PART = rf"(?:{_PARTICLE}[- ])?{_NAME}"
_HEAD_ALT = "|".join(_HEAD_WORDS)
# "Saheb al-Zaman Mosque" (head last); "mosquée Saheb al-Zaman" (head first, Romance)
_HEAD_LAST = re.compile(rf"(?<![\w'’-])((?:{_NAME_PART}[ ]){{1,4}})((?i:{_HEAD_ALT}))(?![\w])")
_HEAD_FIRST = re.compile(
    rf"(?<![\w'’-])((?i:{_HEAD_ALT}))[ ](?:(?:de la|de|du|del|di|della|al|a lui)[ ])?"
    rf"((?:{_NAME_PART})(?:[ ]{_NAME_PART}){{0,3}})"
)


def facility_mentions(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of named facilities; the key is the folded name and head class."""
    out: list[tuple[int, int, str]] = []
    for m in _HEAD_LAST.finditer(text):
        name = m.group(1).strip()
        head = fold(m.group(2))
        if not _capitalised(name) or head not in _HEAD_CLASS:
            continue
        toks = [t for t in fold(name).split() if t not in _STOP_WORDS]
        if not toks:
            continue
        s = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        s, e = trim_span(text, s, m.end(2))
        out.append((s, e, " ".join(toks) + "|" + _HEAD_CLASS[head]))
    if language != "en":
        for m in _HEAD_FIRST.finditer(text):
            head = fold(m.group(1))
            name = m.group(2)
            if head not in _HEAD_CLASS or not _capitalised(name):
                continue
            if any(s <= m.start() < e for s, e, _k in out):
                continue
            toks = [t for t in fold(name).split() if t not in _STOP_WORDS]
            if toks:
                out.append((m.start(), m.end(), " ".join(toks) + "|" + _HEAD_CLASS[head]))
    return out


def _capitalised(name: str) -> bool:
    words = [w for w in re.split(r"[ -]", name) if w]
    return bool(words) and all(w[:1].isupper() or fold(w) in _PARTICLES_LOWER for w in words)


_PARTICLES_LOWER = frozenset(
    _words("al el ul ad as ash bin ibn abu de del della di da dos du van von der la le")
)
