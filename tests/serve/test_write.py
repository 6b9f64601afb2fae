"""Posting an article: hostile text is stored and shown as text, and the stages re-run."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from storyline.serve import create_app

HOSTILE = (
    "Kerman, Iran. <script>alert(1)</script> A spokesman said '; DROP TABLE articles; -- "
    "and nothing else. Officials said at least 84 people were killed in the twin bombings "
    "near the tomb of Qasem Soleimani in Kerman on Wednesday."
)


@pytest.fixture(scope="module")
def client(kerman_build):
    with TestClient(create_app(str(kerman_build[0]), token="secret")) as c:
        yield c


def test_hostile_article_is_text_and_changes_nothing(client):
    before = client.get("/api/status").json()["tables"]
    r = client.post(
        "/api/articles",
        json={
            "text": HOSTILE,
            "title": "<b>bold</b> '; DROP TABLE stories; --",
            "outlet": "<img src=x onerror=alert(1)>",
            "published": "2024-01-04",
        },
        headers={"Authorization": "Bearer secret"},
    )
    assert r.status_code == 202, r.text
    article_id = r.json()["id"]
    assert client.app.state.updater.wait(timeout=300)
    status = client.get("/api/status").json()
    assert status["rebuild"]["last_error"] is None and status["rebuild"]["runs"] >= 1
    after = status["tables"]
    assert after["articles"] == before["articles"] + 1
    for table in ("stories", "story_articles", "story_facts", "entities"):
        assert after[table] >= 1, table
    # the stages re-ran: the new article belongs to a story now
    stored = client.get(f"/api/articles/{article_id}").json()
    assert stored["raw_text"] == HOSTILE and stored["story"]
    page = client.get(f"/articles/{article_id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<b>bold</b>" not in page
    assert str(escape("'; DROP TABLE articles; --")) in page
    assert client.get(f"/stories/{stored['story']}").status_code == 200
    listing = client.get("/", params={"q": "DROP TABLE"}).text
    assert "<b>bold</b>" not in listing


def test_hostile_queries_are_only_text(client):
    before = client.get("/api/status").json()["tables"]
    for q in ("'; DROP TABLE articles; --", "%", "_", "\\", "<script>alert(1)</script>"):
        assert client.get("/api/search", params={"q": q}).status_code == 200
        page = client.get("/search", params={"q": q})
        assert page.status_code == 200 and "<script>alert(1)</script>" not in page.text
        assert client.get("/api/stories", params={"q": q}).status_code == 200
    assert client.get("/api/search", params={"q": "%"}).json()["articles"]["total"] == 0
    assert client.get("/api/status").json()["tables"] == before


def test_duplicate_is_not_stored_twice(client):
    headers = {"Authorization": "Bearer secret"}
    first = client.post("/api/articles", json={"text": "Twice told. " * 20}, headers=headers)
    again = client.post("/api/articles", json={"text": "Twice told. " * 20}, headers=headers)
    assert first.status_code == 202 and again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert client.app.state.updater.wait(timeout=300)
