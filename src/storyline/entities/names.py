"""Person names: folding, titles, transliteration keys and similarity.

News spells a name from Arabic or Persian several ways in Latin script (Qasem, Qassem,
Ghassem; Hudhayfa, Hutaifa, Hazifa; Muwahid, Muvahid, Mowhid), so two spellings are
compared through keys that forget what transliteration systems disagree on:

- `roman_key`: diacritics folded (anyascii), digraphs mapped (gh→q, kh→h, dh/th/z→t,
  sh/ch→x, ou→u, ph→f), w→v, g/k/c→q, vowels folded to three classes (a; e/i/y; o/u),
  diphthongs ai/ay/ei/ey→i, doubled letters and a final h after a vowel dropped.
- `skeleton`: the roman key without its vowels ("qsm" for every Qasem).

`token_similarity` is 1 for the same token, 0.98 for the same roman key, and
Jaro-Winkler on the roman keys otherwise, raised to `TOKEN_MATCH` when the skeletons
agree and the roman keys are already close (short skeletons need closer keys: Raisi and
Rossi share "rs"). Raisi and Rezaei never match: their skeletons ("rs", "rt") differ and
their keys are far apart.

Titles and roles are not part of a name: `titles.strip_titles` takes them off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


TOKEN_MATCH = 0.93  # two tokens of a name are the same name at or above this

# ---- folding -----------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"[’'ʼʻ`´]")


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower case, accents and punctuation folded to single spaces: "Raïssi" → "raissi".

    Apostrophes inside a word vanish ("Ja'far" → "jafar": the ayn is not written
    consistently); hyphens split ("al-Ansari" → "al ansari").
    """
    s = text if text.isascii() else anyascii(text)
    s = _APOSTROPHES.sub("", s.lower())
    return _NON_WORD.sub(" ", s).strip()


# ---- Arabic script ----------------------------------------------------------------------------

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


def has_arabic_script(text: str) -> bool:
    """True when `text` has letters of the Arabic script (Arabic, Persian, Urdu)."""
    return bool(_ARABIC_SCRIPT.search(text))


@lru_cache(maxsize=10_000)
def romanize(text: str) -> str:
    """A Latin spelling of a name printed in Arabic script: قاسم سلیمانی → "Ghasem Soleimani".

    Uses arabic-name-romanizer (an offline model, ~60 ms a name, hence the cache) when it
    is installed; without it anyascii, which gives bare consonant strings that rarely
    match a Latin spelling. Latin text is returned as it is.
    """
    if not has_arabic_script(text):
        return text
    try:
        from arabic_name_romanizer import transliterate
    except ImportError:  # the hook stays: names in Arabic script then match poorly
        return anyascii(text)
    try:
        latin = transliterate(text)
    except Exception:  # a model failure must not stop resolution
        latin = ""
    return latin if isinstance(latin, str) and latin.strip() else anyascii(text)


# ---- transliteration keys ----------------------------------------------------------------

_DIGRAPHS = [
    ("sch", "x"),
    ("tch", "x"),
    ("gh", "q"),
    ("kh", "h"),
    ("dh", "t"),
    ("th", "t"),
    ("sh", "x"),
    ("ch", "x"),
    ("ph", "f"),
    ("ck", "q"),
    ("dj", "j"),
    ("oua", "uva"),  # French "ou" before a vowel is a w: Sinouar = Sinwar
    ("oue", "uve"),
    ("oui", "uvi"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
]
_LETTERS = str.maketrans(
    {"w": "v", "k": "q", "c": "q", "g": "q", "z": "t", "e": "i", "y": "i", "o": "u"}
)
_DIPHTHONG = re.compile(r"a[iy]|[ei]y|ei")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aiu]")


