"""Each reader on inputs we write here, chosen by content as well as by extension."""

from __future__ import annotations

import json

from storyline.ingest import iter_units, parse_document
from storyline.model import InputOutcome
from tests.conftest import run_cli

STORY = (
    "Floodwaters swept through the river town of Velmora on Tuesday, killing at least nine people, "
    "the regional governor said.\n\nRescue teams were still searching for four missing residents "
    "late on Tuesday, according to the fire brigade."
)


def units(*paths):
    out = []
    for _source, items in iter_units([str(p) for p in paths]):
        out.extend(items)
    return out


def articles(registry, *paths):
    return [parse_document(u, registry) for u in units(*paths) if not isinstance(u, InputOutcome)]


def test_plain_text_uses_the_file_stem_as_id(tmp_path, registry):
    path = tmp_path / "velmora-floods.txt"
    path.write_text("Floods kill nine in Velmora\n\n" + STORY, encoding="utf-8")
    [article] = articles(registry, path)
    assert article.id == "velmora-floods"
    assert article.title == "Floods kill nine in Velmora"
    assert article.raw_text == path.read_text(encoding="utf-8")
    assert article.language == "en"
    assert [s.text for s in article.sentences][1].startswith("Floodwaters swept")


def test_html_page_gives_title_date_outlet_and_body(tmp_path, registry):
    body = "".join(f"<p>{para}</p>\n" for para in STORY.split("\n\n")) * 2
    page = f"""<!doctype html><html lang="en"><head><title>Floods | The Velmora Courier</title>
<meta property="og:site_name" content="The Velmora Courier">
<meta property="og:title" content="Floods kill nine in Velmora">
<meta property="article:published_time" content="2023-05-02T17:45:00+02:00">
<link rel="canonical" href="https://www.velmoracourier.example/news/floods"></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><h1>Floods kill nine</h1>
<p class="byline">The Velmora Courier with AFP</p>{body}</article>
<footer>© 2023 The Velmora Courier. All rights reserved.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [article] = articles(registry, path)
    assert article.title == "Floods kill nine in Velmora"
    assert article.published_iso() == "2023-05-02T17:45:00+02:00"
    assert article.outlet == "The Velmora Courier"
    assert article.agencies == ["AFP"]
    assert article.url == "https://www.velmoracourier.example/news/floods"
    assert "Rescue teams were still searching" in article.clean_text
    assert "Sport" not in article.clean_text and "All rights reserved" not in article.clean_text


def test_json_object_list_and_wrapper(tmp_path, registry):
    record = {
        "doc_id": "v-1",
        "url": "https://news.example.org/a",
        "outlet": "Velmora Radio",
        "title": "Floods",
        "dct": "2023-05-02",
        "language": "en",
        "body": STORY,
        "section": "weather",
    }
    (tmp_path / "one.json").write_text(json.dumps(record))
    (tmp_path / "many.json").write_text(
        json.dumps(
            [record | {"doc_id": "v-2"}, record | {"doc_id": "v-3", "body": STORY + " More."}]
        )
    )
    (tmp_path / "wrapped.json").write_text(
        json.dumps({"articles": [record | {"doc_id": "v-4", "body": "Short note."}]})
    )
    got = {a.id: a for a in articles(registry, tmp_path)}
    assert set(got) == {"v-1", "v-2", "v-3", "v-4"}
    assert got["v-1"].published_iso() == "2023-05-02"
    assert got["v-1"].outlet == "Velmora Radio"
    assert got["v-1"].metadata["fields"] == {"section": "weather"}
    assert got["v-2"].source.endswith("many.json#1")


def test_jsonl_lines_and_content_sniffing(tmp_path, registry):
    lines = [
        {"id": f"line-{i}", "text": f"{STORY} Update number {i}.", "published": 1683040000 + i}
        for i in range(3)
    ]
    # a .txt extension does not hide JSON Lines content
    path = tmp_path / "export.txt"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    got = articles(registry, path)
    assert [a.id for a in got] == ["line-0", "line-1", "line-2"]
    assert got[0].published_iso() == "2023-05-02T15:06:40+00:00"
    assert got[2].source == f"{path}#L3"


def test_rss_and_atom_feeds(tmp_path, registry):
    rss = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Velmora Radio - Latest</title><link>https://velmora.example</link>
<item><title>Floods kill nine</title><link>https://velmora.example/floods</link>
<guid isPermaLink="false">vr-2023-floods</guid><pubDate>Tue, 02 May 2023 18:00:00 +0200</pubDate>
<description><![CDATA[<p>{STORY.split(chr(10))[0]}</p><p>{STORY.split(chr(10))[-1]}</p>]]></description></item>
</channel></rss>"""
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Post</title>
<entry><title>Velmora counts the cost</title><id>urn:hillpost:velmora-cost</id>
<link href="https://hillpost.example/velmora"/><updated>2023-05-03T08:00:00Z</updated>
<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>"""
    (tmp_path / "radio.xml").write_text(rss)
    (tmp_path / "hill.atom").write_text(atom)
    got = {a.id: a for a in articles(registry, tmp_path)}
    radio = got["vr-2023-floods"]
    assert radio.outlet == "Velmora Radio"
    assert radio.published_iso() == "2023-05-02T18:00:00+02:00"
    assert radio.title == "Floods kill nine"
    assert "Rescue teams" in radio.clean_text
    [hill] = [a for a in got.values() if a.outlet == "Hill Post"]
    assert hill.title == "Velmora counts the cost"
    assert hill.published_iso() == "2023-05-03T08:00:00+00:00"


def test_directories_are_read_recursively_in_order(tmp_path, registry):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b" / "deeper" / "c.txt").write_text(STORY + " Deeper.")
    (tmp_path / ".hidden.txt").write_text(STORY)
    assert [a.id for a in articles(registry, tmp_path)] == ["a", "c"]


def test_stdin_is_an_input(tmp_path):
    result = run_cli("build", "-", "--out", str(tmp_path / "out"), input=STORY.encode())
    assert result.returncode == 0, result.stderr.decode()
    [line] = (tmp_path / "out" / "articles.jsonl").read_text().splitlines()
    row = json.loads(line)
    assert row["source"] == "<stdin>" and row["id"] == "stdin"
