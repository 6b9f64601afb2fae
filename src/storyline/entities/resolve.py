"""Mentions to canonical entities, within and across stories.

- Organisations, outlets and places carry a key from how they were found (alias-table
  id, GeoNames id, folded facility or organisation name): one entity per key, across
  all stories. Kerman and Kermanshah have different GeoNames ids; ISIS-K has its own
  alias entry, apart from IS.
- People are matched by name (`names.same_person`), story by story, then across stories:
  1. full names (given name and surname), the most informative first; a name joins a
     person only if it can be the same person as every full name already there, so
     "J. Baker" cannot chain Jordan Baker to James Baker; a name that fits several
     people goes to the one named nearest before it in its article, else stays apart;
  2. a bare surname ("Soleimani", "Al Ansari") goes to the person of that surname named
     nearest before it in its article (after it, if none before), else to the story's
     only person of that surname; with several and none in its article it stays apart.
     So a bare surname never merges two different full names;
  3. across stories, two people merge when every token of their most complete names has
     the same roman key (Qasem/Ghassem Soleimani; not Joe/Joseph Brown) and both are
     public figures (named with a title, role or nationality) or the name is of Arabic
     form, unless they were kept apart in a shared story. Private people of one name in
     two local stories are usually two people (GVA has many).
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.entities.aliases import AliasTable
from storyline.entities.mentions import Mention
from storyline.entities.names import (
    PersonName,
    fold,
    parse_name,
    roman_key,
    same_person,
    skeleton,
    surname_match,
)
from storyline.entities.titles import strip_titles
from storyline.model import Evidence


@dataclass(slots=True)
class Entity:
    """A canonical person, organisation, place or outlet, with every variant's evidence."""

    id: str
    type: str
    canonical: str
    key: str | None = None
    variants: dict[str, list[Evidence]] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    stories: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    mentions: int = 0

    def to_dict(self) -> dict[str, Any]:
        """One line of `entities.jsonl`."""
        return {
            "id": self.id,
            "type": self.type,
            "canonical": self.canonical,
            "key": self.key,
            "attributes": self.attributes,
            "stories": sorted(self.stories),
            "articles": sorted(self.articles),
            "mentions": self.mentions,
            "variants": [
                {"text": text, "count": len(evs), "evidence": [e.to_dict() for e in evs]}
                for text, evs in sorted(self.variants.items(), key=lambda kv: -len(kv[1]))
            ],
        }


