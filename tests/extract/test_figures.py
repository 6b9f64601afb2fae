"""Casualty figures: kinds, intervals, attributions, superseded and background counts.

Sentences made up for the purpose, in en, fr, es, it, ro; then the real Kerman articles and
the fictional Şanlıurfa corpus, read from disk, against their expected.json.
"""

from __future__ import annotations

import json
import re

import pytest

from storyline.extract.figures import CasualtyFigure, find_figures
from storyline.extract.quantities import parse_quantity
from storyline.extract.when import fold
from storyline.ingest import iter_units, parse_document
from storyline.model import Article
from tests.conftest import EXAMPLE, KERMAN, require
from tests.conftest import plain_article as article


def figures(text: str, lang: str, **kw) -> list[CasualtyFigure]:
    a = article(text, lang, **kw)
    found = find_figures(a)
    for f in found:  # every span points into the raw text, with its sentence
        assert a.raw_text[f.evidence.start : f.evidence.end] == f.evidence.text
        assert f.evidence.sentence is not None
        assert f.evidence.sentence.start <= f.evidence.start < f.evidence.sentence.end
        if f.attribution:
            ev = f.attribution.evidence
            assert a.raw_text[ev.start : ev.end] == ev.text == f.attribution.text
    return found


def rows(text: str, lang: str) -> list[tuple]:
    return [
        (f.kind, f.evidence.text, f.value, f.low, f.high, f.qualifier) for f in figures(text, lang)
    ]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "At least 46 people were killed and 130 injured in the two blasts.",
            [
                ("killed", "At least 46", 46, 46, None, "at_least"),
                ("injured", "130", 130, 130, 130, "exact"),
            ],
        ),
        (
            "en",
            "The explosions left 52 dead and more than 200 wounded.",
            [
                ("killed", "52", 52, 52, 52, "exact"),
                ("injured", "more than 200", 200, 201, None, "more_than"),
            ],
        ),
        ("en", "The death toll rose to 61 on Friday.", [("killed", "61", 61, 61, 61, "exact")]),
        (
            "en",
            "12 killed and 40 injured in Lagos blasts",
            [("killed", "12", 12, 12, 12, "exact"), ("injured", "40", 40, 40, 40, "exact")],
        ),
        (
            "en",
            "The blasts killed almost 90 people and wounded dozens.",
            [
                ("killed", "almost 90", 90, 81, 89, "almost"),
                ("injured", "dozens", None, 24, 99, "vague"),
            ],
        ),
        (
            "en",
            "Two people were shot and killed Saturday night.",
            [("killed", "Two", 2, 2, 2, "exact")],
        ),
        ("en", "A man was killed outside the bar.", [("killed", "A man", 1, 1, 1, "exact")]),
        (
            "en",
            "A 25-year-old man died at the hospital.",
            [("killed", "A 25-year-old man", 1, 1, 1, "exact")],
        ),
        ("en", "No one was injured.", [("injured", "No one", 0, 0, 0, "exact")]),
        ("en", "Five people were hospitalised.", [("hospitalized", "Five", 5, 5, 5, "exact")]),
        (
            "en",
            "Police arrested three men, and two people remain missing.",
            [("arrested", "three", 3, 3, 3, "exact"), ("missing", "two", 2, 2, 2, "exact")],
        ),
        (
            "en",
            "Four people were shot, one fatally.",
            [("shot", "Four", 4, 4, 4, "exact"), ("killed", "one", 1, 1, 1, "exact")],
        ),
        (
            "en",
            "2 adults, six children dead in shootings",
            [
                ("killed", "2 adults, six children", 8, 8, 8, "exact"),
                ("killed", "six", 6, 6, 6, "exact"),
            ],
        ),
        (
            "en",
            "Two deputies and three bystanders -- a teenager and two cooks -- were hurt as well.",
            [
                ("injured", "Two deputies and three bystanders", 5, 5, 5, "exact"),
                ("injured", "three", 3, 3, 3, "exact"),
            ],
        ),
        (
            "en",
            "Two men, 19 and 23, were shot in the chest and pronounced dead.",
            [("killed", "Two", 2, 2, 2, "exact")],
        ),
        ("en", "Teen shot in Tulsa dies", [("killed", "Teen", 1, 1, 1, "exact")]),
        (
            "en",
            "Police are investigating the shooting of at least three people.",
            [("shot", "at least three", 3, 3, None, "at_least")],
        ),
        ("en", "Five people were shot at a party.", [("shot", "Five", 5, 5, 5, "exact")]),
        # dead and wounded together, the shots fired, a gunman's victims: not counts of the kind
        ("en", "He shot at police before fleeing.", []),
        ("en", "The attackers blew themselves up, killing and wounding more than 150.", []),
        ("en", "He was shot three times.", [("shot", "He", 1, 1, 1, "exact")]),
        # more shots, wounds and an age whose second comma is missing: not people
        ("en", "The deputy shot two more times before the car stopped.", []),
        ("en", "The boy was treated for three gunshot wounds.", []),
        # animals, and "a number of": no count of people
        ("en", "The bullet killed the girl and injured one of the family dogs.", []),
        (
            "en",
            "A woman died and a number of other guests were hurt.",
            [("killed", "A woman", 1, 1, 1, "exact")],
        ),
        # some were hurt, none gravely: no count of the hurt
        ("en", "Police say no one suffered any life-threatening injuries.", []),
        ("en", "No serious injuries were reported.", []),
        (
            "en",
            "Image 3 of 4 A child was shot on Thursday.",
            [("shot", "A child", 1, 1, 1, "exact")],
        ),
        (
            "en",
            "A man and a woman were taken to a hospital, where they later died.",
            [
                ("killed", "A man and a woman", 2, 2, 2, "exact"),
                ("killed", "a woman", 1, 1, 1, "exact"),
            ],
        ),
        ("en", "Darnell Ortiz, 31 was shot in the hip.", []),
        ("en", "Ana Reyes, 27, and Lionel Park, 35 were taken to a hospital.", []),
        (
            "en",
            "She was taken to a hospital in critical condition and was later pronounced dead.",
            [("killed", "She", 1, 1, 1, "exact")],
        ),
        ("en", "In Chicago, 12 were shot over the weekend.", [("shot", "12", 12, 12, 12, "exact")]),
        ("en", "A gunman killed two people.", [("killed", "two", 2, 2, 2, "exact")]),
        (
            "fr",
            "Au moins 23 personnes ont été tuées et 57 blessées.",
            [
                ("killed", "Au moins 23", 23, 23, None, "at_least"),
                ("injured", "57", 57, 57, 57, "exact"),
            ],
        ),
        (
            "fr",
            "L'attentat a fait 17 morts et 45 blessés.",
            [("killed", "17", 17, 17, 17, "exact"), ("injured", "45", 45, 45, 45, "exact")],
        ),
        ("fr", "Le bilan s'élève à 19.", [("killed", "19", 19, 19, 19, "exact")]),
        (
            "fr",
            "Trois personnes ont été interpellées et deux sont portées disparues.",
            [("arrested", "Trois", 3, 3, 3, "exact"), ("missing", "deux", 2, 2, 2, "exact")],
        ),
        (
            "fr",
            "Une vingtaine de personnes ont été hospitalisées.",
            [("hospitalized", "Une vingtaine", 20, 18, 22, "about")],
        ),
        ("fr", "Un homme a été tué par balle.", [("killed", "Un homme", 1, 1, 1, "exact")]),
        (
            "es",
            "La explosión dejó al menos 33 fallecidos y 90 heridos.",
            [
                ("killed", "al menos 33", 33, 33, None, "at_least"),
                ("injured", "90", 90, 90, 90, "exact"),
            ],
        ),
        (
            "es",
            "La policía detuvo a cuatro personas y dos siguen desaparecidas.",
            [("arrested", "cuatro", 4, 4, 4, "exact"), ("missing", "dos", 2, 2, 2, "exact")],
        ),
        (
            "es",
            "Veinte personas fueron hospitalizadas.",
            [("hospitalized", "Veinte", 20, 20, 20, "exact")],
        ),
        (
            "es",
            "Turquía rebaja a 27 los muertos del atentado.",
            [("killed", "27", 27, 27, 27, "exact")],
        ),
        (
            "it",
            "Il bilancio è di 14 morti e 38 feriti.",
            [("killed", "14", 14, 14, 14, "exact"), ("injured", "38", 38, 38, 38, "exact")],
        ),
        (
            "it",
            "È di ventidue morti il bilancio.",
            [("killed", "ventidue", 22, 22, 22, "exact")],
        ),
        ("it", "I feriti sono 63.", [("injured", "63", 63, 63, 63, "exact")]),
        (
            "it",
            "Quattro persone sono state arrestate e due risultano disperse.",
            [("arrested", "Quattro", 4, 4, 4, "exact"), ("missing", "due", 2, 2, 2, "exact")],
        ),
        ("it", "Dieci persone sono ricoverate.", [("hospitalized", "Dieci", 10, 10, 10, "exact")]),
        (
            "it",
            "Nove feriti restano in condizioni gravi.",
            [("critical", "Nove", 9, 9, 9, "exact")],
        ),
        (
            "ro",
            "Atacul s-a soldat cu 21 de morți și 75 de răniți.",
            [("killed", "21", 21, 21, 21, "exact"), ("injured", "75", 75, 75, 75, "exact")],
        ),
        ("ro", "Bilanțul a urcat la 26 de morți.", [("killed", "26", 26, 26, 26, "exact")]),
        (
            "ro",
            "Patru persoane au fost arestate, iar două sunt dispărute.",
            [("arrested", "Patru", 4, 4, 4, "exact"), ("missing", "două", 2, 2, 2, "exact")],
        ),
        (
            "ro",
            "Peste 80 de persoane sunt internate.",
            [("hospitalized", "Peste 80", 80, 81, None, "more_than")],
        ),
    ],
)
def test_kinds_values_and_spans(lang, text, expected):
    assert rows(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "sources"),
    [
        (
            "en",
            "At least 40 people were killed, according to Kenyan authorities.",
            ["Kenyan authorities"],
        ),
        (
            "en",
            "The toll rose to 31, the head of the rescue service, Anna Petrova, told state radio.",
            ["Anna Petrova"],
        ),
        ("en", "The blasts killed 28 people, the official TASS agency reported.", ["TASS agency"]),
        ("en", "Two people were shot and killed Saturday night, police said.", ["police"]),
        ("en", "Police said two people were wounded.", ["Police"]),
        (
            "en",
            "A group in the north claimed the blast, as officials lowered the toll to 19 and said "
            "40 people had been wounded.",
            ["officials", "officials"],
        ),
        (
            "en",
            "Nurses at the clinic, as the town calls it, told us that 12 people were hurt.",
            ["Nurses"],
        ),
        ("en", "Citing hospital staff, the paper said 90 people were injured.", ["hospital staff"]),
        (
            "fr",
            "Le bilan s'élève à 19 morts, a indiqué le ministre de l'Intérieur, Paul Girard.",
            ["Paul Girard"],
        ),
        (
            "fr",
            "Au moins 23 personnes ont été tuées, selon les autorités maliennes.",
            ["autorités maliennes"],
        ),
        ("es", "Hubo 33 muertos, según el Ministerio del Interior.", ["Ministerio del Interior"]),
        ("it", "Il bilancio è di 14 morti, secondo l'agenzia Ansa.", ["Ansa"]),
        (
            "ro",
            "Bilanțul a urcat la 26 de morți, potrivit Ministerului de Interne.",
            ["Ministerului de Interne"],
        ),
    ],
)
def test_attribution_sources(lang, text, sources):
    found = figures(text, lang)
    assert [f.attribution.source if f.attribution else None for f in found] == sources


