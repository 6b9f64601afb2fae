"""Read-only queries for the web app, parameterised and paginated.

`storyline.storage.Store` loads whole tables, which suits a build but not a request.
These queries fetch one story, one page of articles or entities, and keep a small
in-memory summary of every story (for filters on fields inside the JSON records, which
portable SQL cannot reach) that is reloaded when the stored data changes. Only SQL
that SQLite and PostgreSQL share is used, always through bind parameters.
"""

from __future__ import annotations

import gc
import json
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, text

SIGNATURE_TTL = 1.0  # seconds between checks of whether the stored data changed


@dataclass(frozen=True, slots=True)
class StorySummary:
    """What the stories list shows and filters on, one per story."""

    id: str
    title: str
    first_published: str | None
    last_published: str | None
    articles: int
    independent_sources: int
    type: str | None
    country: str | None
    place: str | None
    date: str | None
    killed: int | None
    disputed: int  # facts whose status is conflicting or revised
    flags: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Filters of the stories list; None means any."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    type: str | None = None
    q: str | None = None
    page: int = 1
    per_page: int = 25


def like_pattern(term: str) -> str:
    """A LIKE pattern matching `term` literally (with ESCAPE '\\')."""
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _disputed(event: dict[str, Any]) -> int:
    slots = [event.get(k) for k in ("type", "date", "location", "attackers", "suicide")]
    slots += list((event.get("figures") or {}).values())
    claim = event.get("claim") or {}
    slots += [claim.get(k) for k in ("by", "channel", "date")]
    return sum(1 for s in slots if s and s.get("status") in ("conflicting", "revised"))