class EntityIndex:
    """The entities of a set of articles, and lookups from spans and phrases to them."""

    def __init__(
        self,
        entities: list[Entity],
        spans: dict[str, list[tuple[int, int, str]]],
        story_of: dict[str, str],
    ):
        self.entities = {e.id: e for e in entities}
        self._by_key: dict[str, list[Entity]] = defaultdict(list)
        self._by_story: dict[str, list[Entity]] = defaultdict(list)
        # places by each folded spelling: linking a phrase must not scan every place
        self._places_by_name: dict[str, list[Entity]] = defaultdict(list)
        for e in entities:
            if e.key:
                self._by_key[e.key].append(e)
            if e.type == "place":
                for name in {fold(v) for v in e.variants}:
                    self._places_by_name[name].append(e)
            for sid in e.stories:
                self._by_story[sid].append(e)
        self._spans = {a: sorted(v) for a, v in spans.items()}
        self._starts = {a: [s for s, _e, _i in v] for a, v in self._spans.items()}
        self._story_of = story_of

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def to_dicts(self) -> Iterator[dict[str, Any]]:
        """The rows of `entities.jsonl`, in a stable order (type, canonical, id), one at
        a time: at corpus scale the rows are as large as the index."""
        order = sorted(self, key=lambda e: (e.type, fold(e.canonical), e.id))
        return (e.to_dict() for e in order)

    def entity_of(self, article_id: str, start: int, end: int) -> str | None:
        """The entity mentioned at raw span [start, end) of an article, else None.

        An exact span first; else the mention that overlaps the span most (a span that
        includes a title, "Ayatollah Ali Khamenei", finds "Ali Khamenei").
        """
        spans = self._spans.get(article_id)
        if not spans:
            return None
        i = bisect.bisect_left(self._starts[article_id], start)
        best: tuple[int, str] | None = None
        for j in range(max(0, i - 8), len(spans)):
            s, e, eid = spans[j]
            if s >= end:
                break
            if s == start and e == end:
                return eid
            overlap = min(e, end) - max(s, start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, eid)
        return best[1] if best else None

    def link(
        self, surface: str, type: str | None = None, article_id: str | None = None
    ) -> str | None:
        """The entity a phrase produced by another stage names, else None.

        "the Islamic State group", "l'EI" → the Islamic State; "Iranian President Ebrahim
        Raissi", "Raissi" → the person, preferring people of the article's story and of
        the article itself; a bare surname that fits two people of the article links to
        none.
        """
        types = [type] if type else ["organization", "outlet", "person", "place"]
        story = self._story_of.get(article_id, article_id) if article_id else None
        for t in types:
            if t in ("organization", "outlet"):
                found = self._link_org(surface, story)
            elif t == "person":
                found = self._link_person(surface, article_id, story)
            else:
                found = self._link_place(surface, story)
            if found:
                return found
        return None

    # -- link helpers --

    def _in_story(self, e: Entity, story: str | None) -> bool:
        return story is None or story in e.stories

    def _link_org(self, surface: str, story: str | None) -> str | None:
        entry = AliasTable.load().lookup(surface)
        keys = [f"org:{entry.id}"] if entry else []
        words = fold(surface).split()
        while words and words[0] in ("the", "le", "la", "les", "l", "el", "los", "il", "lo"):
            words = words[1:]
        keys.append("name:" + " ".join(words))
        for key in keys:
            hits = [e for e in self._by_key.get(key, []) if e.type in ("organization", "outlet")]
            hits.sort(key=lambda e: not self._in_story(e, story))
            if hits:
                return hits[0].id
        return None

    def _link_place(self, surface: str, story: str | None) -> str | None:
        target = fold(surface)
        target = target[4:] if target.startswith("the ") else target
        hits = sorted(
            self._places_by_name.get(target, []),
            key=lambda e: (not self._in_story(e, story), -e.mentions),
        )
        return hits[0].id if hits else None

    def _link_person(self, surface: str, article_id: str | None, story: str | None) -> str | None:
        parts = strip_titles(surface)
        words = surface[parts.start : parts.end].split()
        # the longest tail of the phrase that names someone: "IS spokesman Abu Hazifa"
        for k in range(len(words)):
            name = parse_name(" ".join(words[k:]))
            if not name.tokens or not name.tokens[-1][:1].isalpha():
                continue
            found = self._person_by_name(name, article_id, story)
            if found:
                return found
        return None

    def _person_by_name(
        self, name: PersonName, article_id: str | None, story: str | None
    ) -> str | None:
        cands = []
        for e in self._by_story.get(story, []) if story else self:
            if e.type != "person":
                continue
            names = [parse_name(v) for v in e.variants]
            if name.full:
                ok = any(n.full and same_person(name, n) for n in names)
            else:
                ok = any(surname_match(name, n) for n in names)
            if ok:
                cands.append(e)
        if not cands:
            return None
        if article_id:
            local = [e for e in cands if article_id in e.articles]
            if len(local) == 1:
                return local[0].id
            if len(local) > 1:
                return None
        if len(cands) == 1:
            return cands[0].id
        return None


# ---- resolution -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Person:
    """A person being built: its mentions, full names and stories."""

    mentions: list[Mention] = field(default_factory=list)
    full: list[PersonName] = field(default_factory=list)
    stories: set[str] = field(default_factory=set)

    def accepts(self, name: PersonName) -> bool:
        return all(same_person(name, other) for other in self.full)

    def best(self) -> PersonName | None:
        return max(self.full, key=_informative, default=None)

    def notable(self) -> bool:
        """Named with a title, role or nationality somewhere: a public figure."""
        return any(m.title or m.role or m.nationality for m in self.mentions)


def _informative(n: PersonName) -> tuple[int, int]:
    return (sum(len(t) > 1 for t in n.tokens), len(n.tokens))


