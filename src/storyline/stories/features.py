"""What an article brings to story clustering: its words, names, numbers, dates and meaning.

Local shootings, bombings and fires all sound alike; what separates one incident from
the next is who (names), where (places, streets), when (the event's own day, not the
publication day) and the small numbers (ages, block numbers, tolls). Each of those is
a separate bag of hashed terms, so the pair model can weigh them apart. Names and
numbers are folded to ASCII and kept case-insensitive, which makes them comparable
across languages (Kermán, Kerman; 84, 84) where ordinary words are not.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

import numpy as np
from anyascii import anyascii

from storyline.model import Article

HASH_BITS = 20
HASH_SIZE = 1 << HASH_BITS
LEAD_CHARS = 400
TEXT_CHARS = 6000  # long pieces drift into background; the lead carries the incident

# Term fields, in the order the pair model sees their cosines.
FIELDS = ("words", "title", "names", "numbers", "persons")


class SentenceEncoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...  # one L2-normalised row per text


@dataclass(slots=True)
class TermRow:
    """A sparse bag of hashed terms with sublinear tf weights (1 + log tf)."""

    index: np.ndarray  # int64, sorted, unique
    weight: np.ndarray  # float32

    @classmethod
    def from_terms(cls, terms: Sequence[str]) -> TermRow:
        counts = Counter(zlib.crc32(t.encode()) & (HASH_SIZE - 1) for t in terms)
        if not counts:
            return cls(np.zeros(0, np.int64), np.zeros(0, np.float32))
        keys = np.fromiter(sorted(counts), np.int64, len(counts))
        tf = np.fromiter((counts[k] for k in keys.tolist()), np.float32, len(keys))
        return cls(keys, (1.0 + np.log(tf)).astype(np.float32))


@dataclass(slots=True)
class ArticleFeatures:
    """Everything the clusterer compares, computed once per article."""

    id: str
    published_day: int  # proleptic ordinal; 0 when the article gives no date
    event_day: int  # 0 when the text gives no resolvable day
    outlet: str
    length: int
    language: str
    terms: dict[str, TermRow]
    lead_vector: np.ndarray  # unit vector of title + lead
    title_vector: np.ndarray  # unit vector of the title alone


# ---------------------------------------------------------------- tokenisation

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,4}(?![\d,.]\d)")
_AGE = re.compile(r"\b(\d{1,3})[- ](?:year|años|ans|anni|ani)\b|,\s(\d{1,2}),", re.IGNORECASE)
_CAPITAL = re.compile(r"\b[^\W\d_][\w'’-]*", re.UNICODE)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words of the five languages, and capitalised words that name no one in
# particular (days, months, ranks, institutions): kept out of the name bags so that
# "Police said Friday" does not make two articles look alike.
_STOP = _word_set(
    """
    the a an and or but of in on at to for from by with as is was were are be been has
    have had he she it they his her their its this that these those who which what when
    where after before over into about than then there said says say not no also more most
    one two three le la les un une des du de et ou mais en au aux pour par avec sur dans
    est sont été a ont il elle ils elles son sa ses leur qui que quoi dont où après avant
    plus ce cette ces el los las unos unas del y o pero por para con sobre en es son fue
    han ha su sus que quien lo al como más este esta estos estas il lo gli i uno una della
    delle dei degli e o ma per con su nel nella è sono stato ha hanno suo sua che chi dopo
    prima più questo questa și sau dar pentru cu pe în din la este sunt fost au lui ei
    care după înainte mai acest această un o unei unui
    """
)
_NOT_NAMES = _word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december lundi mardi mercredi jeudi
    vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre
    octobre novembre décembre lunes martes miércoles jueves viernes sábado domingo enero
    febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio aprile
    maggio giugno luglio settembre ottobre dicembre luni marți miercuri joi vineri sâmbătă
    duminică ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie
    decembrie police officer officers sheriff deputy deputies department county city
    street avenue road drive chief sgt lt capt mr mrs ms dr president minister governor
    mayor authorities according update updated photo video
    """
)
# Words that end a person-like run: a street, a building, an institution.
_PLACE_WORDS = _word_set(
    """
    street st avenue ave road rd drive dr boulevard blvd county park lane court place way
    highway parkway center centre hospital school high university college church
    department office city township heights hills village square station mall apartments
    bridge river lake beach valley memorial medical regional district superior circuit
    state patrol news press times post tribune daily herald journal north south east west
    new
    """
)


