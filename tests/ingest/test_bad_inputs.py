"""Bad input: each case is read correctly or rejected with a one-line reason naming it."""

from __future__ import annotations

import json
import os

from storyline.ingest import iter_units, parse_document
from storyline.model import InputOutcome
from storyline.pipeline import ingest

TEXT = (
    "Der Bürgermeister von Zürich sagte, dass drei Menschen verletzt wurden. "
    "Café-Besitzer Müller erklärte: «Es war schrecklich»."
)
FRENCH = "L'été à Noël: trois blessés près du château, a déclaré le préfet à l'agence."


def outcomes(paths, **kw):
    found = []
    for _source, items in iter_units([str(p) for p in paths], **kw):
        found.extend(items)
    return found


def rejection(paths):
    [item] = [u for u in outcomes(paths) if isinstance(u, InputOutcome)]
    assert "\n" not in item.reason
    return item


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    reasons = {o.key: o.reason for o in outcomes([tmp_path])}
    assert reasons == {
        str(tmp_path / "blank.txt"): "empty file",
        str(tmp_path / "empty.txt"): "empty file",
    }


def test_binary_files(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2000))
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)
    reasons = {os.path.basename(o.key): o.reason for o in outcomes([tmp_path])}
    assert reasons["photo.jpg"] == "binary file: a JPEG image"
    assert reasons["report.pdf"] == "binary file: a PDF document"
    assert reasons["noise.txt"].startswith("binary file: binary data")


def test_latin1_and_utf16_text_is_read(tmp_path, registry):
    (tmp_path / "latin1.txt").write_bytes(TEXT.encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(FRENCH.encode("utf-16"))  # with a BOM
    (tmp_path / "utf16be.txt").write_bytes(b"\xfe\xff" + FRENCH.encode("utf-16-be"))
    got = {u.stem: parse_document(u, registry) for u in outcomes([tmp_path])}
    assert got["latin1"].raw_text == TEXT
    assert got["utf16"].raw_text == FRENCH
    assert got["utf16be"].raw_text == FRENCH
    assert got["utf16"].language == "fr"


def test_truncated_json_line_is_rejected_and_the_rest_read(tmp_path):
    good = {"id": "ok-1", "text": FRENCH}
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps(good)
        + "\n"
        + json.dumps({"id": "cut", "text": FRENCH})[:30]
        + "\n"
        + json.dumps(good | {"id": "ok-3"})
        + "\n"
    )
    items = outcomes([path])
    assert [u.id for u in items if not isinstance(u, InputOutcome)] == ["ok-1", "ok-3"]
    [bad] = [u for u in items if isinstance(u, InputOutcome)]
    assert bad.key == f"{path}#L2"
    assert bad.reason.startswith("truncated JSON")


def test_truncated_json_file(tmp_path):
    path = tmp_path / "article.json"
    path.write_text(json.dumps({"id": "x", "text": FRENCH})[:-10])
    assert rejection([path]).reason.startswith("truncated JSON")


def test_json_without_text(tmp_path):
    path = tmp_path / "meta.json"
    path.write_text(json.dumps({"id": "x", "title": "No body here"}))
    assert "no article" in rejection([path]).reason.lower()


def test_html_page_with_no_article(tmp_path, store):
    (tmp_path / "index.html").write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav>"
        "<footer>Contact</footer></body></html>"
    )
    report = ingest([str(tmp_path)], store)
    [bad] = report.rejected
    assert bad.key.endswith("index.html")
    assert "no article text" in bad.reason


def test_boilerplate_only_page_is_rejected_with_reason(tmp_path, store):
    (tmp_path / "captcha.txt").write_text(
        "You must enter the characters shown in the image below.\n\nI'm not a robot\n"
    )
    report = ingest([str(tmp_path)], store)
    [bad] = report.rejected
    assert bad.reason.startswith("no article text left after removing boilerplate")


def test_200_mb_file_is_rejected_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    chunk = b"A very long article goes on and on. " * 29128  # about 1 MiB
    with open(path, "wb") as fh:
        for _ in range(200):
            fh.write(chunk)
    bad = rejection([path])
    assert bad.reason.startswith("too large for one text document (200 MB")


def test_file_deleted_mid_run(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(FRENCH + name)
    seen = []
    for _source, items in iter_units([str(tmp_path)]):
        for item in items:
            seen.append(item)
            if len(seen) == 1:
                (tmp_path / "b.txt").unlink()  # gone after the listing, before the read
    assert seen[0].stem == "a"
    assert isinstance(seen[1], InputOutcome)
    assert seen[1].key.endswith("b.txt") and "vanished" in seen[1].reason


def test_directory_loop_through_symlinks(tmp_path, registry):
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "sub" / "a.txt").write_text(FRENCH)
    os.symlink(tmp_path / "corpus", tmp_path / "corpus" / "sub" / "back")
    items = outcomes([tmp_path / "corpus"])
    docs = [u for u in items if not isinstance(u, InputOutcome)]
    loops = [u for u in items if isinstance(u, InputOutcome)]
    assert [d.stem for d in docs] == ["a"]
    assert len(loops) == 1 and loops[0].reason.startswith("directory loop")


def test_missing_path_and_broken_link(tmp_path):
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    reasons = sorted(o.reason for o in outcomes([tmp_path, tmp_path / "absent.txt"]))
    assert reasons == ["broken symbolic link", "no such file or directory"]


def test_every_input_is_accounted_for(tmp_path, store):
    (tmp_path / "good.txt").write_text(FRENCH)
    (tmp_path / "copy.txt").write_text(FRENCH)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "lines.jsonl").write_text('{"id": "j1", "text": "' + TEXT + '"}\n{"id": \n')
    report = ingest([str(tmp_path)], store)
    assert dict(report.counts) == {"ingested": 2, "duplicate": 1, "rejected": 2}
    statuses = {o.key.replace(str(tmp_path), ""): o.status for o in store.outcomes()}
    assert statuses == {
        "/copy.txt": "ingested",
        "/good.txt": "duplicate",
        "/empty.txt": "rejected",
        "/lines.jsonl#L1": "ingested",
        "/lines.jsonl#L2": "rejected",
    }