class Queries:
    """Every read the app makes, over one SQLAlchemy engine."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()  # one thread builds an index; the others wait
        self._signature: tuple[Any, ...] | None = None
        self._checked = 0.0
        self._local_generation = 0
        self._index: list[StorySummary] | None = None
        self._by_id: dict[str, StorySummary] = {}
        self._story_cache: dict[str, dict[str, Any]] = {}
        self._entity_stories: dict[str, list[dict[str, Any]]] | None = None
        self.ready = False  # True once warm() has built the indexes

    # --- change detection -------------------------------------------------------------

    def invalidate(self) -> None:
        """Forget every cached record now (after this process wrote to the store)."""
        with self._lock:
            self._local_generation += 1
            self._checked = 0.0

    def signature(self) -> tuple[Any, ...]:
        """A value that changes when stories, facts or entities are rewritten.

        Checked at most once a second, so a burst of requests costs one query.
        """
        now = time.monotonic()
        if self._signature is not None and now - self._checked < SIGNATURE_TTL:
            return self._signature
        sql = (
            "SELECT (SELECT COUNT(*) FROM stories), (SELECT MAX(updated_at) FROM stories), "
            "(SELECT COUNT(*) FROM story_facts), (SELECT MAX(updated_at) FROM story_facts), "
            "(SELECT COUNT(*) FROM entities), (SELECT MAX(updated_at) FROM entities), "
            "(SELECT COUNT(*) FROM articles)"
        )
        with self.engine.connect() as conn:
            row = tuple(conn.execute(text(sql)).one())
        signature = (*row, self._local_generation)
        with self._lock:
            if signature != self._signature:
                self._signature = signature
                self._index, self._by_id = None, {}
                self._story_cache = {}
                self._entity_stories = None
            self._checked = now
        return signature

    # --- stories ----------------------------------------------------------------------

    def story_index(self) -> list[StorySummary]:
        """Every story's summary, newest first; rebuilt only when the data changed."""
        self.signature()
        if self._index is not None:
            return self._index
        with self._build_lock:
            if self._index is not None:  # built by another thread while this one waited
                return self._index
            return self._build_index()

    def _build_index(self) -> list[StorySummary]:
        with self.engine.connect() as conn:
            counts = dict(
                conn.execute(
                    text("SELECT story_id, COUNT(*) FROM story_articles GROUP BY story_id")
                ).all()
            )
            facts = {
                s: json.loads(r)
                for s, r in conn.execute(text("SELECT story_id, record FROM story_facts"))
            }
            rows = conn.execute(
                text(
                    "SELECT id, title, first_published, last_published, independent_sources "
                    "FROM stories"
                )
            ).all()
        index = []
        for sid, title, first, last, independent in rows:
            sheet = facts.get(sid) or {}
            event = sheet.get("event") or {}
            place = event.get("location") or {}
            killed = ((event.get("figures") or {}).get("killed") or {}).get("value")
            index.append(
                StorySummary(
                    id=sid,
                    title=title or sid,
                    first_published=first,
                    last_published=last,
                    articles=counts.get(sid, 0),
                    independent_sources=independent,
                    type=(event.get("type") or {}).get("value"),
                    country=place.get("country"),
                    place=place.get("name"),
                    date=(event.get("date") or {}).get("value"),
                    killed=killed if isinstance(killed, int) else None,
                    disputed=_disputed(event),
                    flags=len(sheet.get("flags") or []),
                )
            )
        index.sort(key=lambda s: (s.first_published or "", s.id), reverse=True)
        with self._lock:
            self._index, self._by_id = index, {s.id: s for s in index}
        return index

    def stories(self, query: StoryQuery) -> tuple[list[StorySummary], int]:
        """One page of stories matching `query`, and how many match in all."""
        matches = self.story_index()
        if query.since:
            matches = [s for s in matches if (s.last_published or "") >= query.since]
        if query.until:
            bound = query.until + "\uffff"  # a date includes its whole day
            matches = [s for s in matches if s.first_published and s.first_published <= bound]
        if query.country:
            matches = [s for s in matches if (s.country or "").lower() == query.country.lower()]
        if query.type:
            matches = [s for s in matches if s.type == query.type]
        if query.q:
            found = self.stories_matching(query.q)
            matches = [s for s in matches if s.id in found]
        start = (query.page - 1) * query.per_page
        return matches[start : start + query.per_page], len(matches)

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Countries and event types with their story counts, for the filter menus."""
        countries: dict[str, int] = {}
        types: dict[str, int] = {}
        for s in self.story_index():
            if s.country:
                countries[s.country] = countries.get(s.country, 0) + 1
            if s.type:
                types[s.type] = types.get(s.type, 0) + 1
        return {"countries": sorted(countries.items()), "types": sorted(types.items())}

    def stories_matching(self, term: str) -> set[str]:
        """Ids of stories whose title, or one of whose articles' title or text, has `term`."""
        sql = (
            "SELECT id FROM stories WHERE lower(title) LIKE :p ESCAPE '\\' "
            "UNION SELECT sa.story_id FROM story_articles sa JOIN articles a "
            "ON a.id = sa.article_id WHERE lower(a.title) LIKE :p ESCAPE '\\' "
            "OR lower(a.clean_text) LIKE :p ESCAPE '\\'"
        )
        with self.engine.connect() as conn:
            return set(conn.execute(text(sql), {"p": like_pattern(term)}).scalars())

    def story(self, story_id: str) -> dict[str, Any] | None:
        """The stories.jsonl line of one story (record + event + flags) and its articles."""
        self.signature()
        cached = self._story_cache.get(story_id)
        if cached is not None:
            return cached
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT s.record, f.record FROM stories s "
                    "LEFT JOIN story_facts f ON f.story_id = s.id WHERE s.id = :id"
                ),
                {"id": story_id},
            ).first()
            if row is None:
                return None
            meta = conn.execute(
                text(
                    "SELECT a.id, a.outlet, a.outlet_domain, a.title, a.published, a.language, "
                    "a.url, a.agencies FROM articles a JOIN story_articles sa "
                    "ON sa.article_id = a.id WHERE sa.story_id = :id"
                ),
                {"id": story_id},
            ).mappings()
            articles = {m["id"]: _article_meta(m) for m in meta}
        story = json.loads(row[0])
        story.update(json.loads(row[1]) if row[1] else {"event": None, "flags": []})
        result = {"story": story, "articles": articles}
        with self._lock:
            if len(self._story_cache) > 2000:
                self._story_cache.clear()
            self._story_cache[story_id] = result
        return result

    # --- articles ---------------------------------------------------------------------

    def articles(
        self, q: str | None, outlet: str | None, page: int, per_page: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of article summaries (no text), newest first, and the total."""
        clauses, params = [], {}
        if q:
            clauses.append(
                "(lower(a.title) LIKE :p ESCAPE '\\' OR lower(a.clean_text) LIKE :p ESCAPE '\\')"
            )
            params["p"] = like_pattern(q)
        if outlet:
            clauses.append("(lower(a.outlet) = :outlet OR a.outlet_domain = :outlet)")
            params["outlet"] = outlet.lower()
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self.engine.connect() as conn:
            total = conn.execute(text(f"SELECT COUNT(*) FROM articles a{where}"), params).scalar()
            rows = conn.execute(
                text(
                    "SELECT a.id, a.outlet, a.outlet_domain, a.title, a.published, a.language, "
                    f"a.url, a.agencies, sa.story_id FROM articles a LEFT JOIN story_articles sa "
                    f"ON sa.article_id = a.id{where} "
                    "ORDER BY a.published_sort DESC, a.id LIMIT :limit OFFSET :offset"
                ),
                {**params, "limit": per_page, "offset": (page - 1) * per_page},
            ).mappings()
            out = [{**_article_meta(r), "story": r["story_id"]} for r in rows]
        return out, int(total or 0)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its raw text, sentence offsets, story and events."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    text(
                        "SELECT a.*, sa.story_id, e.events FROM articles a "
                        "LEFT JOIN story_articles sa ON sa.article_id = a.id "
                        "LEFT JOIN article_events e ON e.article_id = a.id WHERE a.id = :id"
                    ),
                    {"id": article_id},
                )
                .mappings()
                .first()
            )
        if row is None:
            return None
        return {
            **_article_meta(row),
            "story": row["story_id"],
            "source": row["source"],
            "raw_text": row["raw_text"],
            "sentences": json.loads(row["sentences"]),
            "events": json.loads(row["events"]) if row["events"] else [],
        }

    # --- entities ---------------------------------------------------------------------

    def entities(
        self, q: str | None, type_: str | None, page: int, per_page: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of entities (id, type, canonical name), by type then name."""
        clauses, params = [], {}
        if q:
            clauses.append("lower(canonical) LIKE :p ESCAPE '\\'")
            params["p"] = like_pattern(q)
        if type_:
            clauses.append("type = :type")
            params["type"] = type_
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self.engine.connect() as conn:
            total = conn.execute(text(f"SELECT COUNT(*) FROM entities{where}"), params).scalar()
            rows = conn.execute(
                text(
                    f"SELECT id, type, canonical FROM entities{where} "
                    "ORDER BY type, canonical, id LIMIT :limit OFFSET :offset"
                ),
                {**params, "limit": per_page, "offset": (page - 1) * per_page},
            ).mappings()
            return [dict(r) for r in rows], int(total or 0)

    def entity_types(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(text("SELECT DISTINCT type FROM entities ORDER BY type")).scalars()
            )

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One entity's full record (variants with evidence, stories, articles)."""
        with self.engine.connect() as conn:
            value = conn.execute(
                text("SELECT record FROM entities WHERE id = :id"), {"id": entity_id}
            ).scalar()
        return json.loads(value) if value else None

    def entities_of_story(self, story_id: str) -> list[dict[str, Any]]:
        """The entities mentioned in a story, most mentioned first (index built once)."""
        self.signature()
        if self._entity_stories is None:
            with self._build_lock:
                if self._entity_stories is None:
                    self._build_entity_index()
        return (self._entity_stories or {}).get(story_id, [])

    def _build_entity_index(self) -> None:
        by_story: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for value in conn.execute(text("SELECT record FROM entities")).scalars():
                record = json.loads(value)
                brief = {
                    "id": record["id"],
                    "type": record["type"],
                    "canonical": record["canonical"],
                    "mentions": record.get("mentions", 0),
                }
                for sid in record.get("stories", []):
                    by_story.setdefault(sid, []).append(brief)
        for briefs in by_story.values():
            briefs.sort(key=lambda b: (-b["mentions"], b["canonical"]))
        with self._lock:
            self._entity_stories = by_story

    def warm(self) -> None:
        """Build the in-memory indexes now, so no visitor waits for them."""
        self.story_index()
        self.entities_of_story("")
        # the indexes live as long as the data: keep the collector from rescanning them
        gc.collect()
        gc.freeze()
        self.ready = True

    def story_titles(self, ids: list[str]) -> dict[str, str]:
        """Titles of the given stories (for links), from the in-memory index."""
        self.story_index()
        return {i: self._by_id[i].title for i in ids if i in self._by_id}

    def table_counts(self) -> dict[str, int]:
        """Rows in each table the app reads (the security tests check they stay intact)."""
        out = {}
        with self.engine.connect() as conn:
            for table in ("articles", "stories", "story_articles", "story_facts", "entities"):
                out[table] = int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() or 0)
        return out


def _article_meta(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "outlet": row["outlet"],
        "outlet_domain": row["outlet_domain"],
        "title": row["title"],
        "published": row["published"],
        "language": row["language"],
        "url": row["url"],
        "agencies": json.loads(row["agencies"]) if row["agencies"] else [],
    }