def test_each_figure_takes_the_source_beside_it():
    text = (
        "The toll dropped from the 70 given by the local Mercury news agency and the 64 by "
        "the regional governor, Maria Santos."
    )
    found = figures(text, "en")
    assert [(f.value, f.superseded, f.attribution.source) for f in found] == [
        (70, True, "Mercury news agency"),
        (64, True, "Maria Santos"),
    ]


def test_he_said_takes_the_name_from_the_sentence_before():
    text = (
        "Omar Haddad, who leads the rescue teams, told a briefing that the count was checked. "
        "Seven of the 52 wounded were still in a serious condition, he said."
    )
    found = figures(text, "en")
    assert [(f.kind, f.value, f.attribution.source) for f in found] == [
        ("critical", 7, "Omar Haddad"),
        ("injured", 52, "Omar Haddad"),
    ]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "A woman and a 5-year-old child were injured.",
            ("injured", "A woman and a 5-year-old child", 2),
        ),
        (
            "Deputies reached a 15-year-old girl and a 19-year-old woman suffering from"
            " gunshot wounds.",
            ("shot", "a 15-year-old girl and a 19-year-old woman", 2),
        ),
        (
            "She and three others were shot outside a nightclub.",
            ("shot", "She and three others", 4),
        ),
        ("He and his wife were shot on Tuesday.", ("shot", "He and his wife", 2)),
        # who shot himself and another: both were shot
        (
            "A boy accidentally shot himself and his friend inside a home.",
            ("shot", "shot himself and his friend", 2),
        ),
    ],
)
def test_people_listed_together_are_one_count(text, first):
    """A list of people is one count of all: ages and pronouns open a list too."""
    assert rows(text, "en")[0][:3] == first


