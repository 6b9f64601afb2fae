"""Claims of responsibility: who claimed an attack, through what channel, and on what day.

An analyst reads "the Islamic State claimed responsibility this Thursday through its
Telegram channels" as three facts, each of which can disagree across reports (who, how,
when), and "no group has claimed the attack" as a fourth: the absence of a claim at the
time of writing. This module reads them with rules, in en, fr, es, it and ro:

- A claim is a verb or noun of claiming with an attack or "responsibility" as its object
  ("claimed responsibility", "claimed the bombing", "was claimed by", "a revendiqué
  l'attentat", "reivindicó el ataque", "ha rivendicato", "și-a asumat responsabilitatea",
  "la revendication de l'EI"). "claimed the lives of 84 people", "claimed that Israel was
  behind it", "police claimed" are not claims: their object is not an attack. Romance
  "revendiquer"/"reivindicar" ("to demand") count only in a sentence about an attack.
- `denied` marks an absence or a disavowal: "no group has claimed", "has yet to claim",
  "aucune revendication", "ningún grupo", "nessuna rivendicazione", "nicio grupare nu
  și-a asumat", "denied any involvement".
- The claimant is the organisation that claims: the subject ("The jihadist group Islamic
  State (IS) claimed"), the agent ("was claimed by", "revendiqué par", "rivendicato
  dall'Isis"), the genitive of a claim noun ("la rivendicazione dell'Isis") or, in the
  Romance languages, a subject after the verb ("lo ha rivendicato l'Isis"). "the group",
  "the jihadist organization", "it" resolve to the nearest organisation named earlier in
  the article (an earlier claimant first). Organisations are found by a lexicon of armed
  groups and by shape: a capitalised name after "group"/"grupo"/"gruppo"..., a name with a
  head word ("Front", "Army", "Brigades"...), an acronym.
- The channel is the medium named in the claim sentence (the most specific one:
  "a statement released through its Telegram channels" is Telegram), else in one of the
  next three sentences that tells the same statement ("The group said in a statement
  released through its Telegram channels...").
- The claim's day is a date mention of the claim sentence attached to the claim, not to
  the attack it describes: "claimed responsibility this Thursday for the attack that left
  84 dead on Wednesday" gives Thursday; "claimed ... for the attack carried out on
  Wednesday" gives nothing. Mentions come from `when.find_dates` over the whole article, so
  "the next day" counts from the attack's date told before.

Regex only (no parser): the text is scanned only when a claim word occurs in it, which
keeps the module far under a millisecond an article on news that tells no claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from storyline.entities.aliases import AliasTable
from storyline.extract.when import DateMention, find_dates, fold, words
from storyline.model import Article, Evidence, Sentence

# ---- organisations ----------------------------------------------------------------------

_GROUP_NOUNS = (
    r"group|organi[sz]ation|movement|militia|faction|network|cell|outfit|groupe|organisation"
    r"|mouvement|milice|reseau|cellule|grupo|organizacion|movimiento|milicia|red|celula"
    r"|gruppo|organizzazione|movimento|milizia|rete|cellula|grupare|gruparea|grupul"
    r"|organizatie|organizatia|organizatiei|miscarea|miscare|retea|reteaua"
)
_GROUP_ADJ = (
    r"terrorist|jihadist|extremist|militant|armed|islamist|insurgent|rebel|separatist"
    r"|sunni|shiite|self-proclaimed|so-called|radical|ultra-radical|terroriste|jihadiste"
    r"|djihadiste|islamiste|arme|extremiste|rebelle|separatiste|autoproclame|terrorista"
    r"|yihadista|islamista|armado|extremista|rebelde|separatista|autoproclamado|jihadista"
    r"|armato|estremista|ribelle|autoproclamato|terorista|jihadista|islamista|armata"
    r"|extremista|autoproclamata|autoproclamat|teroriste|jihadiste|islamiste"
)
# what heads an organisation's name ("Northern Valley Liberation Front")
_ORG_HEAD = re.compile(
    r"\b(?:State|Front|Army|Brigades?|Movement|Group|Organi[sz]ation|Party|Council|Command"
    r"|Legion|Battalions?|Jihad|Mujahideen|Liberation|Resistance|Forces|Martyrs|Jamaat|Ansar"
    r"|Jaish|Harakat|Tehreek|Fighters|Militia|Commandos?|Cells?|Network|Guards|Frente|Fronte"
    r"|Frontul|Armee|Ejercito|Esercito|Armata|Brigate|Brigadas|Brigades|Mouvement"
    r"|Movimiento|Movimento|Miscarea|Gruppo|Grupo|Groupe|Gruparea|Etat|Estado|Stato|Statul"
    r"|Fuerzas|Forze|Fortele|Partido|Partito|Partidul|Consiglio|Consejo|Conseil)\b"
)
_CAP = r"[A-Z][\w'.-]*[\w]"
_CONNECT = r"(?:of|the|and|for|de|del|de la|des|du|di|della|dello|al|el|bin|pour|por|per|in)"
_CAPS_RUN = re.compile(rf"(?<![\w'-]){_CAP}(?:[\s-]+(?:{_CONNECT}[\s-]+)*{_CAP})*")
_FUNCTION_CAPS = re.compile(
    r"^(?:The|A|An|On|In|At|Through|Via|By|After|Before|Yesterday|Today|Thursday|Monday"
    r"|Tuesday|Wednesday|Friday|Saturday|Sunday|Le|La|Les|El|Los|Las|Il|Lo|Un|Une|Una|Dans"
    r"|Par|Por|Dal|Dalla|Ieri|Hier|Ayer|Nel|Din|Pe|Prin|Selon|Según|Secondo|Potrivit|According"
    r"|Minutes|Hours|Iran|Iraq|Syria|Pakistan|Afghanistan)$"
)
# Romance names keep lowercase words after a head: "Front de libération de la vallée",
# "Frontul de Eliberare a Văii" (matched folded)
_ROMANCE_HEAD = (
    r"Front|Frente|Fronte|Frontul|Mouvement|Movimiento|Movimento|Miscarea|Armee|Ejercito"
    r"|Esercito|Armata|Brigades?|Brigadas|Brigate|Brigada|Brigazi|Brigazile|Groupe|Grupo|Gruppo"
    r"|Gruparea|Organisation|Organizacion|Organizzazione|Organizatia|Parti|Partido|Partito"
    r"|Partidul|Conseil|Consejo|Consiglio|Consiliul|Comite|Comando|Commando|Forces|Fuerzas"
    r"|Forze|Fortele|Union|Unione|Uniunea|Ligue|Liga|Lega|Celulas?|Cellules?|Cellule"
)
_ROMANCE_LINK = {
    "fr": r"de|du|des|d'|de la|de l'|pour|pour la|pour le",
    "es": r"de|del|de la|de los|de las|por|por la|para",
    "it": r"di|del|della|dello|dei|degli|delle|per|per la|per il",
    "ro": r"de|a|al|ai|ale|pentru|din",
}
_SHORT = re.compile(r"\s*\(\s*([A-Z][A-Za-z-]{0,9})\s*\)")
_QUOTE_MARKS = '"“”«»„‘’'


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation named in the text: raw span of its name, and a short form in brackets."""

    start: int
    end: int
    name: str
    short: str | None = None
    short_start: int = -1
    short_end: int = -1
    full_end: int = -1  # past the closing bracket of the short form, else `end`


