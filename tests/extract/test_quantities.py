"""Counts with qualifiers as intervals, in en, fr, es, it, ro (sentences made up)."""

from __future__ import annotations

import time

import pytest

from storyline.extract.quantities import Quantity, find_quantities, parse_quantity
from tests.conftest import KERMAN


def quantities(text: str, lang: str) -> list[Quantity]:
    found = find_quantities(text, lang)
    for q in found:
        assert text[q.start : q.end] == q.text  # offsets point into the text as given
    return found


def rows(text: str, lang: str) -> list[tuple]:
    return [(q.text, q.value, q.low, q.high, q.qualifier) for q in quantities(text, lang)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "At least 84 people were killed and more than 200 hurt; nearly 300 fled.",
            [
                ("At least 84", 84, 84, None, "at_least"),
                ("more than 200", 200, 201, None, "more_than"),
                ("nearly 300", 300, 270, 299, "almost"),
            ],
        ),
        (
            "en",
            "A half-dozen people were shot, half a dozen fled and a dozen hid.",
            [
                ("A half-dozen", 6, 5, 7, "about"),
                ("half a dozen", 6, 5, 7, "about"),
                ("a dozen", 12, 10, 14, "about"),
            ],
        ),
        (
            "en",
            "About 90 soldiers, up to 50 guards, fewer than 10 children and some 200 police.",
            [
                ("About 90", 90, 81, 99, "about"),
                ("up to 50", 50, None, 50, "at_most"),
                ("fewer than 10", 10, None, 9, "fewer_than"),
                ("some 200", 200, 180, 220, "about"),
            ],
        ),
        (
            "fr",
            "Au moins 84 morts, plus de 1\u00a0200 blessés et près de 300 déplacés.",
            [
                ("Au moins 84", 84, 84, None, "at_least"),
                ("plus de 1\u00a0200", 1200, 1201, None, "more_than"),
                ("près de 300", 300, 270, 299, "almost"),
            ],
        ),
        (
            "fr",
            "Environ 90 gendarmes, jusqu’à 50 personnes et moins de 10 morts.",
            [
                ("Environ 90", 90, 81, 99, "about"),
                ("jusqu’à 50", 50, None, 50, "at_most"),
                ("moins de 10", 10, None, 9, "fewer_than"),
            ],
        ),
        (
            "es",
            "Al menos 84 muertos, más de 1.200 heridos, casi 300 desplazados y unos 90 agentes.",
            [
                ("Al menos 84", 84, 84, None, "at_least"),
                ("más de 1.200", 1200, 1201, None, "more_than"),
                ("casi 300", 300, 270, 299, "almost"),
                ("unos 90", 90, 81, 99, "about"),
            ],
        ),
        (
            "es",
            "Por lo menos doce policías y hasta 50 personas; menos de 10 niños.",
            [
                ("Por lo menos doce", 12, 12, None, "at_least"),
                ("hasta 50", 50, None, 50, "at_most"),
                ("menos de 10", 10, None, 9, "fewer_than"),
            ],
        ),
        (
            "it",
            "Almeno 84 morti, oltre 1.200 feriti, quasi 300 sfollati e circa 90 agenti.",
            [
                ("Almeno 84", 84, 84, None, "at_least"),
                ("oltre 1.200", 1200, 1201, None, "more_than"),
                ("quasi 300", 300, 270, 299, "almost"),
                ("circa 90", 90, 81, 99, "about"),
            ],
        ),
        (
            "it",
            "Più di 80 morti, fino a 50 persone; oltre ai 30 feriti, i sei ostaggi.",
            [
                ("Più di 80", 80, 81, None, "more_than"),
                ("fino a 50", 50, None, 50, "at_most"),
                ("30", 30, 30, 30, "exact"),  # "oltre a": besides, not more than
                ("sei", 6, 6, 6, "exact"),
            ],
        ),
        (
            "ro",
            "Cel puțin 84 de morți, peste 1.200 de răniți și aproape 300 de persoane.",
            [
                ("Cel puțin 84", 84, 84, None, "at_least"),
                ("peste 1.200", 1200, 1201, None, "more_than"),
                ("aproape 300", 300, 270, 299, "almost"),
            ],
        ),
        (
            "ro",
            "Aproximativ 90 de polițiști, până la 50 de persoane, mai mult de 80 de morți.",
            [
                ("Aproximativ 90", 90, 81, 99, "about"),
                ("până la 50", 50, None, 50, "at_most"),
                ("mai mult de 80", 80, 81, None, "more_than"),
            ],
        ),
    ],
)
def test_qualifiers(lang, text, expected):
    assert rows(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Between 80 and 100 people", ("Between 80 and 100", 80, 100)),
        ("en", "80-100 cars", ("80-100", 80, 100)),
        ("en", "80 to 100 trucks", ("80 to 100", 80, 100)),
        ("en", "between 2 and 3 million voters", ("between 2 and 3 million", 2_000_000, 3_000_000)),
        ("fr", "entre 80 et 100 soldats", ("entre 80 et 100", 80, 100)),
        ("fr", "80 à 100 soldats", ("80 à 100", 80, 100)),
        ("es", "entre 80 y 100 soldados", ("entre 80 y 100", 80, 100)),
        ("it", "tra 80 e 100 soldati", ("tra 80 e 100", 80, 100)),
        ("it", "fra 80 e 100 soldati", ("fra 80 e 100", 80, 100)),
        ("ro", "între 80 și 100 de soldați", ("între 80 și 100", 80, 100)),
        ("ro", "80–100 de soldați", ("80–100", 80, 100)),  # an en dash
    ],
)
def test_ranges(lang, text, expected):
    (q,) = quantities(text, lang)
    assert (q.text, q.low, q.high, q.value, q.qualifier) == (*expected, None, "range")