@pytest.mark.parametrize(
    ("lang", "text", "flags"),
    [
        ("en", "An earlier toll of 58 was revised down to 49.", [(58, True), (49, False)]),
        (
            "en",
            "The first toll of more than 60 was revised downwards: 52 people died.",
            [(60, True), (52, False)],
        ),
        ("en", "Police had previously reported that 3 people were killed.", [(3, True)]),
        ("fr", "Un précédent bilan faisait état de 25 morts.", [(25, True)]),
        ("fr", "Le bilan est passé de 25 à 19 morts.", [(25, True), (19, False)]),
        ("es", "Un balance anterior daba 41 muertos.", [(41, True)]),
        (
            "es",
            "Rebajaron el balance a 33 muertos, frente a los 36 anunciados.",
            [(33, False), (36, True)],
        ),
        ("it", "Un precedente bilancio parlava di 18 morti.", [(18, True)]),
        ("ro", "Bilanțul anterior era de 30 morți.", [(30, True)]),
        ("ro", "El a coborât bilanțul de la 30 la 26 de morți.", [(30, True), (26, False)]),
    ],
)
def test_superseded_tolls(lang, text, flags):
    assert [(f.value, f.superseded) for f in figures(text, lang)] == flags


@pytest.mark.parametrize(
    ("lang", "text", "scopes"),
    [
        (
            "en",
            "It was the worst blast since 1995, when a truck bomb killed at least 168 people.",
            ["background"],
        ),
        ("en", "In 2019, 12 people died in a fire at a market in Lyon.", ["background"]),
        ("en", "The attack killed 46 people, the deadliest since 1995.", ["event"]),
        ("en", "So far this year, 45 people have been killed in the city.", ["background"]),
        ("fr", "En 2019, 12 personnes avaient été tuées à Lyon.", ["background"]),
        ("es", "En 2019, 12 personas murieron en Sevilla.", ["background"]),
        ("it", "Nel 2019, 12 persone sono morte a Bari.", ["background"]),
        ("ro", "În 2019, 12 persoane au murit la Cluj.", ["background"]),
        ("en", "46 people were killed on January 2, 2024.", ["event"]),
    ],
)
def test_background_counts(lang, text, scopes):
    assert [f.scope for f in figures(text, lang)] == scopes


