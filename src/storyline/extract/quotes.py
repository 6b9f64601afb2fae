"""Direct quotations and who said them, in en, fr, es, it and ro.

A report's quotations are the words it vouches were spoken: they carry a claim's wording,
a leader's threat, an official's figure. For each span in “…”, "…", «…» or „…” this module
gives the quoted text, its speaker as printed, the reporting verb and, when the speaker is
a pronoun or a description ("he", "the spokesman", "the group"), the full name it stands
for. Every value carries its evidence in the article's raw text.

The speaker is read with the rules casualty figures use for their attributions
(`attribution.py`), on the quote's sentence with the quoted words blanked out (a name
inside the quotation is not its speaker): `"...," said X`, `"...," X added`, `X said:
"..."`, `according to X`, `selon X`, `a déclaré X`, `dijo X`, `ha detto X`, `a declarat X`.
The nearest reporting clause wins: one right after the closing mark, else one that ends
just before the opening mark, else an "according to" after it, else the nearest in the
sentence. A quotation standing alone right after another takes that one's speaker (a long
statement quoted over several sentences). A pronoun or a person's title ("the spokesman")
resolves to the last person named as a speaker before it, else to the nearest earlier
full name outside quotation marks; a group description ("the group") to the nearest
organisation named before (`claims.find_organisations`).

Not quotations: scare quotes (one to three words inside a sentence with no speech verb
just before them: the double “suicide” attack), titles (a campaign “called” so, and the
same words quoted elsewhere), and quotations in headlines (a line with no closing
punctuation: the body repeats them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.extract.attribution import (
    GENERIC,
    NAME,
    PRONOUNS,
    SPACE_Q,
    SourcePhrase,
    find_sources,
    key,
    source_after,
)
from storyline.extract.claims import GROUP_DESCRIPTION, find_organisations
from storyline.extract.when import fold, words
from storyline.model import Article, Evidence

MAX_SCARE_WORDS = 3  # a quotation this short inside a sentence must follow a speech verb
MAX_QUOTE_CHARS = 2000

_QUOTE = re.compile(
    r"“(?P<a>[^“”\n]{1,2000})”|„(?P<b>[^„“”\n]{1,2000})[“”]|«(?P<c>[^«»\n]{1,2000})»"
    r"|\"(?P<d>[^\"\n]{1,2000})\""
)
_SPEECH = {
    "en": "said | says | say | told | tells | added | adds | stated | states | declared | declares"
    " | wrote | writes | warned | warns | explained | insisted | announced | announces | assured"
    " | urged | urges | called for | called on | called | calls | promised | promises | vowed"
    " | vows | noted | recalled | stressed | argued | asked | replied | continued | tweeted"
    " | posted | confirmed | described | deemed | considers | considered | termed | branded"
    " | reported | claimed | acknowledged | admitted | threatened | pledged | condemned"
    " | expressed | criticized | criticised | accused | read | reads | concluded | insists",
    "fr": "a déclaré | a dit | a affirmé | a ajouté | a expliqué | a assuré | a estimé | a souligné"
    " | a indiqué | a précisé | a annoncé | a averti | a promis | a lancé | a écrit | a confié"
    " | a répondu | a dénoncé | a condamné | a qualifié | déclare | affirme | estime | souligne"
    " | explique | ajoute | assure | a-t-il déclaré | a-t-il dit | a-t-il ajouté | a-t-il affirmé"
    " | a-t-il expliqué | a-t-il précisé | a-t-elle déclaré | a-t-elle dit | a-t-elle ajouté"
    " | a-t-il | a-t-elle | ont déclaré | ont affirmé | ont indiqué | ont annoncé | ont dénoncé",
    "es": "dijo | afirmó | declaró | señaló | aseguró | añadió | agregó | explicó | indicó"
    " | manifestó | advirtió | prometió | escribió | anunció | subrayó | destacó | afirma | dice"
    " | asegura | explica | añade | ha dicho | ha afirmado | ha declarado | calificó | condenó"
    " | denunció | dijeron | afirmaron | declararon",
    "it": "ha detto | ha dichiarato | ha affermato | ha spiegato | ha aggiunto | ha sottolineato"
    " | ha scritto | ha annunciato | ha assicurato | ha avvertito | ha promesso | ha commentato"
    " | ha definito | ha condannato | ha denunciato | dice | afferma | spiega | aggiunge"
    " | sottolinea | hanno detto | hanno dichiarato | ha riferito | ha precisato",
    "ro": "a declarat | a spus | a afirmat | a precizat | a adăugat | a explicat | a transmis"
    " | a anunțat | a scris | a avertizat | a promis | a subliniat | a condamnat | a calificat"
    " | au declarat | au transmis | spune | afirmă | declară | a mai spus | a mai declarat",
}
_ACCORDING = (
    "according to | citing | quoted by | cited by | selon | d'après | según | de acuerdo con"
    " | secondo | stando a | potrivit | potrivit lui | conform | citat de"
)
_TITLE_BEFORE = re.compile(
    r"(?:called|named|dubbed|entitled|titled|known\s+as|nicknamed|slogan|motto|hashtag"
    r"|appelee?s?|baptisee?s?|intitulee?s?|denommee?s?|nommee?s?|llamad[ao]s?|denominad[ao]s?"
    r"|titulad[ao]s?|bautizad[ao]s?|conocid[ao]s?\s+como|chiamat[ao]|denominat[ao]|intitolat[ao]"
    r"|numit[a]?|intitulat[a]?|denumit[a]?|botezat[a]?|campaign|operation|campagne|campana"
    r"|operacion|campagna|operazione|campanie|operatiunea?|book|film|song|novel|livre|libro"
    r"|carte)\s*[:,]?\s*$",
    re.I,
)
_LINE_END_OK = re.compile(r"[.!?…][\"”»’')\]\s]*$|[\"”»][.!?…]\s*$")
_GAP_AFTER = re.compile(r"[\s,.;:!?—–-]*")
_PERSON_TITLE = re.compile(
    r"\b(?:spokes\w*|minister|ministre|ministro|ministrul|president|presidente|presedintele"
    r"|leader|chief|head|official|commander|governor|mayor|director|chef|jefe|capo|sef\w*"
    r"|porte-parole|portavoz|portavoce|purtator|dirigeant|responsable|responsabile|envoy"
    r"|ambassador|secretary|general|adviser|advisor|officer|prosecutor)\b",
    re.I,
)
_NOT_PERSON = re.compile(
    r"\b(?:State|States|Republic|Strip|East|West|North|South|Street|University|Mosque|Agency"
    r"|Ministry|Department|Council|Union|Nations|Army|Guard|Guards|Force|Forces|Front|Group"
    r"|Party|Kingdom|Emirates|Sea|Gulf|Bank|Airport|Hospital|Square|Province|City|Road|Avenue"
    r"|News|Press|Times|Post|Television|Radio|Day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday)\b"
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|fut|fue|fu|a\s+fost)\s+$", re.I)
_AFTER_COMMA = re.compile(r",[\s\"”»’]*$")
# after an inverted verb: a name or a determiner ("said the spokesman", "declared Israeli army
# spokesman Daniel Hagari"), not an object ("told state television")
_INVERTED = re.compile(
    r"\s+(?:[A-Z]|(?i:the|an?|le|la|les|l'|el|los|las|il|lo|gli|i|un|une|una)\s)"
)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|of|the|de|del|al|el|du|di)"
_NAME_ONLY = re.compile(rf"{_NAME_WORD}(?:[\s-]+{_NAME_WORD})*")
_NAME_AFTER = re.compile(
    r"[ \t]+([A-Z][\w'’-]+(?:[ \t]+(?:al-|el-|bin[ \t]+|de[ \t]+|al[ \t]+)?[A-Z][\w'’-]+)+)"
)
_FIRST_PERSON = frozenset(["we", "i", "nous", "je", "nosotros", "yo", "noi", "io", "eu"])


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation, its speaker as printed, and the name that speaker stands for."""

    text: str  # the words inside the marks
    evidence: Evidence  # the quoted words (marks excluded), with their sentence
    partial: bool  # part of a sentence ("promised a “tough response”"), not whole sentences
    speaker: str | None  # as printed: "Daniel Hagari", "the spokesman", "he"
    speaker_evidence: Evidence | None
    speaker_resolved: str | None  # the full name a pronoun or description stands for
    resolved_evidence: Evidence | None  # where that name is printed
    verb: str | None  # the reporting verb or opener as printed: "said", "a déclaré", "según"
    verb_evidence: Evidence | None

    @property
    def who(self) -> str | None:
        """The speaker's name: resolved if the text gave a pronoun or a description."""
        return self.speaker_resolved or self.speaker

    def to_dict(self) -> dict[str, Any]:
        def ev(e: Evidence | None) -> dict[str, Any] | None:
            return e.to_dict() if e else None

        return {
            "text": self.text,
            "evidence": self.evidence.to_dict(),
            "partial": self.partial,
            "speaker": self.speaker,
            "speaker_evidence": ev(self.speaker_evidence),
            "speaker_resolved": self.speaker_resolved,
            "resolved_evidence": ev(self.resolved_evidence),
            "verb": self.verb,
            "verb_evidence": ev(self.verb_evidence),
        }


