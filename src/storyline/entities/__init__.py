"""Entities: people, organisations, places and outlets, resolved within and across stories.

Public interface (pure functions; the pipeline wires them):
- `find_mentions(article)` / `find_mentions_many(articles)`: the `Mention`s of articles;
- `resolve(mentions_by_article, story_of)`: an `EntityIndex` of `Entity` records, with
  `entity_of(article_id, start, end)` and `link(surface, type, article_id)`;
- `same_person(a, b)` on names, and `AliasTable` for organisation aliases.

See `names.py` (transliteration-aware matching), `aliases.py` (the curated alias table in
`data/organizations.json`), `mentions.py` and `resolve.py`.
"""

from storyline.entities.aliases import AliasEntry, AliasTable
from storyline.entities.mentions import EntityType, Mention, find_mentions, find_mentions_many
from storyline.entities.names import parse_name, same_person
from storyline.entities.resolve import Entity, EntityIndex, resolve
from storyline.entities.titles import strip_titles

__all__ = [
    "AliasEntry",
    "AliasTable",
    "Entity",
    "EntityIndex",
    "EntityType",
    "Mention",
    "find_mentions",
    "find_mentions_many",
    "parse_name",
    "resolve",
    "same_person",
    "strip_titles",
]
