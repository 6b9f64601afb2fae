"""The offline gazetteer: aliases in five languages, whole-token finding, disambiguation."""

from __future__ import annotations

import math

import pytest

from storyline.extract.gazetteer import alias_key, fold
from storyline.extract.places import Gazetteer, PlaceMention
from tests.conftest import KERMAN, plain_article, require

KERMAN_IR = (30.28, 57.08)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def mentions(gaz: Gazetteer, text: str, language: str = "en", **kw) -> list[PlaceMention]:
    found = gaz.find(text, language, **kw)
    for m in found:
        assert text[m.start : m.end] == m.text
    return found


def by_text(found: list[PlaceMention], surface: str) -> PlaceMention:
    hits = [m for m in found if m.text == surface]
    assert hits, f"{surface!r} not found in {[m.text for m in found]}"
    return hits[0]


# -- Kerman: the Iranian city or the Californian town -------------------------------------


def test_kerman_with_iran_in_the_text_is_the_iranian_city(gaz):
    text = (
        "Two explosions tore through a crowd in Kerman on Wednesday. Iranian state media "
        "said the attack near the cemetery killed dozens; officials in Tehran vowed revenge."
    )
    m = by_text(mentions(gaz, text), "Kerman")
    assert m.place.country == "IR" and m.place.kind == "city"
    assert km((m.place.lat, m.place.lon), KERMAN_IR) < 25
    assert m.candidates >= 2  # the Californian town and the province share the name
    assert m.score > 0.8


def test_kerman_in_a_fresno_county_story_is_the_californian_town(gaz):
    text = (
        "A teenager was wounded in a drive-by shooting in Kerman late Saturday, the Fresno "
        "County Sheriff's Office said. Deputies found casings near a packing house."
    )
    m = by_text(mentions(gaz, text), "Kerman")
    assert (m.place.country, m.place.admin1) == ("US", "California")
    assert m.score < 0.99  # the Iranian city is still a candidate


def test_kerman_without_context_is_the_bigger_place(gaz):
    assert gaz.resolve("Kerman").country == "IR"
    assert gaz.resolve("Kerman", "Deputies from Fresno County responded.").country == "US"
    assert gaz.resolve("Kerman, California").country == "US"
    assert gaz.resolve("Kerman, Iran").country == "IR"


def test_kerman_is_never_found_inside_kermanshah(gaz):
    found = mentions(gaz, "Protests spread to Kermanshah and Kermanshahi villages in Iran.")
    assert "Kerman" not in {m.place.name for m in found}
    assert by_text(found, "Kermanshah").place.country == "IR"
    assert all(m.text != "Kerman" for m in found)


def test_the_province_when_the_text_says_province(gaz):
    m = by_text(mentions(gaz, "Le gouverneur de la province de Kerman a parlé.", "fr"), "Kerman")
    assert (m.place.kind, m.place.country) == ("admin1", "IR")


@pytest.mark.parametrize("name", sorted(p.name for p in KERMAN.glob("*.txt")))
def test_kerman_in_each_article_of_the_shared_corpus(gaz, name):
    text = (require(KERMAN) / name).read_text(encoding="utf-8")
    kerman = [m for m in mentions(gaz, text) if fold(m.text) == "kerman"]
    assert kerman, "the article names Kerman"
    for m in kerman:
        assert m.place.country == "IR" and m.place.kind == "city"
        assert km((m.place.lat, m.place.lon), KERMAN_IR) < 25


# -- aliases in five languages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "surface", "name", "country"),
    [
        ("fr", "Des milliers de manifestants à Téhéran samedi.", "Téhéran", "Tehran", "IR"),
        ("fr", "La bataille de Mossoul a duré neuf mois.", "Mossoul", "Mosul", "IQ"),
        ("fr", "Un attentat à Bagdad a fait trois morts.", "Bagdad", "Baghdad", "IQ"),
        ("it", "Il vertice si è tenuto a Londra martedì.", "Londra", "London", "GB"),
        ("ro", "Ploua torențial la București joi.", "București", "Bucharest", "RO"),
        ("ro", "Primăria din Bucureşti a anunţat.", "Bucureşti", "Bucharest", "RO"),
        ("es", "El alcalde de Nueva York habló ayer.", "Nueva York", "New York City", "US"),
        ("es", "El avión aterrizó en Estambul.", "Estambul", "Istanbul", "TR"),
        ("es", "El gobierno de Irán respondió.", "Irán", "Iran", "IR"),
        ("fr", "Les sanctions contre l'Iran continuent.", "Iran", "Iran", "IR"),
        ("ro", "Iranul a negat acuzațiile.", "Iranul", "Iran", "IR"),
        ("es", "Viajó a EE.UU. la semana pasada.", "EE.UU.", "United States", "US"),
        (
            "it",
            "Gli inviati degli Stati Uniti sono arrivati.",
            "Stati Uniti",
            "United States",
            "US",
        ),
        (
            "fr",
            "Une manifestation à Saint-Denis, au nord de Paris.",
            "Saint-Denis",
            "Saint-Denis",
            "FR",
        ),
    ],
)
def test_aliases_in_five_languages(gaz, language, text, surface, name, country):
    m = by_text(mentions(gaz, text, language), surface)
    assert (m.place.name, m.place.country) == (name, country)