def test_a_year_with_no_publication_date_is_background():
    found = figures("9 people died in March 2021.", "en", published=None)
    assert [(f.value, f.scope) for f in found] == [(9, "background")]


def test_the_attackers_own_death_is_marked():
    found = figures("He shot two women before killing himself.", "en")
    assert [(f.kind, f.value, f.perpetrator, f.evidence.text) for f in found] == [
        ("shot", 2, False, "two"),
        ("killed", 1, True, "killing himself"),
    ]
    found = figures("The gunman was killed by officers.", "en")
    assert [(f.kind, f.value, f.perpetrator) for f in found] == [("killed", 1, True)]


def test_to_dict():
    (f,) = figures("At least 84 people were killed, police said.", "en")
    d = f.to_dict()
    assert d["kind"] == "killed" and d["low"] == 84 and d["high"] is None
    assert d["evidence"]["text"] == "At least 84" and d["evidence"]["sentence"]["index"] == 0
    assert d["attribution"]["source"] == "police"
    assert d["superseded"] is False and d["scope"] == "event" and d["perpetrator"] is False
    json.dumps(d)


# ---- real and example corpora --------------------------------------------------------------


def _load(path, registry) -> dict[str, Article]:
    docs = [u for _s, items in iter_units([str(require(path))]) for u in items]
    return {a.id: a for a in (parse_document(d, registry) for d in docs if hasattr(d, "text"))}


def _tokens(text: str) -> set[str]:
    """Word stems to compare names across languages ("Ministerului de Interne", "Interior
    Ministry") and spellings ("Aydınoğlu", "Aydinoglu")."""
    folded = fold(text).lower().replace("ı", "i")
    return {w[:5] for w in re.findall(r"\w+", folded) if len(w) >= 4}


