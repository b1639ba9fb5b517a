"""Dates inside sentences, resolved against the article's publication date, with their precision kept.

Explicit dates, months and years are read with the month table of `published`; weekdays and relative
words ("lundi", "am Dienstag", "la veille", "last year") are resolved to the most recent such day on or
before publication; "N days ago" style expressions go through dateparser with the language fixed.
A date that cannot be resolved is not guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .published import month_numbers
from .text import literal_alternation

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Words:
    """The date words of one language (gazetteers/languages/<lang>.yaml, `dates:`), compiled."""

    weekdays: dict[str, int]
    relative: dict[str, tuple[str, int]]
    same: dict[str, str]
    before: str  # alternation: a month or year after these is the event's time ("in November", "im März")
    before_years: str  # ... and a year after these too ("im Jahr 2024")
    month_of: str  # between those and a month ("in the month of May")
    month_years: dict[str, int]  # after a month, its year from the publication's ("of last year": -1)
    since: re.Pattern[str]  # "since February 2022": a starting point, not the event's date
    ago: str  # "3 days ago"
    openers: re.Pattern[str]  # where a date told in words may start (WORD_LED)


def _phrases(phrases: set[str], space: str = r"\s+") -> str:
    return literal_alternation(phrases, space)


@lru_cache(maxsize=16)
def _words(language: str) -> _Words:
    """A language's weekdays, relative words and "N ago" pattern; the words before dates and the
    "since" words of every language (a page quotes, a menu mixes languages)."""
    from .gazetteer import load_gazetteer

    gaz = load_gazetteer()
    own = gaz.languages[language].dates if language in gaz.languages else None
    every = [d.dates for d in gaz.languages.values()]
    told = [*month_numbers(), *(w for d in every for w in (*d.before_dates, *d.before_years))]
    if own:
        told += [*dict(own.weekdays), *(w for w, _, _ in own.relative), *dict(own.same)]
    return _Words(
        weekdays=dict(own.weekdays) if own else {}, relative={w: (u, n) for w, u, n in own.relative} if own else {},
        same=dict(own.same) if own else {},
        before=_phrases({w for d in every for w in d.before_dates}),
        before_years=_phrases({w for d in every for w in d.before_years}),
        month_of=_phrases({w for d in every for w in d.month_of}, r"\s++"),
        month_years={w: n for d in every for w, n in d.month_years},
        since=re.compile(rf"(?:{_phrases({w for d in every for w in d.since})})\s*$", re.I),
        ago=own.ago if own else "",
        # a word start where the first word of one of them is written: each WORD_LED pattern opens so
        openers=re.compile(rf"(?<![\w])(?=[^\W\d_])(?={literal_alternation({w.split(' ')[0] for w in told})})", re.I))


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    kind: str  # explicit | month | year | weekday | relative
    since: bool = False  # "since February 2022": a starting point, not the event's date


def _alternation(words: list[str]) -> str:
    return literal_alternation(words)


@lru_cache(maxsize=16)
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    months = _alternation(list(month_numbers()))
    words = _words(language)
    b = r"(?<![\w])"
    e = r"(?![\w])"
    # Linear time on any text: a word pattern first checks that a letter starts here (so a page of spaces
    # or digits never tries the 300 month names at every character), and a run of spaces is never given
    # back, since a letter or a digit follows it in every pattern. Neither changes what is matched.
    w = r"(?=[^\W\d_])"
    # A pattern that opens with a digit lets the engine skip to the digits of a text, which it cannot do
    # past a look-behind: "no letter or digit before" ({b}) is tested once the first digit is read,
    # one character on (the same test). `day` is {b}(?P<d>\d{1,2}).
    day = r"(?P<d>\d(?<![\w]\d)\d?)"
    pats = [
        ("iso", rf"(?P<y>(?:19|20)(?<![\w]\d\d)\d\d)-(?P<m>\d\d)-(?P<d>\d\d){e}"),
        ("dmy_num", rf"{day}[./](?P<m>\d{{1,2}})[./](?P<y>(?:19|20)\d\d){e}"),
        # "in August of last year", "у серпні минулого року": the month of the year the phrase counts
        ("d_month_year", rf"{day}(?:er|\.|st|nd|rd|th|-?го)?\s++(?:de\s++)?{w}(?P<mn>{months})\.?"
                         rf"\s++(?P<yr>{_phrases(set(words.month_years))})(?![\w])"),
        ("month_year", rf"{b}{w}(?:(?P<pre>{words.before})\s++)?(?:(?:{words.month_of})\s++)?{w}(?P<mn>{months})"
                       rf"\s++(?P<yr>{_phrases(set(words.month_years))})(?![\w])"),
        ("d_month", rf"{day}(?:er|\.|st|nd|rd|th|-?го)?\s++(?:de\s++)?{w}(?P<mn>{months})\.?"
                    rf"(?:,?\s++(?:de\s++|del\s++)?(?P<y>(?:19|20)\d\d))?{e}"),
        ("month_d", rf"{b}{w}(?P<mn>{months})\.?\s++(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s++(?P<y>(?:19|20)\d\d))?"
                    rf"(?![\w:])"),
        ("month_y", rf"{b}{w}(?P<mn>{months})\.?\s++(?:de\s++|del\s++)?(?P<y>(?:19|20)\d\d){e}"),
        ("in_month", rf"{b}{w}(?P<pre>{words.before})\s++(?:(?:{words.month_of})\s++)?{w}(?P<mn>{months}){e}"),
        ("in_year", rf"{b}{w}(?P<pre>{words.before}|{words.before_years})\s++(?P<y>(?:19|20)\d\d){e}"),
    ]
    if words.weekdays:
        pats.append(("weekday", rf"{b}{w}(?P<wd>{_alternation(list(words.weekdays))}){e}"))
    if words.same:
        pats.insert(0, ("same", rf"{b}{w}(?P<same>{_alternation(list(words.same))}){e}"))
    if words.relative:
        pats.append(("relative", rf"{b}{w}(?P<rel>{_alternation(list(words.relative))}){e}"))
    if words.ago:
        pats.append(("ago", words.ago))
    return [(kind, re.compile(p, re.I)) for kind, p in pats]


def _recent_month(month: int, ref: dt.date) -> tuple[int, int]:
    """The most recent (year, month) on or before the reference date (year 0 when there is none)."""
    year = ref.year if month <= ref.month else ref.year - 1
    return year, month


def _month_value(year: int, month: int) -> str | None:
    """YYYY-MM, or None before year 1 (a publication date of 0001-01-01 is common in scraped data)."""
    return f"{year:04d}-{month:02d}" if dt.MINYEAR <= year <= dt.MAXYEAR else None


def _days_before(ref: dt.date, days: int) -> str | None:
    """The day `days` before `ref` (after it when negative), or None outside the calendar."""
    try:
        return (ref - dt.timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _day_value(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _shift_months(ref: dt.date, n: int) -> str | None:
    total = ref.year * 12 + ref.month - 1 + n
    return _month_value(total // 12, total % 12 + 1)


# Patterns that open with a word ({b}{w} and one of the words or phrases `_Words.openers` holds the first
# words of). The regex engine tries a pattern at every character of a text; these are tried only where
# `openers` finds such a word, one scan of the text for all of them.
WORD_LED = frozenset({"same", "month_year", "month_d", "month_y", "in_month", "in_year", "weekday", "relative"})


def _word_led(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What pattern.finditer(text) finds, for a pattern that matches only at `starts` (in order) and
    never matches an empty string: leftmost first, each after the last one's end."""
    end = 0
    for at in starts:
        if at >= end and (m := pattern.match(text, at)) is not None:
            end = m.end()
            yield m


