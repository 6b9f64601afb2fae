"""Where inputs come from: files, directories walked recursively, and standard input.

Walking is lazy and in sorted order so that a run is reproducible; a directory reached
twice through symbolic links is reported once as a loop and not walked again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.model import InputOutcome

STDIN = "-"
# Hidden files and editor/OS litter are not articles.
_SKIPPED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to read (or standard input, whose bytes are read up front)."""

    key: str  # the path as the user can find it again
    path: Path | None
    data: bytes | None = None

    @property
    def stem(self) -> str:
        if self.path is None:
            return "stdin"
        name = self.path.name
        for suffix in (".jsonl", ".ndjson", ".json", ".html", ".htm", ".xml", ".txt"):
            if name.lower().endswith(suffix) and len(name) > len(suffix):
                return name[: -len(suffix)]
        return self.path.stem or name

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower() if self.path else ""


def iter_sources(
    paths: list[str], stdin: bytes | None = None
) -> Iterator[SourceFile | InputOutcome]:
    """Yield every file under `paths`, and a rejection for each path that cannot be walked."""
    seen_dirs: dict[tuple[int, int], str] = {}
    for raw in paths:
        if raw == STDIN:
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            yield SourceFile(key="<stdin>", path=None, data=data)
            continue
        path = Path(raw)
        try:
            path.stat()
        except FileNotFoundError:
            yield InputOutcome(str(path), "rejected", reason="no such file or directory")
            continue
        except OSError as exc:
            yield InputOutcome(str(path), "rejected", reason=f"cannot read: {exc.strerror or exc}")
            continue
        if path.is_dir():
            yield from _walk(path, seen_dirs)
        else:
            yield SourceFile(key=str(path), path=path)


def _walk(root: Path, seen_dirs: dict[tuple[int, int], str]) -> Iterator[SourceFile | InputOutcome]:
    try:
        st = root.stat()
    except OSError as exc:
        yield InputOutcome(str(root), "rejected", reason=f"cannot read directory: {exc.strerror}")
        return
    ident = (st.st_dev, st.st_ino)
    if ident in seen_dirs:
        yield InputOutcome(
            str(root), "rejected", reason=f"directory loop: already read as {seen_dirs[ident]}"
        )
        return
    seen_dirs[ident] = str(root)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield InputOutcome(str(root), "rejected", reason=f"cannot list directory: {exc.strerror}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIPPED_NAMES:
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symbolic links
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen_dirs)
        elif entry.is_symlink() and not path.exists():
            yield InputOutcome(str(path), "rejected", reason="broken symbolic link")
        else:
            yield SourceFile(key=str(path), path=path)
