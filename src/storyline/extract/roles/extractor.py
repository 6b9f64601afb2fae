"""The extractor: spaCy's small English pipeline (a fast tag map instead of its attribute
ruler, no NER), then features, models and decisions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from storyline.extract.roles.decide import DEFAULT_DECISIONS, decide
from storyline.extract.roles.features import analyse
from storyline.extract.roles.model import Models
from storyline.extract.roles.schema import (
    CONFIG_PATH,
    MODEL_PATH,
    SPACY_MODEL,
    TRAIN_COMMAND,
    Incident,
    _lex,
    lower_same_length,
)

# Penn tag -> universal POS, the morphology by which the lemmatizer knows a base form, and
# auxiliaries' lemmas: what the pipeline's attribute_ruler sets, in a seventh of its time
# (it took a fifth of the parse)
_TAG_POS = dict(
    p.split("=")
    for p in _lex(
        "$=SYM ''=PUNCT ,=PUNCT -LRB-=PUNCT -RRB-=PUNCT .=PUNCT :=PUNCT HYPH=PUNCT NFP=PUNCT "
        "``=PUNCT CC=CCONJ CD=NUM DT=DET EX=PRON FW=X IN=ADP JJ=ADJ JJR=ADJ JJS=ADJ LS=X MD=AUX "
        "NN=NOUN NNS=NOUN NNP=PROPN NNPS=PROPN PDT=DET POS=PART PRP=PRON PRP$=PRON RB=ADV "
        "RBR=ADV RBS=ADV RP=ADP SYM=SYM TO=PART UH=INTJ VB=VERB VBD=VERB VBG=VERB VBN=VERB "
        "VBP=VERB VBZ=VERB WDT=PRON WP=PRON WP$=DET WRB=SCONJ _SP=SPACE ADD=X AFX=ADJ XX=X"
    )
)
_TAG_MORPH = {
    "VB": "VerbForm=Inf",
    "VBP": "Tense=Pres|VerbForm=Fin",
    "JJ": "Degree=Pos",
    "NN": "Number=Sing",
    "NNP": "Number=Sing",
    "CD": "NumType=Card",
}
_AUX_LEMMA = {
    **dict.fromkeys(_lex("be is are was were been being am 's 're 'm"), "be"),
    **dict.fromkeys(_lex("has have had having 've"), "have"),
    **dict.fromkeys(_lex("do does did"), "do"),
}
_MODALS = _lex("will would shall should can could may might must ca wo 'd")


def _tag_to_pos(doc: Any) -> Any:
    for t in doc:
        tag, low = t.tag_, t.lower_
        pos = _TAG_POS.get(tag, "X")
        if pos == "VERB" and (low in _AUX_LEMMA or low in _MODALS):
            pos = "AUX"
        t.pos_ = pos
        if tag in _TAG_MORPH:
            t.set_morph(_TAG_MORPH[tag])
        if pos == "AUX" and low in _AUX_LEMMA:
            t.lemma_ = _AUX_LEMMA[low]  # the lemmatizer keeps a lemma already set
    return doc


def load_spacy() -> Any:
    import spacy  # deferred: a second to load, and only this stage needs it
    from spacy.language import Language

    if not Language.has_factory("storyline_tag_to_pos"):
        Language.component("storyline_tag_to_pos", func=_tag_to_pos)
    nlp = spacy.load(SPACY_MODEL, exclude=["ner", "attribute_ruler"])
    nlp.add_pipe("storyline_tag_to_pos", before="lemmatizer")
    return nlp


class RoleExtractor:
    """Finds incidents and their role fillers in English news text."""

    languages = ("en",)

    def __init__(self, models: Models, decisions: dict[str, Any] | None = None):
        self.models = models
        self.decisions = {**DEFAULT_DECISIONS, **(decisions or {})}

    @classmethod
    def load(cls, model_path: Path = MODEL_PATH, config_path: Path = CONFIG_PATH) -> RoleExtractor:
        models = Models.load(model_path)
        if not config_path.exists():
            raise FileNotFoundError(f"{config_path} is missing: build it with `{TRAIN_COMMAND}`")
        return cls(models, json.loads(config_path.read_text(encoding="utf-8"))["decisions"])

    @cached_property
    def nlp(self) -> Any:
        return load_spacy()

    def extract(self, text: str, language: str = "en") -> list[Incident]:
        """Incidents in `text`, fillers as spans of it; [] when it reports none."""
        return next(self.extract_many([text], language))

    def extract_many(self, texts: Iterable[str], language: str = "en") -> Iterator[list[Incident]]:
        """`extract` over many texts, parsed in batches (faster than one by one)."""
        if language not in self.languages:
            raise ValueError(f"role extraction supports {self.languages}, not {language!r}")
        texts = list(texts)
        docs = self.nlp.pipe((lower_same_length(t) for t in texts), batch_size=32)
        for text, doc in zip(texts, docs, strict=True):
            analysis = analyse(doc)
            yield decide(analysis, *self.models.scores(analysis), text, self.decisions)
