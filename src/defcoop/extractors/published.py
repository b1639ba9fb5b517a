"""Find an article's publication date in the first lines of its text.

Saved pages and copied articles often carry their date only as visible text near the top (a byline,
a dateline, a "date 2026-02-09" field). This module looks there, with compiled regexes and its own
month table: dateparser is far too slow to run over every article and guesses too freely.
"""

from __future__ import annotations

import datetime as dt
import re

# Lower-case month names and abbreviations (without the abbreviation dot) in the languages we read.
# Slavic languages need the genitive ("9 лютого", "9 lutego") as well as the nominative.
MONTHS: dict[str, int] = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "janv": 1, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "avr": 4, "juil": 7, "déc": 12,
    # de
    "januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12,
    "jän": 1, "mär": 3, "mrz": 3, "okt": 10, "dez": 12,
    # it
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "agosto": 8, "settembre": 9, "ottobre": 10, "dicembre": 12,
    "gen": 1, "mag": 5, "giu": 6, "lug": 7, "ago": 8, "set": 9, "sett": 9, "ott": 10, "dic": 12,
    # es
    "enero": 1, "febrero": 2, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "septiembre": 9,
    "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4,
    # pl: nominative, then genitive
    "styczeń": 1, "luty": 2, "marzec": 3, "kwiecień": 4, "maj": 5, "czerwiec": 6, "lipiec": 7,
    "sierpień": 8, "wrzesień": 9, "październik": 10, "listopad": 11, "grudzień": 12,
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6, "lipca": 7,
    "sierpnia": 8, "września": 9, "października": 10, "listopada": 11, "grudnia": 12,
    "sty": 1, "lut": 2, "kwi": 4, "cze": 6, "lip": 7, "sie": 8, "wrz": 9, "paź": 10, "lis": 11,
    "gru": 12,
    # uk: nominative, then genitive
    "січень": 1, "лютий": 2, "березень": 3, "квітень": 4, "травень": 5, "червень": 6,
    "липень": 7, "серпень": 8, "вересень": 9, "жовтень": 10, "листопад": 11, "грудень": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    "січ": 1, "лют": 2, "бер": 3, "квіт": 4, "трав": 5, "черв": 6, "серп": 8, "вер": 9,
    "жовт": 10, "груд": 12,
    # ru: nominative, then genitive
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}

# Locative forms, as in "в июне", "у червні", "w czerwcu": how Slavic text names a month an event fell in
MONTHS.update({
    **{m: i + 1 for i, m in enumerate(("январе", "феврале", "марте", "апреле", "мае", "июне", "июле",
                                        "августе", "сентябре", "октябре", "ноябре", "декабре"))},
    **{m: i + 1 for i, m in enumerate(("січні", "лютому", "березні", "квітні", "травні", "червні", "липні",
                                        "серпні", "вересні", "жовтні", "листопаді", "грудні"))},
    **{m: i + 1 for i, m in enumerate(("styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu",
                                        "sierpniu", "wrześniu", "październiku", "listopadzie", "grudniu"))},
})

MIN_YEAR, MAX_YEAR = 1990, 2100
# The date of an article sits in its header; further down, dates are about events, not publication.
HEAD_LINES = 25
HEAD_CHARS = 2500

_MONTH = "(?P<month>" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"

# 2026-02-09, 2026/02/09, 2026-02-09T14:39:00
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)")
# 09.02.2026, 9/2/2026, 09-02-2026: day first
_NUMERIC = re.compile(r"(?<!\d)(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)" + _YEAR)
# 9 February 2026, 9. Februar 2026, 1er juin 2025, 9 de febrero de 2026, 9 лютого 2026
_DAY_MONTH = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?\b" + _MONTH + r",?\s+(?:del?\s+)?" + _YEAR,
    re.IGNORECASE,
)
# February 9, 2026, Feb. 9th 2026
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR, re.IGNORECASE)

_PATTERNS: tuple[re.Pattern[str], ...] = (_ISO, _NUMERIC, _DAY_MONTH, _MONTH_DAY)


def find_published(text: str, language: str | None) -> str | None:
    """Return the first plausible full date in the article's header as YYYY-MM-DD, or None.

    `language` matters only for slash dates: on English pages 03/04/2026 may be month-first, so an
    ambiguous one is skipped there rather than guessed; elsewhere numeric dates are read day-first.
    """
    head = _head(text)
    best: tuple[int, str] | None = None
    for pattern in _PATTERNS:
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
        month = MONTHS[raw_month.lower()]
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
