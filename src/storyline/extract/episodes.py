"""Which sentences report the article's own event, and which recall earlier ones.

A report of an attack also recalls the events that explain it: the killing whose
anniversary was being marked, the last attack of the same group, the deadliest one on
record. None of them may lend its date, place or toll to the main event. The rule is
anchored on dates: the main event's day is read from the first sentences that report
violence (skipping days attached to claims or statements, which come after the fact);
a sentence carrying a date far from that day, and no date near it, belongs to an
earlier episode, and so does a sentence that recalls ("the last of which", "since",
"in 2022"). Background sentences are grouped into episodes by the date they carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from storyline.extract.when import DateMention, find_dates
from storyline.model import Article, Sentence

LEAD_SENTENCES = 4  # the title and the first paragraph say what happened
NEAR_DAYS = 7  # a date this close to the main day belongs to the same episode
STATEMENT_REACH = 25  # "claimed responsibility this Thursday": the verb and its object
RECENT_DAYS = 366  # a follow-up (charges, a trial) may come months after the event
LEAD_DAY_SENTENCES = 6  # a recent day first given past these dates a later development
ATTRIBUTION_WORDS = 6  # "police said", "according to the sheriff's office"
LEAD_FOLLOW = 2  # event sentences after the first dated one that may give an earlier day
FUTURE_SLACK = 7  # a yearless day this far after the report, in a violent sentence, is past

# Words of violence or harm in the five languages: a sentence holding one reports an
# event rather than a reaction, a biography or a schedule.
VIOLENCE = re.compile(
    r"\b(?:attack\w*|bomb\w*|blast\w*|explo[dsz]\w*|shoot\w*|shot|gun\w*|kill\w*|dead|death\w*|"
    r"died|wound\w*|injur\w*|murder\w*|stabb\w*|kidnap\w*|abduct\w*|hostage\w*|arson\w*|"
    r"fire|attentat\w*|attaque\w*|bombe\w*|fusillade\w*|tué\w*|mort\w*|bless\w*|enlev\w*|"
    r"otage\w*|atentado\w*|ataque\w*|bomba\w*|explosi\w*|tiroteo\w*|muert\w*|herid\w*|"
    r"secuestr\w*|attacco\w*|attentato\w*|esplosion\w*|sparator\w*|mort[io]\b|ferit\w*|"
    r"rapi\w*|atac\w*|explozi\w*|morți|răniț\w*|ucis\w*|împușc\w*)",
    re.IGNORECASE,
)
# Statement words: a date whose nearest cue in its clause is one of these is the day of
# a claim, a declaration or a report, which come after the event.
_STATEMENT = re.compile(
    r"\b(?:claim\w*|said|says|announc\w*|report\w*|confirm\w*|declar\w*|mourning|"
    r"acknowledg\w*|identif\w*|arrest\w*|charg\w*|sentenc\w*|court|hearing|funeral|"
    r"services|vigil|memorial|posted|released|condition|remain\w*|remember\w*|addressed|"
    r"stated|told|conference|briefing|pictured|photographed|tweet\w*|updated|interview\w*|"
    r"arraign\w*|indict\w*|plead\w*|pled|guilty|trial|jury|convict\w*|custody|booked|"
    r"surrender\w*|captured|apprehend\w*|meet|rally|planning|scheduled|will|investigat\w*|treated|jail|bail|bond|"
    r"revendiqu\w*|annonc\w*|déclar\w*|deuil|interpell\w*|obsèques|"
    r"reivindic\w*|anunci\w*|inform\w*|luto|deten\w*|funeral\w*|"
    r"rivendic\w*|dichiar\w*|comunic\w*|lutto|arrest\w*|funeral\w*|"
    r"revendic\w*|anunț\w*|doliu|arest\w*|înmormânt\w*)\b",
    re.IGNORECASE,
)
# A headline about a later development: charges, a hearing, a sentence, an arrest, a
# funeral. Such a report's own day is the development's, not the violence's.
_FOLLOW_UP = re.compile(
    r"\b(?:sentenc\w*|plead\w*|pleas?|pled|charged|charges|trial|court|jury|convict\w*|"
    r"arrest\w*|guilty|arraign\w*|judge|bond|bail|hearing|verdict|indict\w*|funeral|vigil|"
    r"mourn\w*|identif\w*|custody|prosecutor\w*|accused|update[sd]?|"
    r"condamn\w*|procès|jugé\w*|inculp\w*|mis en examen|obsèques|hommage|"
    r"condena\w*|juicio|juez|imputad\w*|acusad\w*|velorio|"
    r"condannat\w*|processo|giudice|arrestat\w*|imputat\w*|"
    r"condamnat\w*|proces\w*|judecător\w*|inculpat\w*|reținut\w*)\b",
    re.IGNORECASE,
)
# Words that report the event without naming the violence ("It happened around 10 p.m.
# Friday", "officers responded Saturday"): the sentence after the one that names it.
_WEEKS = re.compile(r"\d+ weeks? (?:before|after)")  # when.py's note on "two weeks ago"
_OCCURRED = re.compile(
    r"\b(?:happen\w*|occurr\w*|took place|incident|respond\w*|slay\w*|slain|homicide|"
    r"produjo|ocurri\w*|suced\w*|produit|survenu\w*|accadut\w*|avvenut\w*|avut loc|"
    r"petrecut\w*|produs)\b",
    re.IGNORECASE,
)
# A death from injuries suffered earlier: the day is the death's, not the violence's.
_HURT = re.compile(r"injur|wound|dead|death|died", re.IGNORECASE)  # states, not the attack
_DIED = re.compile(r"\b(?:died|dies|succumbed|succumbs)\b", re.IGNORECASE)
_OF_EARLIER_INJURIES = re.compile(
    r"\b(?:succumbed|(?:of|from|to)\s+(?:his|her|their|the)\s+(?:injuries|wounds)|life support"
    r"|(?:days|weeks|months)\s+(?:after|later))\b",
    re.IGNORECASE,
)
# Phrases that recall an earlier event even without a date of their own.
_RECALL = re.compile(
    r"\b(?:in the past|the last of which|previous(?:ly)?|earlier attack|since \d{4}|"
    r"deadliest since|anniversary|par le passé|précédent\w*|depuis \d{4}|en el pasado|"
    r"anterior\w*|desde \d{4}|in passato|precedent\w*|dal \d{4}|în trecut|anterio\w*|"
    r"din \d{4})\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Episode:
    """Sentences about one event, and the date mentions that place it in time."""

    background: bool
    sentences: list[Sentence] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)  # offsets into raw text
    day: date | None = None
    precision: str | None = None
    date_mention: DateMention | None = None  # the mention `day` was read from


def reference_day(article: Article, fallback: date | None = None) -> date | None:
    """The day relative dates count from: publication, else the caller's (the story's).

    A printed modification time ("First change: May 1") may be months after the report,
    so the story's date is preferred to it when there is one.
    """
    if article.published is None:
        return fallback
    note = article.metadata.get("provenance", {}).get("published", {}).get("note", "")
    if fallback is not None and "modification" in note:
        return fallback
    return article.published.date()


def split_episodes(article: Article, reference: date | None) -> tuple[Episode, list[Episode]]:
    """The main episode and the background ones, from the article's raw text."""
    text = article.raw_text
    by_sentence: dict[int, list[DateMention]] = {}
    for m in find_dates(text, article.language or "en", reference):
        if m.value is None:
            continue
        sentence = article.sentence_at(m.start)
        # dates outside every sentence sit in removed lines (a "First change" stamp)
        if sentence is not None and sentence.start <= m.start and m.end <= sentence.end:
            by_sentence.setdefault(sentence.index, []).append(
                _in_the_past(m, reference, sentence.text)
            )
    main = Episode(background=False)
    _choose_main_day(article, by_sentence, main, reference)
    background: dict[tuple[int, int], Episode] = {}
    for sentence in article.sentences:
        dated = by_sentence.get(sentence.index, [])
        near = [m for m in dated if _near(m, main)]
        far = [m for m in dated if not _near(m, main) and _is_earlier(m, main, reference)]
        if far and not near:
            key = (far[0].value.year, far[0].value.month if far[0].precision != "year" else 0)
            episode = background.setdefault(key, Episode(background=True))
            episode.sentences.append(sentence)
            episode.dates.extend(far)
            if episode.day is None:
                episode.day, episode.precision = far[0].value, far[0].precision
                episode.date_mention = far[0]
            continue
        if not near and _RECALL.search(sentence.text) and sentence.index >= LEAD_SENTENCES:
            episode = background.setdefault((0, 0), Episode(background=True))
            episode.sentences.append(sentence)
            continue
        main.sentences.append(sentence)
        main.dates.extend(near)
    return main, [background[k] for k in sorted(background)]


