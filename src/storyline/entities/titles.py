"""Titles, roles and nationality before a name, taken off it and kept as attributes.

"Iranian President Ebrahim Raissi", "Ayatollah Ali Khamenei", "el portavoz Abu Hutaifa
al-Ansari", "le président iranien Ebrahim Raïssi": the title phrase is not part of the
name (it would keep two mentions of one person apart), but it says who the person is, so
`strip_titles` returns it with the role it names, in English ("portavoz", "porte-parole"
→ "spokesperson"), and the country of a demonym in it ("iranien" → IR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.entities.names import ARABIC_ARTICLES, fold


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


# Words that open a phrase naming someone's office, rank or role, folded. Multi-word
# entries first; the phrase may chain several ("Iranian Interior Minister", "Israeli
# army spokesman", "Secretary General of the UN").
_TITLE_WORDS = """
mr mrs ms miss dr prof sir dame lord lady mister madame mme mlle m monsieur senor senora
sr sra don dona signor signora sig dott domnul doamna dl dna
president presidente presedintele presedinte vice prime minister ministre ministro
ministrul premier premierul chancellor cancelliere canciller king queen prince princess
emir sheikh shaykh sheik cheikh jeque sceicco imam mullah ayatollah ayatolla ayatola
hojatoleslam grand supreme leader guide guida lider liderul chef chief head jefe capo
seful sef commander comandante commandant comandantul general generale generalul gen
lt lieutenant col colonel colonnello colonelul major maj capt captain capitan capitano
sgt sergeant sergent sargento cpl corporal admiral amiral brig brigadier marshal
officer deputy detective det sheriff trooper agent inspector inspecteur inspector
commissioner commissaire comisario commissario constable patrolman patrolwoman
spokesman spokeswoman spokesperson porte parole portavoz portavoce purtatorul purtator
de cuvant secretary secretaire secretario segretario secretarul director directeur
directora direttore directorul governor gouverneur gobernador governatore guvernatorul
mayor maire alcalde sindaco primarul primar senator senatore senatorul rep
representative congressman congresswoman ambassador ambassadeur embajador ambasciatore
ambasadorul judge juge juez giudice judecatorul prosecutor procureur fiscal procuratore
procurorul attorney da lawyer avocat abogado avvocato pope pape papa cardinal bishop
rabbi reverend rev father pastor cleric founder co-founder fondateur fundador fondatore
chairman chairwoman chair ceo coach professor professeur profesor professore
the le la les el il lo l of de del des du di della dello a al ai ale and et y e si
"""
# Of these, the words that say what the person does rather than how to address them:
_ROLE_WORDS = """
president presidente presedintele presedinte minister ministre ministro ministrul premier
premierul chancellor cancelliere canciller king queen emir imam leader guide guida lider
liderul chef chief head jefe capo seful sef commander comandante commandant comandantul
spokesman spokeswoman spokesperson porte-parole portavoz portavoce purtatorul secretary
secretaire secretario segretario secretarul director directeur directora direttore
directorul governor gouverneur gobernador governatore guvernatorul mayor maire alcalde
sindaco primarul primar senator ambassador judge prosecutor procureur fiscal attorney
pope founder chairman chairwoman ceo coach professor officer deputy detective sheriff
trooper inspector commissioner
"""
# A role phrase may name a portfolio or a body after the title word: "Health Minister",
# "Minister of Health", "army spokesman", "head of the emergency services".
_ROLE_FILLER = """
health interior foreign defence defense justice finance economy security intelligence
army military police sheriffs emergency services service state affairs education transport
health's country's countrys national republic islamic revolutionary guard guards quds
force forces corps office ministry department agency sante interieur sanidad interior
salute interno sanatatii internelor armee ejercito esercito armatei politie policia
polizia former ex then current late acting assistant senior top
"""
# Adjectives of nationality (and their forms in the five languages) that may precede a
# title: "Iranian President", "président iranien", "presidente iraní".
_DEMONYMS = {
    "IR": "iranian iranien iranienne irani iraniano iraniana iranian iraniana iranianul",
    "IQ": "iraqi irakien irakienne iraqui iracheno irachena irakian",
    "SY": "syrian syrien syrienne sirio siria sirian",
    "IL": "israeli israelien israelienne israeli israeliano israeliana israelian",
    "PS": "palestinian palestinien palestinienne palestino palestinese palestinian",
    "US": "american us americain americaine estadounidense statunitense american",
    "RU": "russian russe ruso rusa russo russa rus",
    "FR": "french francais francaise frances francesa francese francez",
    "DE": "german allemand allemande aleman alemana tedesco tedesca german",
    "GB": "british britannique britanico britannico britanic",
    "TR": "turkish turc turque turco turca turc",
    "AF": "afghan afghane afgano afgana afgan",
    "PK": "pakistani pakistanais pakistani pakistano pakistanez",
    "LB": "lebanese libanais libanaise libanes libanese libanez",
    "SA": "saudi saoudien saudita saudit",
    "EG": "egyptian egyptien egipcio egiziano egiptean",
    "JO": "jordanian jordanien jordano giordano iordanian",
    "UA": "ukrainian ukrainien ucraniano ucraino ucrainean",
    "ES": "spanish espagnol espanol spagnolo spaniol",
    "IT": "italian italien italiano italian",
    "RO": "romanian roumain rumano rumeno roman",
    "CN": "chinese chinois chino cinese chinez",
    "NG": "nigerian nigerian nigeriano",
    "SO": "somali somalien somali",
}
_NATIONALITY = {w: cc for cc, words in _DEMONYMS.items() for w in words.split()}
_TITLES = frozenset(_TITLE_WORDS.split())
_ROLES = frozenset(_ROLE_WORDS.split())
_FILLERS = frozenset(_ROLE_FILLER.split())
_LINKS = frozenset(
    _words("the le la les el il lo l of de del des du di della dello a al ai ale and")
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class TitleParts:
    """What `strip_titles` took off a phrase: the name's span in it and the attributes."""

    start: int  # the name within the phrase
    end: int
    title: str | None  # the title/role words as printed ("Iranian President")
    role: str | None  # the main role word folded ("president", "spokesman")
    nationality: str | None  # ISO country code of a demonym in the title