def resolve(mentions_by_article: dict[str, list[Mention]], story_of: dict[str, str]) -> EntityIndex:
    """Canonical entities of all mentions; `story_of` maps an article id to its story."""
    story = {a: story_of.get(a, a) for a in mentions_by_article}
    groups: list[tuple[str, list[Mention]]] = []  # (type, mentions)

    keyed: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    people_by_story: dict[str, list[Mention]] = defaultdict(list)
    for aid, mentions in mentions_by_article.items():
        for m in mentions:
            if m.type == "person":
                people_by_story[story[aid]].append(m)
            else:
                group = "org" if m.type in ("organization", "outlet") else m.type
                keyed[(group, m.key or f"name:{fold(m.text)}")].append(m)
    for (_group, _key), ms in keyed.items():
        etype = Counter(m.type for m in ms).most_common(1)[0][0]
        groups.append((etype, ms))

    people: list[_Person] = []
    for sid in sorted(people_by_story):
        people.extend(_people_of_story(sid, people_by_story[sid]))
    for person in _merge_across_stories(people):
        groups.append(("person", person.mentions))

    entities, spans = _build(groups, story)
    return EntityIndex(entities, spans, story)


def _people_of_story(sid: str, mentions: list[Mention]) -> list[_Person]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    names: dict[str, PersonName] = {}
    for m in mentions:
        n = parse_name(m.text)
        if not n.tokens:
            continue
        by_key[n.key].append(m)
        names[n.key] = n
    people: list[_Person] = []
    full_keys = [k for k, n in names.items() if n.full]
    full_keys.sort(key=lambda k: (_informative(names[k]), len(by_key[k]), k), reverse=True)
    pending: list[tuple[Mention, PersonName]] = []
    for k in full_keys:
        n = names[k]
        fits = [p for p in people if p.accepts(n)]
        if len(fits) == 1:
            fits[0].full.append(n)
            fits[0].mentions.extend(by_key[k])
        elif not fits:
            people.append(_Person(list(by_key[k]), [n], {sid}))
        else:
            pending.extend((m, n) for m in by_key[k])
    # ambiguous full names ("J. Baker" among two Bakers) and bare surnames, by context
    for k, n in names.items():
        if not n.full:
            pending.extend((m, n) for m in by_key[k])
    alone: dict[str, _Person] = {}
    for m, n in pending:
        target = _by_context(m, n, people)
        if target is not None:
            target.mentions.append(m)
            continue
        akey = skeleton(n.key) + "|" + n.key if n.full else _alone_key(n, alone)
        if akey not in alone:
            alone[akey] = _Person([], [n] if n.full else [], {sid})
        alone[akey].mentions.append(m)
    return people + list(alone.values())


def _alone_key(n: PersonName, alone: dict[str, _Person]) -> str:
    """A bare surname with no full name to go to: one person per spelling group."""
    for key, p in alone.items():
        if not p.full and key.startswith("~"):
            other = parse_name(p.mentions[0].text)
            if surname_match(n, other):
                return key
    return "~" + n.key


def _by_context(m: Mention, n: PersonName, people: list[_Person]) -> _Person | None:
    """The person a bare or ambiguous name refers to, by its article and story."""
    fits = [
        p
        for p in people
        if any((same_person(n, f) if n.full else surname_match(n, f)) for f in p.full)
    ]
    if not fits:
        return None
    aid = m.article_id
    before: list[tuple[int, _Person]] = []
    after: list[tuple[int, _Person]] = []
    for p in fits:
        for pm in p.mentions:
            if pm.article_id != aid or pm is m or not parse_name(pm.text).full:
                continue
            if pm.start < m.start:
                before.append((pm.start, p))
            else:
                after.append((pm.start, p))
    if before:
        return max(before, key=lambda t: t[0])[1]
    if after:
        return min(after, key=lambda t: t[0])[1]
    return fits[0] if len(fits) == 1 else None


def _merge_across_stories(people: list[_Person]) -> list[_Person]:
    """Union people of different stories whose most complete names are the same person."""
    parent = list(range(len(people)))
    stories = [set(p.stories) for p in people]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Only pairs that can pass `_same_across` are visited, in the order of a plain scan
    # of each surname block: the same roman key for every token, and both public figures
    # or both names of Arabic form. A block of every "Smith" in a large corpus is
    # otherwise compared pair by pair, which grows with the square of the corpus.
    blocks: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        best = p.best()
        if best is None or len(best.tokens[0]) < 2:
            continue
        if not (best.arabic or p.notable()):
            continue  # never merged across stories
        key = (skeleton(best.surname), tuple(roman_key(t) for t in best.tokens))
        blocks[key].append(i)
    for members in blocks.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                ri, rj = find(i), find(j)
                if ri == rj or stories[ri] & stories[rj]:
                    continue
                if _same_across(people[i], people[j]):
                    parent[rj] = ri
                    stories[ri] |= stories[rj]
    merged: dict[int, _Person] = {}
    for i, p in enumerate(people):
        r = find(i)
        target = merged.setdefault(r, _Person([], [], set()))
        target.mentions.extend(p.mentions)
        target.full.extend(p.full)
        target.stories |= p.stories
    return list(merged.values())


