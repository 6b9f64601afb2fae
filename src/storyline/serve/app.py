"""The web app: `create_app(db_url, token)` wires queries, pages, API and security.

Pages and their `.json` twins live in `pages.py`, the REST API in `api.py`; both read
through `queries.Queries`. FastAPI's `/docs` and `/redoc` are off (they load scripts
from a CDN, which the Content-Security-Policy forbids); the spec stays at /openapi.json.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.serve import api, pages
from storyline.serve.live import LiveUpdater
from storyline.serve.queries import Queries
from storyline.serve.security import MAX_BODY, SecurityMiddleware
from storyline.storage import open_store

PACKAGE = Path(__file__).resolve().parent
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def _static_assets() -> dict[str, tuple[bytes, str, str]]:
    """name → (bytes, content type, short hash), read once: URLs never reach the disk."""
    assets = {}
    for path in sorted((PACKAGE / "static").iterdir()):
        if path.suffix in STATIC_TYPES:
            data = path.read_bytes()
            assets[path.name] = (
                data,
                STATIC_TYPES[path.suffix],
                hashlib.sha256(data).hexdigest()[:10],
            )
    return assets


def _templates(assets: dict[str, tuple[bytes, str, str]]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PACKAGE / "templates")),
        autoescape=True,  # every article text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.globals["static"] = lambda name: f"/static/{name}?v={assets[name][2]}"
    env.filters["pct"] = lambda v: f"{round(100 * v)}%" if isinstance(v, int | float) else ""
    return env


def create_app(db_url: str, token: str | None = None, *, max_body: int = MAX_BODY) -> FastAPI:
    """The app over the database at `db_url` (a SQLite path or a database URL).

    `token` enables `POST /api/articles` for clients that send it as a bearer token.
    """
    store = open_store(db_url)
    queries = Queries(store.engine)
    assets = _static_assets()
    app = FastAPI(
        title="storyline",
        summary="News stories with consolidated, evidence-linked fact sheets.",
        version="1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.queries = queries
    app.state.token = token
    app.state.updater = LiveUpdater(store, queries.invalidate)
    app.state.templates = _templates(assets)
    app.state.assets = assets
    app.state.page_cache = {}
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        asset = assets.get(name)  # a lookup in a fixed dict, never a path on disk
        if asset is None:
            return Response("not found", 404, media_type="text/plain")
        return Response(
            asset[0], media_type=asset[1], headers={"cache-control": "public, max-age=86400"}
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon, and no 404 in every browser console

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": jsonable(exc.errors())}, 422)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        return _error(request, 422, problems)

    app.add_middleware(SecurityMiddleware, max_body=max_body)
    # the story and entity indexes take a second on a large build: build them now
    threading.Thread(target=queries.warm, name="storyline-warm", daemon=True).start()
    return app


def jsonable(value: Any) -> Any:
    """Validation errors may hold exceptions or bytes; keep what JSON can carry."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json") or path == "/openapi.json"


def _error(request: Request, status: int, detail: str, headers: Any = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status, headers=headers)
    env: jinja2.Environment = request.app.state.templates
    html = env.get_template("error.html").render(status=status, detail=detail, request=request)
    return HTMLResponse(html, status, headers=headers)