def test_lookup_folds_case_and_accents_and_returns_every_candidate(gaz):
    assert gaz.lookup("KERMÁN") == gaz.lookup("kerman")
    places = gaz.lookup("Kerman")
    assert {(p.country, p.kind) for p in places} >= {("IR", "city"), ("US", "city")}
    assert places[0].kind == "admin1"  # regions before cities, each by size
    assert gaz.lookup("Springfield")[0].population >= gaz.lookup("Springfield")[-1].population
    assert gaz.lookup("Atlantis of the Deep") == []


def test_a_city_over_its_namesake_region(gaz):
    assert gaz.resolve("New York").name == "New York City"
    assert gaz.resolve("Bucharest").kind == "city"
    assert gaz.resolve("Oklahoma").kind == "admin1"  # only an alternate name of the city
    assert gaz.resolve("Washington").admin1 == "District of Columbia"
    assert gaz.resolve("Washington", "Seattle and Tacoma police said.").kind == "admin1"


def test_demonyms_are_country_context(gaz):
    # Córdoba alone is the Argentine city (bigger); Spanish police make it the Spanish one
    assert gaz.resolve("Córdoba").country == "AR"
    es = "La policía española detuvo a dos hombres en Córdoba."
    assert by_text(mentions(gaz, es, "es"), "Córdoba").place.country == "ES"
    en = "Spanish police arrested two men in Cordoba."
    assert by_text(mentions(gaz, en, "en"), "Cordoba").place.country == "ES"


def test_country_hint_breaks_near_ties(gaz):
    assert gaz.resolve("Valencia").country == "VE"
    assert gaz.resolve("Valencia", country_hint="ES").country == "ES"
    m = by_text(mentions(gaz, "Floods hit Valencia overnight.", country_hint="es"), "Valencia")
    assert m.place.country == "ES"


# -- US local news -------------------------------------------------------------------------


def test_us_cities_pinned_by_state_abbreviations(gaz):
    text = (
        "HUNTSVILLE, Ala. (AP) — A man was shot outside a store. Police in Springfield, Ill. "
        "and Columbus, Ohio reported similar cases, as did a deputy in Paris, Texas."
    )
    found = mentions(gaz, text, country_hint="US")
    assert by_text(found, "HUNTSVILLE").place.admin1 == "Alabama"
    assert by_text(found, "Ala.").place.name == "Alabama"
    assert by_text(found, "Springfield").place.admin1 == "Illinois"
    assert by_text(found, "Columbus").place.admin1 == "Ohio"
    paris = by_text(found, "Paris").place
    assert (paris.country, paris.admin1) == ("US", "Texas")
    assert gaz.resolve("Huntsville, Ala.").admin1 == "Alabama"
    assert gaz.resolve("Springfield, Ill.").admin1 == "Illinois"
    assert gaz.resolve("Springfield, MO").admin1 == "Missouri"


def test_a_small_town_needs_its_state_in_the_text(gaz):
    # Kerman, Calif. has 14,000 people: without California in sight it is not taken
    text = "A man was shot in Kerman, according to a statement from the U.S. embassy."
    assert by_text(mentions(gaz, text), "Kerman").place.country == "IR"


# -- what is not a place -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Nice weather brought crowds to the beach.",
        "Mobile phones were seized at the scene.",
        "May brought heavy rain to the valley.",
        "March was the wettest month on record.",
        "Police said the man fled on foot.",
    ],
)
def test_sentence_initial_common_words_are_not_places(gaz, text):
    assert mentions(gaz, text) == []


def test_common_word_places_need_support(gaz):
    found = mentions(gaz, "The festival in Nice, France drew record crowds.")
    assert by_text(found, "Nice").place.country == "FR"
    found = mentions(gaz, "Mobile police said the suspect was arrested in Mobile, Ala.")
    assert {m.place.admin1 for m in found if m.text == "Mobile"} == {"Alabama"}
    assert mentions(gaz, "She bought a T-Mobile phone.") == []


def test_person_names_that_are_also_places(gaz):
    text = (
        "Michael Jordan visited Jordan last week. Florence Pugh was filming in Florence, "
        "Italy. Gen. Qasem Soleimani was buried in Kerman, Iran. Victoria Beckham spoke."
    )
    found = mentions(gaz, text)
    assert [m.text for m in found if m.text == "Jordan"] == ["Jordan"]
    assert by_text(found, "Jordan").start == text.index("visited Jordan") + len("visited ")
    florence = [m for m in found if m.text == "Florence"]
    assert len(florence) == 1 and florence[0].place.country == "IT"
    assert "Victoria" not in {m.text for m in found}
    assert "Soleimani" not in {m.text for m in found}


def test_a_surname_stays_a_person_through_the_text(gaz):
    text = "Police arrested Devin Jackson, 25, in Chicago. Jackson was held without bail."
    found = mentions(gaz, text, country_hint="US")
    assert [m.text for m in found] == ["Chicago"]