@lru_cache(maxsize=200_000)
def roman_key(token: str) -> str:
    """A spelling-tolerant form of one name token (see the module docstring)."""
    s = fold(token).replace(" ", "")
    if not s:
        return s
    for a, b in _DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    s = _DIPHTHONG.sub("i", s)
    s = s.translate(_LETTERS)
    s = _DOUBLE.sub(r"\1", s)
    if len(s) > 2 and s.endswith("h") and s[-2] in "aiu":
        s = s[:-1]
    return s


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The consonants of `roman_key`, first letter kept even if a vowel is lost."""
    key = roman_key(token)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", key))


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str, lax: bool = False) -> float:
    """How alike two name tokens are, in [0, 1]; `TOKEN_MATCH` and above is the same name.

    `lax` is for names of Arabic form (an "al"/"abu"/"bin" in either): their short vowels
    are not written in the original script, so any vowels over the same consonants of
    three or more (Saifalá, Seyfullah) are one name. Without it, vowels count: Baker and
    Booker are two people.
    """
    if a == b:
        return 1.0
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return 1.0
    ka, kb = roman_key(fa), roman_key(fb)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 0.98
    if _suffixed(fa, ka, fb, kb) or _suffixed(fb, kb, fa, ka):
        return 0.9
    jw = JaroWinkler.similarity(ka, kb)
    sa, sb = skeleton(fa), skeleton(fb)
    if sa == sb and sa:
        need = (0.80 if lax else 0.92) if len(sa) >= 3 else 0.92
        if jw >= need:
            return max(jw, TOKEN_MATCH)
    return jw if jw >= 0.95 else min(jw, TOKEN_MATCH - 0.01)


def _suffixed(fa: str, ka: str, fb: str, kb: str) -> bool:
    """`b` is `a` plus a nisba "-i" (Suleiman, Suleimani) or a feminine "-a" (Brian,
    Brianna): another name. A French mute "-e" (Salman, Salmane) is not a suffix."""
    if not ka or ka[-1] in "aiu":
        return False
    return (kb == ka + "i" and fb[-1:] in "iy") or (kb == ka + "a" and fb[-1:] == "a")


# ---- name structure -------------------------------------------------------------------------

# Articles and links inside Arabic names, folded: "al-Ansari", "el-Sisi", "ad-Din".
ARABIC_ARTICLES = frozenset(_words("al el ul ad an ar as at az ash adh ath"))
# Particles of names that may be left out: kunya and patronymic markers, Romance particles.
_PARTICLES = frozenset(
    _words(
        "al el ul abu abou bin ben ibn bint ould "
        "de del della di da dos das du van von der den la le"
    )
)
_SUFFIXES = frozenset(_words("jr sr ii iii iv junior senior"))
_NICKNAMES = """
william bill billy will willie liam | robert bob bobby rob robbie bert | richard rick ricky
dick rich | james jim jimmy jamie | john johnny jack | michael mike mikey mick | joseph joe
joey | thomas tom tommy | charles charlie chuck | christopher chris | anthony tony |
daniel dan danny | david dave davey | edward ed eddie ted teddy | benjamin ben benny |
samuel sam sammy | matthew matt | nicholas nick nicky | alexander alex | andrew andy drew |
jonathan jon | joshua josh | zachary zach zack | timothy tim timmy | steven stephen steve
stevie | kenneth ken kenny | ronald ron ronnie | donald don donnie | gerald jerry gerry |
lawrence larry | raymond ray | gregory greg | jeffrey jeff | patrick pat | peter pete |
frederick fred freddie | douglas doug | terrence terence terry | leonard leo len lenny |
elizabeth liz beth betty lizzie | jennifer jen jenny | katherine catherine kathy kate katie
cathy | margaret maggie peggy meg | patricia pat patty trish | rebecca becky | deborah debbie
deb | susan sue susie | victoria vicky tori | christina christine chris tina | jessica jess
| abigail abby | samantha sam | alexandra alex | kimberly kim | pamela pam | cynthia cindy
| mohammed mohammad muhammad mohamed mohamad mehmet | yusuf youssef yousef joseph
"""
_NICK_GROUP: dict[str, int] = {}
for _i, _group in enumerate(_NICKNAMES.split("|")):
    for _name in _group.split():
        _NICK_GROUP.setdefault(_name, _i)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name cut into the tokens compared: given names first, surname last.

    `tokens` are folded, without particles ("al", "abu", "de") or suffixes; an initial
    is a one-letter token. `particles` remembers whether the name had them.
    """

    tokens: tuple[str, ...]
    suffix: str | None  # "jr", "sr", "ii"...
    text: str  # as printed, titles stripped
    arabic: bool = False  # has an Arabic article or kunya ("al-", "Abu", "bin", "-ullah")

    @property
    def surname(self) -> str:
        return self.tokens[-1] if self.tokens else ""

    @property
    def full(self) -> bool:
        """A given name and a surname, the given name written out or as an initial."""
        return len(self.tokens) >= 2

    @property
    def key(self) -> str:
        return " ".join(self.tokens) + (f" {self.suffix}" if self.suffix else "")


