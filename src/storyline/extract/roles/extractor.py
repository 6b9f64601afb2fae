"""The extractor: spaCy's small English pipeline (no NER; a tag map and a memoised
lemmatizer instead of its attribute ruler and lemmatizer; numpy's BLAS instead of blis),
then features, models and decisions, a batch of texts at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

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
from storyline.spacy_ops import one_blas_thread, use_numpy_blas

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


def _set_pos_and_lemma(token: Any) -> None:
    """The tag map on one token, then spaCy's rule lemmatizer (it reads the POS and the
    morphology the tag map sets); an auxiliary keeps its lemma from the map."""
    tag, low = token.tag_, token.lower_
    pos = _TAG_POS.get(tag, "X")
    if pos == "VERB" and (low in _AUX_LEMMA or low in _MODALS):
        pos = "AUX"
    token.pos_ = pos
    if tag in _TAG_MORPH:
        token.set_morph(_TAG_MORPH[tag])
    if pos == "AUX" and low in _AUX_LEMMA:
        token.lemma_ = _AUX_LEMMA[low]


class PosAndLemma:
    """The tag map and the lemmatizer as one pipeline step, memoised by (word, tag): both
    depend on nothing else, and spaCy's lemmatizer builds a Python object per token (the
    two took a sixth of the pipeline's time, the memo a twentieth of that)."""

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        # (orth, tag) hashes -> (POS id, morphology hash, lemma hash)
        self.memo: dict[tuple[int, int], tuple[int, int, int]] = {}

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS, TAG

        memo = self.memo
        values = []
        for i, key in enumerate(map(tuple, doc.to_array([ORTH, TAG]).tolist())):
            value = memo.get(key)
            if value is None:
                token = doc[i]
                _set_pos_and_lemma(token)
                if token.lemma == 0:
                    token.lemma_ = self.lemmatizer.lemmatize(token)[0]
                value = memo[key] = (token.pos, token.morph.key, token.lemma)
            values.append(value)
        if values:
            doc.from_array([POS, MORPH, LEMMA], np.array(values, dtype=np.uint64))
        return doc


def load_spacy() -> Any:
    """spaCy's small English pipeline: tok2vec, tagger and parser (no NER: slow, and weak
    on lower case), then `PosAndLemma` instead of the attribute ruler and lemmatizer, all
    layers computed with numpy's BLAS (`use_numpy_blas`)."""
    import spacy  # deferred: a second to load, and only this stage needs it
    from spacy.language import Language

    if not Language.has_factory("storyline_pos_and_lemma"):
        Language.factory("storyline_pos_and_lemma", func=_pos_and_lemma_factory)
    nlp = spacy.load(SPACY_MODEL, exclude=["ner", "attribute_ruler"])
    lemmatizer = nlp.remove_pipe("lemmatizer")[1]
    nlp.add_pipe("storyline_pos_and_lemma")
    nlp.get_pipe("storyline_pos_and_lemma").lemmatizer = lemmatizer
    return use_numpy_blas(nlp)


def _pos_and_lemma_factory(nlp: Any, name: str) -> PosAndLemma:
    return PosAndLemma(None)  # load_spacy hands it the pipeline's lemmatizer


_BATCH = 32  # texts parsed and scored together


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
        """`extract` over many texts, parsed and scored in batches (faster than one by one)."""
        if language not in self.languages:
            raise ValueError(f"role extraction supports {self.languages}, not {language!r}")
        texts = list(texts)
        for k in range(0, len(texts), _BATCH):
            batch = texts[k : k + _BATCH]
            with one_blas_thread():
                docs = list(self.nlp.pipe((lower_same_length(t) for t in batch), batch_size=_BATCH))
            analyses = [analyse(doc) for doc in docs]
            for text, analysis, scores in zip(
                batch, analyses, self.models.scores_many(analyses), strict=True
            ):
                yield decide(analysis, *scores, text, self.decisions)