def _in_the_past(m: DateMention, reference: date | None, sentence: str) -> DateMention:
    """A day and month without a year, in a sentence that reports violence, placed in the
    year before the report rather than months after it.

    "The April 16 shooting" in a December report happened in April of that year: an
    event reported as having happened is not in the future. (when.py places a yearless
    date nearest the reference, looking back twice as far as ahead, which is right for
    a schedule but not for the violence itself.)
    """
    if (
        reference is None
        or m.value is None
        or m.precision != "day"
        or not m.note.startswith("year from reference")
        or (m.value - reference).days <= FUTURE_SLACK
        or not VIOLENCE.search(sentence)
    ):
        return m
    try:
        earlier = m.value.replace(year=m.value.year - 1)
    except ValueError:  # 29 February
        return m
    return replace(m, value=earlier, note=m.note + "; the year before, as a past event")


def _choose_main_day(
    article: Article,
    by_sentence: dict[int, list[DateMention]],
    main: Episode,
    reference: date | None,
) -> None:
    """The day of the first event-reporting sentence that gives one, title and lead first.

    Days from the year before the report are looked for first, through the whole text;
    then days printed with their own year, however old (a court story dates the
    shooting it is about), but never after the report; only when there are none may a
    month or a year serve ("in January 2020" in a lead usually recalls something else).
    """
    text = article.raw_text
    ordered = sorted(article.sentences, key=lambda s: s.index)
    previous_violent = False
    eventful: list[Sentence] = []
    for sentence in ordered:
        violent = bool(VIOLENCE.search(sentence.text))
        if violent or (previous_violent and _OCCURRED.search(sentence.text)):
            eventful.append(sentence)
        previous_violent = violent
    tiers = ("recent", "dated", "any")
    for tier in tiers:
        for sentence in eventful:
            candidates = [
                m
                for m in by_sentence.get(sentence.index, [])
                if _in_tier(tier, m, reference)
                and (tier == "any" or sentence.index < LEAD_DAY_SENTENCES)
                and not _statement_date(text, sentence, m)
                and not _later_death(text, sentence, m)
                and not _RECALL.search(text[max(sentence.start, m.start - 40) : m.start])
            ]
            if not candidates:
                continue
            # a day beats a month or year; then the earliest, since the event precedes
            # everything said about it
            best = min(candidates, key=lambda m: (_rank(m.precision), m.value))
            if tier == "recent":
                best = _earlier_in_lead(text, by_sentence, eventful, sentence, best, reference)
                if _development_day(article, sentence, best, reference):
                    return
            main.day, main.precision, main.date_mention = best.value, best.precision, best
            return


