"""In a real browser (Debian's chromium through Playwright): the Kerman story as an
analyst sees it, and a click from the killed figure to the sentence it came from."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from storyline.serve import create_app

CHROMIUM = Path("/usr/lib/chromium/chromium")
# screenshots go to the test's tmp dir; set STORYLINE_SCREENSHOTS=DIR to keep copies
SHOTS = os.environ.get("STORYLINE_SCREENSHOTS")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(kerman_build):
    """uvicorn in a thread on 127.0.0.1, stopped at the end of the module."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        create_app(str(kerman_build[0])), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield b
        b.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)


def _fact(page, slot: str):
    return page.locator(f'table.facts tr[data-fact="{slot}"]')


def test_story_page_shows_the_expected_facts(server, browser, kerman_build, expected, tmp_path):
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    page.locator("ol.stories a.title").first.click()
    assert page.url.endswith("/stories/" + kerman_build[1])

    assert _fact(page, "date").locator("td.value").inner_text().strip() == expected["event"]["date"]
    assert "Kerman" in _fact(page, "location").locator("td.value").inner_text()
    killed = _fact(page, "killed")
    assert killed.locator("a.value").inner_text() == str(
        expected["figures"]["killed"]["consolidated"]
    )
    assert "revised" in killed.locator(".st").inner_text()
    why = killed.locator("td.why").inner_text()
    assert "103" in why and "95" in why
    injured = _fact(page, "injured").locator("a.value").inner_text()
    assert injured == str(expected["figures"]["injured"]["consolidated"])
    hospitalized = _fact(page, "hospitalized")
    assert "conflicting" in hospitalized.locator(".st").inner_text()
    shown = hospitalized.inner_text()
    assert all(str(r["value"]) in shown for r in expected["figures"]["hospitalized"]["reports"])
    assert _fact(page, "claim by").locator("a.value").inner_text() == "Islamic State"
    assert _fact(page, "claim channel").locator("a.value").inner_text() == "Telegram"
    # disagreements first, in colour
    first_rows = page.locator("table.facts tbody tr").evaluate_all(
        "rows => rows.slice(0, 2).map(r => r.className)"
    )
    assert first_rows == ["conflicting", "revised"]
    colour = hospitalized.evaluate("r => getComputedStyle(r).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    flags = page.locator("section.flags li").all_inner_texts()
    assert len(flags) == len(expected["flags"])
    assert any("likely error" in f and "March 4, 2020" in f for f in flags)
    assert any("suspect publication date" in f and "May 1, 2024" in f for f in flags)
    assert page.locator("svg.tl").count() >= 1
    assert page.locator("table.matrix tbody tr").count() == 5
    assert not errors, errors  # no CSP violations, no script errors
    _shot(page, tmp_path, "story-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than a phone"
    _shot(page, tmp_path, "story-phone")
    page.close()


def test_click_killed_figure_to_its_sentence(server, browser, kerman_build, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/stories/{kerman_build[1]}")
    link = _fact(page, "killed").locator("a.value")
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/articles/**")
    assert page.url.endswith(href)
    target = page.locator("#text mark.target")
    target.first.wait_for()
    assert "84" in " ".join(target.all_inner_texts())
    assert target.first.is_visible() and target.first.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }"
    ), "the marked span is scrolled into view"
    item = page.locator(".evidence li.target")
    assert item.count() == 1
    sentence = item.locator(".sentence").inner_text()
    assert "84" in sentence and "dead" in sentence
    _shot(page, tmp_path, "article-evidence")
    page.close()