# Patterns whose every date is told from the publication day ("lundi", "in March", "3 days ago"): without
# one, `_resolve` gives them no value; "the same day" has none either when there is no text before.
_NEED_REFERENCE = frozenset({"d_month_year", "month_year", "in_month", "weekday", "relative", "ago"})


def find_dates(text: str, language: str, published: str | None, offset: int = 0,
               before: str = "") -> list[DateMention]:
    """Date mentions in `text`, longest first where they overlap, in text order. `before` is the
    article text preceding it, where "the same day" finds its date."""
    ref = dt.date.fromisoformat(published) if published else None
    found: list[DateMention] = []
    # spans taken so far, sorted and disjoint: an overlap check is two bisections, not a scan
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    told: dict[str, str | None] = {}  # "the same day" looks back once per call, however often it is said
    starts: list[int] | None = None  # where a word-led pattern may match
    for kind, pat in _patterns(language):
        if ref is None and (kind in _NEED_REFERENCE or (kind == "same" and not before)):
            continue  # it would find only dates it cannot resolve, and take no span
        if kind in WORD_LED:
            if starts is None:
                starts = [m.start() for m in _words(language).openers.finditer(text)]
            matches = _word_led(pat, text, starts)
        else:
            matches = pat.finditer(text)
        for m in matches:
            at = bisect_left(taken_ends, m.start() + 1)  # the first span ending after this one starts
            if at < len(taken_starts) and taken_starts[at] < m.end():
                continue
            if kind == "same":
                unit = _words(language).same[m.group("same").lower()]
                if unit not in told:
                    told[unit] = _same(unit, before, language, published)
                value, vkind = told[unit], "relative"
            else:
                value, vkind = _resolve(kind, m, ref, language)
            if value is None:
                continue
            pre = m.groupdict().get("pre") or ""
            since = bool(_words(language).since.search(text[max(0, m.start() - 8):m.start()])) or \
                pre.lower() in {"since", "depuis", "seit", "od", "desde", "dal", "з", "с"}
            taken_starts.insert(at, m.start())
            taken_ends.insert(at, m.end())
            found.append(DateMention(m.start() + offset, m.end() + offset, value, vkind, since))
    found.sort(key=lambda d: d.start)
    # "lundi 9 février", "Monday, February 9": the weekday belongs to the date after it
    return [d for i, d in enumerate(found)
            if not (d.kind == "weekday" and i + 1 < len(found) and found[i + 1].kind == "explicit"
                    and found[i + 1].start - d.end <= 2)]


