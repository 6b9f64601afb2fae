"""Metadata printed in the text itself: publication times, credit lines, photo credits.

Real inputs carry their metadata as lines of text: a leading Unix timestamp, a
`date 2024-01-04` line, "First change: May 1, 2024 – 11:13", a byline "With our
Tehran correspondent … and AFP", a closing "Source: Today IT" or "The world with AFP",
"© Name / AGENCY via Reuters" under a photo caption. Each rule here returns a
`Finding` with the raw span it read (its evidence) and the span, if any, that is not
body text and must be removed from the clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from storyline.ingest.clean import Line, Removal, is_boilerplate_line
from storyline.ingest.dates import from_unix, parse_date_words, parse_published
from storyline.ingest.outlets import Outlet, OutletRegistry


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # published | modified | outlet | agency | author | photo_credit | reading_time
    value: Any
    start: int  # raw span read (the evidence)
    end: int
    rule: str  # which rule read it, so a reader can check it
    removal: Removal | None = None
    field: str | None = None  # set when read from an input field, not the article text
    field_text: str = ""

    def evidence(self, raw: str) -> dict[str, Any]:
        if self.field:
            return {
                "field": self.field,
                "text": self.field_text[self.start : self.end],
                "rule": self.rule,
            }
        return {
            "start": self.start,
            "end": self.end,
            "text": raw[self.start : self.end],
            "rule": self.rule,
        }


_HEAD_LINES = 8  # credit and date lines sit in the first or last lines of an article
_TAIL_LINES = 5

_LEADING_UNIX = re.compile(r"^\s*(?P<ts>\d{10})(?=\s)")
_LEADING_DATE = re.compile(
    r"^\s*(?:date|dated|fecha|data|datum)\s*:?\s*"
    r"(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)(?=\s|$)",
    re.IGNORECASE,
)
_PUBLISHED_LABELS = (
    r"published|posted|created|publié|publiée|publicado|publicada|pubblicato|publicat"
)
_MODIFIED_LABELS = (
    r"updated|last\s+updated|modified|last\s+modified|first\s+change|last\s+change|"
    r"mis\s+à\s+jour|mise\s+à\s+jour|première\s+modification|dernière\s+modification|"
    r"actualizado|actualizada|última\s+actualización|aggiornato|ultima\s+modifica|"
    r"ultimo\s+aggiornamento|actualizat|ultima\s+actualizare|modifié|modifiée"
)
_DATED_LINE = re.compile(
    rf"^\s*(?:(?P<pub>{_PUBLISHED_LABELS})|(?P<mod>{_MODIFIED_LABELS}))"
    r"\s*(?:on|le|el|il|la|:)?\s*:?\s*(?P<date>[^\n]{6,60}?)\s*$",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"^\s*\d{1,2}\s*(?:min(?:ute)?s?|minut[ei]|minutos|mn)\.?(?:\s+(?:read|de\s+lecture|de\s+lectura|di\s+lettura|"
    r"de\s+citit))?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*(?:with|avec|con|cu|mit)\s+(?P<rest>.{2,150}?)\.?\s*$", re.IGNORECASE)
_SOURCE_LINE = re.compile(
    r"^\s*(?:sources?|fonte|fonti|fuente|fuentes|sursa|surse|quelle|bron)\s*:\s*(?P<rest>.{2,100}?)\.?\s*$",
    re.IGNORECASE,
)
_WITH_AGENCY = re.compile(
    r"^\s*(?P<outlet>[^\n]{2,60}?)\s+(?:with|avec|con|cu|mit)\s+(?P<agencies>[^\n]{2,60}?)\.?\s*$",
    re.IGNORECASE,
)
_CONJUNCTIONS = re.compile(
    r"\s*(?:,|;|/|&|\band\b|\bet\b|\by\b|\be\b|\bși\b|\bsi\b|\bund\b)\s*", re.IGNORECASE
)
_CORRESPONDENT = re.compile(
    r"(?:correspondent|correspondant|correspondante|corresponsal|corrispondente|corespondent(?:ul)?|"
    r"reporter|envoyé spécial|enviado especial|inviato)\s+(?:in\s+\S+\s+)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+){0,3})"
)
_BYLINE_PERSON = re.compile(
    r"(?P<name>[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+){1,3})(?:\s+(?:in|à|en|a|din|aus)\s+.{2,40})?"
)
_DATELINE_AGENCY = re.compile(
    r"^\s*(?P<place>[^\n(]{0,60})\((?P<agency>[A-Za-z][A-Za-z\-\. ]{1,30})\)\s*[-–—:]"
)
_INFO_FROM = re.compile(
    r"^\s*(?:con\s+informaci[oó]n(?:es)?\s+de|con\s+agencias|with\s+(?:additional\s+)?"
    r"(?:information|reporting)\s+from|d['’]après|avec\s+(?:les\s+)?agences|cu\s+informații\s+de\s+la|"
    r"con\s+fonti)\s*(?P<rest>.{0,100}?)\.?\s*$",
    re.IGNORECASE,
)
_COPYRIGHT_HOLDER = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<name>[^\n.©]{2,60}?)\.?\s*(?:all\s+rights\s+reserved|tous\s+droits\s+réservés|"
    r"todos\s+los\s+derechos\s+reservados|tutti\s+i\s+diritti\s+riservati|"
    r"toate\s+drepturile\s+rezervate)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"©\s*(?P<credit>[^©\n]{2,150}?)\s*$")
_PHOTO_LABEL = re.compile(
    r"(?:^|\s|\()(?:photo|photograph|foto|fotografía|crédit\s+photo|photo\s+credit|credit|"
    r"crédits?)\s*:\s*(?P<credit>[^\n)]{2,100}?)\)?\s*$",
    re.IGNORECASE,
)
_UPPER = r"A-ZÀ-ÝĂÂÎŞŢȘȚ"
_CAPS_CREDIT = re.compile(
    rf"(?:(?<=[.!?\"”»])|^)\s*(?P<credit>(?:[{_UPPER}][{_UPPER}'’.\-]+\s+){{1,4}}"
    rf"[{_UPPER}][{_UPPER}'’.\-]+\s*/\s*[A-Za-z][\w.\-]*(?:\s+(?:via|for|pour|para|per)\s+[\w.\-]+)?)\s*$"
)
_CAPTION_MAX = 400


def find_credits(text: str, field: str, registry: OutletRegistry) -> list[Finding]:
    """Outlets, agencies and authors in a credit given apart from the text (an HTML byline)."""
    line = Line(0, len(text), text)
    return [
        replace(f, field=field, field_text=text)
        for f in _credit_line(line, registry) + _reporting_credit(line)
        if f.kind in ("outlet", "agency", "author")
    ]


def find_metadata(raw: str, lines: list[Line], registry: OutletRegistry) -> list[Finding]:
    """Every metadata finding in an article's raw text, head and tail lines first."""
    findings: list[Finding] = []
    copyright_findings: list[Finding] = []  # weaker than any credit line: go last
    findings += _leading_time(raw)
    content = [ln for ln in lines if ln.stripped]
    head = content[:_HEAD_LINES]
    tail = content[-_TAIL_LINES:]
    for line in content:
        in_head, in_tail = line in head, line in tail
        if in_head or in_tail:
            findings += _dated_line(line) or (_bare_date_line(line) if in_head else [])
            findings += _reading_time(line)
            findings += _credit_line(line, registry) or _reporting_credit(line)
        if in_tail:
            copyright_findings += _copyright_holder(line, registry)
        if in_head:
            findings += _dateline_agency(line, registry)
        findings += _photo_credit(line)
    return findings + copyright_findings


