"""One story made of short articles written for a test, consolidated as the build does."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from storyline.consolidate import consolidate_story
from storyline.extract.events import events_of_articles
from tests.conftest import plain_article


def consolidated(*reports: tuple[str, str, datetime, tuple[str, str]]) -> dict[str, Any]:
    """The fact sheet and flags of one story of (article id, outlet, published, (title,
    text)) reports, each read by the events stage."""
    articles = {}
    for article_id, outlet, published, (title, text) in reports:
        article = plain_article(text, "en", published, article_id=article_id, title=title)
        articles[article_id] = replace(article, outlet=outlet)
    events = {
        a.id: [e.to_dict() for e in evs]
        for a, evs in events_of_articles([(a, None) for a in articles.values()])
    }
    story = {"id": "s", "articles": list(articles), "copy_groups": []}
    return consolidate_story(story, articles, events)