def _matches(report_value, fig: CasualtyFigure) -> bool:
    if isinstance(report_value, int):
        return fig.value == report_value and fig.qualifier == "exact"
    q = parse_quantity(report_value, "en")
    return (fig.value, fig.qualifier) == (q.value, q.qualifier)


def _check_reports(expected: dict, found: dict[str, list[CasualtyFigure]]):
    """Each report's value in every article it lists; its attribution in one of them at least
    (a copy or a later article may give the figure without repeating who said it)."""
    for kind in ("killed", "injured"):
        for report in expected[kind]["reports"]:
            hits = []
            for source in report["sources"]:
                got = [f for f in found[source] if f.kind == kind and _matches(report["value"], f)]
                assert got, (kind, report["value"], source)
                hits += got
            who = report.get("attributed_to")
            if who and "toll" not in who:  # "initial toll" names no one
                names = [
                    f.attribution.source for f in hits if f.attribution and f.attribution.source
                ]
                assert any(_tokens(who) & _tokens(n) for n in names), (report, names)


@pytest.fixture(scope="module")
def kerman(registry):
    articles = _load(KERMAN, registry)
    return {a[:3]: find_figures(art) for a, art in articles.items()}


def test_kerman_reports_are_all_found(kerman):
    expected = json.loads((KERMAN / "expected.json").read_text(encoding="utf-8"))["figures"]
    _check_reports(expected, kerman)


def test_kerman_superseded_tolls(kerman):
    sup = {
        (k, f.value) for k, fs in kerman.items() for f in fs if f.kind == "killed" and f.superseded
    }
    assert {("004", 103), ("004", 95), ("001", 100)} <= sup
    assert not any(f.value == 84 and f.superseded for fs in kerman.values() for f in fs)
    irna = next(f for f in kerman["004"] if f.value == 103)
    assert "Irna" in irna.attribution.source
    minister = next(f for f in kerman["004"] if f.value == 95)
    assert minister.attribution.source == "Bahram Eynollahi"
    latest = [f for f in kerman["004"] if f.value == 84 and f.attribution]
    assert latest[-1].attribution.source == "Jafar Miadfar"


def test_kerman_hospital_counts_and_no_combined_count(kerman):
    hospital = {(k, f.value) for k, fs in kerman.items() for f in fs if f.kind == "hospitalized"}
    assert {("000", 220), ("003", 195)} <= hospital
    # "killing and wounding more than 300" counts dead and wounded together
    assert not [f for f in kerman["002"] if f.value == 300]


def test_kerman_background_events_are_not_the_event(kerman):
    older = re.compile(r"\b(?:1978|2020|2022)\b")
    dated = [f for fs in kerman.values() for f in fs if older.search(f.evidence.sentence.text)]
    # the Abadan cinema fire (1978) and the Shiraz attack (2022) are found, as background
    assert {(f.value, f.scope) for f in dated if f.value in (377, 15)} == {
        (377, "background"),
        (15, "background"),
    }
    assert not [
        f for fs in kerman.values() for f in fs if f.scope == "event" and f.value in (377, 15)
    ]
    # a year in a later clause (Soleimani's death in 2020) leaves the toll before it alone
    assert {f.value for f in dated if f.scope == "event"} <= {84}


@pytest.fixture(scope="module")
def arden(registry):
    return {a: find_figures(art) for a, art in _load(EXAMPLE / "articles", registry).items()}


def test_example_reports_are_all_found(arden):
    expected = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))["figures"]
    _check_reports(expected, arden)


def test_example_earlier_tolls_and_hospital_count(arden):
    # the articles that tell the 31 as the first count mark it superseded; the first reports do not
    for source in (
        "gde-20250413-sanliurfa-balance",
        "faro-20250413-sanliurfa-rivendicazione",
        "06_daily_lantern_claim",
        "07_observatorul_litoral_ro",
        "mws-2025-0412-urfa-blast",
    ):
        assert any(f.value == 31 and f.superseded for f in arden[source]), source
    assert not any(f.superseded for f in arden["01_cpa_sanliurfa_first_report"])
    # "Peste 80 de persoane rămân internate": people still in hospital, not an injury count
    ro = arden["07_observatorul_litoral_ro"]
    assert [(f.kind, f.low) for f in ro if f.value == 80] == [("hospitalized", 81)]
    # the unrelated warehouse fire in the same feed has no killed or injured toll of the blasts
    assert not any(f.value in (29, 27, 31, 84, 70) for f in arden["mws-2025-0412-lodz-fire"])