def _same_across(p: _Person, q: _Person) -> bool:
    """People of two stories are one: every token of their most complete names has the same
    roman key (Qasem/Ghassem Soleimani, not Joe/Joseph Brown), no initials, and both are
    public figures (a title, role or nationality) or the name is of Arabic form. Private
    people of one name in two local stories are usually two people."""
    a, b = p.best(), q.best()
    if a is None or b is None or len(a.tokens) != len(b.tokens):
        return False
    if any(len(t) < 2 for t in a.tokens + b.tokens):
        return False
    if a.suffix != b.suffix and a.suffix and b.suffix:
        return False
    if any(roman_key(x) != roman_key(y) for x, y in zip(a.tokens, b.tokens, strict=True)):
        return False
    return (p.notable() and q.notable()) or (a.arabic and b.arabic)


def _build(
    groups: Iterable[tuple[str, list[Mention]]], story: dict[str, str]
) -> tuple[list[Entity], dict[str, list[tuple[int, int, str]]]]:
    table = AliasTable.load()
    entities: list[Entity] = []
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    used: set[str] = set()
    for etype, ms in groups:
        ms = sorted(ms, key=lambda m: (m.article_id, m.start))
        key = ms[0].key if etype != "person" else None
        canonical, attributes = _describe(etype, key, ms, table)
        base = f"{etype}|{key or fold(canonical)}"
        eid = _entity_id(base, used)
        if eid in used:  # same canonical, different entity: tie it to where it was read
            first = ms[0].evidence
            eid = _entity_id(f"{base}|{story.get(first.article_id)}|{first.start}", used)
        used.add(eid)
        e = Entity(eid, etype, canonical, key, attributes=attributes)
        for m in ms:
            e.variants.setdefault(m.text, []).append(m.evidence)
            e.articles.add(m.article_id)
            e.stories.add(story.get(m.article_id, m.article_id))
            spans[m.article_id].append((m.start, m.end, eid))
        e.mentions = len(ms)
        entities.append(e)
    return entities, spans


def _entity_id(base: str, used: set[str]) -> str:
    eid = "e-" + hashlib.sha1(base.encode("utf-8")).hexdigest()[:12]
    n = 1
    while eid in used and n < 3:
        n += 1
        eid = "e-" + hashlib.sha1(f"{base}#{n}".encode()).hexdigest()[:12]
    return eid


def _describe(
    etype: str, key: str | None, ms: list[Mention], table: AliasTable
) -> tuple[str, dict[str, Any]]:
    """The canonical name and the attributes of an entity from its mentions."""
    attrs: dict[str, Any] = {}
    if key and key.startswith("org:"):
        entry = table.get(key[4:])
        if entry:
            attrs = {"alias_id": entry.id, "kind": entry.kind}
            if entry.country:
                attrs["country"] = entry.country
            if entry.parent:
                attrs["parent"] = entry.parent
            return entry.canonical, attrs
    if etype == "place" and ms[0].attributes:
        attrs = {k: v for k, v in ms[0].attributes.items() if k != "score"}
    if etype == "person":
        titles = Counter(m.title for m in ms if m.title)
        roles = Counter(m.role for m in ms if m.role)
        nats = Counter(m.nationality for m in ms if m.nationality)
        if titles:
            attrs["titles"] = [t for t, _n in titles.most_common()]
        if roles:
            attrs["roles"] = [r for r, _n in roles.most_common()]
        if nats:
            attrs["nationality"] = nats.most_common(1)[0][0]
        counts = Counter(m.text for m in ms)
        best = max(
            counts,
            key=lambda t: (_informative(parse_name(t)), counts[t], t.isascii(), -len(t), t),
        )
        return best, attrs
    counts = Counter(m.text for m in ms)
    return max(counts, key=lambda t: (counts[t], len(t), t)), attrs
