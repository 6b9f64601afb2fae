"""The REST API under /api/: the stored records as JSON, and one write endpoint.

Reads return the records the build writes (a story is its stories.jsonl line); the
pages' `.json` twins return what each page shows. `POST /api/articles` needs the
bearer token, is body-limited by the middleware, and queues a rebuild of the stages.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from storyline.serve.queries import Queries, StoryQuery
from storyline.serve.security import check_token

router = APIRouter(prefix="/api", tags=["api"])
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
bearer = HTTPBearer(auto_error=False, description="the --token given to storyline serve")

Page = Annotated[int, Query(ge=1, le=100_000, description="1-based page number")]
PerPage = Annotated[int, Query(ge=1, le=200, description="items per page")]
Since = Annotated[str | None, Query(pattern=DATE, description="stories reported on or after")]
Until = Annotated[str | None, Query(pattern=DATE, description="stories begun on or before")]
Country = Annotated[str | None, Query(max_length=8, description="ISO country code, e.g. IR")]
EventType = Annotated[str | None, Query(max_length=40, description="event type, e.g. bombing")]
Text = Annotated[str | None, Query(max_length=200, description="word or phrase")]


async def queries(request: Request) -> Queries:
    """Async: a plain lookup, not worth a trip to the thread pool."""
    return request.app.state.queries


Q = Annotated[Queries, Depends(queries)]


def story_query(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    type: EventType = None,
    q: Text = None,
    page: Page = 1,
    per_page: PerPage = 25,
) -> StoryQuery:
    """The story filters, shared by /api/stories and the stories page."""
    return StoryQuery(since, until, country, type, q or None, page, per_page)


def paged(items: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    return {
        "items": items,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
    }


@router.get("/stories", summary="Stories, filtered and paginated, newest first")
def list_stories(db: Q, where: Annotated[StoryQuery, Depends(story_query)]) -> dict[str, Any]:
    items, total = db.stories(where)
    return paged([s.to_dict() for s in items], total, where.page, where.per_page)


@router.get("/stories/{story_id}", summary="One story: record, fact sheet, flags, articles")
def get_story(db: Q, story_id: str) -> dict[str, Any]:
    found = db.story(story_id)
    if found is None:
        raise HTTPException(404, "no such story")
    return {**found["story"], "article_metadata": list(found["articles"].values())}


@router.get("/articles", summary="Articles (metadata only), newest first")
def list_articles(
    db: Q, q: Text = None, outlet: Text = None, page: Page = 1, per_page: PerPage = 25
) -> dict[str, Any]:
    items, total = db.articles(q, outlet, page, per_page)
    return paged(items, total, page, per_page)


@router.get("/articles/{article_id}", summary="One article with its raw text and events")
def get_article(db: Q, article_id: str) -> dict[str, Any]:
    article = db.article(article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    return article


@router.get("/entities", summary="People, organisations, places and outlets")
def list_entities(
    db: Q,
    q: Text = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    items, total = db.entities(q, type, page, per_page)
    return paged(items, total, page, per_page)


@router.get("/entities/{entity_id}", summary="One entity: variants with evidence, stories")
def get_entity(db: Q, entity_id: str) -> dict[str, Any]:
    entity = db.entity(entity_id)
    if entity is None:
        raise HTTPException(404, "no such entity")
    return entity


def search_all(db: Queries, q: str, limit: int = 20) -> dict[str, Any]:
    """Stories, articles and entities matching `q` (the search page and /api/search)."""
    stories, n_stories = db.stories(StoryQuery(q=q, per_page=limit))
    articles, n_articles = db.articles(q, None, 1, limit)
    entities, n_entities = db.entities(q, None, 1, limit)
    return {
        "q": q,
        "stories": {"items": [s.to_dict() for s in stories], "total": n_stories},
        "articles": {"items": articles, "total": n_articles},
        "entities": {"items": entities, "total": n_entities},
    }


@router.get("/search", summary="Search stories, articles and entities")
def search(db: Q, q: Annotated[str, Query(min_length=1, max_length=200)]) -> dict[str, Any]:
    return search_all(db, q)


def require_token(
    request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Checked before the body is parsed: without the token, nothing is read."""
    check_token(request, request.app.state.token)


class NewArticle(BaseModel):
    """One article to ingest; only the text is required."""

    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    published: str | None = Field(None, max_length=64, description="ISO date or datetime")
    url: str | None = Field(None, max_length=2000)
    language: str | None = Field(None, max_length=16, description="ISO 639-1 code")


@router.post(
    "/articles",
    status_code=202,
    summary="Ingest one article; stories and fact sheets update in the background",
    dependencies=[Depends(require_token)],
    responses={401: {"description": "no or wrong token"}, 413: {"description": "body too large"}},
)
def post_article(request: Request, article: NewArticle) -> JSONResponse:
    record = {k: v for k, v in article.model_dump().items() if v is not None}
    outcome = request.app.state.updater.ingest(record)
    body = {
        "status": outcome.status,
        "id": outcome.article_id,
        "reason": outcome.reason,
        "rebuild": request.app.state.updater.status.to_dict(),
    }
    code = {"ingested": 202, "duplicate": 200}.get(outcome.status, 422)
    return JSONResponse(body, code)


@router.get("/status", summary="Data counts and the state of the background rebuild")
def status(request: Request, db: Q) -> dict[str, Any]:
    return {
        "tables": db.table_counts(),
        "indexes_ready": db.ready,
        "rebuild": request.app.state.updater.status.to_dict(),
    }
