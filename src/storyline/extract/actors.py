"""Who attacked, whom, what, and with what: the role phrases of an event, as printed.

Two readers, merged:
- `roles.py`, a model trained on MUC-4 (English only), reads perpetrators, victims,
  targets and weapons from a dependency parse;
- phrase rules in five languages (this module) find what any report of an attack says
  in much the same words: weapons ("explosive belts", "ceintures explosives", "un
  fucile"), attackers described by what they did ("two suicide bombers", "un
  tireur", "los atacantes") and places attacked ("near the mosque", "devant
  l'église"), the last only in a sentence that reports violence.

Every phrase is a span of the raw text with its Evidence, so a reader can check it.
Perpetrator organisations also come from claims of responsibility (`claims.py`), which
`events.py` adds: a group that claims an attack is its perpetrator by its own word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.extract.episodes import VIOLENCE
from storyline.model import Article, Evidence, Sentence

ROLES = ("perpetrator_organizations", "perpetrator_individuals", "victims", "targets", "weapons")
MODEL_MIN_SCORE = 0.5  # below this the MUC-4 model's fillers were mostly wrong on news


@dataclass(frozen=True, slots=True)
class RolePhrase:
    role: str  # one of ROLES
    text: str  # as printed
    evidence: Evidence
    source: str  # "rule" | "model" | "claim"
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "source": self.source,
            "score": round(self.score, 3),
            "evidence": self.evidence.to_dict(),
        }


def _alt(*words: str) -> str:
    return "|".join(words)


# Weapons: the instrument nouns, each with the modifiers that make it specific.
_WEAPONS = re.compile(
    r"\b(?:"
    + _alt(
        # en
        r"(?:suicide|explosives?|bomb) (?:belts?|vests?|jackets?)",
        r"(?:car|truck|roadside|pipe|nail|barrel|letter|parcel|time|petrol|"
        r"improvised) bombs?",
        r"bombs?",
        r"(?:improvised )?explosive devices?",
        r"ieds?",
        r"explosives?(?! belt| vest)",
        r"dynamite",
        r"(?:hand )?grenades?",
        r"rocket(?:-propelled grenades?|s)?",
        r"mortars?(?: shells?| rounds?)?",
        r"missiles?",
        r"drones?",
        r"(?:assault |automatic |semi-automatic |hunting )?rifles?",
        r"(?:machine ?|hand|shot|sub-machine )guns?",
        r"pistols?",
        r"revolvers?",
        r"firearms?",
        r"kalashnikovs?",
        r"ak-47s?",
        r"knives|knife",
        r"machetes?",
        r"molotov cocktails?",
        r"landmines?",
        # fr
        r"ceintures? (?:d'explosifs|explosives?)",
        r"gilets? (?:d'explosifs|explosifs?)",
        r"voitures?[- ]piégées?",
        r"engins? explosifs?(?: improvisés?)?",
        r"grenades?",
        r"fusils?(?: d'assaut| automatiques?)?",
        r"armes? (?:à feu|automatiques?|blanches?)",
        r"couteaux?",
        r"explosifs?",
        r"roquettes?",
        r"obus",
        # es
        r"cinturon(?:es)? (?:explosivos?|de explosivos)",
        r"chalecos? (?:explosivos?|bomba)",
        r"coches?[- ]bombas?",
        r"artefactos? explosivos?",
        r"granadas?",
        r"fusil(?:es)?(?: de asalto)?",
        r"armas? (?:de fuego|blancas?)",
        r"cuchillos?",
        r"explosivos?",
        r"pistolas?",
        # it
        r"cinture? esplosiv[ae]",
        r"giubbott[oi] esplosiv[oi]",
        r"autobomba|auto[- ]bomba",
        r"ordign[oi](?: esplosiv[oi])?",
        r"fucil[ei](?: d'assalto| automatic[oi])?",
        r"armi? da fuoco",
        r"coltell[oi]",
        r"esplosiv[oi]",
        r"pistol[ae]",
        # ro
        r"centur(?:a|i|ile) (?:explozive?|cu explozibil)",
        r"mașin(?:a|ă) capcană",
        r"dispozitiv(?:e|ul)? explozive?",
        r"arm(?:a|ă|e) de foc",
        r"cuțit(?:e|ul)?",
        r"explozibil(?:i|ul)?",
    )
    + r")\b",
    re.IGNORECASE,
)

# Attackers described by the act: "a gunman", "two suicide bombers", "les assaillants".
_NUMBER_WORD = (
    r"(?:a|an|one|two|three|four|five|several|the|un|une|deux|trois|des|les|le|l'|"
    r"uno|una|dos|tres|los|las|el|il|lo|gli|i|due|tre|un|o|doi|trei|\d+)"
)
_PERPETRATORS = re.compile(
    r"\b(?:"
    + _NUMBER_WORD
    + r"\s+)?(?:"
    + _alt(
        r"(?:suicide )?bombers?",
        r"gunm[ae]n",
        r"shooters?",
        r"assailants?",
        r"attackers?",
        r"militants?",
        r"(?:kamikazes?|terroristes?|assaillants?|tireurs?|auteurs? (?:de l'attentat|des tirs))",
        r"(?:atacantes?|terroristas?|pistoleros?|sicarios?|tiradores?|agresor(?:es)?)",
        r"(?:attentator[ei]|aggressor[ei]|kamikaze|terroristi|uomini armati)",
        r"(?:atacator(?:ul|ii|i)?|teroriști(?:i)?|sinucigaș(?:ul|ii|i)?)",
    )
    + r")\b",
    re.IGNORECASE,
)

# Places attacked: a kind of building or gathering after a preposition of place.
_TARGET_PREP = (
    r"(?:at|near|outside|inside|in front of|on|into|près d[eu']|devant|dans|contre|"
    r"cerca de|frente a|en|contra|vicino a|davanti a|contro|presso|lângă|în fața|asupra)"
)
_TARGET_NOUN = _alt(
    r"mosques?",
    r"church(?:es)?",
    r"synagogues?",
    r"temples?",
    r"shrines?",
    r"mausoleums?",
    r"tombs?",
    r"graves?",
    r"cemetery|cemeteries",
    r"markets?",
    r"schools?",
    r"universit(?:y|ies)",
    r"hospitals?",
    r"embass(?:y|ies)",
    r"consulates?",
    r"checkpoints?",
    r"police stations?",
    r"barracks",
    r"military base",
    r"hotels?",
    r"restaurants?",
    r"nightclubs?",
    r"concert hall",
    r"stadium",
    r"airport",
    r"(?:bus|train|railway|metro) station",
    r"buses|bus",
    r"convoy",
    r"pipeline",
    r"power (?:station|plant|tower|line)s?",
    r"mosquée",
    r"église",
    r"synagogue",
    r"tombe(?:au)?",
    r"cimetière",
    r"marché",
    r"école",
    r"ambassade",
    r"commissariat",
    r"caserne",
    r"mezquita",
    r"iglesia",
    r"tumba",
    r"cementerio",
    r"mercado",
    r"escuela",
    r"embajada",
    r"comisaría",
    r"cuartel",
    r"moschea",
    r"chiesa",
    r"tomba",
    r"cimitero",
    r"mercato",
    r"scuola",
    r"ambasciata",
    r"caserma",
    r"moscheea?",
    r"biserica",
    r"mormântul",
    r"cimitirul",
    r"piața",
    r"ambasada",
)
_TARGETS = re.compile(
    r"\b" + _TARGET_PREP + r"\s+(?:(?:the|a|an|la|le|l'|les|el|los|las|il|lo)\s*)?"
    r"(?P<np>(?:[\w'’-]+\s+){0,4}?(?:" + _TARGET_NOUN + r")\b"
    r"(?:\s+(?:of|de|du|del|di)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*"
    r"(?:[- ](?-i:[A-Z])[\w'’-]*){0,3})?)",
    re.IGNORECASE,
)


def find_role_phrases(
    article: Article,
    sentences: Sequence[Sentence],
    model_fillers: Iterable[Any] = (),
) -> dict[str, list[RolePhrase]]:
    """Role phrases inside `sentences`, from the rules and from the model's fillers.

    `model_fillers` are `roles.RoleFiller`s over `article.raw_text`; those outside the
    sentences or below MODEL_MIN_SCORE are dropped. A phrase is kept once per role
    (the first mention, case-folded), and a phrase the rules found is not repeated
    from the model.
    """
    text = article.raw_text
    spans = [(s.start, s.end) for s in sentences]
    found: dict[str, list[RolePhrase]] = {role: [] for role in ROLES}

    def add(role: str, start: int, end: int, source: str, score: float = 1.0) -> None:
        phrase = text[start:end].strip()
        if not phrase or not any(a <= start and end <= b for a, b in spans):
            return
        key = phrase.casefold()
        if any(p.text.casefold() == key for p in found[role]):
            return
        found[role].append(RolePhrase(role, phrase, article.evidence(start, end), source, score))

    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        violent = VIOLENCE.search(chunk) is not None
        for m in _WEAPONS.finditer(chunk):
            add("weapons", sentence.start + m.start(), sentence.start + m.end(), "rule")
        if not violent:
            continue
        for m in _PERPETRATORS.finditer(chunk):
            start = sentence.start + m.start()
            add("perpetrator_individuals", start, sentence.start + m.end(), "rule")
        for m in _TARGETS.finditer(chunk):
            add("targets", sentence.start + m.start("np"), sentence.start + m.end("np"), "rule")
    for filler in model_fillers:
        if filler.role in found and filler.score >= MODEL_MIN_SCORE:
            add(filler.role, filler.start, filler.end, "model", filler.score)
    for role in ROLES:
        found[role].sort(key=lambda p: p.evidence.start)
    return found
