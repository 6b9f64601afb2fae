"""Event dates in en, fr, es, it, ro, resolved against a publication date (sentences made up)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from storyline.extract.when import DateMention, find_dates, resolve_weekday
from tests.conftest import KERMAN

THU = date(2024, 1, 4)  # a Thursday: the publication day in most cases below


def dates(text: str, lang: str, ref: date | None = THU) -> list[DateMention]:
    found = find_dates(text, lang, ref)
    for m in found:
        assert text[m.start : m.end] == m.text  # offsets point into the text as given
    return found


def pairs(text: str, lang: str, ref: date | None = THU) -> list[tuple[str, str | None]]:
    return [(m.text, m.value.isoformat() if m.value else None) for m in dates(text, lang, ref)]


# --- weekdays -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekday", "tense", "expected"),
    [
        (2, "recent", "2024-01-03"),  # "on Wednesday" in a Thursday report: the day before
        (3, "recent", "2024-01-04"),  # "Thursday" in a Thursday report: that day
        (4, "recent", "2023-12-29"),
        (3, "past", "2023-12-28"),  # "last Thursday" in a Thursday report: a week back
        (2, "past", "2024-01-03"),
        (3, "future", "2024-01-11"),
        (4, "future", "2024-01-05"),
        (4, "this", "2024-01-05"),  # "this Friday": the next day
        (0, "this", "2024-01-01"),  # "this Monday": three days back
        (6, "this", "2024-01-07"),  # "this Sunday": three days on
        (3, "this", "2024-01-04"),
    ],
)
def test_resolve_weekday(weekday, tense, expected):
    assert resolve_weekday(weekday, THU, tense).isoformat() == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Police said on Wednesday night that the van had been stolen.",
            [("Wednesday night", "2024-01-03")],
        ),
        (
            "en",
            "Wednesday's blast shattered windows on Thursday.",
            [("Wednesday", "2024-01-03"), ("Thursday", "2024-01-04")],
        ),
        (
            "en",
            "The verdict came last Thursday and the appeal opens next Monday.",
            [("last Thursday", "2023-12-28"), ("next Monday", "2024-01-08")],
        ),
        (
            "en",
            "Unions will march this Friday; the mayor spoke this Monday.",
            [("this Friday", "2024-01-05"), ("this Monday", "2024-01-01")],
        ),
        (
            "en",
            "Shots were fired last Friday night near the port.",
            [("last Friday night", "2023-12-29")],
        ),
        (
            "fr",
            "Ce jeudi, le groupe a revendiqué l'attaque de mercredi soir.",
            [("Ce jeudi", "2024-01-04"), ("mercredi soir", "2024-01-03")],
        ),
        (
            "fr",
            "Jeudi dernier, deux suspects avaient été arrêtés; le procès s'ouvre lundi prochain.",
            [("Jeudi dernier", "2023-12-28"), ("lundi prochain", "2024-01-08")],
        ),
        (
            "es",
            "El miércoles estalló un coche bomba y este jueves se decretó el luto.",
            [("miércoles", "2024-01-03"), ("este jueves", "2024-01-04")],
        ),
        (
            "es",
            "El pasado martes hubo redadas; el martes pasado, no; el próximo lunes, juicio.",
            [
                ("El pasado martes", "2024-01-02"),
                ("martes pasado", "2024-01-02"),
                ("el próximo lunes", "2024-01-08"),
            ],
        ),
        (
            "it",
            "Giovedì scorso la polizia ha fermato due uomini, poi mercoledì sera il rilascio.",
            [("Giovedì scorso", "2023-12-28"), ("mercoledì sera", "2024-01-03")],
        ),
        (
            "it",
            "Lo scorso giovedì e venerdì prossimo.",
            [("Lo scorso giovedì", "2023-12-28"), ("venerdì prossimo", "2024-01-05")],
        ),
        (
            "ro",
            "Miercuri a avut loc explozia, iar joi seara a fost revendicată.",
            [("Miercuri", "2024-01-03"), ("joi seara", "2024-01-04")],
        ),
        (
            "ro",
            "Joia trecută au fost arestări; vinerea viitoare începe procesul.",
            [("Joia trecută", "2023-12-28"), ("vinerea viitoare", "2024-01-05")],
        ),
        (
            "ro",
            "Marţi, cu ţ sub sedilă, și luni dimineața.",  # cedilla spelling, articled pod
            [("Marţi", "2024-01-02"), ("luni dimineața", "2024-01-01")],
        ),
    ],
)
def test_weekdays(lang, text, expected):
    assert pairs(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Churches held Good Friday services and Ash Wednesday vigils."),
        ("en", "The market opens every Monday; he may return."),
        ("es", "Viajó a Santo Domingo; los lunes cierra el museo."),
        ("it", "Il giovedì il mercato è chiuso."),  # "il giovedì": every Thursday
        ("ro", "Acum trei luni, în mai multe orașe, luni de zile de proteste."),
    ],
)
def test_not_weekdays(lang, text):
    assert [
        m.text
        for m in dates(text, lang)
        if m.note.split()[0]
        in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    ] == []


def test_weekday_with_explicit_date_takes_the_date_and_checks_the_weekday():
    (m,) = dates("The group spoke this Thursday, January 4, from an unknown place.", "en")
    assert (m.text, m.value, m.precision, m.relative) == (
        "this Thursday, January 4",
        date(2024, 1, 4),
        "day",
        True,
    )
    assert "weekday agrees" in m.note
    (m,) = dates("The strike of Tuesday, January 3, 2024 was the worst.", "en")
    assert m.value == date(2024, 1, 3) and not m.relative
    assert "does not match" in m.note and "Wednesday" in m.note
    assert pairs("mercredi 3 janvier, jeudi 4 janvier 2024", "fr") == [
        ("mercredi 3 janvier", "2024-01-03"),
        ("jeudi 4 janvier 2024", "2024-01-04"),
    ]
    assert pairs("El jueves 4 de enero y joi, 4 ianuarie.", "es")[0] == (
        "jueves 4 de enero",
        "2024-01-04",
    )
    assert pairs("joi, 4 ianuarie, și giovedì", "ro")[0] == ("joi, 4 ianuarie", "2024-01-04")
    assert pairs("giovedì 4 gennaio", "it") == [("giovedì 4 gennaio", "2024-01-04")]


# --- words for days, counts of days -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "It happened yesterday; today the road reopened. Last night was calm.",
            [("yesterday", "2024-01-03"), ("today", "2024-01-04"), ("Last night", "2024-01-03")],
        ),
        (
            "en",
            "Two days ago a bus overturned; three weeks ago a bridge fell.",
            [("Two days ago", "2024-01-02"), ("three weeks ago", "2023-12-14")],
        ),
        (
            "fr",
            "Hier soir et avant-hier, puis aujourd’hui, il y a deux jours.",
            [
                ("Hier soir", "2024-01-03"),
                ("avant-hier", "2024-01-02"),
                ("aujourd’hui", "2024-01-04"),
                ("il y a deux jours", "2024-01-02"),
            ],
        ),
        (
            "fr",
            "La nuit dernière, des tirs ont été entendus.",
            [("La nuit dernière", "2024-01-03")],
        ),
        (
            "es",
            "Ayer hubo disturbios, anoche también; hoy, calma. Hace dos días, nada.",
            [
                ("Ayer", "2024-01-03"),
                ("anoche", "2024-01-03"),
                ("hoy", "2024-01-04"),
                ("Hace dos días", "2024-01-02"),
            ],
        ),
        (
            "es",
            "Mañana habrá elecciones; esta mañana votó y por la mañana llovió.",
            [("Mañana", "2024-01-05"), ("esta mañana", "2024-01-04")],
        ),
        (
            "it",
            "Ieri sera, ieri notte, oggi e due giorni fa; l'altro ieri e stamattina.",
            [
                ("Ieri sera", "2024-01-03"),
                ("ieri notte", "2024-01-03"),
                ("oggi", "2024-01-04"),
                ("due giorni fa", "2024-01-02"),
                ("l'altro ieri", "2024-01-02"),
                ("stamattina", "2024-01-04"),
            ],
        ),
        (
            "ro",
            "Ieri, aseară și azi-noapte; astăzi, azi și acum două zile.",
            [
                ("Ieri", "2024-01-03"),
                ("aseară", "2024-01-03"),
                ("azi-noapte", "2024-01-03"),
                ("astăzi", "2024-01-04"),
                ("azi", "2024-01-04"),
                ("acum două zile", "2024-01-02"),
            ],
        ),
        (
            "ro",
            "Astazi, fara diacritice, si ieri seara.",
            [("Astazi", "2024-01-04"), ("ieri seara", "2024-01-03")],
        ),
    ],
)
def test_days_counted_from_the_reference(lang, text, expected):
    assert pairs(text, lang) == expected


def test_longer_counts_give_coarser_precision():
    found = dates("Two months ago and a year ago; acum trei luni.", "en")
    assert [(m.text, m.value, m.precision) for m in found] == [
        ("Two months ago", date(2023, 11, 1), "month"),
        ("a year ago", date(2023, 1, 1), "year"),
    ]
    (m,) = dates("Acum trei luni s-a semnat acordul.", "ro")
    assert (m.text, m.value, m.precision) == ("Acum trei luni", date(2023, 10, 1), "month")


def test_the_day_before_counts_from_the_previous_date_in_the_text():
    text = "On January 4, the group claimed the blast that killed 80 people the day before."
    assert pairs(text, "en") == [("January 4", "2024-01-04"), ("the day before", "2024-01-03")]
    text = "The blast of January 3, 2024 was claimed the next day. Two days later, arrests."
    found = dates(text, "en")
    assert [(m.text, m.value.isoformat()) for m in found] == [
        ("January 3, 2024", "2024-01-03"),
        ("the next day", "2024-01-04"),
        ("Two days later", "2024-01-06"),
    ]
    assert "previous date in text (2024-01-03)" in found[1].note
    assert pairs("Le 3 janvier 2024, l'explosion. La veille, rien.", "fr")[1] == (
        "La veille",
        "2024-01-02",
    )
    assert pairs("Il 3 gennaio 2024 l'esplosione. Il giorno dopo, la rivendicazione.", "it")[1] == (
        "Il giorno dopo",
        "2024-01-04",
    )
    assert pairs("Al día siguiente, nada.", "es") == [("Al día siguiente", "2024-01-05")]
    # with no earlier date, the reference
    assert "no earlier date" in dates("The day before, police left.", "en")[0].note


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The day before the ceremony, crowds gathered."),
        ("fr", "La veille de la cérémonie, la foule était là."),
        ("es", "El día anterior al ataque hubo amenazas."),
        ("it", "Il giorno prima dell'attacco c'erano state minacce."),
        ("ro", "Cu o zi înainte de atac au existat amenințări."),
    ],
)
def test_the_day_before_an_event_is_not_a_date(lang, text):
    assert dates(text, lang) == []


# --- explicit dates, months, years -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Filed on January 3, 2024, then on 3 January 2024 and the 3rd of January 2024.",
            [
                ("January 3, 2024", "2024-01-03"),
                ("3 January 2024", "2024-01-03"),
                ("3rd of January 2024", "2024-01-03"),
            ],
        ),
        (
            "fr",
            "Le 3 janvier 2024 et le 1er janvier.",
            [("3 janvier 2024", "2024-01-03"), ("1er janvier", "2024-01-01")],
        ),
        (
            "es",
            "El 3 de enero de 2024 y el 1º de enero.",
            [("3 de enero de 2024", "2024-01-03"), ("1º de enero", "2024-01-01")],
        ),
        (
            "it",
            "Il 3 gennaio 2024 e il 1° gennaio.",
            [("3 gennaio 2024", "2024-01-03"), ("1° gennaio", "2024-01-01")],
        ),
        (
            "ro",
            "Pe 3 ianuarie 2024 și pe 1 ianuarie.",
            [("3 ianuarie 2024", "2024-01-03"), ("1 ianuarie", "2024-01-01")],
        ),
    ],
)
def test_explicit_dates(lang, text, expected):
    assert pairs(text, lang) == expected


def test_day_and_month_without_a_year_take_the_nearest_year():
    # a December date in an early January report is last year's; a near one is this year's
    assert pairs("Jan. 3, December 28 and on the 3rd; Feb. 20.", "en") == [
        ("Jan. 3", "2024-01-03"),
        ("December 28", "2023-12-28"),
        ("on the 3rd", "2024-01-03"),
        ("Feb. 20", "2024-02-20"),
    ]
    # days after the reference count double: up to ~4 months on, up to ~8 months back
    late_november = date(2024, 11, 20)
    found = dates("On August 4 the case closed; the vote is on February 10.", "en", late_november)
    assert [(m.value, m.relative, m.note) for m in found] == [
        (date(2024, 8, 4), True, "year from reference"),
        (date(2025, 2, 10), True, "year from reference"),
    ]


def test_numeric_dates():
    found = dates("Hearings on 1/3/2024 and 25/12/2023; ISO 2024-01-03.", "en")
    assert [(m.text, m.value.isoformat(), m.note) for m in found] == [
        ("1/3/2024", "2024-01-03", "numeric date, month first"),
        ("25/12/2023", "2023-12-25", "numeric date, day first"),
        ("2024-01-03", "2024-01-03", "ISO date"),
    ]
    assert pairs("Le 03/01/2024 et le 4.1.2024", "fr") == [
        ("03/01/2024", "2024-01-03"),
        ("4.1.2024", "2024-01-04"),
    ]
    assert dates("The ratio was 1/3 and 31/02/2024 is no day.", "en") == []


def test_months_and_years():
    found = dates(
        "The deadliest attack since 1978 came in October, after a strike in "
        "January 2020 and the war of 2022.",
        "en",
    )
    assert [(m.text, m.value, m.precision, m.relative) for m in found] == [
        ("1978", date(1978, 1, 1), "year", False),
        ("October", date(2023, 10, 1), "month", True),  # last October, not next
        ("January 2020", date(2020, 1, 1), "month", False),
    ]
    assert pairs("en janvier 2020, en 2020, depuis 1978, en mars", "fr") == [
        ("janvier 2020", "2020-01-01"),
        ("2020", "2020-01-01"),
        ("1978", "1978-01-01"),
        ("mars", "2024-03-01"),
    ]
    assert pairs("en enero de 2020, en 2020, desde 1978", "es") == [
        ("enero de 2020", "2020-01-01"),
        ("2020", "2020-01-01"),
        ("1978", "1978-01-01"),
    ]
    assert pairs("nel 2020, dal 1978, a gennaio", "it") == [
        ("2020", "2020-01-01"),
        ("1978", "1978-01-01"),
        ("gennaio", "2024-01-01"),
    ]
    assert pairs("în ianuarie 2020, în 2020, din 1978, în mai, în mai multe orașe", "ro") == [
        ("ianuarie 2020", "2020-01-01"),
        ("2020", "2020-01-01"),
        ("1978", "1978-01-01"),
        ("mai", "2023-05-01"),
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "About 2,000 people and 1,978 soldiers marched; a crowd of 2000 gathered."),
        ("en", "He was 19 and lived at 2020 Elm Street; prices may 3x."),
        ("fr", "Plus de 2 000 manifestants et 1978 policiers."),
        ("es", "Unos 2.000 agentes y 1978 detenidos."),
        ("it", "Oltre 2.000 persone, 1978 agenti."),
        ("ro", "Peste 2.000 de oameni și 1978 de polițiști."),
    ],
)
def test_counts_are_not_years(lang, text):
    assert dates(text, lang) == []


# --- without a reference, other languages, offsets, speed --------------------------------------


def test_without_a_reference_relative_mentions_have_no_value():
    found = dates("Yesterday, on Wednesday, January 3 and January 3, 2024.", "en", None)
    assert [(m.text, m.value, m.relative) for m in found] == [
        ("Yesterday", None, True),
        ("Wednesday, January 3", None, True),
        ("January 3, 2024", date(2024, 1, 3), False),
    ]
    # an explicit date in the text still anchors "the day before"
    found = dates("On 3 January 2024 it was claimed; the day before, the blast.", "en", None)
    assert found[1].value == date(2024, 1, 2)


def test_languages_outside_the_five_use_dateparser_names():
    assert pairs("am Mittwoch, 3. Januar 2024, und am Freitag", "de") == [
        ("Mittwoch, 3. Januar 2024", "2024-01-03"),
        ("Freitag", "2023-12-29"),
    ]
    assert pairs("quarta-feira, 3 de janeiro de 2024", "pt-BR") == [
        ("quarta-feira, 3 de janeiro de 2024", "2024-01-03")
    ]
    assert pairs("2024-01-03 on an unknown code", "xx") == [("2024-01-03", "2024-01-03")]


def test_offsets_survive_curly_quotes_and_no_break_spaces():
    text = "« Aujourd’hui », dit-il\u00a0; le\u00a03\u202fjanvier\u00a02024, l’attaque."
    found = dates(text, "fr")
    assert [m.text for m in found] == ["Aujourd’hui", "3\u202fjanvier\u00a02024"]
    assert found[1].value == date(2024, 1, 3)


def test_speed_on_a_long_article():
    text = (
        "On Wednesday night, two days ago, the blast of January 3, 2024 killed 84 people "
        "in 2020 fashion; officials met yesterday and this Thursday. "
    ) * 35  # ~5,000
    find_dates(text, "en", THU)
    started = time.perf_counter()
    for _ in range(20):
        find_dates(text, "en", THU)
    assert (time.perf_counter() - started) / 20 < 0.025  # ~1 ms measured; a loose bound


# --- the real Kerman articles (read from ../shared, never copied) -----------------------------


def test_kerman_weekdays_resolve_against_the_thursday_report():
    files = sorted(KERMAN.glob("*.txt")) if KERMAN.exists() else []
    if not files:
        pytest.skip(f"{KERMAN} is missing")
    wednesdays = this_thursdays = 0
    for path in files:
        for m in dates(path.read_text(encoding="utf-8"), "en", THU):
            if "wednesday" in m.text.lower():
                assert m.value == date(2024, 1, 3), (path.name, m)
                wednesdays += 1
            if m.text.lower().startswith("this thursday"):
                assert m.value == date(2024, 1, 4), (path.name, m)
                this_thursdays += 1
    assert wednesdays >= 3 and this_thursdays >= 3


def test_an_english_weekday_after_a_name_is_still_a_weekday():
    """English capitalises weekdays and names alike: only a holiday word makes a name."""
    text = "A man was shot in Riverton Saturday night; Dalton police said Wednesday."
    assert [t for t, _ in pairs(text, "en")] == ["Saturday night", "Wednesday"]
    assert pairs("Stores opened early for Black Friday.", "en") == []
