"""Who said a thing, when, and whether two reports are really one.

A story's articles are its sources. Two articles are not independent when one copies the
other (a copy group from the stories stage: one wire text reprinted) or when one outlet
published both; each independent source gets a key, and a fact is confirmed by counting
distinct keys, not articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from storyline.model import Article


@dataclass(frozen=True, slots=True)
class Source:
    article: str
    outlet: str | None
    published: datetime | None  # as an instant (naive times read as UTC), None if unknown
    published_iso: str | None  # as printed, at its precision
    independent: str  # articles with the same key are one source
    suspect_date: bool = False  # set by flags: its date is not used to order reports

    @property
    def sort_key(self) -> tuple[int, datetime]:
        """Dated reports first in time order; undated ones after them."""
        if self.published is None or self.suspect_date:
            return (1, datetime.min.replace(tzinfo=UTC))
        return (0, self.published)


def _instant(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def sources_of(story: dict[str, Any], articles: dict[str, Article]) -> dict[str, Source]:
    """A Source for each article of the story, keyed by article id."""
    group_of: dict[str, str] = {}
    for i, group in enumerate(story.get("copy_groups") or []):
        for article_id in group["articles"]:
            group_of.setdefault(article_id, f"copy-group-{i + 1}")
    out: dict[str, Source] = {}
    for article_id in story["articles"]:
        article = articles.get(article_id)
        if article is None:
            continue
        outlet = article.outlet
        key = group_of.get(article_id) or (
            f"outlet:{outlet.casefold()}" if outlet else f"article:{article_id}"
        )
        out[article_id] = Source(
            article=article_id,
            outlet=outlet,
            published=_instant(article.published),
            published_iso=article.published_iso(),
            independent=key,
        )
    return out


def independent_count(article_ids: list[str], sources: dict[str, Source]) -> int:
    return len({sources[a].independent for a in article_ids if a in sources})
