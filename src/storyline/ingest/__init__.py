"""Ingest: inputs (files, directories, stdin) to Articles, and an outcome for every input.

Public interface:
- `iter_units(paths)`: every RawDocument, or a rejection, in a reproducible order;
- `parse_document(doc, registry)`: one RawDocument to an Article (pure);
- `default_registry()`: the outlet registry shipped with the package.
"""

from storyline.ingest.article import NoArticleText, parse_document
from storyline.ingest.outlets import OutletRegistry, default_registry
from storyline.ingest.readers import RawDocument, read_source
from storyline.ingest.sources import SourceFile, iter_sources


def iter_units(paths: list[str], stdin: bytes | None = None):
    """Every document under `paths`, or a rejection naming the input and the problem."""
    for item in iter_sources(paths, stdin=stdin):
        if isinstance(item, SourceFile):
            yield item, read_source(item)
        else:
            yield None, iter([item])


__all__ = [
    "NoArticleText",
    "OutletRegistry",
    "RawDocument",
    "default_registry",
    "iter_units",
    "parse_document",
]
