"""The app over a real Kerman build, read-only: API, filters, pagination, pages, headers."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from storyline.serve import create_app


@pytest.fixture(scope="module")
def client(kerman_build):
    db, _ = kerman_build
    with TestClient(create_app(str(db), token="secret")) as c:
        yield c


@pytest.fixture(scope="module")
def story_id(kerman_build) -> str:
    return kerman_build[1]


def test_stories_list_and_filters(client, story_id):
    everything = client.get("/api/stories").json()
    assert story_id in [s["id"] for s in everything["items"]]
    kerman = next(s for s in everything["items"] if s["id"] == story_id)
    assert (kerman["country"], kerman["type"], kerman["date"]) == ("IR", "bombing", "2024-01-03")
    assert kerman["killed"] == 84 and kerman["articles"] == 5

    def ids(**params) -> list[str]:
        return [s["id"] for s in client.get("/api/stories", params=params).json()["items"]]

    assert story_id in ids(country="IR", type="bombing", since="2024-01-01", until="2024-01-31")
    assert story_id in ids(country="ir")
    assert story_id not in ids(country="FR")
    assert story_id not in ids(type="shooting")
    assert story_id not in ids(until="2023-12-31")
    assert story_id not in ids(since="2024-06-01")
    assert story_id in ids(q="Soleimani")
    assert story_id not in ids(q="no such phrase anywhere")
    assert client.get("/api/stories", params={"since": "yesterday"}).status_code == 422


def test_pagination(client):
    first = client.get("/api/articles", params={"per_page": 2}).json()
    second = client.get("/api/articles", params={"per_page": 2, "page": 2}).json()
    assert first["total"] == 5 and first["pages"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    beyond = client.get("/api/articles", params={"per_page": 2, "page": 9}).json()
    assert beyond["items"] == [] and beyond["total"] == 5
    assert client.get("/api/articles", params={"per_page": 0}).status_code == 422
    entities = client.get("/api/entities", params={"per_page": 3}).json()
    assert len(entities["items"]) == 3 and entities["total"] > 3


def test_story_article_entity_records(client, story_id):
    story = client.get(f"/api/stories/{story_id}").json()
    event = story["event"]
    assert event["date"]["value"] == "2024-01-03"
    assert event["location"]["name"] == "Kerman"
    assert event["figures"]["killed"]["value"] == 84
    assert event["figures"]["killed"]["status"] == "revised"
    assert event["claim"]["by"]["value"] == "Islamic State"
    assert {f["kind"] for f in story["flags"]} == {"likely error", "suspect publication date"}
    article_id = story["articles"][0]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["story"] == story_id and article["raw_text"]
    isis = client.get("/api/entities", params={"q": "islamic state"}).json()["items"]
    assert isis, "Islamic State is an entity"
    entity = client.get(f"/api/entities/{isis[0]['id']}").json()
    assert story_id in entity["stories"] and entity["variants"]
    found = client.get("/api/search", params={"q": "Telegram"}).json()
    assert story_id in [s["id"] for s in found["stories"]["items"]]
    for path in ("/api/stories/nope", "/api/articles/nope", "/api/entities/nope"):
        assert client.get(path).status_code == 404


def test_story_page_shows_the_fact_sheet(client, story_id):
    page = client.get(f"/stories/{story_id}")
    assert page.status_code == 200
    html = page.text
    killed = re.search(r'<tr class="revised" data-fact="killed">(.*?)</tr>', html, re.S)
    assert killed, "killed is a revised fact"
    assert re.search(r'href="/articles/[^"#]+#e-\d+-\d+"[^>]*>84</a>', killed.group(1))
    assert "103" in killed.group(1) and "95" in killed.group(1)
    assert re.search(r'<tr class="conflicting" data-fact="hospitalized">', html)
    # disagreements first: the conflicting and revised rows come before any confirmed row
    order = re.findall(r'<tr class="([\w-]+)" data-fact=', html)
    assert order[:2] == ["conflicting", "revised"]
    assert "<svg" in html and "Who says what" in html and "Flags" in html


def test_every_page_has_a_json_twin(client, story_id):
    twin = client.get(f"/stories/{story_id}.json").json()
    assert [r["slot"] for r in twin["facts"]][:2] == ["hospitalized", "killed"]
    assert twin["record"]["id"] == story_id
    article_id = twin["articles"][0]["id"]
    entity_id = twin["entities"][0]["id"]
    for page in (
        "/",
        "/articles",
        "/entities",
        f"/stories/{story_id}",
        f"/articles/{article_id}",
        f"/entities/{entity_id}",
        "/search?q=Kerman",
    ):
        html = client.get(page)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        path, _, query = page.partition("?")
        twin_path = ("/stories" if path == "/" else path) + ".json" + (f"?{query}" if query else "")
        data = client.get(twin_path)
        assert data.status_code == 200, twin_path
        assert data.headers["content-type"] == "application/json"


def test_article_page_marks_evidence(client, story_id):
    twin = client.get(f"/stories/{story_id}.json").json()
    killed = next(r for r in twin["facts"] if r["slot"] == "killed")
    path, anchor = killed["href"].split("#")
    start, end = (int(x) for x in anchor.split("-")[1:])
    html = client.get(path).text
    assert f'id="{anchor}"' in html
    raw = client.get("/api" + path).json()["raw_text"]
    assert raw[start:end] in html and "84" in raw[start:end]
    assert re.search(rf'<mark data-s="{start}" data-e="\d+"', html)


def test_security_headers_and_no_docs(client):
    for path in ("/", "/api/stories", "/openapi.json", "/static/app.css", "/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    spec = client.get("/openapi.json").json()
    assert "/api/stories" in spec["paths"] and "post" in spec["paths"]["/api/articles"]
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/app.py").status_code == 404
    html = client.get("/").text
    assert "<script>" not in html and "<style" not in html  # nothing inline


def test_writes_need_the_token(client):
    body = {"text": "A short test article."}
    assert client.post("/api/articles", json=body).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.post("/api/articles", json=body, headers=wrong).status_code == 401
    assert client.post("/api/articles", json={}, headers=wrong).status_code == 401


def test_body_size_limit(client):
    big = {"text": "x" * (3 * 1024 * 1024)}
    ok = {"Authorization": "Bearer secret"}
    assert client.post("/api/articles", json=big, headers=ok).status_code == 413


def test_no_token_means_no_writes(kerman_build):
    with TestClient(create_app(str(kerman_build[0]))) as c:
        r = c.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer x"})
        assert r.status_code == 403