def test_streets_and_institutions_named_after_places_are_not_the_places(gaz):
    text = "Shots were fired on Madison Avenue near Jefferson High School in Chicago."
    assert [m.text for m in mentions(gaz, text)] == ["Chicago"]


# -- the index -----------------------------------------------------------------------------


def test_alias_keys_are_stable_across_runs():
    # the on-disk index is keyed by these: Python's own hash() would change every run
    assert fold("Saint-Denis") == fold("saint denis") == fold("St. Denis")
    assert fold("Bucureşti") == fold("București") == "bucuresti"
    assert alias_key("kerman") == alias_key(fold("KERMÁN")) == 0xA631F7D5A8F5DABB


def test_load_is_shared_and_places_are_frozen(gaz):
    assert Gazetteer.load() is gaz
    place = gaz.resolve("Tehran")
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "Officers found him in the 2100 block of Houston after the call.",
        "The crash closed Denver Highway for an hour.",
        "Shots rang out near Dallas and Tulsa on the east side.",
        "They met at the corner of Phoenix and Memphis downtown.",
        "A boy was hurt in the Hartford neighborhood on the west side.",
    ],
)
def test_streets_and_quarters_named_after_towns_are_not_the_towns(gaz, text):
    assert mentions(gaz, text) == []


# -- people, not places ---------------------------------------------------------------


def test_a_lone_name_before_said_or_was_arrested_is_a_person(gaz):
    text = (
        "Deputies in Georgia were called to a farm. Hamilton said the gate was open. "
        "Washington was arrested the next day."
    )
    names = {m.text for m in mentions(gaz, text)}
    assert "Hamilton" not in names and "Washington" not in names


def test_the_town_the_headline_names_beats_the_dateline():
    from storyline.extract.location import _headline, _named_in

    title = "Teen shot in Oakdale apartment - KXYZ Channel 9 | Springfield News"
    assert _headline(title) == "Teen shot in Oakdale apartment"
    assert _named_in(_headline(title), "Oakdale")
    assert not _named_in(_headline(title), "Springfield")


def test_a_hospital_town_and_a_clip_line_are_not_the_scene():
    from storyline.extract.location import _TAKEN_TO, _clip_line

    text = "The boy was flown to a hospital in Richmond.\n1:52 Suspect confesses to shooting"
    assert _TAKEN_TO.search(text, 0, text.index("Richmond"))
    assert _clip_line(text, text.index("Suspect"))
    assert not _clip_line(text, text.index("boy"))


# -- choosing the episode's town (location.py) --------------------------------------------


def _located(gaz: Gazetteer, text: str, title: str = ""):
    from storyline.extract.location import locate

    art = plain_article(text, "en", published=None, title=title)
    return locate(art, art.sentences, gaz.find(text, "en"))


def test_va_is_virginia_and_w_va_west_virginia(gaz):
    found = mentions(gaz, "A man was shot Sunday in Norfolk, Va., police said.")
    assert by_text(found, "Va.").place.name == "Virginia"
    found = mentions(gaz, "A man was shot Sunday in Wheeling, W. Va., police said.")
    assert by_text(found, "W. Va.").place.name == "West Virginia"


def test_a_town_before_hospital_is_not_the_scene(gaz):
    from storyline.extract.location import _residence

    text = "The boy was flown to an Anchorage hospital after the shooting in Wasilla, Alaska."
    found = mentions(gaz, text)
    assert _residence(text, by_text(found, "Anchorage"))
    assert not _residence(text, by_text(found, "Wasilla"))


def test_the_dateline_town_over_a_town_of_another_state(gaz):
    text = (
        "NEW ORLEANS (WXYZ) -- Three people were shot on Friday night in Central City, "
        "police said.\nThe wounded were taken to a hospital."
    )
    loc = _located(gaz, text, "Three shot in Central City")
    assert loc is not None and loc.name == "New Orleans"


def test_a_small_town_whose_state_goes_unnamed_gives_way(gaz):
    text = (
        "Police in New Jersey said a man was shot dead in Hamilton on Friday night. "
        "The suspect fled, New Jersey troopers said."
    )
    loc = _located(gaz, text, "Man shot dead in Hamilton")
    assert loc is None or loc.precision != "city" or loc.admin1 == "New Jersey"


def test_a_city_s_other_name_in_a_text_about_another_country_is_a_word(gaz):
    """GeoNames lists "Vine" among Vienna's names; in a Missouri story it is a street."""
    text = (
        "Two brothers were wounded near a blues bar in the 18th & Vine District late on"
        " Saturday. The bar sits a few streets from the Missouri governor's office."
    )
    found = [(m.text, m.place.country) for m in gaz.find(text, "en")]
    assert ("Vine", "AT") not in found and ("Missouri", "US") in found
    # with nothing else to go on, an exonym still names its city
    (cologne,) = gaz.find("Trois blessés à Cologne samedi soir.", "fr")
    assert (cologne.place.name, cologne.place.country) == ("Köln", "DE")