@lru_cache(maxsize=100_000)
def parse_name(text: str) -> PersonName:
    """Cut a printed name into compared tokens ("Abu Hazifa al Ansari" → hazifa ansari).

    A hyphen between two capitalised words joins them into one token, so a double
    surname stays one surname ("Diaz-Marrero"); after a particle it separates ("al-Ansari").
    """
    script = has_arabic_script(text)
    latin = romanize(text) if script else text
    text_joined = _HYPHENATED.sub(_join_hyphen, latin)
    toks = fold(text_joined).split()
    suffix = None
    while toks and toks[-1] in _SUFFIXES and len(toks) > 1:
        suffix = {"junior": "jr", "senior": "sr"}.get(toks[-1], toks[-1])
        toks = toks[:-1]
    kept = [t for t in toks if t not in _PARTICLES and t not in ARABIC_ARTICLES]
    if not kept and toks:
        kept = toks[-1:]
    arabic = (
        script
        or any(t in _ARABIC_MARKS for t in toks)
        or any(t.endswith(("ullah", "allah", "ala")) or t.startswith("abd") for t in kept[:-1])
    )
    return PersonName(tuple(kept), suffix, text, arabic)


_HYPHENATED = re.compile(r"\b([A-Z][\w'’]*)-(?=[A-Z])")


def _join_hyphen(m: re.Match[str]) -> str:
    word = m.group(1)
    return word + "-" if fold(word) in _PARTICLES or fold(word) in ARABIC_ARTICLES else word


_ARABIC_MARKS = frozenset(_words("al el ul abu abou bin ibn bint ould"))


def _given_match(a: str, b: str, lax: bool = False) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if token_similarity(a, b, lax) >= TOKEN_MATCH:
        return True
    ga, gb = _NICK_GROUP.get(a), _NICK_GROUP.get(b)
    return ga is not None and ga == gb


def surname_match(a: PersonName, b: PersonName) -> bool:
    """The two names end in the same surname (spelling variants allowed)."""
    lax = a.arabic or b.arabic
    return bool(a.tokens and b.tokens) and (
        len(a.surname) > 1
        and len(b.surname) > 1
        and token_similarity(a.surname, b.surname, lax) >= TOKEN_MATCH
    )


def same_person(a: PersonName, b: PersonName) -> bool:
    """Two full names that can be one person: "Jordan D. Baker" and "Jordan Darell Baker".

    The shorter name's tokens must match, in order, tokens of the longer, its first with
    the first (a given name, or its initial, or a nickname) and its last with the last
    (the surname) or, for a longer name of three or more tokens, the one before it
    (double surnames: "José García" and "José García López"). A middle name written out
    in both must agree. Different suffixes (Jr./Sr.) are different people.

    Two adjacent tokens of the longer name may be written as one in the other
    ("Abdulmalik al-Huthi" and "Abdul Malik al-Houthi").
    """
    if _same_person(a, b):
        return True
    if len(a.tokens) == len(b.tokens):
        return False
    short, long_ = (a, b) if len(a.tokens) < len(b.tokens) else (b, a)
    for i in range(len(long_.tokens) - 1):
        t = long_.tokens
        joined = (*t[:i], t[i] + t[i + 1], *t[i + 2 :])
        if any(len(x) == 1 for x in t[i : i + 2]):
            continue
        if _same_person(short, PersonName(joined, long_.suffix, long_.text, long_.arabic)):
            return True
    return False


def _same_person(a: PersonName, b: PersonName) -> bool:
    if not (a.full and b.full):
        return False
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return False
    short, long_ = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    st, lt = short.tokens, long_.tokens
    lax = a.arabic or b.arabic
    if not _given_match(st[0], lt[0], lax):
        return False
    last_ok = len(st[-1]) > 1 and token_similarity(st[-1], lt[-1], lax) >= TOKEN_MATCH
    if not last_ok:
        if not (len(lt) >= 3 and len(st[-1]) > 1 and len(lt[-2]) > 1):
            return False
        if token_similarity(st[-1], lt[-2], lax) < TOKEN_MATCH:
            return False
        lt = lt[:-1]
    # the middle of the shorter must appear, in order, among the middle of the longer
    j = 1
    for tok in st[1:-1]:
        while j < len(lt) - 1 and not _given_match(tok, lt[j], lax):
            j += 1
        if j >= len(lt) - 1:
            return False
        j += 1
    return True