@lru_cache(maxsize=1)
def _known() -> re.Pattern[str]:
    """The names and acronyms of the armed groups in the curated alias table
    (`entities/data/organizations.json`), in the five languages."""
    names = [
        name
        for entry in AliasTable.load().entries.values()
        if entry.type == "organization" and ("armed group" in entry.kind or entry.kind == "militia")
        for name in (*entry.names, *entry.acronyms)
    ]
    return re.compile(rf"(?<![\w'-]){words(names)}(?![\w-])", re.I)


def _is_acronym(s: str) -> bool:
    letters = s.replace("-", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


@lru_cache(maxsize=8)
def _romance_name(code: str) -> re.Pattern[str] | None:
    link = _ROMANCE_LINK.get(code)
    if link is None:
        return None
    word = r"(?!(?:le|la|les|el|los|las|il|lo|un|une|una|o)\b)[\w'-]+"
    return re.compile(rf"(?<![\w'-])(?:{_ROMANCE_HEAD})(?:\s*(?:{link})\s*{word}){{1,5}}")


def find_organisations(
    text: str, start: int = 0, end: int | None = None, language: str = "en"
) -> list[Organisation]:
    """Organisations named in text[start:end], in order, overlaps resolved (lexicon first)."""
    end = len(text) if end is None else end
    f = fold(text)
    if f[start:end].isupper():  # an all-caps line: acronyms cannot be told from words
        return []
    found: list[tuple[int, int, int]] = []  # (tier, start, end): 0 lexicon, 1 shape
    for m in _known().finditer(f, start, end):
        s = m.group()
        if not s[0].isupper() and not s.lower().startswith("al"):
            continue  # "the taliban" is fine, "is" is a verb
        if len(s.replace("-", "")) <= 4 and not (s.isupper() or s.istitle()):
            continue
        if len(s) <= 2 and not s.isupper():
            continue
        found.append((0, m.start(), m.end()))
    for m in _CAPS_RUN.finditer(f, start, end):
        tokens = m.group().split()
        lead = 0
        while lead < len(tokens) and _FUNCTION_CAPS.match(tokens[lead]):
            lead += 1
        if lead == len(tokens):
            continue
        s = m.start() + m.group().index(tokens[lead]) if lead else m.start()
        run = f[s : m.end()]
        before = f[max(0, s - 60) : s]
        after_descriptor = re.search(
            rf"(?:{_GROUP_NOUNS})\s*(?:called|named|known as|dubbed|appele|baptise|llamado"
            rf"|denominado|chiamato|denominato|numit|denumit)?\s*[\"“«„]?\s*$",
            before,
            re.I,
        )
        if _ORG_HEAD.search(run) or _is_acronym(run) or after_descriptor:
            found.append((1, s, m.end()))
    romance = _romance_name(language)
    for m in romance.finditer(f, start, end) if romance else ():
        found.append((1, m.start(), m.end()))
    found.sort(key=lambda t: (t[0], -(t[2] - t[1]), t[1]))
    inside_brackets = {m.start(1) for m in _SHORT.finditer(f, start, end)}
    found = [t for t in found if t[1] not in inside_brackets]
    taken: list[tuple[int, int]] = []
    out = []
    for _tier, s, e in found:
        if any(a < e and s < b for a, b in taken):
            continue
        short = _SHORT.match(f, e)
        if short and _is_acronym(short.group(1)):  # "Islamic State (IS)": one mention
            taken.append((s, short.end()))
            out.append(Organisation(s, e, text[s:e], short.group(1), *short.span(1), short.end()))
        else:
            taken.append((s, e))
            out.append(Organisation(s, e, text[s:e], full_end=e))
    return sorted(out, key=lambda o: o.start)


# ---- claim words ------------------------------------------------------------------------

_ATTACK_NOUNS = (
    r"attacks?|bombings?|blasts?|explosions?|assaults?|killings?|shootings?|massacres?"
    r"|operations?|kidnappings?|abductions?|ambush(?:es)?|raids?|strikes?|assassinations?"
    r"|murders?|stabbings?|hijackings?|attentats?|atrocit(?:y|ies)|suicide bombings?|violence"
    r"|incursions?|offensives?|rocket fire|downing|sabotage"
)
_ATTACK_ANY = re.compile(
    rf"\b(?:{_ATTACK_NOUNS}|attaques?|attentats?|explosions?|fusillades?|enlevements?"
    r"|assassinats?|massacres?|atentados?|ataques?|explosion(?:es)?|tiroteos?|secuestros?"
    r"|asesinatos?|masacres?|attentati|attentato|attacchi|attacco|esplosion[ei]|sparatori[ae]"
    r"|rapimenti|rapimento|omicidi[oi]|strage|atac(?:ul|uri|urile)?|atentat(?:ul|e|ele)?"
    r"|explozi[ea]i?|explozii(?:le)?|rapir(?:ea|i)|asasinat(?:ul)?|responsabil\w*|autoria"
    r"|paternita|kamikaze|suicid\w*|bomb\w*)\b",
    re.I,
)
# words between "claimed" and its attack: not "that", a pronoun or a preposition
_ADJ = (
    r"(?!(?:that|he|she|they|it|his|her|him|them|self-defen[cs]e|in|of|to|for|on|at|by|with|from|was|is)\b)"
    r"[\w-]+"
)
_DET = r"(?:the|this|that|these|those|its|their|both|an?|[\w-]+'s)"
# (trigger, kind): kinds are "verb" (a subject claims), "passive" (an agent follows),
# "noun" (a genitive or agent may follow), "deny"
_EN = [
    (
        r"(?P<v>claim(?:s|ed|ing)?)\s+(?:(?:full|sole|official|joint|formal)\s+)?"
        r"(?:responsibility|credit|authorship)\b",
        "verb",
    ),
    (
        rf"(?P<v>claim(?:s|ed|ing)?)\s+(?:{_DET}\s+)?(?:{_ADJ}\s+){{0,3}}?(?:{_ATTACK_NOUNS})\b"
        r"(?!\s+(?:was|were|is|are|had|has|would|could|might|linked|occurred|happened))",
        "verb",
    ),
    (
        r"(?:has|have|had)\s+(?:now\s+)?(?P<v>claimed)\s+(?:it|them)\b(?!\s+(?:was|is|were|had))",
        "verb",
    ),
    (
        r"(?<!lives\s)(?:(?:was|were|is|are|been|being|be)\s+(?:\w+\s+)?)?"
        r"(?<!lives\swere\s)(?<!lives\swas\s)(?<!been\s)(?P<v>claimed)\s+(?:\w+\s+)?by\b",
        "passive",
    ),
    (
        r"(?:(?:took|takes|take|taken|taking|assumed|assumes|accepted|accepts)\s+"
        r"(?:full\s+)?(?:the\s+)?responsibility)\s+for\s+"
        rf"(?:{_DET}\s+)?(?:[\w-]+\s+){{0,3}}?(?:{_ATTACK_NOUNS})\b",
        "verb",
    ),
    (r"(?P<v>claims?)\s+of\s+responsibility|responsibility\s+claims?", "noun"),
]
_RO_EN = {
    "fr": [
        (r"(?P<v>revendiqu\w*)", "verb"),
        (r"(?P<v>revendications?)", "noun"),
        (r"(?P<v>(?:a|ont|avait|avaient)\s+assume\s+la\s+responsabilite)", "verb"),
    ],
    "es": [
        (r"(?P<v>reivindic(?:o|aron|a|an|ado|ada|ados|adas|ando|ar|aba|aban))\b", "verb"),
        (r"(?P<v>reivindicacion(?:es)?)", "noun"),
        (r"(?P<v>se\s+(?:ha\s+|han\s+)?(?:atribuy\w+|adjudic\w+))", "verb"),
        (
            r"(?P<v>(?:asumi\w+|ha\s+asumido|han\s+asumido)\s+la\s+(?:autoria|responsabilidad))",
            "verb",
        ),
    ],
    "it": [
        (r"(?P<v>rivendicat[oaie]|rivendica(?:no|to|va|vano|re)?|rivendicando)\b", "verb"),
        (r"(?P<v>rivendicazion[ei])", "noun"),
        (
            r"(?P<v>(?:si\s+(?:e|sono)\s+|ha\s+|hanno\s+)assunt[oaie]\s+la\s+"
            r"(?:responsabilita|paternita))",
            "verb",
        ),
    ],
    "ro": [
        (
            r"(?P<v>(?:si-a|si-au|isi\s+asuma|isi\s+asuma)\s+(?:asumat\s+)?"
            r"(?:responsabilitatea|paternitatea|atacul|atentatul))",
            "verb",
        ),
        (r"(?P<v>revendicat[aei]?|revendica|revendicand)\b", "verb"),
        (r"(?P<v>revendicar(?:e|ea|i|ile)|revendicarii)\b", "noun"),
    ],
}
_DENY = {
    "en": r"\bno\s+(?:\w+\s+)?(?:group|one|organi[sz]ation|faction|militants?)\s+(?:has\s+|had\s+"
    r"|have\s+)?(?:yet\s+|so\s+far\s+|immediately\s+|publicly\s+)?(?:claimed|taken|accepted"
    r"|admitted)|\bnobody\s+(?:has\s+|had\s+)?(?:yet\s+)?(?:claimed|taken)|\bno\s+(?:immediate\s+"
    r"|official\s+)?claims?\s+of\s+responsibility|\bno\s+(?:immediate\s+)?responsibility\s+claim"
    r"|\b(?:has|have|had|was|were)\s+not\s+(?:yet\s+|immediately\s+|been\s+){0,2}claimed"
    r"|\byet\s+to\s+(?:be\s+)?claim|\b(?:denied|denies|deny|rejected)\s+(?:any\s+|all\s+)?"
    r"(?:responsibility|involvement|role)|\bunclaimed\b",
    "fr": r"\baucun\w*\s+(?:\w+\s+)?(?:groupe|organisation|revendication|mouvement)"
    r"|\bn'(?:a|ont|avait|avaient)\s+(?:toujours\s+|pas\s+|encore\s+|jamais\s+){1,3}"
    r"(?:ete\s+)?revendiqu|\bpersonne\s+n'a\s+(?:encore\s+)?revendiqu|\bsans\s+revendication"
    r"|\bnon\s+revendiqu|\b(?:a|ont)\s+(?:nie|dementi)\s+(?:toute?\s+)?(?:responsabilite"
    r"|implication)",
    "es": r"\bningun\w*\s+(?:\w+\s+)?(?:grupo|organizacion|reivindicacion)|\bnadie\s+(?:ha\s+|se\s+"
    r"ha\s+)?(?:reivindicado|reivindico|atribuido)|\bno\s+(?:ha\s+|han\s+)?(?:sido\s+)?"
    r"(?:reivindicad|se\s+ha\s+atribuido)|\bsin\s+reivindicacion|\bnego\s+(?:toda\s+|cualquier\s+)?"
    r"(?:responsabilidad|implicacion|participacion)",
    "it": r"\bnessun\w*\s+(?:\w+\s+)?(?:gruppo|organizzazione|rivendicazione)|\bnon\s+(?:e|sono)\s+"
    r"(?:ancora\s+)?(?:stat[oaie]\s+)?rivendicat|\bnessuno\s+(?:ha\s+)?(?:ancora\s+)?"
    r"rivendicato|\bsenza\s+rivendicazion|\bha\s+negato\s+(?:ogni\s+|qualsiasi\s+)?"
    r"(?:responsabilita|coinvolgimento)",
    "ro": r"\bnicio\s+(?:\w+\s+)?(?:grupare|organizatie|revendicare)|\bnimeni\s+nu\s+"
    r"|\bnu\s+(?:a\s+|au\s+)?(?:fost\s+)?(?:inca\s+)?revendicat|\bnu\s+si-a\s+asumat"
    r"|\ba\s+negat\s+(?:orice\s+)?(?:responsabilitate|implicare)",
}
_DISAVOWAL = re.compile(
    r"\b(?:denied|denies|deny|rejected|nego|ha\s+negato|a\s+negat|(?:a|ont)\s+(?:nie|dementi))",
    re.I,
)
_AGENT_DET = r"(?:(?:the|l'|le|la|les|el|los|il|lo|gli|i)\s*)?"
_AGENT = rf"(?:by|par|por|da|dal|dall'|dalla|dallo|dai|dagli|dalle|de\s+catre|de)\s+{_AGENT_DET}"
_GENITIVE = (
    r"(?:of|de|du|des|d'|de\s+l'|de\s+la|del|dell'|della|dello|dei|degli|delle|a)\s*"
    r"(?:(?:the|l'|le|la|el|lo|il)\s*)?"
)
GROUP_DESCRIPTION = re.compile(
    rf"(?:(?:the|this|that|its|le|la|l'|ce|cette|el|este|esta|il|lo|questo|questa|aceasta)\s*)?"
    rf"(?:(?:{_GROUP_ADJ})\s+)*(?:{_GROUP_NOUNS})(?:\s+(?:{_GROUP_ADJ}))*"
    r"|(?:the\s+)?(?:jihadists|militants|terrorists|insurgents|extremists|rebels|jihadistes"
    r"|terroristes|yihadistas|terroristas|jihadisti|terroristi|jihadistii|teroristii)",
    re.I,
)
_PRONOUN_SUBJECT = re.compile(
    r"(?:it|they|il|elle|ils|elles|ella|ellos|esso|essa|loro|ea|ei)$", re.I
)
# what may stand between a subject and its claim verb
_GAP_BEFORE = re.compile(
    r"[\s\"”»’)]*(?:,[^,;:]{1,90},\s*)?(?:(?:has|have|had|also|officially|quickly|swiftly|later"
    r"|already|then|reportedly|subsequently|formally|publicly|now|not|yet|itself|a|ont|avait"
    r"|avaient|aussi|deja|officiellement|ha|han|habia|hanno|aveva|oficialmente|ufficialmente"
    r"|gia|si|se|s'|l'|lo|la|le|les|au|si-a|si-au|isi|oficial|ulterior|apoi|ya|luego|ensuite"
    r"|puis|poi|anche|tambien|egalement|de\s+asemenea|claims?|claimed)\s*)*$",
    re.I,
)
_CLAUSE_END = re.compile(r"[;:.!?]\s|\s[-–—]\s|$")

# ---- channels ---------------------------------------------------------------------------

# (canonical name, pattern): most specific first
_CHANNELS = [
    ("Amaq", r"(?:a')?amaq"),
    ("Telegram", r"telegram"),
    (
        "website",
        r"web\s?sites?|web\s?pages?|site\s+(?:internet|web)|sitio\s+web|pagina\s+web|sito\s+"
        r"(?:web|internet)|site-ul|pagina\s+de\s+internet|online\s+portal",
    ),
    (
        "social media",
        r"social\s+(?:media|networks?)|reseaux\s+sociaux|redes\s+sociales|social\s+network"
        r"|(?:rete|reti)\s+social[ei]|social(?:i)?\s+media|retele(?:le)?\s+de\s+socializare"
        r"|retele(?:le)?\s+sociale|twitter|facebook|instagram|tiktok|whatsapp|youtube|x\.com",
    ),
    (
        "audio message",
        r"audio(?:\s+(?:message|recording|statement|clip|tape))?|enregistrement\s+(?:audio"
        r"|sonore)|message\s+(?:audio|sonore)|mensaje\s+de\s+audio|grabacion\s+de\s+audio"
        r"|messaggio\s+audio|registrazione\s+audio|mesaj\s+audio|inregistrare\s+audio",
    ),
    ("video", r"videos?|videoclip|videomessaggio|video-?message|filmulet|inregistrare\s+video"),
    (
        "phone call",
        r"(?:tele)?phone\s+call|appel\s+telephonique|llamada\s+telefonica|telefonata"
        r"|apel\s+telefonic",
    ),
    (
        "statement",
        r"statements?|communiques?|press\s+releases?|messages?|declarations?|comunicados?"
        r"|comunicat[oi]|nota|note|declaratie|declaratia|comunicatul|comunicat|mesaj(?:ul)?"
        r"|letter|lettre|carta|lettera|scrisoare|text\s+(?:published|released)",
    ),
]
_CHANNEL_RE = [(name, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.I)) for name, p in _CHANNELS]
_CHANNEL_PREP = re.compile(
    r"(?:via|through|in|on|by|over|using|posted|published|released|issued|with|from|dans|par"
    r"|sur|en|a\s+travers|au\s+moyen\s+d'|por|a\s+traves\s+de|mediante|con|su|tramite"
    r"|attraverso|nel|nella|sul|sulla|prin|pe|intr-un|printr-o|printr-un|intr-o|its|their|son"
    r"|sa|ses|leur|su|sus|suo|sua|suoi|sue)\s+(?:[\w'-]+\s+){0,4}$",
    re.I,
)
_TALK_AFTER = re.compile(
    r"(?:\s*\([^()]{1,12}\))?\s+(?:[\w-]+\s+){0,2}?(?:said|says|announced|assured|stated"
    r"|declared|added|wrote|published|posted|released|affirmed|asserted|explained|indicated"
    r"|a\s+(?:affirme|indique|declare|annonce|assure|ecrit|publie)|affirme|assure|annonce"
    r"|dijo|afirmo|aseguro|anuncio|indico|publico|(?:ha|hanno)\s+(?:detto|affermato"
    r"|annunciato|dichiarato|scritto|pubblicato|assicurato)|a\s+(?:declarat|anuntat|afirmat"
    r"|transmis|publicat))\b",
    re.I,
)
_STATEMENT_TALK = re.compile(
    r"\b(?:said|says|announced|assured|stated|declared|claimed|added|wrote|published|posted"
    r"|released|issued|affirmed|asserted|explained|indicated|statement|message|communique"
    r"|affirme|indique|declare|annonce|assure|ecrit|publie|dijo|afirmo|aseguro|anuncio|indico"
    r"|publico|comunicado|detto|affermato|annunciato|dichiarato|scritto|pubblicato|comunicato"
    r"|declarat|anuntat|afirmat|transmis|publicat|mesaj|comunicat)\b",
    re.I,
)

