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
from dataclasses import dataclass
from functools import lru_cache

from .published import MONTHS

WEEKDAYS: dict[str, dict[str, int]] = {
    "en": {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
           "sunday": 6},
    "fr": {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    "de": {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
           "sonnabend": 5, "sonntag": 6},
    "uk": {"понеділок": 0, "понеділка": 0, "вівторок": 1, "вівторка": 1, "середу": 2, "середа": 2,
           "середи": 2, "четвер": 3, "четверга": 3, "п'ятницю": 4, "пʼятницю": 4, "п’ятницю": 4,
           "п'ятниця": 4, "п’ятниця": 4, "п'ятниці": 4, "п’ятниці": 4, "пʼятниці": 4, "суботу": 5,
           "субота": 5, "суботи": 5, "неділю": 6, "неділя": 6, "неділі": 6},
    "ru": {"понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4,
           "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6},
    "it": {"lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2,
           "giovedì": 3, "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6},
    "pl": {"poniedziałek": 0, "wtorek": 1, "środę": 2, "środa": 2, "czwartek": 3, "piątek": 4,
           "sobotę": 5, "sobota": 5, "niedzielę": 6, "niedziela": 6, "poniedziałku": 0, "wtorku": 1,
           "środy": 2, "czwartku": 3, "piątku": 4, "soboty": 5, "niedzieli": 6},
    "es": {"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
           "sábado": 5, "sabado": 5, "domingo": 6},
}
# Relative expressions: (unit, shift). unit d = days, m = months, y = years.
RELATIVE: dict[str, dict[str, tuple[str, int]]] = {
    "en": {"today": ("d", 0), "yesterday": ("d", -1), "the day before": ("d", -1),
           "last year": ("y", -1), "this year": ("y", 0), "last month": ("m", -1),
           "this month": ("m", 0), "earlier this month": ("m", 0), "earlier this year": ("y", 0)},
    "fr": {"aujourd'hui": ("d", 0), "hier": ("d", -1), "la veille": ("d", -1), "avant-hier": ("d", -2),
           "l'an dernier": ("y", -1), "l'année dernière": ("y", -1), "l'an passé": ("y", -1),
           "cette année": ("y", 0), "le mois dernier": ("m", -1), "ce mois-ci": ("m", 0)},
    "de": {"heute": ("d", 0), "gestern": ("d", -1), "vorgestern": ("d", -2), "am vortag": ("d", -1),
           "letztes jahr": ("y", -1), "im vergangenen jahr": ("y", -1), "vergangenes jahr": ("y", -1),
           "im vorjahr": ("y", -1), "dieses jahr": ("y", 0), "in diesem jahr": ("y", 0),
           "letzten monat": ("m", -1), "im vergangenen monat": ("m", -1)},
    "uk": {"сьогодні": ("d", 0), "вчора": ("d", -1), "учора": ("d", -1), "позавчора": ("d", -2),
           "напередодні": ("d", -1), "минулого року": ("y", -1), "торік": ("y", -1),
           "цього року": ("y", 0), "минулого місяця": ("m", -1)},
    "ru": {"сегодня": ("d", 0), "вчера": ("d", -1), "позавчера": ("d", -2), "накануне": ("d", -1),
           "в прошлом году": ("y", -1), "в этом году": ("y", 0), "в прошлом месяце": ("m", -1)},
    "it": {"oggi": ("d", 0), "ieri": ("d", -1), "l'altro ieri": ("d", -2), "il giorno prima": ("d", -1),
           "l'anno scorso": ("y", -1), "quest'anno": ("y", 0), "il mese scorso": ("m", -1)},
    "pl": {"dziś": ("d", 0), "dzisiaj": ("d", 0), "wczoraj": ("d", -1), "przedwczoraj": ("d", -2),
           "w zeszłym roku": ("y", -1), "w ubiegłym roku": ("y", -1), "w tym roku": ("y", 0),
           "w zeszłym miesiącu": ("m", -1)},
    "es": {"hoy": ("d", 0), "ayer": ("d", -1), "anteayer": ("d", -2), "el día anterior": ("d", -1),
           "el año pasado": ("y", -1), "este año": ("y", 0), "el mes pasado": ("m", -1)},
}
# "the same day", "le même mois", "zugleich": the date of the last date told before the sentence
SAME: dict[str, dict[str, str]] = {
    "en": {"the same day": "d", "that same day": "d", "on the same day": "d", "that day": "d",
           "on that occasion": "d", "on this occasion": "d", "at the same time": "d",
           "simultaneously": "d",
           "the same month": "m", "that same month": "m", "that month": "m"},
    "fr": {"le même jour": "d", "ce même jour": "d", "le jour même": "d", "à cette occasion": "d",
           "en même temps": "d", "parallèlement": "d",
           "le même mois": "m", "ce même mois": "m", "ce mois-là": "m"},
    "de": {"am selben tag": "d", "am gleichen tag": "d", "am selben tage": "d", "bei dieser gelegenheit": "d",
           "zugleich": "d", "gleichzeitig": "d",
           "im selben monat": "m",
           "im gleichen monat": "m"},
    "uk": {"того ж дня": "d", "одночасно": "d", "того самого дня": "d", "з цієї нагоди": "d", "того ж місяця": "m",
           "того самого місяця": "m"},
    "ru": {"в тот же день": "d", "одновременно": "d", "тем же днем": "d", "тем же днём": "d", "в том же месяце": "m"},
    "it": {"lo stesso giorno": "d", "nello stesso giorno": "d", "in quell'occasione": "d",
           "in questa occasione": "d", "contemporaneamente": "d", "allo stesso tempo": "d", "lo stesso mese": "m", "nello stesso mese": "m"},
    "pl": {"tego samego dnia": "d", "jednocześnie": "d", "równocześnie": "d", "przy tej okazji": "d", "tego samego miesiąca": "m",
           "w tym samym miesiącu": "m"},
    "es": {"ese mismo día": "d", "al mismo tiempo": "d", "simultáneamente": "d", "el mismo día": "d", "en esa ocasión": "d", "ese mismo mes": "m",
           "el mismo mes": "m"},
}
# "in November", "en 2025", "im März": a month or year that follows one of these is the event's time.
_IN = (r"(?:in|en|im|au|nel|nell'|a|w|we|у|в|во|del|di|de|of|since|depuis|seit|з|с|od|desde|dal|dès|already\s+in"
       r"|bereits|schon|bereits\s+im|schon\s+im|già\s+nel|ya\s+en|już\s+w"
       # "last December", "im vergangenen Dezember", "lo scorso dicembre", "el pasado diciembre"
       r"|last|this\s+past|im\s+vergangenen|im\s+letzten|lo\s+scorso|nello\s+scorso|il\s+passato|el\s+pasado"
       # part of a month or year: "early June", "Anfang Juni", "на початку червня", "na początku czerwca"
       r"|early|mid|late|(?:at\s+the\s+)?(?:beginning|start|end)\s+of|début|fin|courant|anfang|mitte|ende"
       r"|на\s+початку|в\s+середині|у\s+середині|наприкінці|в\s+кінці|у\s+кінці|в\s+начале|в\s+середине"
       r"|в\s+конце|na\s+początku|w\s+połowie|pod\s+koniec|a\s+inizio|all'inizio\s+di|a\s+metà|a\s+fine"
       r"|alla\s+fine\s+di|ai\s+primi\s+di|a\s+principios\s+de|a\s+mediados\s+de|a\s+finales\s+de)")
_AGO = {
    "en": r"\b\d+\s+(?:days?|weeks?|months?|years?)\s+ago\b",
    "fr": r"\bil y a\s+\d+\s+(?:jours?|semaines?|mois|ans?|années?)\b",
    "de": r"\bvor\s+\d+\s+(?:Tagen|Wochen|Monaten|Jahren)\b",
    "uk": r"\b\d+\s+(?:дн\w*|тиж\w*|місяц\w*|рок\w*)\s+тому\b",
    "ru": r"\b\d+\s+(?:дн\w*|недел\w*|месяц\w*|год\w*|лет)\s+назад\b",
    "it": r"\b\d+\s+(?:giorni|settimane|mesi|anni)\s+fa\b",
    "pl": r"\b\d+\s+(?:dni|tygodni\w*|miesi\w*|lat)\s+temu\b",
    "es": r"\bhace\s+\d+\s+(?:días|semanas|meses|años)\b",
}
_SINCE = re.compile(r"(?:since|depuis|seit|з|с|od|desde|dal)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    kind: str  # explicit | month | year | weekday | relative
    since: bool = False  # "since February 2022": a starting point, not the event's date


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=16)
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    months = _alternation(list(MONTHS))
    b = r"(?<![\w])"
    e = r"(?![\w])"
    # Linear time on any text: a word pattern first checks that a letter starts here (so a page of spaces
    # or digits never tries the 300 month names at every character), and a run of spaces is never given
    # back, since a letter or a digit follows it in every pattern. Neither changes what is matched.
    w = r"(?=[^\W\d_])"
    pats = [
        ("iso", rf"{b}(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d){e}"),
        ("dmy_num", rf"{b}(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})[./](?P<y>(?:19|20)\d\d){e}"),
        ("d_month", rf"{b}(?P<d>\d{{1,2}})(?:er|\.|st|nd|rd|th|-?го)?\s++(?:de\s++)?{w}(?P<mn>{months})\.?"
                    rf"(?:,?\s++(?:de\s++|del\s++)?(?P<y>(?:19|20)\d\d))?{e}"),
        ("month_d", rf"{b}{w}(?P<mn>{months})\.?\s++(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s++(?P<y>(?:19|20)\d\d))?"
                    rf"(?![\w:])"),
        ("month_y", rf"{b}{w}(?P<mn>{months})\.?\s++(?:de\s++|del\s++)?(?P<y>(?:19|20)\d\d){e}"),
        ("in_month", rf"{b}{w}(?P<pre>{_IN})\s++(?:(?:the\s++)?(?:month\s++of|mois\s++de)\s++)?{w}(?P<mn>{months}){e}"),
        ("in_year", rf"{b}{w}(?P<pre>{_IN}|im\s+jahr|в|у)\s++(?P<y>(?:19|20)\d\d){e}"),
    ]
    wd = WEEKDAYS.get(language, {})
    if wd:
        pats.append(("weekday", rf"{b}{w}(?P<wd>{_alternation(list(wd))}){e}"))
    same = SAME.get(language, {})
    if same:
        pats.insert(0, ("same", rf"{b}{w}(?P<same>{_alternation(list(same))}){e}"))
    rel = RELATIVE.get(language, {})
    if rel:
        pats.append(("relative", rf"{b}{w}(?P<rel>{_alternation(list(rel))}){e}"))
    if language in _AGO:
        pats.append(("ago", _AGO[language]))
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
    for kind, pat in _patterns(language):
        for m in pat.finditer(text):
            at = bisect_left(taken_ends, m.start() + 1)  # the first span ending after this one starts
            if at < len(taken_starts) and taken_starts[at] < m.end():
                continue
            if kind == "same":
                unit = SAME[language][m.group("same").lower()]
                if unit not in told:
                    told[unit] = _same(unit, before, language, published)
                value, vkind = told[unit], "relative"
            else:
                value, vkind = _resolve(kind, m, ref, language)
            if value is None:
                continue
            pre = m.groupdict().get("pre") or ""
            since = bool(_SINCE.search(text[max(0, m.start() - 8):m.start()])) or \
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
        month = MONTHS[g["mn"].lower().rstrip(".")] if g["mn"].lower().rstrip(".") in MONTHS \
            else MONTHS.get(g["mn"].lower())
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
        month = MONTHS.get(g["mn"].lower()) or MONTHS.get(g["mn"].lower().rstrip("."))
        return (f"{int(g['y']):04d}-{month:02d}" if month else None), "month"
    if kind == "in_month":
        month = MONTHS.get(g["mn"].lower())
        if month is None or ref is None:
            return None, "month"
        year, month = _recent_month(month, ref)
        return _month_value(year, month), "month"
    if kind == "in_year":
        return g["y"], "year"
    if ref is None:
        return None, kind
    if kind == "weekday":
        wd = WEEKDAYS[language][g["wd"].lower()]
        back = (ref.weekday() - wd) % 7
        return _days_before(ref, back), "weekday"
    if kind == "relative":
        unit, n = RELATIVE[language][g["rel"].lower()]
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