def _development_day(
    article: Article, sentence: Sentence, m: DateMention, reference: date | None
) -> bool:
    """Whether the day is likely the report's development rather than the violence.

    Under a headline about charges, a hearing or a funeral, a relative day that is the
    report's own ("Friday" in a Friday report), in a clause that does not itself report
    violence ("entered a plea Friday in the shooting death"), is the day of the
    development: no day is better than that one.
    """
    if reference is None or m.value != reference or not m.relative:
        return False
    if not _FOLLOW_UP.search(article.title or ""):
        return False
    text = article.raw_text
    lo = max(sentence.start, text.rfind(",", sentence.start, m.start) + 1)
    lo = max(lo, text.rfind(";", sentence.start, m.start) + 1)
    before = text[lo : m.start]
    return not (VIOLENCE.search(before) or _OCCURRED.search(before))


def _earlier_in_lead(
    text: str,
    by_sentence: dict[int, list[DateMention]],
    eventful: list[Sentence],
    first: Sentence,
    best: DateMention,
    reference: date | None,
) -> DateMention:
    """An earlier day in the next event sentences of the lead, if one is near.

    "The girl died on Sunday" then "she was shot on Thursday": a death, an arrest or a
    discovery the lead opens with may follow the violence by days, and the violence is
    the event. Only the next LEAD_FOLLOW event sentences, and only days at most a
    week earlier, so that a recalled incident does not take over.
    """
    after = [s for s in eventful if s.index > first.index][:LEAD_FOLLOW]
    for sentence in after:
        if sentence.index - first.index > LEAD_FOLLOW + 1:
            break
        for m in by_sentence.get(sentence.index, []):
            if (
                m.precision == "day"
                and 0 < (best.value - m.value).days <= NEAR_DAYS
                and _recent(m, reference)
                and not _ambiguous_weekday(m, reference)
                and not _statement_date(text, sentence, m)
                and not _RECALL.search(text[max(sentence.start, m.start - 40) : m.start])
            ):
                best = m
    return best