def test_from_x_to_y_is_a_change_not_a_range():
    assert rows("The toll fell from 95 to 84.", "en") == [
        ("95", 95, 95, 95, "exact"),
        ("84", 84, 84, 84, "exact"),
    ]
    assert [q.value for q in quantities("le bilan est passé de 95 à 84 morts", "fr")] == [95, 84]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "eighty-four dead", 84),
        ("en", "one hundred and twenty injured", 120),
        ("en", "two thousand three hundred homes", 2300),
        ("en", "two dozen trucks", 24),
        ("fr", "quatre-vingt-quatre morts", 84),
        ("fr", "quatre-vingt-dix-sept otages", 97),
        ("fr", "soixante et onze blessés", 71),
        ("fr", "vingt et un policiers", 21),
        ("fr", "deux cents personnes", 200),
        ("fr", "trois mille soldats", 3000),
        ("es", "ochenta y cuatro muertos", 84),
        ("es", "doscientos treinta y cuatro heridos", 234),
        ("es", "veintitrés detenidos", 23),
        ("es", "dos mil personas", 2000),
        ("es", "cien mil votos", 100_000),
        ("it", "ottantaquattro morti", 84),
        ("it", "centottantaquattro feriti", 184),
        ("it", "ventuno ostaggi", 21),
        ("it", "duemila persone", 2000),
        ("it", "trecentomila abitanti", 300_000),
        ("ro", "optzeci și patru de morți", 84),
        ("ro", "douăzeci și unu de răniți", 21),
        ("ro", "două sute de persoane", 200),
        ("ro", "trei mii de oameni", 3000),
        ("ro", "o sută de case", 100),
        ("ro", "nouăsprezece copii", 19),
    ],
)
def test_number_words(lang, text, expected):
    (q,) = quantities(text, lang)
    assert (q.value, q.low, q.high, q.qualifier) == (expected, expected, expected, "exact")
    assert text.startswith(q.text) and not q.text.endswith(" ")


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("en", "eighty-four"),
        ("en", "one hundred and twenty"),
        ("en", "two thousand three hundred"),
        ("fr", "quatre-vingt-quatre"),
        ("fr", "soixante et onze"),
        ("fr", "deux cent mille"),
        ("es", "ochenta y cuatro"),
        ("es", "doscientos treinta y cuatro"),
        ("it", "centottantaquattro"),
        ("it", "trecentomila"),
    ],
)
def test_number_words_agree_with_text2num(lang, phrase):
    text2num = pytest.importorskip("text_to_num").text2num
    assert parse_quantity(phrase, lang).value == text2num(phrase, lang)


