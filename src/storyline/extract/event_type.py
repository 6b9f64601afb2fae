"""What kind of violence an event was, from trigger words in five languages.

The taxonomy, and how each type maps onto ACLED (event type: sub-event type), GTD
(attack type) and MUC-4 (incident type):

- bombing: ACLED Explosions/Remote violence: Suicide bomb, Remote explosive/landmine/IED,
  Grenade; GTD Bombing/Explosion; MUC-4 bombing.
- armed_assault: ACLED Violence against civilians: Attack, or Battles: Armed clash;
  GTD Armed Assault; MUC-4 attack.
- assassination: ACLED Violence against civilians: Attack (a named target);
  GTD Assassination; MUC-4 attack.
- kidnapping: ACLED Violence against civilians: Abduction/forced disappearance;
  GTD Hostage Taking (Kidnapping, Barricade Incident); MUC-4 kidnapping.
- hijacking: ACLED Abduction/forced disappearance; GTD Hijacking; MUC-4 attack.
- arson: ACLED Riots: Mob violence, or Strategic developments: Looting/property
  destruction; GTD Facility/Infrastructure Attack; MUC-4 arson.
- robbery: ACLED Strategic developments: Looting/property destruction; outside GTD
  (crime without a political aim); MUC-4 robbery.
- forced_work_stoppage: ACLED Protests: Protest with intervention; outside GTD;
  MUC-4 forced work stoppage.
- attack (means unstated): ACLED Violence against civilians: Attack; GTD Unknown;
  MUC-4 attack.

Flags: `suicide` (a suicide attack: ACLED's "Suicide bomb", GTD's `suicide` field) and
`attackers` (the number of attackers when the text states it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.model import Article, Evidence, Sentence

EVENT_TYPES = (
    "bombing",
    "armed_assault",
    "assassination",
    "kidnapping",
    "hijacking",
    "arson",
    "robbery",
    "forced_work_stoppage",
    "attack",
)

_TRIGGERS: dict[str, str] = {
    "bombing": r"bomb\w*|blast\w*|explo(?:sion|sive|ded|de)\w*|ied\b|grenade\w*|detonat\w*|"
    r"blew (?:himself|herself|themselves) up|attentat-suicide|kamikaze\w*|attentat à la bombe|"
    r"explosif\w*|bombe\w*|explosión\w*|explosivo\w*|coche bomba|esplosion\w*|esplosiv\w*|"
    r"bomba\b|bombe\b|explozi\w*|exploziv\w*|bombă",
    "armed_assault": r"shoot\w*|shot\b|shots fired|gunm[ae]n|gunfire|gunshot\w*|opened fire|"
    r"fusillade\w*|coups de feu|tirs?\b|abattu\w*|tiroteo\w*|disparos?|balacera|a tiros|"
    r"sparatori\w*|spar[io]\b|colpi d'arma|împușc\w*|focuri de armă|atac armat",
    "assassination": r"assassinat\w*|asesinato\w*|assassini\w*|asasinat\w*",
    "kidnapping": r"kidnap\w*|abduct\w*|hostage\w*|enlèvement\w*|enlev[ée]\w*|otage\w*|"
    r"secuestr\w*|rehenes?|rapimento|rapit[oi]|ostaggi\w*|răpi\w*|ostatic\w*",
    "hijacking": r"hijack\w*|détourn\w* (?:un|d'un) avion|secuestro aéreo|dirottament\w*",
    "arson": r"arson\w*|set (?:on )?fire to|torched|firebomb\w*|incendie criminel|"
    r"incendio (?:provocado|intencionado|doloso)|incendier\w*",
    "robbery": r"robber\w*|robbed|hold-?up|braquage\w*|vol à main armée|atraco\w*|asalto a mano "
    r"armada|rapina\w*|jaf\w*|tâlhări\w*",
    "forced_work_stoppage": r"forced (?:work )?stoppage|armed strike|paro armado|grève forcée",
    "attack": r"attack\w*|attentat\w*|attaque\w*|atentado\w*|ataque\w*|attentato\w*|attacco\w*|"
    r"atac\w*|assault\w*",
}
_TRIGGER_RES = {t: re.compile(rf"\b(?:{p})", re.IGNORECASE) for t, p in _TRIGGERS.items()}
# When several kinds are reported the most specific wins ties: a bombing is also an attack.
_PRIORITY = {t: i for i, t in enumerate(EVENT_TYPES)}

_SUICIDE = re.compile(
    r"\b(?:suicide[- ](?:bomb\w*|attack\w*|vest\w*|belt\w*)|blew (?:himself|herself|themselves) "
    r"up|explosive (?:belt|vest)s?|kamikaze\w*|attentat-suicide|attentats-suicides|"
    r"ceintures? d'explosifs|suicida\w*|chalecos? (?:bomba|explosivo)|cinture esplosive|"
    r"sinucigaș\w*|centur\w* cu explozibil)",
    re.IGNORECASE,
)
_ATTACKERS = (
    r"(?:suicide )?(?:bombers|attackers|assailants|gunmen|shooters|terrorists|militants|"
    r"kamikazes?|assaillants|terroristes|tireurs|atacantes|terroristas(?: suicidas)?|suicidas|"
    r"pistoleros|sicarios|attentatori|terroristi|assalitori|uomini armati|atacatori|teroriști|"
    r"atentatori)"
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "due": 2, "tre": 3, "quattro": 4,
    "cinque": 5, "doi": 2, "două": 2, "trei": 3, "patru": 4, "cinci": 5,
}  # fmt: skip
_COUNTED_ATTACKERS = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\s+(?:\w+\s+)?{_ATTACKERS}\b", re.IGNORECASE
)
# "two of its members activated their explosive belts": the count sits on a member noun
_MEMBERS_WITH_DEVICES = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\s+(?:of\s+(?:its|their)\s+)?(?:members|"
    r"fighters|militants|men|combattants|membres|miembros|combatientes|membri|combattenti|"
    r"membri|luptători)\b[^.]{0,80}?(?:explosive|belt|vest|ceinture|cintur|chaleco|centur)",
    re.IGNORECASE,
)
# a double or twin explosion: with suicide attackers and no count, one attacker each
_TWIN = re.compile(
    r"\b(?:double|twin|two|second)\s+(?:suicide\s+)?(?:explosions?|blasts?|bombings?|"
    r"attacks?)\b|\bdouble\s+(?:explosion|attentat)|doble\s+(?:explosión|atentado)|"
    r"duplice\s+(?:esplosione|attentato)|dublă\s+explozie|dublu\s+atentat",
    re.IGNORECASE,
)
_LONE_ATTACKER = re.compile(
    r"\b(?:a|the|one|lone|un|una|el|le|il|l'|un singur)\s+(?:suicide bomber|gunman|shooter|"
    r"attacker|assailant|kamikaze|tireur|assaillant|atacante|pistolero|attentatore|atacator)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TypeReading:
    type: str | None
    type_evidence: Evidence | None
    suicide: bool
    suicide_evidence: Evidence | None
    attackers: int | None
    attackers_evidence: Evidence | None


def read_type(article: Article, sentences: Sequence[Sentence]) -> TypeReading:
    """Type, suicide flag and attacker count of the event the sentences report.

    Triggers in the first sentences (the title and lead say what happened) count more
    than those further down, where other incidents are often recalled.
    """
    votes: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for rank, sentence in enumerate(sentences):
        weight = 3 if rank < 3 else 1
        for kind, pattern in _TRIGGER_RES.items():
            for m in pattern.finditer(sentence.text):
                votes[kind] += weight
                first.setdefault(kind, (sentence.start + m.start(), sentence.start + m.end()))
    kind = None
    if votes:
        specific = {k: v for k, v in votes.items() if k != "attack"}
        pool = specific or votes
        kind = max(pool, key=lambda k: (pool[k], -_PRIORITY[k]))
    suicide = _first(_SUICIDE, sentences)
    attackers, attackers_at = None, None
    counted = _first(_COUNTED_ATTACKERS, sentences) or _first(_MEMBERS_WITH_DEVICES, sentences)
    twin = _first(_TWIN, sentences)
    if counted:
        word = article.raw_text[counted[0] : counted[1]].split()[0].lower()
        attackers = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        attackers_at = counted
    elif suicide and twin:
        attackers, attackers_at = 2, twin  # each explosion of a suicide attack is a bomber
    else:
        lone = _first(_LONE_ATTACKER, sentences)
        if lone:
            attackers, attackers_at = 1, lone
    return TypeReading(
        type=kind,
        type_evidence=article.evidence(*first[kind]) if kind else None,
        suicide=suicide is not None,
        suicide_evidence=article.evidence(*suicide) if suicide else None,
        attackers=attackers,
        attackers_evidence=article.evidence(*attackers_at) if attackers_at else None,
    )


def _first(pattern: re.Pattern[str], sentences: Sequence[Sentence]) -> tuple[int, int] | None:
    for sentence in sentences:
        m = pattern.search(sentence.text)
        if m:
            return sentence.start + m.start(), sentence.start + m.end()
    return None