@lru_cache(maxsize=8)
def _patterns(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    speech = [p.strip() for p in (_SPEECH["en"] + " | " + _SPEECH.get(code, "")).split("|")]
    according = [p.strip() for p in _ACCORDING.split("|")]
    return (
        re.compile(rf"(?<![\w']){words([p for p in according if p])}\s+", re.I),
        re.compile(rf"(?<![\w'-]){words([p for p in speech if p])}(?![\w-])", re.I),
    )


@dataclass(slots=True)
class _Span:
    open: int  # the opening mark
    close: int  # the closing mark
    start: int  # the quoted words, stripped
    end: int


def _spans(text: str) -> list[_Span]:
    out = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in "abcd" if m.group(g) is not None)
        s, e = m.span(group)
        inner = text[s:e]
        s += len(inner) - len(inner.lstrip())
        e -= len(inner) - len(inner.rstrip())
        if e > s and re.search(r"[^\W\d_]", text[s:e]):
            out.append(_Span(m.start(), m.end() - 1, s, e))
    return out


def _line(text: str, pos: int) -> str:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return text[lo : len(text) if hi < 0 else hi]


def _tokens(s: str) -> set[str]:
    return set(re.findall(r"\w+", fold(s).lower()))


def _similar(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= 0.6


def _region(article: Article, span: _Span) -> tuple[int, int]:
    first = article.sentence_at(span.open)
    last = article.sentence_at(max(span.close, span.open))
    lo = first.start if first and first.start <= span.open else span.open
    hi = last.end if last and last.end > span.close else span.close + 1
    return lo, hi


def _masked(f: str, lo: int, hi: int, spans: list[_Span]) -> str:
    """The folded region with every quotation's words blanked (same length)."""
    out = f[lo:hi]
    for sp in spans:
        a, b = max(sp.start, lo), min(sp.end, hi)
        if a < b:
            out = out[: a - lo] + " " * (b - a) + out[b - lo :]
    return out


def _pick(sources: list[SourcePhrase], m: str, open_: int, close: int) -> SourcePhrase | None:
    """The source of the quotation whose marks are at region-local `open_` and `close`."""
    after = [s for s in sources if s.start > close and _GAP_AFTER.fullmatch(m[close + 1 : s.start])]
    if after:
        return min(after, key=lambda s: s.start)
    before = [
        s
        for s in sources
        if s.end <= open_ and s.how == "said" and not re.search(r"[.;!?]\s", m[s.end : open_])
    ]
    if before:
        return max(before, key=lambda s: s.end)
    according = [s for s in sources if s.how == "according" and s.start > close]
    if according:
        return min(according, key=lambda s: s.start)
    if not sources:
        return None
    return min(sources, key=lambda s: s.start - close if s.start > close else open_ - s.end)


def _sources(
    text: str, m: str, according: re.Pattern[str], said: re.Pattern[str]
) -> list[SourcePhrase]:
    """The sentence's source phrases, as figures reads them, with three changes for speech: a
    verb after a comma takes the name after it ("..., declared spokesman X"), a passive
    ("was declared a martyr") names no speaker, "we" is the writer."""
    out = []
    for s in find_sources(text, m, according, said):
        if s.how == "said" and s.verb_start >= 0:
            if _PASSIVE.search(m, 0, s.verb_start):
                continue
            if (
                _AFTER_COMMA.search(m, 0, s.verb_start)
                and s.start < s.verb_start
                and _INVERTED.match(m, s.verb_end)
            ):
                end, source, named = source_after(text, m, SPACE_Q.match(m, s.verb_end).end())
                if not source:
                    continue
                s = SourcePhrase(s.verb_start, end, source, named, "said", s.verb_start, s.verb_end)
        if s.source and key(s.source) not in _FIRST_PERSON:
            out.append(s)
    return out


def _speech_before(m: str, open_: int, said: re.Pattern[str]) -> bool:
    """A speech verb at most five words before the opening mark, in the same clause."""
    window = m[max(0, open_ - 60) : open_]
    for v in said.finditer(window):
        between = window[v.end() :]
        if len(between.split()) <= 5 and not re.search(r"[.;!?]", between):
            return True
    return False


@dataclass(slots=True)
class _Named:
    pos: int
    name: str
    start: int
    end: int


def _earlier_person(
    article: Article, f: str, pos: int, speakers: list[_Named], spans: list[_Span]
) -> _Named | None:
    """The last named speaker before `pos`, else the nearest earlier full name outside quotes."""
    sentence = article.sentence_at(pos)
    here = sentence.index if sentence else 0
    for sp in reversed(speakers):
        near = article.sentence_at(sp.pos)
        if sp.pos < pos and (near is None or here - near.index <= 6):
            return sp
    lo = max(0, pos - 1500)
    inside = [(s.start, s.end) for s in spans]
    for m in reversed(list(NAME.finditer(f, lo, pos))):
        name = m.group()
        tokens = name.split()
        if len(tokens) < 2 or _NOT_PERSON.search(name) or not name[0].isupper():
            continue
        if tokens[0] in ("The", "In", "On", "At", "According", "Le", "La", "El", "Il"):
            continue
        if any(a <= m.start() < b for a, b in inside):
            continue
        return _Named(m.start(), article.raw_text[m.start() : m.end()], m.start(), m.end())
    return None


def find_quotes(article: Article) -> list[Quote]:
    """Direct quotations of the article, in text order, with their speakers."""
    text = article.raw_text
    if not any(c in text for c in '"“«„'):
        return []
    f = fold(text)
    code = (article.language or "en").lower().split("-")[0].split("_")[0]
    according, said = _patterns(code)
    spans = _spans(text)
    # titles first: "a campaign called “...”", and the same words quoted elsewhere
    titles = [
        _tokens(text[sp.start : sp.end])
        for sp in spans
        if _TITLE_BEFORE.search(f, max(0, sp.open - 40), sp.open)
    ]
    out: list[Quote] = []
    speakers: list[_Named] = []
    previous: tuple[_Span, Quote] | None = None
    orgs = None
    for sp in spans:
        line = _line(text, sp.open)
        if len(line.split()) <= 30 and not _LINE_END_OK.search(line.rstrip()):
            continue  # a headline
        quoted = text[sp.start : sp.end]
        if any(_similar(_tokens(quoted), t) for t in titles):
            continue
        lo, hi = _region(article, sp)
        m = _masked(f, lo, hi, spans)
        open_, close = sp.open - lo, sp.close - lo
        alone = not m[:open_].strip(' \t"“”«»„-—–') and not m[close + 1 :].strip(' .,;:!?"”»—–-')
        n_words = len(re.findall(r"\w+", quoted))
        if not alone and n_words <= 4 and _NAME_ONLY.fullmatch(quoted):
            continue  # a name in quotation marks: the organization “Islamic State”
        sources = _sources(text[lo:hi], m, according, said)
        src = _pick(sources, m, open_, close)
        if not alone and n_words <= MAX_SCARE_WORDS:
            speech_after = src is not None and src.start > close and src.how == "said"
            if src is None or not (_speech_before(m, open_, said) or speech_after):
                continue  # a scare quote or a term: the double “suicide” attack
        speaker = src.source if src else None
        speaker_ev = verb_ev = None
        if src and speaker:
            at = text.find(speaker, lo + src.start, lo + max(src.end, src.start + len(speaker)))
            if at < 0:
                at = text.find(speaker, lo, hi)
            speaker_ev = article.evidence(at, at + len(speaker)) if at >= 0 else None
            name = _NAME_AFTER.match(text, at + len(speaker)) if at >= 0 else None
            if name and not _NOT_PERSON.search(name.group(1)):  # "army spokesman Daniel Hagari"
                speaker, speaker_ev = name.group(1), article.evidence(*name.span(1))
            if src.verb_start >= 0:
                verb_ev = article.evidence(lo + src.verb_start, lo + src.verb_end)
                if verb_ev.text.strip() != verb_ev.text:
                    verb_ev = article.evidence(
                        lo + src.verb_start, lo + src.verb_start + len(verb_ev.text.rstrip())
                    )
        resolved: _Named | None = None
        if speaker is None and previous is not None and alone:
            last_span, last = previous  # the statement goes on: same line, nothing between
            between = text[last_span.close + 1 : sp.open]
            told_between = (  # "“...,” X said in a video. “...”": only the reporting clause
                last.speaker_evidence is not None
                and last_span.close < last.speaker_evidence.start < sp.open
                and len(between) <= 160
            )
            if (
                last.speaker
                and "\n" not in between
                and (told_between or not re.search(r"[^\W\d_]{3}", between))
            ):
                speaker, speaker_ev = last.speaker, last.speaker_evidence
                verb_ev = last.verb_evidence
                if last.speaker_resolved and last.resolved_evidence:
                    r = last.resolved_evidence
                    resolved = _Named(r.start, last.speaker_resolved, r.start, r.end)
        elif speaker and src and not src.named:
            k = key(speaker)
            if GROUP_DESCRIPTION.fullmatch(speaker.strip()) or re.search(
                r"\b(?:group|organi[sz]ation|groupe|grupo|gruppo|grupare)\b", k
            ):
                if orgs is None:
                    orgs = find_organisations(text, language=code)
                org = next((o for o in reversed(orgs) if o.end <= lo + src.start), None)
                if org:
                    resolved = _Named(org.start, org.name, org.start, org.end)
            elif k in PRONOUNS or GENERIC.match("the " + k) or _PERSON_TITLE.search(k):
                resolved = _earlier_person(article, f, lo + max(src.start, 0), speakers, spans)
        if src and src.named and speaker_ev:
            speakers.append(_Named(speaker_ev.start, speaker, speaker_ev.start, speaker_ev.end))
        quote = Quote(
            text=quoted,
            evidence=article.evidence(sp.start, sp.end),
            partial=not quoted[:1].isupper() or (not alone and n_words <= MAX_SCARE_WORDS),
            speaker=speaker,
            speaker_evidence=speaker_ev,
            speaker_resolved=resolved.name if resolved else None,
            resolved_evidence=article.evidence(resolved.start, resolved.end) if resolved else None,
            verb=verb_ev.text if verb_ev else None,
            verb_evidence=verb_ev,
        )
        out.append(quote)
        previous = (sp, quote)
    return out