def test_two_numbers_side_by_side_stay_two():
    assert [q.value for q in quantities("dos y tres", "es")] == [2, 3]
    assert [q.value for q in quantities("84 plus 284 injured", "en")] == [84, 284]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "A dozen cars", ("A dozen", 12, 10, 14, "about")),
        ("en", "more than a hundred houses", ("more than a hundred", 100, 101, None, "more_than")),
        ("fr", "une vingtaine de victimes", ("une vingtaine", 20, 18, 22, "about")),
        (
            "fr",
            "plus d’une centaine de blessés",
            ("plus d’une centaine", 100, 101, None, "more_than"),
        ),
        ("fr", "près d'une centaine", ("près d'une centaine", 100, 90, 99, "almost")),
        (
            "es",
            "más de un centenar de heridos",
            ("más de un centenar", 100, 101, None, "more_than"),
        ),
        ("es", "una docena de coches", ("una docena", 12, 10, 14, "about")),
        ("it", "oltre un centinaio di feriti", ("oltre un centinaio", 100, 101, None, "more_than")),
        ("it", "una ventina di vittime", ("una ventina", 20, 18, 22, "about")),
        ("ro", "peste o sută de răniți", ("peste o sută", 100, 101, None, "more_than")),
        ("en", "84 or more", ("84 or more", 84, 84, None, "at_least")),
        ("en", "300 or so", ("300 or so", 300, 270, 330, "about")),
        ("en", "the 100-plus victims", ("100-plus", 100, 101, None, "more_than")),
        ("fr", "84 ou plus", ("84 ou plus", 84, 84, None, "at_least")),
    ],
)
def test_approximate_nouns_and_trailing_qualifiers(lang, text, expected):
    (q,) = quantities(text, lang)
    assert (q.text, q.value, q.low, q.high, q.qualifier) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Dozens were hurt", ("Dozens", 24, 99)),
        ("en", "hundreds of people", ("hundreds", 200, 999)),
        ("en", "thousands of people", ("thousands", 2000, 9999)),
        ("en", "tens of thousands marched", ("tens of thousands", 20_000, 99_999)),
        ("fr", "des dizaines de maisons", ("des dizaines", 20, 99)),
        ("fr", "des centaines de manifestants", ("des centaines", 200, 999)),
        ("es", "decenas de casas", ("decenas", 20, 99)),
        ("es", "cientos de personas", ("cientos", 200, 999)),
        ("it", "decine di case", ("decine", 20, 99)),
        ("it", "centinaia di persone", ("centinaia", 200, 999)),
        ("ro", "zeci de case", ("zeci", 20, 99)),
        ("ro", "sute de oameni", ("sute", 200, 999)),
        ("ro", "zeci de mii de oameni", ("zeci de mii", 20_000, 99_999)),
    ],
)
def test_vague_plurals(lang, text, expected):
    (q,) = quantities(text, lang)
    assert (q.text, q.low, q.high, q.value, q.qualifier) == (*expected, None, "vague")