def _leading_time(raw: str) -> list[Finding]:
    match = _LEADING_UNIX.match(raw)
    if match:
        moment = from_unix(float(match.group("ts")))
        if moment:
            a, b = match.span("ts")
            return [
                Finding(
                    "published",
                    (moment, "second"),
                    a,
                    b,
                    "leading Unix timestamp",
                    Removal(a, b, "metadata: publication time"),
                )
            ]
    match = _LEADING_DATE.match(raw)
    if match:
        parsed = parse_published(match.group("date"))
        if parsed:
            a, b = match.span()
            a += len(match.group()) - len(match.group().lstrip())
            return [
                Finding(
                    "published",
                    parsed,
                    a,
                    b,
                    "leading date line",
                    Removal(a, b, "metadata: publication time"),
                )
            ]
    return []


def _dated_line(line: Line) -> list[Finding]:
    match = _DATED_LINE.match(line.text)
    if not match:
        return []
    parsed = _parse_trimmed(match.group("date"))
    if not parsed:
        return []
    kind = "published" if match.group("pub") else "modified"
    label = (match.group("pub") or match.group("mod")).strip()
    return [
        Finding(
            kind,
            parsed,
            line.start,
            line.end,
            f"'{label}' line",
            Removal(line.start, line.end, f"metadata: {kind} time"),
        )
    ]


