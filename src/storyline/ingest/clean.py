"""Cleaning that keeps offsets: what is not article text is removed, nothing is rewritten.

Stages here only *find* spans of the raw text to remove (boilerplate lines, a
paragraph or sentence printed twice); `build_clean_text` then joins what is left,
normalising whitespace and quotation marks one character for one wherever it can,
and records an `OffsetMap` so every clean position points back into the raw text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.model import OffsetMap, Piece


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # exclusive, before the line break
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(frozen=True, slots=True)
class Removal:
    """A raw span that is not body text, and why."""

    start: int
    end: int
    reason: str


def split_lines(raw: str) -> list[Line]:
    lines = []
    for match in re.finditer(r"[^\r\n]*", raw):
        if (
            match.start() == match.end()
            and match.start() > 0
            and raw[match.start() - 1] not in "\r\n"
        ):
            continue  # the empty match finditer yields after each non-empty one
        lines.append(Line(match.start(), match.end(), match.group()))
    return lines


# --- boilerplate ----------------------------------------------------------------------

# Whole lines that are never article text: app and newsletter promotions, subscription
# and registration notices, CAPTCHA and script warnings, sharing widgets. Kept to
# unambiguous phrasings in the languages we read (en, fr, es, it, ro).
_BOILERPLATE_LINE = re.compile(
    r"""^\W*(?:
      download\ (?:the|our)\ (?:[\w’'\-]+\ ){0,4}app\b.* | get\ the\ (?:[\w’'\-]+\ ){0,3}app\b.*
    | .{0,120}\b(?:free\ )?on\ ios\ (?:and|&)\ android\W* | .{0,80}(?:app\ store|google\ play).{0,40} | télécharge[zr]?\ l[’']application.*
    | descarga\ la\ (?:app|aplicación).* | scarica\ l[’']app.* | descarcă\ aplicația.*
    | (?:every\ morning|chaque\ matin|cada\ mañana|ogni\ mattina).{0,40}(?:selection|sélection|selección|selezione).*
    | .{0,30}not\ to\ be\ missed\W*
    | (?:also\ read|read\ also|read\ more|related|see\ also|lire\ aussi|à\ lire\ aussi|à\ voir\ aussi
       |sur\ le\ même\ sujet|leer\ también|lea\ también|te\ puede\ interesar|leggi\ anche
       |ti\ potrebbe\ interessare|potrebbe\ interessarti|citește\ și|citeste\ si|vezi\ și)\s*:.*
    | .{0,60}(?:reserved\ for\ (?:our\ )?subscribers|réservé\ aux\ abonnés|exclusivo\ para\ suscriptores
       |riservato\ agli\ abbonati|rezervat\ abonaților).*
    | .{0,120}(?:abonnez-vous|abonne-toi|subscribe\ now|suscríbete|abbonati\ ora|abonează-te).{0,80}
    | (?:already\ a\ subscriber|subscribe\ now|subscribe\ to\ (?:our|the)\ newsletter|sign\ up\ for\ (?:our|the)\ newsletter
       |abonnez-vous|inscrivez-vous|suscríbete|abbonati|abonează-te).{0,120}
    | you\ must\ enter\ the\ characters.* | enter\ the\ characters\ (?:you\ see|shown).* | .{0,40}captcha.*
    | (?:i[’']m|i\ am)\ not\ a\ robot.* | .{0,40}verify\ (?:that\ )?you\ are\ (?:a\ )?human.*
    | please\ enable\ javascript.* | .{0,40}enable\ javascript\ to\ (?:watch|view|see).*
    | you\ need\ javascript\ enabled.* | this\ video\ (?:requires|is\ unavailable).*
    | thank\ you\ for\ registering.* | we\ look\ forward\ to\ seeing\ you\ frequently.*
    | success!\ an\ email\ has\ been\ sent.* | sorry,\ this\ zip\ ?code\ is\ not.*
    | re-enter\ zip\ code.* | get\ digital\ access\W* | sign\ up\ for\ digital\ access.*
    | click\ (?:on\ )?the\ button\ below\ to\ set\ up\ your\ account.*
    | (?:we|this\ site)\ uses?\ cookies.* | accept\ (?:all\ )?cookies.* | nous\ utilisons\ des\ cookies.*
    | utilizamos\ cookies.* | questo\ sito\ utilizza\ cookie.*
    | share\ (?:this|on\ facebook|on\ twitter|via\ email)\W* | (?:tweet|email|print|share)\W*
    | follow\ us\ on\ .{0,40} | (?:copyright\ )?©\ ?(?:\d{4}\ )?.{0,80}
    | .{0,100}(?:all\ rights\ reserved|tous\ droits\ réservés|todos\ los\ derechos\ reservados
       |tutti\ i\ diritti\ riservati|toate\ drepturile\ rezervate)\W*
    | (?:advertisement|publicité|publicidad|pubblicità|publicitate)\W*
    | \d{1,2}:\d{2}\W* | \d{1,2}:\d{2}\ .{0,120}\bpause\W*
    | click/tap\ here.* | tap\ an\ icon.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_SHORT_LINE_WORDS = 6


def is_boilerplate_line(text: str) -> bool:
    text = text.strip()
    return bool(text) and len(text) <= 300 and bool(_BOILERPLATE_LINE.match(text))


def _is_short_label(text: str) -> bool:
    """A short line with no sentence punctuation: a heading, a label, a button."""
    text = text.strip()
    return 0 < len(text.split()) <= _SHORT_LINE_WORDS and not re.search(r"[.!?:;\"”»]\W*$", text)


def find_boilerplate(lines: list[Line], removed: Iterable[Removal] = ()) -> list[Removal]:
    """Boilerplate lines, and the short labels next to them that belong to the same block."""
    gone = {(r.start, r.end) for r in removed}
    content = [ln for ln in lines if ln.stripped and (ln.start, ln.end) not in gone]
    flags = [is_boilerplate_line(ln.text) for ln in content]
    # A promotion block ("The world application" / "The morning of the world" /
    # "Download the app") mixes a recognisable line with unrecognisable short labels;
    # take the labels that touch a recognised line, in both directions.
    for i in range(len(content)):
        if not flags[i]:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(content) and not flags[j] and _is_short_label(content[j].text):
                flags[j] = True
                j += step
    return [
        Removal(ln.start, ln.end, "boilerplate")
        for ln, flag in zip(content, flags, strict=True)
        if flag
    ]


# --- repeated text --------------------------------------------------------------------


def _norm(text: str) -> str:
    text = text.translate(QUOTES).casefold()
    return re.sub(r"\W+", " ", text).strip()


def find_repeats(raw: str, lines: list[Line], removed: Iterable[Removal] = ()) -> list[Removal]:
    """A paragraph or sentence printed again verbatim (a lead repeated under a photo)."""
    spans = sorted((r.start, r.end) for r in removed)
    seen_lines: set[str] = set()
    seen_sentences: set[str] = set()
    out: list[Removal] = []
    for line in lines:
        if not line.stripped or _covered(spans, line.start, line.end):
            continue
        key = _norm(line.text)
        if len(key) >= 25 and key in seen_lines:
            out.append(Removal(line.start, line.end, "repeated paragraph"))
            continue
        seen_lines.add(key)
        for start, end in _rough_sentences(line.text):
            a, b = line.start + start, line.start + end
            if _covered(spans, a, b):
                continue
            skey = _norm(raw[a:b])
            if len(skey) >= 25 and len(skey.split()) >= 4 and skey in seen_sentences:
                out.append(Removal(a, b, "repeated sentence"))
            seen_sentences.add(skey)
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»’']?\s+(?=[\"“«‘'(]?[A-ZÀ-Ý0-9])")


def _rough_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans good enough to spot a repeat (segmentation proper is in text.py)."""
    spans, pos = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --- building the clean text ----------------------------------------------------------

QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
    }
)
_WS_CHARS = "\\s\u200b\u200c\u200d\u2060\ufeff"
# Runs that change: two or more whitespace characters, or one that is not a plain
# space or line break. A lone space or line break is kept as it is, inside the text.
_WS_TO_NORMALISE = re.compile(f"[{_WS_CHARS}]{{2,}}|[^\\S \\n]|[\u200b\u200c\u200d\u2060\ufeff]")
_LEADING_WS = re.compile(f"[{_WS_CHARS}]*")
_TRAILING_WS = re.compile(f"[{_WS_CHARS}]*$")


def _leading_ws(raw: str, start: int, end: int) -> int:
    return _LEADING_WS.match(raw, start, end).end() - start


def _trailing_ws(raw: str, start: int, end: int) -> int:
    match = _TRAILING_WS.search(raw, start, end)
    return end - match.start() if match else 0


def build_clean_text(raw: str, removals: Iterable[Removal]) -> tuple[str, OffsetMap]:
    """Raw text minus the removals, whitespace and quotes normalised, with its offset map.

    Runs of whitespace (including those left where a removal sat between two of them)
    become one space, one line break, or one blank line for a paragraph break.
    """
    kept = _complement(len(raw), removals)
    out: list[str] = []
    pieces: list[Piece] = []
    length = 0
    pending: list[tuple[int, int]] = []  # whitespace runs waiting for the next word

    def emit(text: str, raw_start: int, raw_end: int) -> None:
        nonlocal length
        if not text:
            return
        last = pieces[-1] if pieces else None
        aligned = len(text) == raw_end - raw_start
        if (
            last
            and aligned
            and last.aligned
            and last.raw_end == raw_start
            and last.clean_end == length
        ):
            pieces[-1] = Piece(last.clean_start, length + len(text), last.raw_start, raw_end)
        else:
            pieces.append(Piece(length, length + len(text), raw_start, raw_end))
        out.append(text)
        length += len(text)

    for seg_start, seg_end in kept:
        # Whitespace at either end of a segment may join whitespace across a removal, so
        # it waits in `pending`; inside, single spaces and line breaks stay in the text.
        inner_start = seg_start + _leading_ws(raw, seg_start, seg_end)
        inner_end = seg_end - _trailing_ws(raw, inner_start, seg_end)
        if inner_start > seg_start:
            pending.append((seg_start, inner_start))
        pos = inner_start
        for match in _WS_TO_NORMALISE.finditer(raw, inner_start, inner_end):
            if match.start() > pos:
                _flush(pending, raw, emit, at_start=length == 0)
                emit(raw[pos : match.start()].translate(QUOTES), pos, match.start())
            pending.append((match.start(), match.end()))
            pos = match.end()
        if pos < inner_end:
            _flush(pending, raw, emit, at_start=length == 0)
            emit(raw[pos:inner_end].translate(QUOTES), pos, inner_end)
        if inner_end < seg_end:
            pending.append((inner_end, seg_end))
        if seg_end < len(raw):
            pending.append((seg_end, seg_end))  # a removal separates words like a space
    return "".join(out), OffsetMap(pieces)


def _flush(pending: list[tuple[int, int]], raw: str, emit, at_start: bool) -> None:
    if not pending:
        return
    start, end = pending[0][0], pending[-1][1]
    if not at_start:
        newlines = sum(raw.count("\n", a, b) or raw.count("\r", a, b) for a, b in pending)
        had_gap = any(a == b for a, b in pending)
        text = "\n\n" if newlines >= 2 else "\n" if newlines == 1 else " "
        if len(pending) == 1 and raw[start:end] == text:
            emit(text, start, end)  # kept exactly as it was: maps one for one
        elif newlines or had_gap or end > start:
            emit(text, start, end)
    pending.clear()


def _complement(size: int, removals: Iterable[Removal]) -> list[tuple[int, int]]:
    spans = sorted((r.start, r.end) for r in removals if r.end > r.start)
    kept, pos = [], 0
    for start, end in spans:
        if start > pos:
            kept.append((pos, start))
        pos = max(pos, end)
    if pos < size:
        kept.append((pos, size))
    return kept
