"""Find an article's publication date in the first lines of its text.

Saved pages and copied articles often carry their date only as visible text near the top (a byline,
a dateline, a "date 2026-02-09" field). This module looks there, with compiled regexes and its own
month table: dateparser is far too slow to run over every article and guesses too freely.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from .text import literal_alternation


@functools.cache
def month_numbers() -> dict[str, int]:
    """Lower-case month names, short forms and case forms of every language file ("9 лютого", "9 lutego",
    "в июне"), with their numbers (gazetteers/languages/<lang>.yaml, `dates.months`)."""
    from .gazetteer import load_gazetteer

    return load_gazetteer().months


MIN_YEAR, MAX_YEAR = 1990, 2100
# The date of an article sits in its header; further down, dates are about events, not publication.
HEAD_LINES = 25
HEAD_CHARS = 2500

_YEAR = r"(?P<year>\d{4})(?!\d)"

# A pattern that opens with a digit lets the engine skip to the digits of a text, which it cannot do past
# a look-behind: "no digit before" is tested once the first digit is read, one character on (the same
# test). _DAY is (?<!\d)(?P<day>\d{1,2}).
_DAY = r"(?P<day>\d(?<!\d\d)\d?)"
# 2026-02-09, 2026/02/09, 2026-02-09T14:39:00
_ISO = re.compile(r"(?P<year>\d(?<!\d\d)\d{3})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)")
# 09.02.2026, 9/2/2026, 09-02-2026: day first
_NUMERIC = re.compile(_DAY + r"(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)" + _YEAR)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    month = "(?P<month>" + literal_alternation(month_numbers()) + r")\b\.?"
    # 9 February 2026, 9. Februar 2026, 1er juin 2025, 9 de febrero de 2026, 9 лютого 2026
    day_month = re.compile(
        _DAY + r"(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?\b" + month + r",?\s+(?:del?\s+)?" + _YEAR,
        re.IGNORECASE)
    # February 9, 2026, Feb. 9th 2026
    month_day = re.compile(r"\b" + month + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR, re.IGNORECASE)
    return (_ISO, _NUMERIC, day_month, month_day)


def find_published(text: str, language: str | None) -> str | None:
    """Return the first plausible full date in the article's header as YYYY-MM-DD, or None.

    `language` matters only for slash dates: on English pages 03/04/2026 may be month-first, so an
    ambiguous one is skipped there rather than guessed; elsewhere numeric dates are read day-first.
    """
    head = _head(text)
    best: tuple[int, str] | None = None
    for pattern in _patterns():
        for match in pattern.finditer(head):
            if best is not None and match.start() >= best[0]:
                break
            iso = _to_iso(match, language)
            if iso is not None:
                best = (match.start(), iso)
                break
    return best[1] if best else None


def _head(text: str) -> str:
    """The first HEAD_LINES non-empty lines, cut at HEAD_CHARS, whichever is shorter."""
    head = text[:HEAD_CHARS]
    seen = 0
    pos = 0
    for line in head.split("\n"):
        pos += len(line) + 1
        if line.strip():
            seen += 1
            if seen == HEAD_LINES:
                return head[:pos]
    return head


def _to_iso(match: re.Match[str], language: str | None) -> str | None:
    year = int(match["year"])
    day = int(match["day"])
    raw_month = match["month"]
    if raw_month.isdigit():
        month = int(raw_month)
        if match.re is _NUMERIC and match["sep"] == "/":
            # 02/15/2026 can only be month-first; 03/04/2026 cannot be told apart on English pages.
            if month > 12 >= day:
                day, month = month, day
            elif language == "en" and day <= 12 and month <= 12 and day != month:
                return None
    else:
        month = month_numbers()[raw_month.lower()]
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def published_from_url(url: str | None, today: dt.date | None = None) -> str | None:
    """The date a page's address gives ("/2024/04/23/", "-2021-10-05-"), through htmldate's URL reader;
    None when it gives no full date, or one after today."""
    if not url:
        return None
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    limit = dt.datetime.combine(today or dt.date.today(), dt.time.max)
    found = extract_url_date(url, Extractor(False, limit, dt.datetime(MIN_YEAR, 1, 1), False, "%Y-%m-%d"))
    return found if found and found[:4].isdigit() else None