def _parse_trimmed(text: str):
    """Parse a date, dropping what follows it ("…, mis à jour à 18h42", "1:24 PM KSTP.com")."""
    first = re.split(r"\s*[,|;(]\s*(?=\D)", text, maxsplit=1)[0]
    for candidate in dict.fromkeys((text, first)):
        words = candidate.split()
        for cut in range(0, min(3, len(words) - 1) + 1):
            parsed = parse_date_words(" ".join(words[: len(words) - cut]))
            if parsed:
                return parsed
    return None


_BARE_DATE = re.compile(
    r"^\s*(?P<date>[^|\n]{6,40}?\b(?:19|20)\d{2}\b[^|\n]{0,12}?)\s*(?:\|\s*(?P<rest>.{0,40}))?$"
)


def _bare_date_line(line: Line) -> list[Finding]:
    """A head line that is only a date ("14 aprilie 2025 | 2 minute de citit")."""
    match = _BARE_DATE.match(line.text)
    if not match or len(match.group("date").split()) > 6:
        return []
    rest = match.group("rest")
    if rest and not _READING_TIME.match(rest):
        return []
    parsed = _parse_trimmed(match.group("date"))
    if not parsed:
        return []
    return [
        Finding(
            "published",
            parsed,
            line.start,
            line.end,
            "date line",
            Removal(line.start, line.end, "metadata: publication time"),
        )
    ]


def _reading_time(line: Line) -> list[Finding]:
    if _READING_TIME.match(line.text):
        return [
            Finding(
                "reading_time",
                line.stripped,
                line.start,
                line.end,
                "reading-time line",
                Removal(line.start, line.end, "metadata: reading time"),
            )
        ]
    return []


def _credit_line(line: Line, registry: OutletRegistry) -> list[Finding]:
    text = line.text
    if len(text.strip()) > 160:
        return []
    for pattern, rule in (
        (_SOURCE_LINE, "'Source:' line"),
        (_BYLINE, "byline"),
        (_INFO_FROM, "'with information from' line"),
    ):
        match = pattern.match(text)
        if match:
            found = _names_in(match.group("rest"), line.start + match.start("rest"), registry, rule)
            if found:
                return [*found, _removal_marker(line, rule)]
    if len(text.strip()) <= 80:
        match = _WITH_AGENCY.match(text)
        if match:
            outlet_text = match.group("outlet").strip()
            agencies = _names_in(
                match.group("agencies"),
                line.start + match.start("agencies"),
                registry,
                "credit line",
                agencies_only=True,
            )
            outlet = registry.by_name(outlet_text)
            if agencies and (outlet or _looks_like_name(outlet_text)):
                a = line.start + match.start("outlet")
                value = outlet if outlet else outlet_text
                return [
                    Finding("outlet", value, a, a + len(match.group("outlet")), "credit line"),
                    *agencies,
                    _removal_marker(line, "credit line"),
                ]
    exact = registry.by_name(text.strip().strip("()"))
    if exact and len(text.split()) <= 5:
        kind = "agency" if exact.is_agency else "outlet"
        return [
            Finding(kind, exact, line.start, line.end, "closing credit line"),
            _removal_marker(line, "closing credit line"),
        ]
    return []


_REPORTING = re.compile(
    r"^\s*\(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\s+(?P<names>.+?)\s*\)?\s*$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+){1,3}")


def _reporting_credit(line: Line) -> list[Finding]:
    """A wire credit: "(Reporting by A in X and B; Editing by C)"."""
    match = _REPORTING.match(line.text)
    if not match:
        return []
    found = []
    for person in _PERSON.finditer(match.group("names")):
        if not re.match(r"(?:Reporting|Editing|Writing|Additional)\b", person.group()):
            a = line.start + match.start("names") + person.start()
            found.append(
                Finding("author", person.group(), a, a + len(person.group()), "reporting credit")
            )
    return [*found, _removal_marker(line, "reporting credit")]


def _removal_marker(line: Line, rule: str) -> Finding:
    return Finding(
        "credit_line",
        line.stripped,
        line.start,
        line.end,
        rule,
        Removal(line.start, line.end, f"metadata: {rule}"),
    )


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and text[:1].isupper() and not text.endswith(".")