def _in_tier(tier: str, m: DateMention, reference: date | None) -> bool:
    if tier == "any":
        return m.precision != "day"
    if m.precision != "day":
        return False
    if tier == "recent":
        # "two weeks ago" is a rough count, not a day
        vague = _WEEKS.match(m.note) is not None
        return _recent(m, reference) and not _ambiguous_weekday(m, reference) and not vague
    return not m.relative and _not_after(m, reference)


def _not_after(m: DateMention, reference: date | None) -> bool:
    return reference is None or m.value is None or (m.value - reference).days <= 1


def _later_death(text: str, sentence: Sentence, m: DateMention) -> bool:
    """Whether the date is the day a victim died of injuries suffered before ("he
    succumbed to his wounds on Monday", "she died Wednesday after a week on life
    support"): GVA dates such a death by the shooting, and so does an analyst.
    The death must be the event word the date qualifies, the nearest in its clause
    before it (else after): in "he died two days after being shot on Friday", Friday is
    the shooting's."""
    if not _OF_EARLIER_INJURIES.search(sentence.text):
        return False
    _, (lo, hi) = _clause(text, sentence, m)
    # the verb a date qualifies comes before it: the nearest one before, else after
    nearest: tuple[bool, int, bool] | None = None
    for pattern, death in ((_DIED, True), (VIOLENCE, False)):
        for cue in pattern.finditer(text, lo, hi):
            if (m.start <= cue.start() < m.end) or (not death and _HURT.match(cue.group())):
                continue
            after = cue.end() > m.start
            gap = cue.start() - m.end if after else m.start - cue.end()
            if nearest is None or (after, gap) < nearest[:2]:
                nearest = (after, gap, death)
    return nearest is not None and nearest[2]


