"""Bytes to text: byte-order marks, UTF-8, UTF-16 without a mark, legacy 8-bit encodings.

Binary files (PDF, images, archives, anything with control bytes) are refused with a
reason rather than decoded into noise.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)

_TEXT_CONTROLS = set(b"\t\n\r\f\v\x1b")


class NotText(ValueError):
    """The bytes are not text in any encoding we read."""


def sniff_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark or a UTF-16 zero pattern declares, if any."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:4096]
    if len(sample) >= 4 and b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    return None


def binary_kind(head: bytes) -> str | None:
    """What a binary file is, or None when the bytes may be text."""
    if sniff_encoding(head):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    sample = head[:8192]
    if not sample:
        return None
    if b"\x00" in sample:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    if controls > 0.02 * len(sample):
        return "binary data (control bytes)"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text and name the encoding used; raise NotText for binary data."""
    kind = binary_kind(data[:8192])
    if kind:
        raise NotText(f"binary file: {kind}")
    encoding = sniff_encoding(data[:4096])
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise NotText(f"broken {encoding} text at byte {exc.start}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "cp1252"
    for candidate in (encoding, "cp1252", "latin-1"):
        try:
            return data.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    raise NotText("undecodable text")  # latin-1 decodes any bytes: kept for type checkers