def test_digits_separators_and_scales():
    assert [q.value for q in quantities("1,200 police and 3.5 million voters", "en")] == [
        1200,
        3_500_000,
    ]
    text = "1\u202f200 policiers, 1.200 gendarmes, 2,5 millions d’habitants"
    assert [q.value for q in quantities(text, "fr")] == [1200, 1200, 2_500_000]
    assert [q.value for q in quantities("3 mil agentes", "es")] == [3000]
    assert [q.value for q in quantities("2 mila persone", "it")] == [2000]
    assert [q.value for q in quantities("10 mii de oameni", "ro")] == [10_000]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "25% of the vote, 40 per cent, $40, 2 million euros, millions of dollars"),
        ("en", "at 10:30, at 10 am, on January 3, Jan. 4, 1/3/2024, 2024-01-03"),
        ("en", "the 4th anniversary, the fourth anniversary, aged 25, a 25-year-old man"),
        ("en", "call 555-1234 or +33 1 23 45 67 89; id 1704393627; code 0712 345 678"),
        ("en", "in 2020, since 1978, between 2019 and 2021, 2019-2021, COVID-19, an A320"),
        ("en", "10 Downing Street, 2.5 km, one person, a man, hundred"),
        ("fr", "un homme de 25 ans, à 10 heures, 10h30, le 3 janvier, 2 millions d’euros"),
        ("fr", "15 %, un bâtiment neuf, un mort, en 2020, le 4e arrondissement, 12 rue Victor"),
        ("es", "un hombre de 25 años, a las 10, el 3 de enero, en 2020, el 15 por ciento"),
        ("es", "mil millones de dólares, un muerto, una casa, calle Mayor 5"),
        ("it", "un uomo di 25 anni, alle 10.30, alle 10, il 3 gennaio, nel 2020, un 25enne"),
        ("it", "tu sei qui, il 15 per cento, un morto, via Roma 12, il 1° maggio"),
        ("ro", "un bărbat în vârstă de 25 de ani, 10 la sută, la ora 10, 3 ianuarie, în 2020"),
        ("ro", "o casă nouă, al 4-lea, un mort, o femeie, strada Victoriei nr. 10"),
    ],
)
def test_not_counts(lang, text):
    assert rows(text, lang) == []


def test_years_need_a_date_context_and_a_qualifier_makes_a_count():
    assert rows("2000 people marched; more than 2000 signed.", "en") == [
        ("2000", 2000, 2000, 2000, "exact"),
        ("more than 2000", 2000, 2001, None, "more_than"),
    ]
    assert rows("A crowd of 2000 gathered.", "en") == [("2000", 2000, 2000, 2000, "exact")]


def test_weak_words_count_after_a_determiner():
    assert [q.text for q in quantities("les neuf victimes et un bâtiment neuf", "fr")] == ["neuf"]
    assert [q.start for q in quantities("cei nouă răniți, o casă nouă", "ro")] == [4]


def test_intervals_for_small_figures():
    assert (parse_quantity("nearly 5", "en").low, parse_quantity("nearly 5", "en").high) == (4, 4)
    assert (parse_quantity("about 5", "en").low, parse_quantity("about 5", "en").high) == (4, 6)
    assert parse_quantity("fewer than 1", "en").high == 0


def test_parse_quantity():
    q = parse_quantity("plus d’une centaine", "fr")
    assert (q.start, q.end, q.value, q.low, q.high, q.qualifier) == (
        0,
        19,
        100,
        101,
        None,
        "more_than",
    )
    assert parse_quantity("at least 84 people", "en").text == "at least 84"
    assert parse_quantity("hundreds", "en").qualifier == "vague"
    assert parse_quantity("in 2020", "en") is None
    assert parse_quantity("nothing here", "en") is None
    assert parse_quantity("42 Leute", "de").value == 42  # digits in any language


def test_speed_on_a_long_article():
    text = (
        "At least 84 people died and more than 200 were hurt, nearly 300 fled; about 90 "
        "soldiers, between 80 and 100 cars, dozens of homes, eighty-four dead in 2020. "
    ) * 30  # ~5,000 characters
    find_quantities(text, "en")
    started = time.perf_counter()
    for _ in range(20):
        find_quantities(text, "en")
    assert (time.perf_counter() - started) / 20 < 0.025  # ~2 ms measured; a loose bound


def test_kerman_figures():
    files = sorted(KERMAN.glob("*.txt")) if KERMAN.exists() else []
    if not files:
        pytest.skip(f"{KERMAN} is missing")
    found = [q for path in files for q in quantities(path.read_text(encoding="utf-8"), "en")]
    assert any(q.value == 84 and q.qualifier == "exact" for q in found)
    assert any(q.value == 84 and q.qualifier == "at_least" and q.low == 84 for q in found)
    assert any(q.text.lower() == "more than 80" and q.low == 81 and q.high is None for q in found)
    assert any(q.text.lower() == "almost 300" and (q.low, q.high) == (270, 299) for q in found)
    assert any(q.text.lower() == "more than a hundred" and q.low == 101 for q in found)
    # the publication timestamp and the years are not counts
    assert not any(q.value in (1704393627, 2020, 2024, 1978) for q in found)