def _fold(word: str) -> str:
    return anyascii(word).lower().strip("'’-")


def word_terms(text: str) -> list[str]:
    return [w for w in (_fold(m.group()) for m in _WORD.finditer(text)) if w not in _STOP]


def name_terms(text: str) -> list[str]:
    """Capitalised words that are not sentence openers' function words or calendar words."""
    out = []
    for m in _CAPITAL.finditer(text):
        word = m.group()
        if not word[0].isupper() or len(word) < 2 or (word.isupper() and len(word) > 5):
            continue
        folded = _fold(word)
        if folded in _STOP or folded in _NOT_NAMES:
            continue
        out.append(folded)
    return out


def person_terms(text: str) -> list[str]:
    """First-and-last pairs of runs of 2-3 capitalised words: "Brady Osborne" -> osborne_brady.

    Specific people separate incidents in the same city far better than the city's
    neighbourhood names, which every local story repeats.
    """
    out = []
    run: list[str] = []
    for m in re.finditer(r"\S+", text):
        word = m.group().strip(".,;:!?()\"“”«»'’")
        folded = _fold(word)
        if (
            word[:1].isupper()
            and len(word) > 1
            and folded not in _STOP
            and folded not in _NOT_NAMES
            and folded not in _PLACE_WORDS
        ):
            run.append(folded)
            if m.group()[-1] in '.,;:!?)"”»':
                run = _close_run(run, out)
            continue
        if len(word) == 2 and word[1] == "." and word[0].isupper():
            continue  # a middle initial does not break a name
        run = _close_run(run, out)
    _close_run(run, out)
    return out


def _close_run(run: list[str], out: list[str]) -> list[str]:
    if 2 <= len(run) <= 3:
        out.append(f"{run[-1]}_{run[0]}")
    return []


def number_terms(text: str) -> list[str]:
    terms = [f"#{m.group()}" for m in _NUMBER.finditer(text)]
    terms += [f"age{a or b}" for a, b in _AGE.findall(text)]
    return terms


# ---------------------------------------------------------------- event day

_WEEKDAYS = {
    name: day
    for day, names in enumerate(
        (
            "monday lundi lunes lunedì lunedi luni",
            "tuesday mardi martes martedì martedi marți marti",
            "wednesday mercredi miércoles miercoles mercoledì mercoledi miercuri",
            "thursday jeudi jueves giovedì giovedi joi",
            "friday vendredi viernes venerdì venerdi vineri",
            "saturday samedi sábado sabado sabato sâmbătă sambata",
            "sunday dimanche domingo domenica duminică duminica",
        )
    )
    for name in names.split()
}
_MONTHS = {
    name: month
    for month, names in enumerate(
        (
            "january jan janvier enero gennaio ianuarie",
            "february feb février fevrier febrero febbraio februarie",
            "march mar mars marzo martie",
            "april apr avril abril aprile aprilie",
            "may mai mayo maggio",
            "june jun juin junio giugno iunie",
            "july jul juillet julio luglio iulie",
            "august aug août aout agosto",
            "september sep sept septembre septiembre settembre septembrie",
            "october oct octobre octubre ottobre octombrie",
            "november nov novembre noviembre noiembrie",
            "december dec décembre decembre diciembre dicembre decembrie",
        ),
        start=1,
    )
    for name in names.split()
}
_YESTERDAY = {"yesterday", "hier", "ayer", "ieri"}
_TODAY = {"today", "tonight", "aujourd'hui", "hoy", "oggi", "azi", "astăzi"}
_DAY_WORD = re.compile(
    r"\b(?:(?P<rel>yesterday|today|tonight|hier|ayer|ieri|aujourd'hui|hoy|oggi|azi|astăzi)"
    r"|(?P<wd>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")"
    r"|(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<d1>\d{1,2})\b"
    r"(?!:)|(?P<d2>\d{1,2})\s+(?:de\s+)?(?P<mon2>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\b)",
    re.IGNORECASE,
)