# ---- dates ------------------------------------------------------------------------------

# words that open a clause about the attack rather than the claim
_EVENT_CLAUSE = re.compile(
    r"\b(?:that|which|who|where|when|qui|que|ou|quand|donde|cuando|che|dove|quando|care|unde"
    r"|cand|carried\s+out|committed|perpetrated|occurred|happened|took\s+place|left|killed"
    r"|killing|wounded|injured|targeted|hit|struck|commis|perpetre|survenu|tue|cometido"
    r"|perpetrado|ocurrido|ocurrio|dejo|causo|mato|compiuto|avvenuto|causato|ucciso|provocato"
    r"|comis|produs|soldat|ucis)\b",
    re.I,
)
_ATTACK_THEN_PREP = re.compile(
    rf"\b(?:{_ATTACK_NOUNS}|attaques?|attentats?|atentados?|ataques?|attentat[oi]|attacc[oh]i?"
    r"|atacul|atentatul)\s+(?:on|of|du|de|del|di|din|from|in)\s+(?:the\s+|le\s+|el\s+)?$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim of responsibility (or a stated absence of one) told in a sentence."""

    evidence: Evidence  # the claim words ("claimed responsibility", "revendiqué par")
    sentence: Evidence  # the whole sentence
    denied: bool  # "no group has claimed", "aucune revendication", "denied any involvement"
    claimant: str | None  # the organisation's name as printed ("Islamic State")
    claimant_evidence: Evidence | None  # where that name is printed
    claimant_short: str | None  # a short form in brackets after it ("IS")
    claimant_mention: Evidence | None  # the subject or agent in the claim sentence
    claimant_resolved: bool  # the sentence said "the group"; the name is from earlier text
    channel: str | None  # Telegram, Amaq, website, social media, audio message, video...
    channel_evidence: Evidence | None
    date: date | None
    date_precision: str | None
    date_evidence: Evidence | None
    date_note: str | None

    def to_dict(self) -> dict[str, Any]:
        def ev(e: Evidence | None) -> dict[str, Any] | None:
            return e.to_dict() if e else None

        return {
            "denied": self.denied,
            "claimant": self.claimant,
            "claimant_short": self.claimant_short,
            "claimant_evidence": ev(self.claimant_evidence),
            "claimant_mention": ev(self.claimant_mention),
            "claimant_resolved": self.claimant_resolved,
            "channel": self.channel,
            "channel_evidence": ev(self.channel_evidence),
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "date_evidence": ev(self.date_evidence),
            "date_note": self.date_note,
            "evidence": self.evidence.to_dict(),
            "sentence": self.sentence.to_dict(),
        }


class _Lang:
    """One language's claim triggers, compiled."""

    def __init__(self, code: str):
        rules = [(p, k, False) for p, k in _EN]
        rules += [(p, k, True) for p, k in _RO_EN.get(code, [])]
        self.triggers = [
            (re.compile(rf"(?<![\w-])(?:{p})", re.I), kind, native) for p, kind, native in rules
        ]
        self.deny = re.compile(_DENY.get(code, _DENY["en"]), re.I)
        self.romance = code != "en"
        self.prefilter = re.compile(
            r"claim|responsib|revendi|reivindi|rivendic|asumat|atribuy|adjudic|autoria|assunt"
            r"|denied|denies|unclaimed|\bnie\b|\bnego\b|negato|negat\b",
            re.I,
        )


@lru_cache(maxsize=8)
def _lang(code: str) -> _Lang:
    return _Lang(code)


def _code(article: Article) -> str:
    code = (article.language or "en").lower().split("-")[0].split("_")[0]
    return code if code in ("en", "fr", "es", "it", "ro") else "en"


@dataclass(slots=True)
class _Trigger:
    start: int  # raw offsets
    end: int
    verb: int  # where the claiming word starts (a subject ends before it)
    kind: str
    denied: bool


def _triggers(lang: _Lang, f: str, sentence: Sentence) -> list[_Trigger]:
    s0, s1 = sentence.start, sentence.end
    found: list[_Trigger] = []
    # "revendiquer", "reivindicar" also mean "to demand": a sentence about an attack only
    attack_told = not lang.romance or bool(_ATTACK_ANY.search(f, s0, s1))
    for pattern, kind, native in lang.triggers:
        if native and not attack_told:
            continue
        for m in pattern.finditer(f, s0, s1):
            verb = m.start("v") if "v" in pattern.groupindex and m.group("v") else m.start()
            found.append(_Trigger(m.start(), m.end(), verb, kind, False))
    for m in lang.deny.finditer(f, s0, s1):
        if _DISAVOWAL.match(m.group()) and not (
            GROUP_DESCRIPTION.search(f, max(s0, m.start() - 80), m.start())
            or find_organisations(f, max(s0, m.start() - 80), m.start())
        ):
            continue  # "he denied any involvement": a suspect, not a group
        found.append(_Trigger(m.start(), m.end(), m.start(), "deny", True))
    found.sort(key=lambda t: (t.start, -t.end))
    merged: list[_Trigger] = []
    for t in found:
        if merged and t.start <= merged[-1].end + 3:
            last = merged[-1]
            last.end = max(last.end, t.end)
            last.denied = last.denied or t.denied
            if last.kind == "deny" or (t.kind == "passive" and last.kind != "passive"):
                last.kind, last.verb = t.kind, t.verb if last.kind != "deny" else last.verb
            continue
        merged.append(t)
    return merged


def _clause_start(f: str, lo: int, pos: int) -> int:
    cut = max((m.end() for m in re.finditer(r"[;:!?]\s|\.\s(?=[A-Z])", f[lo:pos])), default=0)
    return lo + cut


@dataclass(slots=True)
class _Claimant:
    org: Organisation | None
    mention: tuple[int, int] | None  # the phrase in the claim sentence
    resolved: bool


def _claimant(
    text: str, f: str, sentence: Sentence, t: _Trigger, orgs: list[Organisation], code: str
) -> _Claimant | None:
    in_sentence = [o for o in orgs if sentence.start <= o.start < sentence.end]
    lo = _clause_start(f, sentence.start, t.verb)
    # a subject just before the verb (gap: auxiliaries, adverbs, an apposition)
    for o in reversed(in_sentence):
        if o.full_end <= t.verb and o.start >= lo:
            gap = f[o.full_end : t.verb]
            head = re.match(rf"[\s\"”»’]*(?:{_GROUP_NOUNS}|news(?:\s+agency)?|media)\b", gap, re.I)
            rest = gap[head.end() :] if head else gap
            if _GAP_BEFORE.fullmatch(rest):
                return _Claimant(o, (o.start, o.full_end), False)
            break
    for o in reversed(in_sentence):  # "the Islamic State's claim", "the IS group's claim"
        if o.full_end <= t.verb and re.fullmatch(
            rf"(?:\s+(?:{_GROUP_NOUNS}))?\s*['’]s?\s+", f[o.full_end : t.verb], re.I
        ):
            return _Claimant(o, (o.start, o.full_end), False)
    # an agent or a genitive after the claim words
    for o in in_sentence:
        if o.start < t.end:
            continue
        between = f[t.end : o.start]
        if len(between) > 80 or re.search(r"[;.]", between):
            break
        desc = rf"(?:(?:{_GROUP_ADJ}|{_GROUP_NOUNS})\s+)*[\"“«„]?\s*"
        if (
            re.search(rf"(?<!\w){_AGENT}{desc}$", between, re.I)
            or (t.kind == "noun" and re.fullmatch(rf"\s*{_GENITIVE}{desc}", between, re.I))
            or (t.kind == "passive" and re.fullmatch(rf"\s*{_AGENT_DET}{desc}", between, re.I))
        ):
            return _Claimant(o, (o.start, o.full_end), False)
        if code != "en" and not _EVENT_CLAUSE.search(between) and "," not in between:
            return _Claimant(o, (o.start, o.full_end), False)  # "lo ha rivendicato l'Isis"
        break
    # a description or a pronoun as subject or agent: resolve it to an earlier name
    left = f[lo : t.verb]
    for m in GROUP_DESCRIPTION.finditer(left):
        if _GAP_BEFORE.fullmatch(left[m.end() :]):
            return _Claimant(None, (lo + m.start(), lo + m.end()), True)
    pron = re.search(r"(?<![\w'])([A-Za-z]+)\s*$", left)
    if pron and _PRONOUN_SUBJECT.match(pron.group(1)):
        return _Claimant(None, (lo + pron.start(1), lo + pron.end(1)), True)
    after = re.match(rf"\s*{_AGENT}", f[t.end : sentence.end], re.I)
    if after:
        d = GROUP_DESCRIPTION.match(f, t.end + after.end())
        if d and d.group().strip():
            return _Claimant(None, (d.start(), d.end()), True)
    return None


def _earlier_organisation(
    orgs: list[Organisation], before: int, claimants: list[Organisation]
) -> Organisation | None:
    """The claimant of an earlier claim, else the last organisation named before `before`."""
    earlier = [o for o in claimants if o.start < before]
    if earlier:
        return earlier[-1]
    return next((o for o in reversed(orgs) if o.end <= before), None)


def _channel_in(f: str, lo: int, hi: int) -> tuple[str, int, int] | None:
    for name, pattern in _CHANNEL_RE:
        for m in pattern.finditer(f, lo, hi):
            if m.start() > lo and f[m.start() - 1] in "@#":
                continue
            if _CHANNEL_PREP.search(f, max(lo, m.start() - 60), m.start()):
                return name, m.start(), m.end()
    return None


def _group_talks(f: str, sentence: Sentence, claimant: Organisation | None) -> bool:
    """The sentence tells the group's own statement: "The group said in a statement...",
    "On its Telegram channels, the jihadist group announced"."""
    seg = f[sentence.start : sentence.end]
    refs = [m.end() for m in GROUP_DESCRIPTION.finditer(seg)]
    if claimant is not None:
        names = [fold(claimant.name)] + ([claimant.short] if claimant.short else [])
        for name in names:
            refs += [m.end() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", seg)]
    return any(_TALK_AFTER.match(seg, end) for end in refs)


def _claim_date(
    f: str, sentence: Sentence, t: _Trigger, mentions: list[DateMention]
) -> DateMention | None:
    best: tuple[int, DateMention] | None = None
    lo = _clause_start(f, sentence.start, t.verb)
    for d in mentions:
        if not (sentence.start <= d.start < sentence.end):
            continue
        if re.match(r"'s\b", f[d.end : d.end + 2]):
            continue  # "Wednesday's attack"
        if d.start >= t.end:
            between = f[t.end : d.start]
            if _EVENT_CLAUSE.search(between) or _ATTACK_THEN_PREP.search(between):
                continue
            distance = d.start - t.end
        elif d.end <= t.verb:
            if d.start < lo:
                continue
            before, between = f[lo : d.start], f[d.end : t.verb]
            if _ATTACK_ANY.search(before) or _EVENT_CLAUSE.search(before + " " + between):
                continue  # "The attack carried out on Wednesday was claimed"
            distance = t.verb - d.end
        else:
            distance = 0
        if best is None or distance < best[0]:
            best = (distance, d)
    return best[1] if best else None


def find_claims(article: Article, reference: date | None) -> list[Claim]:
    """Claims of responsibility told in the article, one per sentence, in text order.

    `reference` is the day relative dates count from ("this Thursday", "yesterday"): the
    publication day, or the story's (see `episodes.reference_day`); None leaves them
    unresolved (their evidence is still given).
    """
    text = article.raw_text
    f = fold(text)
    lang = _lang(_code(article))
    if not lang.prefilter.search(f):
        return []
    found: list[tuple[Sentence, _Trigger]] = []
    for sentence in article.sentences:
        if not lang.prefilter.search(f, sentence.start, sentence.end):
            continue
        triggers = _triggers(lang, f, sentence)
        if triggers:
            # one claim a sentence: the first claim-shaped trigger, a denial if there is one
            first = next((t for t in triggers if t.denied), triggers[0])
            found.append((sentence, first))
    if not found:
        return []
    orgs = find_organisations(text, language=_code(article))
    mentions = find_dates(text, article.language or "en", reference)
    claims: list[Claim] = []
    claimants: list[Organisation] = []
    claim_indexes = {s.index for s, _t in found}
    for sentence, t in found:
        who = _claimant(text, f, sentence, t, orgs, _code(article))
        org = who.org if who else None
        if who and who.resolved:
            org = _earlier_organisation(orgs, who.mention[0] if who.mention else t.start, claimants)
        if org is not None and not (who and who.resolved):
            claimants.append(org)
        channel = _channel_in(f, sentence.start, sentence.end)
        if channel is None and not t.denied:
            for nxt in article.sentences[sentence.index + 1 : sentence.index + 4]:
                if nxt.index in claim_indexes:
                    break
                c = _channel_in(f, nxt.start, nxt.end)
                if c and _group_talks(f, nxt, org):
                    channel = c
                    break
        when = _claim_date(f, sentence, t, mentions) if not t.denied else None
        claims.append(
            Claim(
                evidence=article.evidence(t.start, t.end),
                sentence=article.evidence(sentence.start, sentence.end),
                denied=t.denied,
                claimant=org.name if org else None,
                claimant_evidence=article.evidence(org.start, org.end) if org else None,
                claimant_short=org.short if org else None,
                claimant_mention=article.evidence(*who.mention) if who and who.mention else None,
                claimant_resolved=bool(who and who.resolved and org),
                channel=channel[0] if channel else None,
                channel_evidence=article.evidence(channel[1], channel[2]) if channel else None,
                date=when.value if when else None,
                date_precision=when.precision if when and when.value else None,
                date_evidence=article.evidence(when.start, when.end) if when else None,
                date_note=when.note if when else None,
            )
        )
    return claims