def _statement_date(text: str, sentence: Sentence, m: DateMention) -> bool:
    """Whether the date is a statement's: right after a statement word ("claimed
    responsibility this Thursday"), or with a statement word as its nearest cue
    ("This Thursday, the authorities declared…").

    The cue is looked for in the date's own clause first: in "killed his wife on Sunday,
    police said", the comma closes the killing's clause and the date is the killing's.
    Only a clause with no cue at all ("On Monday, police said…") looks further, to the
    sentence (up to a semicolon), less a short last clause that attributes the whole
    sentence when the date is told after its start: in "were shot in Dayton, Ohio, on
    Tuesday night, police said", the date's clause is cut off from "shot" by the place,
    and "police said" says who told it all.
    """
    before = _STATEMENT.search(text, max(sentence.start, m.start - STATEMENT_REACH), m.start)
    if before:
        return True
    (lo, hi), (c_lo, c_hi) = _clause(text, sentence, m)
    wide_hi = hi
    tail = text[c_hi + 1 : hi]
    if c_lo > lo and c_hi < hi and "," not in tail and len(tail.split()) <= ATTRIBUTION_WORDS:
        wide_hi = c_hi
    for a, b in ((c_lo, c_hi), (lo, wide_hi)):
        best = _nearest_cue(text, a, b, m)
        if best is not None:
            return best[1]
    return False


def _clause(
    text: str, sentence: Sentence, m: DateMention
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The span of the sentence around the date up to semicolons, and within it the
    date's comma-clause."""
    lo = max(sentence.start, text.rfind(";", sentence.start, m.start) + 1)
    hi = text.find(";", m.end, sentence.end)
    hi = sentence.end if hi < 0 else hi
    c_lo = max(lo, text.rfind(",", lo, m.start) + 1)
    c_hi = text.find(",", m.end, hi)
    return (lo, hi), (c_lo, hi if c_hi < 0 else c_hi)


def _nearest_cue(text: str, lo: int, hi: int, m: DateMention) -> tuple[int, bool] | None:
    best: tuple[int, bool] | None = None
    for pattern, is_statement in ((_STATEMENT, True), (VIOLENCE, False), (_OCCURRED, False)):
        for cue in pattern.finditer(text, lo, hi):
            if m.start <= cue.start() < m.end:
                continue
            gap = m.start - cue.end() if cue.end() <= m.start else cue.start() - m.end
            if best is None or gap < best[0]:
                best = (gap, is_statement)
    return best


def _recent(m: DateMention, reference: date | None) -> bool:
    """Within a year before the report; a printed date may be a day after it (time zones),
    a relative one ("tomorrow", "the next day") may not: it is a plan, not the event."""
    if reference is None or m.value is None:
        return True
    return (0 if m.relative else -1) <= (reference - m.value).days <= RECENT_DAYS


def _ambiguous_weekday(m: DateMention, reference: date | None) -> bool:
    """A bare weekday naming the day after the report's: "Saturday" in a Friday report.

    Read as six days back it is as often the coming day (a vigil, a hearing) or a report
    dated a day early (a publication time in another time zone): no day at all is
    better than a wrong one.
    """
    if reference is None or m.value is None or not m.note.endswith("on or before reference"):
        return False
    return (reference - m.value).days == 6


def _rank(precision: str) -> int:
    return {"day": 0, "month": 1, "year": 2}.get(precision, 3)


def _near(m: DateMention, main: Episode) -> bool:
    if main.day is None or m.value is None:
        return main.day is None
    if m.precision == "year" or main.precision == "year":
        return m.value.year == main.day.year
    if m.precision == "month" or main.precision == "month":
        return (m.value.year, m.value.month) == (main.day.year, main.day.month) or abs(
            (m.value - main.day).days
        ) <= 31
    return abs((m.value - main.day).days) <= NEAR_DAYS


def _is_earlier(m: DateMention, main: Episode, reference: date | None) -> bool:
    """A date before the main event (or, without one, well before the report)."""
    anchor = main.day or reference
    if anchor is None or m.value is None:
        return False
    if m.precision == "year":
        return m.value.year < anchor.year
    return (anchor - m.value).days > NEAR_DAYS
