"""The HTML pages, each with a `.json` twin returning the data the page was drawn from.

One handler serves both: it builds a dict (see `views.py`), then either renders the
template with it or returns it as JSON. Story pages are the hot path, so their HTML is
cached per story until the stored data changes.
"""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from storyline.report.facts import timeline_svg
from storyline.serve.api import Page, Q, Text, search_all, story_query
from storyline.serve.queries import Queries, StoryQuery
from storyline.serve.views import article_labels, article_view, highlight_segments, story_view

router = APIRouter(include_in_schema=False)
MAX_CACHED_PAGES = 4000


def _is_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def respond(request: Request, template: str, data: dict[str, Any], **extra: Any) -> Response:
    """The page, or with a `.json` path its data; `extra` is for the HTML only."""
    if _is_json(request):
        return JSONResponse(data)
    html = request.app.state.templates.get_template(template).render(
        **data, **extra, request=request, json_url=_json_url(request)
    )
    return HTMLResponse(html)


def _json_url(request: Request) -> str:
    """The `.json` twin of the page being drawn, with the same query."""
    path = request.url.path.rstrip("/")
    path = f"{path}.json" if path else "/stories.json"
    return path + (f"?{request.url.query}" if request.url.query else "")


def _page_url(request: Request, page: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and v]
    if page > 1:
        params.append(("page", str(page)))
    return request.url.path + ("?" + urlencode(params) if params else "")


def pager(request: Request, total: int, page: int, per_page: int) -> dict[str, Any]:
    pages = max(1, math.ceil(total / per_page))
    return {
        "total": total,
        "page": page,
        "pages": pages,
        "prev": _page_url(request, page - 1) if page > 1 else None,
        "next": _page_url(request, page + 1) if page < pages else None,
    }


# decorators apply bottom-up: each `.json` route is registered before its page route
@router.get("/")
@router.get("/.json")
@router.get("/stories")
@router.get("/stories.json")
def stories_page(
    request: Request, db: Q, where: Annotated[StoryQuery, Depends(story_query)]
) -> Response:
    items, total = db.stories(where)
    data = {
        "stories": [s.to_dict() for s in items],
        "filters": {
            "since": where.since,
            "until": where.until,
            "country": where.country,
            "type": where.type,
            "q": where.q,
        },
        "pager": pager(request, total, where.page, where.per_page),
        "facets": db.facets(),
    }
    return respond(request, "stories.html", data)


@router.get("/stories/{story_id}")
@router.get("/stories/{story_id}.json")
async def story_page(request: Request, db: Q, story_id: str) -> Response:
    """Async so a cached page is answered on the event loop without a thread hop."""
    key = (story_id, _is_json(request), db.signature())
    cache: dict[tuple[Any, ...], tuple[bytes, str]] = request.app.state.page_cache
    hit = cache.get(key)
    if hit is None:
        response = await run_in_threadpool(_story_response, request, db, story_id)
        if len(cache) > MAX_CACHED_PAGES:
            cache.clear()
        hit = cache[key] = (bytes(response.body), response.media_type or "text/html")
    return Response(hit[0], media_type=hit[1])


def _story_response(request: Request, db: Queries, story_id: str) -> Response:
    found = db.story(story_id)
    if found is None:
        raise HTTPException(404, "no such story")
    data = story_view(found, db.entities_of_story(story_id))
    labels = article_labels(found["story"], found["articles"])
    figures = (found["story"].get("event") or {}).get("figures") or {}
    charts = []
    for kind in data["figures"]:
        svg = timeline_svg(figures[kind], labels, width=640)
        if svg:  # the SVG is built by report.facts, which escapes every label
            svg = svg.replace("<svg ", '<svg class="tl" ', 1)
            charts.append({"kind": kind, "svg": Markup(svg)})
    return respond(request, "story.html", data, charts=charts)


@router.get("/articles.json")
@router.get("/articles")
def articles_page(
    request: Request, db: Q, q: Text = None, outlet: Text = None, page: Page = 1
) -> Response:
    per_page = 50
    items, total = db.articles(q, outlet, page, per_page)
    data = {
        "articles": items,
        "filters": {"q": q, "outlet": outlet},
        "pager": pager(request, total, page, per_page),
    }
    return respond(request, "articles.html", data)


@router.get("/articles/{article_id}")
@router.get("/articles/{article_id}.json")
def article_page(request: Request, db: Q, article_id: str) -> Response:
    article = db.article(article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    story = db.story(article["story"]) if article["story"] else None
    data = article_view(article, story)
    pieces = highlight_segments(data["raw_text"], data["evidence"])
    return respond(request, "article.html", data, pieces=pieces)


@router.get("/entities.json")
@router.get("/entities")
def entities_page(
    request: Request,
    db: Q,
    q: Text = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
    page: Page = 1,
) -> Response:
    per_page = 100
    items, total = db.entities(q, type or None, page, per_page)
    data = {
        "entities": items,
        "filters": {"q": q, "type": type},
        "types": db.entity_types(),
        "pager": pager(request, total, page, per_page),
    }
    return respond(request, "entities.html", data)


@router.get("/entities/{entity_id}")
@router.get("/entities/{entity_id}.json")
def entity_page(request: Request, db: Q, entity_id: str) -> Response:
    entity = db.entity(entity_id)
    if entity is None:
        raise HTTPException(404, "no such entity")
    titles = db.story_titles(entity.get("stories", []))
    stories = [{"id": s, "title": titles.get(s, s)} for s in entity.get("stories", [])]
    return respond(request, "entity.html", {"entity": entity, "stories": stories})


@router.get("/search.json")
@router.get("/search")
def search_page(request: Request, db: Q, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    data = (
        search_all(db, q)
        if q.strip()
        else {"q": q, "stories": None, "articles": None, "entities": None}
    )
    return respond(request, "search.html", data)