def event_day(text: str, published: date | None) -> int:
    """The day of the first dated mention in the lead, resolved against the publication day.

    A rough reading for clustering only (the extraction stage resolves dates
    properly): a bare weekday is the latest such day on or before publication, a
    month and day without a year is the latest such date not after publication.
    """
    if published is None:
        return 0
    for m in _DAY_WORD.finditer(text[:1500]):
        if m.group("rel"):
            rel = m.group("rel").lower()
            return (published - timedelta(days=1 if rel in _YESTERDAY else 0)).toordinal()
        if m.group("wd"):
            back = (published.weekday() - _WEEKDAYS[m.group("wd").lower()]) % 7
            return (published - timedelta(days=back)).toordinal()
        month = _MONTHS[(m.group("mon") or m.group("mon2")).lower()]
        day = int(m.group("d1") or m.group("d2"))
        for year in (published.year, published.year - 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                break
            if candidate <= published + timedelta(days=1):
                return candidate.toordinal()
    return 0


# ---------------------------------------------------------------- per article


def _body(article: Article) -> str:
    text = article.clean_text
    if article.title and text.startswith(article.title):
        text = text[len(article.title) :]
    return text.strip()


def lead_text(article: Article) -> str:
    title = article.title or ""
    body = _body(article)[:LEAD_CHARS]
    return f"{title}. {body}" if title else body


def article_features(
    articles: Sequence[Article], encoder: SentenceEncoder, batch_size: int = 64
) -> list[ArticleFeatures]:
    """Features of a batch of articles; the encoder runs once per batch for speed."""
    lead_vectors, title_vectors = embed_articles(articles, encoder, batch_size)
    out = []
    for i, article in enumerate(articles):
        body = _body(article)[:TEXT_CHARS]
        title = article.title or ""
        full = f"{title}\n{body}"
        published = article.published.date() if article.published else None
        day = event_day(body, published)
        out.append(
            ArticleFeatures(
                id=article.id,
                published_day=published.toordinal() if published else 0,
                event_day=day,
                outlet=article.outlet_id or article.outlet_domain or article.outlet or "",
                length=len(article.clean_text),
                language=article.language or "",
                terms={
                    "words": TermRow.from_terms(word_terms(full)),
                    "title": TermRow.from_terms(word_terms(title)),
                    "names": TermRow.from_terms(name_terms(full)),
                    "numbers": TermRow.from_terms(number_terms(full)),
                    "persons": TermRow.from_terms(person_terms(full)),
                },
                lead_vector=lead_vectors[i],
                title_vector=title_vectors[i],
            )
        )
    return out


def embed_articles(
    articles: Sequence[Article], encoder: SentenceEncoder, batch_size: int = 64
) -> tuple[np.ndarray, np.ndarray]:
    """L2-normalised vectors of each article's title and lead, and of its title alone
    (the lead's first 120 characters when it has none)."""
    leads = [lead_text(a) for a in articles]
    titles = [a.title or lead[:120] for a, lead in zip(articles, leads, strict=True)]
    return _encode(encoder, leads, batch_size), _encode(encoder, titles, batch_size)


def _encode(encoder: SentenceEncoder, texts: list[str], batch_size: int) -> np.ndarray:
    if not texts:
        return np.zeros((0, 512), np.float32)
    parts = [encoder.encode(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
    matrix = np.vstack(parts).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)