def _same(unit: str, before: str, language: str, published: str | None) -> str | None:
    """The last date told before, at day or month precision (None if there is none that precise)."""
    need = 10 if unit == "d" else 7
    told = [d.value for d in find_dates(before[-3000:], language, published)
            if not d.since and len(d.value) >= need]
    return told[-1][:need] if told else None


def _resolve(kind: str, m: re.Match[str], ref: dt.date | None, language: str) -> tuple[str | None, str]:
    g = m.groupdict()
    if kind in ("iso", "dmy_num"):
        return _day_value(int(g["y"]), int(g["m"]), int(g["d"])), "explicit"
    if kind in ("d_month", "month_d"):
        month = month_numbers()[g["mn"].lower().rstrip(".")] if g["mn"].lower().rstrip(".") in month_numbers() \
            else month_numbers().get(g["mn"].lower())
        if month is None:
            return None, kind
        day = int(g["d"])
        if g.get("y"):
            return _day_value(int(g["y"]), month, day), "explicit"
        if ref is None:
            return None, kind
        year, _ = _recent_month(month, ref)
        value = _day_value(year, month, day)
        if value and value > ref.isoformat():  # "December 20" read in early January: last year
            value = _day_value(year - 1, month, day)
        return value, "explicit"
    if kind == "month_y":
        month = month_numbers().get(g["mn"].lower()) or month_numbers().get(g["mn"].lower().rstrip("."))
        return (f"{int(g['y']):04d}-{month:02d}" if month else None), "month"
    if kind in ("d_month_year", "month_year"):
        month = month_numbers().get(g["mn"].lower()) or month_numbers().get(g["mn"].lower().rstrip("."))
        if month is None or ref is None:
            return None, "month"
        year = ref.year + _words(language).month_years[_SPACES.sub(" ", g["yr"].lower())]
        if kind == "d_month_year":
            return _day_value(year, month, int(g["d"])), "explicit"
        return _month_value(year, month), "month"
    if kind == "in_month":
        month = month_numbers().get(g["mn"].lower())
        if month is None or ref is None:
            return None, "month"
        year, month = _recent_month(month, ref)
        return _month_value(year, month), "month"
    if kind == "in_year":
        return g["y"], "year"
    if ref is None:
        return None, kind
    if kind == "weekday":
        wd = _words(language).weekdays[g["wd"].lower()]
        back = (ref.weekday() - wd) % 7
        return _days_before(ref, back), "weekday"
    if kind == "relative":
        unit, n = _words(language).relative[g["rel"].lower()]
        if unit == "d":
            return _days_before(ref, -n), "relative"
        if unit == "m":
            return _shift_months(ref, n), "relative"
        return (f"{ref.year + n:04d}" if ref.year + n >= dt.MINYEAR else None), "relative"
    if kind == "ago":
        return _dateparser_relative(m.group(), language, ref), "relative"
    return None, kind


def _dateparser_relative(expr: str, language: str, ref: dt.date) -> str | None:
    import dateparser  # slow to import; only needed for "N days ago" style expressions

    base = dt.datetime(ref.year, ref.month, ref.day, 12)
    try:
        data = dateparser.DateDataParser(languages=[language], settings={
            "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": False,
        }).get_date_data(expr)
    except (OverflowError, ValueError):  # "3 years ago" from a publication date in year 1
        return None
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return f"{day.year:04d}"
    if data.period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
