"""Who a statement is credited to: the source phrase of "according to X", "X said", "..., said X".

Casualty figures (`figures.py`) and quotations (`quotes.py`) both need the person or body a
sentence credits; the rules live here once so that the two read the same speaker from the
same words. A source is the proper name in the phrase when there is one ("the head of the
emergency services, Jafar Miadfar" -> Jafar Miadfar), else its head noun phrase ("Iranian
authorities", "provincial governor"); a pronoun or a bare title ("he", "the spokesman", "el
responsable") is kept as printed, for the caller to resolve against the names it has seen
(`remember_named`, `resolve_recent`).

All functions work on a sentence `text` and its `when.fold` copy `f` (same length), so the
spans they return are sentence-local offsets into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.extract.when import fold, items
from storyline.model import Article, Evidence


@dataclass(frozen=True, slots=True)
class Attribution:
    """The attributing phrase as written, and the source it names."""

    text: str  # the attributing phrase as written
    source: str | None  # the person or organisation named, when there is one
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source, "evidence": self.evidence.to_dict()}


# Stems that make a lowercase noun phrase a source ("the provincial governor", "police").
SOURCE_STEMS = re.compile(
    r"\b(?:polic|politi|polizi|gendarm|carabin|jandarm|offic|author|autor|autori|spokes|govern"
    r"|gouvern|gobern|guvern|minist|chief|head|sheriff|coroner|examiner|agenc|agenzi|agenti"
    r"|source|sourc|fuente|fonte|surs|witness|temoin|testig|testimon|hospital|hopital|ospedal"
    r"|spital|staff|depart|bureau|televis|tv\b|radio|media|medios|stampa|press|mayor|maire"
    r"|alcald|sindac|primar|presid|prosecut|procur|fiscal|direct|command|lieut|sergeant|sgt"
    r"|captain|capt|statement|communiq|comunica|report|rapport|inform|record|servic|serviz"
    r"|famil|doctor|medec|medic|paramedic|firefight|pompier|bomber|vigili|responsab|jefe"
    r"|chef|capo|sef|investig|enquet|anchet|detectiv|deput|trooper|emergen|urgen|regulator"
    r"|army|armee|ejercit|esercit|armat|military|militar|group|groupe|grupo|grupp|grupar"
    r"|spokesman|porte-parole|portavo|purtator|official|state|estado|stato|stat\b|channel|news)",
    re.I,
)
_DETS = re.compile(
    r"^(?:the|a|an|le|la|les|l'|el|los|las|il|lo|gli|i|un|une|una|uno|des|dei|delle)\s+", re.I
)
NAME = re.compile(
    r"(?<![\w'])(?:[A-Z][\w'.-]*[\w.]|[A-Z])(?:\s+(?:(?:of|de|del|della|di|du|des|al|el|bin"
    r"|van|von|da|dos|do)\s+)?(?:[A-Z][\w'.-]*[\w.]|[A-Z]))*"
)
CAPS_FUNCTION = re.compile(  # capitalised words that name no one
    r"^(?:The|A|An|According|In|On|At|Le|La|Les|El|Los|Las|Il|Lo|Gli|I|Un|Une|Una|He|She|It"
    r"|They|This|That|Selon|Según|Secondo|Potrivit|Conform|Two|Three|Four|Five|Earlier|Later"
    r"|By|After|Before|Yesterday|Today|Last|Devant|Dans|En|Au|Aux|Nella|Nel|Durante|Dopo|Tras"
    r"|Then|Meanwhile|However|But|And|Also|Some|Many|Several|Both|Cu|Din|Pe|Duminica"
    r"|Luni|Sambata|Mais|Pero|Ma|Dar|Mientras|Mentre)$"
)
_PLACE_DET = re.compile(r"^(?:Los|Las|La|El|Le|Les|Il|Lo)$")
PRONOUNS = frozenset(items("he|she|they|il|elle|ils|elles|el|ella|ellos|lui|lei|loro|ea|ei|ele"))
_CLITICS = frozenset(["lo", "la", "le", "li", "gli", "l", "ne", "il"])
GENERIC = re.compile(  # descriptions pointing back to someone already named
    r"^(?:the|el|il|la|le|l')\s*(?:official|responsable|responsabile|minister|ministre"
    r"|ministro|spokesman|spokeswoman|chief|jefe|capo|chef|governor|head|director|sheriff)$",
    re.I,
)
TITLE = re.compile(  # a title in apposition: "Kerem Aydinoglu, head of the directorate, said"
    r"\s*(?:the\s+|el\s+|il\s+|le\s+|la\s+)?(?:head|chief|director|spokes\w*|commander|leader"
    r"|president|governor|mayor|minister|jefe|chef|capo|directeur|responsabile|responsable"
    r"|porte-parole|portavoz|portavoce|purtator|seful|ministre|ministro)\b",
    re.I,
)
BOUND = re.compile(r",(?!\d{3}\b)|[;:()\[\]\"“”«»]|\s-+\s|--")  # clause and phrase edges
SPACE_Q = re.compile(r"[\s\"“”«»‘'’]*")
WORD = re.compile(r"[^\W\d_][\w'-]*")
_NP_STOP = re.compile(
    r"\s(?:that|who|which|que|qui|che|care|in a|in an|on|en una|într-un|intr-un)\s"
    r"|\s(?:and|et|y|e|si)\s+(?:the\s+|les\s+|los\s+|i\s+)?\d",
    re.I,
)
_REL_START = re.compile(
    r"\s*(?:as|comme|como|come|cum|speaking|who|qui|que|quien|che|care|which)\b", re.I
)
_CONJ = re.compile(
    r"\s*(?:as|when|while|after|because|and|but|comme|quand|mientras|cuando|mentre)\s+", re.I
)
_CLAUSE_WORD = re.compile(
    r"\b(?:after|when|while|because|as|and|but|that|who|where|since|before|if|though|although"
    r"|que|qui|quand|cuando|mientras|che|dopo|mentre|care|după|dupa)\s+",
    re.I,
)
_AUX = re.compile(
    r"\s(?:have|has|had|was|were|is|are|will|would|did|do|does|not|could|can|may|might|ont"
    r"|han|ha|hanno|au)\b",
    re.I,
)
TIME_ANY = re.compile(
    r"\b(?:day|morning|afternoon|evening|night|week|weekend|yesterday|today|tonight|earlier"
    r"|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_SUBJECT_END = re.compile(r",\s*(?:who|qui|que|quien|che|care|which)\s+$")
SPEECH_TAIL = re.compile(  # "told state television"
    r"(?:\s+(?!that\b|que\b|che\b)[\w'-]+){0,3}?(?=\s*(?:[,.;]|$|\sthat\s))"
)


def key(s: str) -> str:
    """Folded, lowercased, spaces and hyphens as one space: the form phrases are compared in."""
    return re.sub(r"[\s'-]+", " ", fold(s).lower()).strip()


@dataclass(slots=True)
class SourcePhrase:
    """A source phrase found in a sentence, before it becomes an `Attribution`."""

    start: int  # sentence-local span of the whole phrase
    end: int
    source: str | None
    named: bool  # the source is a proper name
    how: str  # according / by / said
    verb_start: int = -1  # the opener or speech verb ("said", "according to"), when known
    verb_end: int = -1


def name_spans(seg: str) -> list[tuple[int, int]]:
    """Spans of capitalised names in `seg`, leading function words ("The", "Selon") dropped."""
    out = []
    for m in NAME.finditer(seg):
        s = m.start()
        tokens = m.group().split()
        for i, w in enumerate(tokens):
            place = i + 1 < len(tokens) and _PLACE_DET.match(w)  # "Los Angeles", "Le Monde"
            if (place and not CAPS_FUNCTION.match(tokens[i + 1])) or not CAPS_FUNCTION.match(w):
                break
            s = m.start() + m.group().index(w, s - m.start()) + len(w)
        s = len(seg[:s]) + len(seg[s : m.end()]) - len(seg[s : m.end()].lstrip())
        if s < m.end():
            out.append((s, m.end()))
    return out


def source_of(text: str, f: str, s: int, e: int) -> tuple[str | None, bool]:
    """The source a noun phrase names: its name, or its head noun phrase; None if neither."""
    seg = f[s:e]
    if not seg.strip() or re.search(r"\d", seg) or len(seg.split()) > 12:
        return None, False
    names = name_spans(seg)
    if names:
        a, b = names[-1] if len(names) > 1 and "," in seg else names[0]
        for w in WORD.finditer(seg, b):  # "Iranian authorities", "Irna press agency"
            if seg[b : w.start()].strip() or not SOURCE_STEMS.match(w.group()):
                break
            b = w.end()
        while b - a > 3 and seg[b - 1] == "." and seg[b - 3] != " ":  # "Eynollahi..", not "J."
            b -= 1
        return text[s + a : s + b], True
    times = list(TIME_ANY.finditer(seg))
    a = times[-1].end() if times else 0
    rest = seg[a:].lstrip()
    a = len(seg) - len(rest)
    d = _DETS.match(rest)
    a += d.end() if d else 0
    head = seg[a:].strip().rstrip(".")
    if key(head) in PRONOUNS or GENERIC.match(seg.strip()):
        return text[s + a : s + a + len(head)], False
    verb = _AUX.search(head)  # "police have not announced": the noun phrase ends at the verb
    head = head[: verb.start()].rstrip() if verb else head
    if not head or key(head.split()[0]) in PRONOUNS or not SOURCE_STEMS.search(head):
        return None, False  # "he shot a deputy" is no source
    return text[s + a : s + a + len(head)], False


def source_after(text: str, f: str, pos: int) -> tuple[int, str | None, bool]:
    """The noun phrase from `pos`: (its end, the source it names, whether it is a name)."""
    b = BOUND.search(f, pos)
    end = b.start() if b else len(f)
    stop = _NP_STOP.search(f, pos, end)
    end = stop.start() if stop else end
    # an apposition: "the head of the emergency services, Jafar Miadfar, told ..."
    if b and not stop and f[b.start()] == ",":
        at = SPACE_Q.match(f, b.end()).end()
        name = NAME.match(f, at)
        if name and not CAPS_FUNCTION.match(name.group().split()[0]):
            nxt = BOUND.search(f, name.end())
            close = nxt is not None and nxt.start() == name.end()
            if (
                close
                or _REL_START.match(f, name.end())
                or re.match(r"\s*(?:[.]|$)", f[name.end() :])
            ):
                end = name.end() - len(name.group()) + len(name.group().rstrip("."))
                return end, text[name.start() : end], True
    source, named = source_of(text, f, pos, end)
    return end, source, named


def source_before(text: str, f: str, verb: int) -> tuple[int, str | None, bool] | None:
    """The subject before a speech verb: (its start, the source, whether it is a name)."""
    left = f[:verb]
    rel = _SUBJECT_END.search(left)
    if rel:  # "Jafar Miadfar, who reported that ..."
        left = left[: rel.start()]
    cuts = [0, *(m.end() for m in BOUND.finditer(left))]
    ends = [*(m.start() for m in BOUND.finditer(left)), len(left)]
    for i in range(len(cuts) - 1, max(len(cuts) - 4, -1), -1):
        seg = left[cuts[i] : ends[i]]
        conj = _CONJ.match(seg)
        if conj:  # "..., as officials lowered the toll": the subject follows the conjunction
            seg = " " * conj.end() + seg[conj.end() :]
        elif len(seg.split()) > 6:  # "... took his own life after authorities say"
            conj = list(_CLAUSE_WORD.finditer(seg))
            seg = " " * conj[-1].end() + seg[conj[-1].end() :] if conj else seg
        if not seg.strip() or _REL_START.match(seg) or not WORD.search(seg):
            continue  # "Kerem Aydinoglu, who heads the services, told": skip the relative
        if key(seg) in _CLITICS:
            return None  # "Lo ha comunicato X": the subject comes after the verb
        if re.search(r"\s(?:that|que|che|ca|să)\s", seg):
            return None
        if TIME_ANY.search(seg) and not SOURCE_STEMS.search(seg) and not name_spans(seg):
            continue  # "Duminică,", "On Thursday,"
        start = cuts[i] + len(seg) - len(seg.lstrip())
        source, named = source_of(text, f, start, start + len(seg.strip()))
        if source is None:
            if conj and not re.search(r"\d", seg):
                continue  # "Hospital staff in Urfa, as the city is known, told": go back
            return None  # the verb's own clause holds no source: "and said 84 were hurt"
        if i > 0 and f[cuts[i] - 1] == ",":
            before = left[cuts[i - 1] : ends[i - 1]]
            names = name_spans(before)
            if not named and names and not before[names[-1][1] :].strip() and TITLE.match(seg):
                # "Kerem Aydinoglu, head of the emergency directorate, said": the name
                a, b = names[-1]
                return cuts[i - 1] + a, text[cuts[i - 1] + a : cuts[i - 1] + b], True
            if (
                named
                and len(before.split()) <= 10
                and (TITLE.match(before) or _DETS.match(before.strip()))
                and not re.search(r"\d", before)
                and SOURCE_STEMS.search(before)
            ):
                # a title before the name: "the head of the emergency services, Jafar Miadfar"
                start = cuts[i - 1] + len(before) - len(before.lstrip())
        return start, source, named
    return None


def find_sources(
    text: str, f: str, according: re.Pattern[str], said: re.Pattern[str]
) -> list[SourcePhrase]:
    """Every source phrase of a sentence: after an "according to" opener, or the subject or
    object of a speech verb ("X said", "..., said X"), in that order."""
    out: list[SourcePhrase] = []
    for m in according.finditer(f):
        end, source, named = source_after(text, f, m.end())
        if source:
            out.append(SourcePhrase(m.start(), end, source, named, "according", *m.span()))
    for m in said.finditer(f):
        before = source_before(text, f, m.start())
        if before:
            start, source, named = before
            tail = SPEECH_TAIL.match(f, m.end())
            out.append(
                SourcePhrase(
                    start, tail.end() if tail else m.end(), source, named, "said", *m.span()
                )
            )
            continue
        end, source, named = source_after(text, f, SPACE_Q.match(f, m.end()).end())
        if source:
            out.append(SourcePhrase(m.start(), end, source, named, "said", *m.span()))
    return out


def remember_named(named: list[tuple[int, str]], index: int, attrs: list[SourcePhrase]) -> None:
    """Keep the named sources of sentence `index`, for a later "he said"."""
    named.extend((index, a.source) for a in attrs if a.named and a.source)


def resolve_recent(attrs: list[SourcePhrase], named: list[tuple[int, str]], index: int) -> None:
    """ "he said", "el responsable": the last source named in the three sentences before."""
    recent = [s for i, s in named if index - i <= 3]
    for a in attrs:
        if a.source and not a.named and recent:
            low = key(a.source)
            if low in PRONOUNS or GENERIC.match(fold(a.source)) or GENERIC.match("the " + low):
                a.source, a.named = recent[-1], True


def to_attribution(article: Article, base: int, text: str, a: SourcePhrase) -> Attribution:
    """The phrase as evidence (`base`: the sentence's raw start), trailing punctuation off."""
    s, e = a.start, a.end
    while e > s and text[e - 1] in " ,.;:":
        e -= 1
    return Attribution(text[s:e], a.source, article.evidence(base + s, base + e))