def _is_title_word(word: str) -> bool:
    f = fold(word.rstrip("."))
    return (f in _TITLES or f in _FILLERS or f in _NATIONALITY) and f not in _LINKS


# The role words of the five languages, by the English role they name.
_ROLE_EN = {
    "president": "president presidente presedintele presedinte",
    "minister": "minister ministre ministro ministrul",
    "prime-minister": "premier premierul",
    "spokesperson": "spokesman spokeswoman spokesperson portavoz portavoce purtatorul",
    "governor": "governor gouverneur gobernador governatore guvernatorul",
    "head": "head chief chef jefe capo seful sef",
    "commander": "commander comandante commandant comandantul",
    "leader": "leader guide guida lider liderul",
    "mayor": "mayor maire alcalde sindaco primarul primar",
    "secretary": "secretary secretaire secretario segretario secretarul",
    "director": "director directeur directora direttore directorul",
    "prosecutor": "prosecutor procureur fiscal",
}
_ROLE_CANON = {w: en for en, ws in _ROLE_EN.items() for w in ws.split()}


def title_attributes(phrase: str) -> tuple[str | None, str | None]:
    """The role word and the nationality a title phrase names ("Iranian President")."""
    role = nationality = None
    for m in _WORD.finditer(phrase):
        f = fold(m.group().rstrip("."))
        if f in _ROLES and role is None:
            role = _ROLE_CANON.get(f, f)
        if f in _NATIONALITY and nationality is None:
            nationality = _NATIONALITY[f]
    if "porte parole" in fold(phrase) and role is None:
        role = "spokesperson"  # "porte-parole" folds to two words
    return role, nationality


def strip_titles(phrase: str) -> TitleParts:
    """The name inside `phrase` once leading titles and roles are taken off.

    "Ayatollah Ali Khamenei" → "Ali Khamenei" (title "Ayatollah"); "Iranian President
    Ebrahim Raissi" → "Ebrahim Raissi" (role president, nationality IR); "el portavoz Abu
    Hutaifa" → "Abu Hutaifa". A phrase that is only title words keeps its last word, so a
    name that is also a title word ("Major") is not lost. Trailing ", spokesman" is cut.
    """
    words = list(_WORD.finditer(phrase))
    cut = 0  # words before this index are title words
    i = 0
    while i < len(words) - 1:
        f = fold(words[i].group().rstrip("."))
        nxt = words[i + 1].group()
        article_first = i == 0 and (nxt[:1].islower() or _is_title_word(nxt))
        if (
            f in _LINKS
            and (cut or article_first)
            and (f not in ARABIC_ARTICLES or article_first or cut)
        ):
            i += 1  # a link inside a title ("Minister of Health") or a leading article
            continue
        if not _is_title_word(words[i].group()):
            break
        i += 1
        cut = i
    start = words[cut].start() if words else 0
    end = len(phrase)
    comma = phrase.find(",", start)
    if comma > start:
        end = comma
    end = len(phrase[:end].rstrip(" .;:"))
    title_text = phrase[: words[cut].start()].strip(" ,") if cut else None
    role, nationality = title_attributes(title_text) if title_text else (None, None)
    return TitleParts(start, end, title_text or None, role, nationality)


def is_office_word(word: str) -> bool:
    """True for a word that names an office, rank or role by itself ("President", "Gen.")."""
    f = fold(word.rstrip("."))
    return f in _TITLES and f not in _LINKS and f not in _FILLERS and f not in _NATIONALITY


def is_title_word(word: str) -> bool:
    """True for a word that can be part of a title or role phrase (folded lookup)."""
    return _is_title_word(word)


def nationality_of(word: str) -> str | None:
    """The ISO country code of a demonym ("Iranian", "iraní", "iranien"), else None."""
    return _NATIONALITY.get(fold(word))