def _names_in(
    text: str, offset: int, registry: OutletRegistry, rule: str, agencies_only: bool = False
) -> list[Finding]:
    """Outlets, agencies and correspondents named in a credit, each with its span."""
    found: list[Finding] = []
    pos = 0
    for part in _CONJUNCTIONS.split(text):
        start = text.find(part, pos)
        pos = start + len(part)
        part_stripped = part.strip()
        if not part_stripped:
            continue
        a = offset + start + (len(part) - len(part.lstrip()))
        hit = registry.leading_name(part_stripped)
        if hit:
            outlet, n_words = hit
            name_len = len(" ".join(part_stripped.split()[:n_words]))
            kind = "agency" if outlet.is_agency else "outlet"
            if agencies_only and kind != "agency":
                continue
            found.append(Finding(kind, outlet, a, a + name_len, rule))
            rest = part_stripped[name_len:]
        elif re.fullmatch(r"[A-Z][A-Z\-]{1,7}", part_stripped) or (
            rule == "'with information from' line" and _looks_like_name(part_stripped)
        ):
            found.append(Finding("agency", part_stripped, a, a + len(part_stripped), rule))
            rest = ""
        elif not agencies_only and rule == "'Source:' line" and _looks_like_name(part_stripped):
            found.append(Finding("outlet", part_stripped, a, a + len(part_stripped), rule))
            rest = ""
        else:
            rest = part_stripped
        person = _CORRESPONDENT.search(rest) or (
            _BYLINE_PERSON.fullmatch(rest) if rule == "byline" else None
        )
        if person and not agencies_only:
            p_start = a + part_stripped.find(person.group("name"))
            found.append(
                Finding(
                    "author",
                    person.group("name"),
                    p_start,
                    p_start + len(person.group("name")),
                    rule,
                )
            )
    return found


def _dateline_agency(line: Line, registry: OutletRegistry) -> list[Finding]:
    """ "PARIS (AFP) –": a registered agency, or capitals after a place in capitals."""
    match = _DATELINE_AGENCY.match(line.text)
    if not match:
        return []
    name = match.group("agency").strip()
    outlet = registry.by_name(name)
    a, b = match.span("agency")
    if outlet and outlet.is_agency:
        return [Finding("agency", outlet, line.start + a, line.start + b, "wire dateline")]
    if (
        not outlet
        and re.fullmatch(r"[A-Z]{2,6}", name)
        and re.match(r"[A-Z]{3,}", match.group("place"))
    ):
        return [Finding("agency", name, line.start + a, line.start + b, "wire dateline")]
    return []


def _copyright_holder(line: Line, registry: OutletRegistry) -> list[Finding]:
    """The publisher a copyright line names ("© 2025 The Daily Lantern. All rights reserved.")."""
    match = _COPYRIGHT_HOLDER.match(line.text)
    if not match:
        return []
    name = match.group("name").strip()
    outlet = registry.by_name(name)
    if not outlet and not _looks_like_name(name):
        return []
    a, b = line.start + match.start("name"), line.start + match.start("name") + len(name)
    return [Finding("outlet", outlet or name, a, b, "copyright line")]


def _photo_credit(line: Line) -> list[Finding]:
    text = line.text
    if is_boilerplate_line(text):  # "Copyright © 2025 …. All rights reserved."
        return []
    for pattern, rule in ((_COPYRIGHT, "© credit"), (_PHOTO_LABEL, "photo credit")):
        match = pattern.search(text)
        if not match:
            continue
        credit = match.group("credit").strip()
        a = line.start + match.start()
        a += len(text[match.start() :]) - len(text[match.start() :].lstrip(" ("))
        before = text[: match.start()].strip()
        if len(before) <= _CAPTION_MAX:
            # The whole line is a caption and its credit: neither is article text.
            removal = Removal(line.start, line.end, "photo caption")
        else:
            removal = Removal(a, line.end, "photo credit")
        return [Finding("photo_credit", credit, a, line.end, rule, removal)]
    match = _CAPS_CREDIT.search(text)
    if match:
        a, b = line.start + match.start("credit"), line.start + match.end("credit")
        before = text[: match.start("credit")].strip()
        if len(before) <= _CAPTION_MAX and not _is_doubled(before):
            # A caption and its credit. A caption that is the lead printed twice (as
            # some sites print it under the top photo) is the lead: only its credit goes,
            # and the second copy is removed as a repeat.
            removal = Removal(line.start, line.end, "photo caption")
        else:
            removal = Removal(a, b, "photo credit")
        return [
            Finding(
                "photo_credit", match.group("credit").strip(), a, b, "credit in capitals", removal
            )
        ]
    return []


def _is_doubled(text: str) -> bool:
    words = re.sub(r"\W+", " ", text.casefold()).split()
    half = len(words) // 2
    return half >= 4 and words[:half] == words[half : 2 * half]


def outlet_name(value: Outlet | str) -> str:
    return value.display_name if isinstance(value, Outlet) else value
