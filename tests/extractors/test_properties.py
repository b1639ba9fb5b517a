"""Property-based tests of the reader, the date finders and the publication-date finder (and of the two
patterns rewritten for linear time, against the patterns they replaced). Fixed seed, bounded examples:
the same cases run on every machine, in a few seconds."""

from __future__ import annotations

import datetime as dt
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from defcoop.extractors import dates, index, published, reader, text
from defcoop.extractors.gazetteer import load_gazetteer
from defcoop.extractors.model import Article, InputError

LANGUAGES = ["en", "fr", "de", "uk", "ru", "it", "pl", "es"]
SETTINGS = settings(derandomize=True, max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Words that make date patterns fire often: months, weekdays, relative words, numbers and separators
_LANGUAGES = load_gazetteer().languages.values()
DATE_WORDS = sorted({*list(published.month_numbers())[::7], *[w for d in _LANGUAGES for w, _ in d.dates.weekdays][::3],
                     *[w for d in _LANGUAGES for w, _u, _n in d.dates.relative][::3],
                     *[w for d in _LANGUAGES for w, _ in d.dates.same][::5],
                     "in", "since", "last", "early", "de", "del", "ago", "days", "il y a", "vor", "hace"})
PIECES = st.one_of(st.sampled_from(DATE_WORDS), st.integers(0, 2100).map(str),
                   st.sampled_from([" ", "  ", ", ", ". ", "-", "/", ".", "\n", "th", "er", "1er"]),
                   st.text(max_size=4))
DATE_TEXT = st.lists(PIECES, max_size=30).map("".join)
# any day, and often the edges of the calendar (0001-01-01 is the zero time of scraped data)
EDGE_DAYS = [dt.date(1, 1, d) for d in range(1, 9)] + [dt.date(1, 2, 1), dt.date(9999, 12, 31)]
ANY_DAY = st.one_of(st.sampled_from(EDGE_DAYS), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))


def is_date_value(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real day of the calendar."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) or value[:4] == "0000":
        return False
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    dt.date(int(year), int(month), int(day))  # raises when there is no such day
    return True


# ---------------------------------------------------------------------------------------------- dates


@SETTINGS
@given(DATE_TEXT, st.sampled_from(LANGUAGES), st.one_of(st.none(), ANY_DAY), st.integers(0, 500))
def test_find_dates_gives_real_dates_at_their_places_for_any_publication_day(words, language, day, offset):
    published_on = day.isoformat() if day else None
    found = dates.find_dates(words, language, published_on, offset=offset, before="On 3 May 2025 we met.")
    previous_end = offset
    for mention in found:
        assert offset <= mention.start < mention.end <= offset + len(words)
        assert mention.start >= previous_end  # in text order, never overlapping
        previous_end = mention.end
        assert is_date_value(mention.value), mention
        if mention.kind in ("weekday", "relative") and day is not None and len(mention.value) == 10:
            assert mention.value <= day.isoformat()  # "Monday", "yesterday": never after publication


@SETTINGS
@given(ANY_DAY, st.sampled_from(LANGUAGES))
def test_every_weekday_and_relative_word_resolves_on_any_publication_day(day, language):
    d = load_gazetteer().languages[language].dates
    words = ", ".join([w for w, _ in d.weekdays] + [w for w, _u, _n in d.relative])
    found = dates.find_dates(words, language, day.isoformat())
    assert found  # "today" and "this year" at least
    for mention in found:
        assert is_date_value(mention.value) and mention.value <= day.isoformat(), mention


@SETTINGS
@given(DATE_TEXT, st.sampled_from(LANGUAGES), ANY_DAY)
def test_find_dates_is_the_same_wherever_the_text_starts(words, language, day):
    plain = dates.find_dates(words, language, day.isoformat())
    shifted = dates.find_dates(words, language, day.isoformat(), offset=1000)
    assert [(d.start + 1000, d.end + 1000, d.value, d.kind) for d in plain] == \
        [(d.start, d.end, d.value, d.kind) for d in shifted]


@SETTINGS
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(LANGUAGES))
def test_an_explicit_day_is_read_back_in_every_language(day, language):
    written = f"{day.day:02d}.{day.month:02d}.{day.year}"
    assert [d.value for d in dates.find_dates(f"signed on {written} in Kyiv", language, None)] == [day.isoformat()]


# ---------------------------------------------------------------------------------------------- published

HEADS = st.one_of(DATE_TEXT, st.text(max_size=200))


@SETTINGS
@given(HEADS, st.one_of(st.none(), st.sampled_from(LANGUAGES)), st.text(max_size=300))
def test_find_published_gives_a_plausible_day_from_the_head_only(head, language, tail):
    found = published.find_published(head, language)
    assert found is None or (is_date_value(found) and len(found) == 10
                             and published.MIN_YEAR <= int(found[:4]) <= published.MAX_YEAR)
    padded = head[: published.HEAD_CHARS].ljust(published.HEAD_CHARS)  # what follows the head is not read
    assert published.find_published(padded + tail, language) == published.find_published(padded, language)


@SETTINGS
@given(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
       st.sampled_from(["{y}-{m:02d}-{d:02d}", "{d:02d}.{m:02d}.{y}", "{d} {month} {y}", "{month} {d}, {y}"]),
       st.sampled_from(LANGUAGES), st.text(alphabet="abc xyz\n", max_size=40))
def test_a_dateline_at_the_top_is_the_publication_date(day, form, language, rest):
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"][day.month - 1]
    line = form.format(y=day.year, m=day.month, d=day.day, month=month)
    assert published.find_published(f"Kyiv, {line}\n{rest}", language) == day.isoformat()


# ---------------------------------------------------------------------------------------------- reader


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_give_an_article_or_one_input_error(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    items = list(reader.read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], (Article, InputError))
    if isinstance(items[0], InputError):
        assert items[0].path == str(path) and "unexpected error" not in items[0].message, items[0].message


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_characters="\x00"), min_size=1, max_size=400))
def test_any_utf8_text_reads_back_as_itself(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_bytes(content.encode("utf-8"))
    [item] = list(reader.read_inputs([str(path)]))
    expected = content.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if expected.split("\n", 1)[0].rstrip(" \t") == "---" or not expected.strip():
        return  # front matter, or empty: other tests say what happens (NUL bytes mean binary)
    assert isinstance(item, Article), item
    assert item.text == expected.lstrip("\n").rstrip()


ANY_CHARS = st.characters(blacklist_categories=())  # surrogates too: JSON escapes them as "\ud800"
JSONL_LINES = st.one_of(
    st.builds(lambda t, p: json.dumps({"text": t, "published": p}), st.text(ANY_CHARS, max_size=60),
              st.one_of(st.none(), st.text(max_size=12), ANY_DAY.map(str))),
    st.text(max_size=60).map(lambda t: json.dumps(t)),
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ").decode("latin-1")),
    st.sampled_from([0, 1, 63, 64, 65, 200, 3000]).map(lambda n: '{"text": "x", "a": ' + "[" * n + "]" * n + "}"),
)


@SETTINGS
@given(st.lists(JSONL_LINES, max_size=8))
def test_every_nonempty_jsonl_line_gives_one_item_named_by_its_number(tmp_path, lines):
    path = tmp_path / "b.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
    items = list(reader.read_inputs([str(path)]))
    numbered = [f"{path}:{n}" for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        assert [(i.path, i.message) for i in items] == [(str(path), "empty file")]
        return
    assert [i.path for i in items] == numbered
    for item in items:
        assert not isinstance(item, InputError) or "unexpected error" not in item.message, item.message
        if isinstance(item, Article):
            for value in (item.text, item.title, item.id, item.url, item.published):
                (value or "").encode("utf-8")  # every field can be written out


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), st.sampled_from(
    ["title", "id", "url", "published", "language", "author"]))
def test_any_front_matter_value_gives_an_article_or_one_error(tmp_path, value, key):
    path = tmp_path / "a.md"
    path.write_text(f"---\n{key}: {value}\n---\nGermany delivered tanks to Ukraine.\n", encoding="utf-8")
    [item] = list(reader.read_inputs([str(path)]))
    assert isinstance(item, (Article, InputError))
    assert not isinstance(item, InputError) or "unexpected error" not in item.message, item.message


# ---------------------------------------------------------------------------------------------- linear-time rewrites

# The money pattern as it was before it was bounded: the oracle (super-linear on long runs of digits)
# The unbounded pattern the linear one replaced, with the two later changes of meaning (number and
# currency words start a word; one word may stand between a scale and its currency, "млрд норвезьких крон")
_W = r"(?<![^\W\d_])"
_OLD_NUMBER = (rf"(?:\d[\d\s.,']*|{_W}(?:one|two|three|four|five|ten|un|une|deux|trois|quatre|cinq|dix|ein|eine|"
               r"zwei|drei|vier|fünf|zehn|uno|una|due|tre|dos|tres|cuatro|diez|dwa|dwie|trzy|pięć|dziesięć|один|"
               r"одна|два|дві|три|чотири|п'ять|десять|две|пять))")
_OLD_SCALE = (r"(?:million|millions|billion|billions|bn|mn|m|milliard|milliards|mrd|mio|milliarde|milliarden|"
              r"millionen|мільйон\w*|мільярд\w*|млн|млрд|миллион\w*|миллиард\w*|milione|milioni|miliardo|"
              r"miliardi|mln|mld|mld\.|milion\w*|miliard\w*|millón|millones|mil millones|tys\.?)")
_OLD_CURRENCY = (rf"(?:€|\$|£|{_W}(?:euros?|eur|dollars?|usd|pounds?|sterling|доларів|долар\w*|долларов|"
                 r"доллар\w*|євро|евро|гривень|грн|рублей|руб\w*|zł|złotych|złote|dolarów|dolary|dólares|kronor|"
                 r"kroner|крон\w*|sek|dkk|nok|shekels?|yen|won|francs?))")
OLD_MONEY = re.compile(rf"(?:{_OLD_CURRENCY}\s?{_OLD_NUMBER}\s?{_OLD_SCALE}?|{_OLD_NUMBER}\s?{_OLD_SCALE}\.?\s?"
                       rf"(?:d['’]\s?|de\s|di\s)?(?:[^\W\d_]{{3,20}}\s)?{_OLD_CURRENCY})(?![\w])", re.IGNORECASE)
MONEY_PIECES = st.sampled_from([
    "1", "5", "20", "2025", " ", "  ", ",", ".", "'", "\n", "\u00a0", "$", "€", "£", "eur", "euro", "euros",
    "million", "millionaires", "m", "bn", "billion", "de ", "d'", "di ", "dollars", "долар", "доларів", "мільйон",
    "мільйонів", "x", "one", "un", "tys.", "mld.", "mil millones", "zł", "-", "!", "Mio", "Milliarden", "Euro",
])


@SETTINGS
@given(st.lists(MONEY_PIECES, max_size=24).map("".join))
def test_the_bounded_money_pattern_finds_what_the_unbounded_one_found(sample):
    if re.search(r"\w{21,}|[\d\s.,']{100,}", sample):
        return  # a word 20 letters past its stem, or a table-long run: where the bounds apply
    assert [m.span() for m in index.MONEY.finditer(sample)] == [m.span() for m in OLD_MONEY.finditer(sample)]


def old_sentence_spans(chunk_text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """sentence_spans as it was before it stopped copying each line prefix (line breaks end sentences)."""
    spans = []
    for line in re.finditer(r"[^\n]+", chunk_text):
        base, chunk, start = line.start(), line.group(), 0
        for m in re.finditer(r"(?<=[.!?…])[\"»”’)]*\s+(?=[\"«“‘(]*[A-ZÀ-ÖØ-ÞА-ЯЁЄІЇҐ0-9])", chunk):
            tail = chunk[start:m.start()].rstrip().rsplit(" ", 1)[-1]
            if text._ABBREVIATION.fullmatch(tail) or tail.rstrip(".").casefold() in abbreviations:
                continue
            spans.append(text._trim(chunk_text, base + start, base + m.start()))
            start = m.end()
        spans.append(text._trim(chunk_text, base + start, base + len(chunk)))
    return [s for s in spans if s[1] > s[0]]


SENTENCE_PIECES = st.sampled_from(["a", "B", ".", " ", "\t", "\n", "Mr", "U.S.", "etc", "Feb", "9", '"', "»",
                                   "(", "A.B.", "...", "!", "?", "…", "Ü", "x y", "ß"])


@SETTINGS
@given(st.lists(SENTENCE_PIECES, max_size=30).map("".join))
def test_sentence_spans_are_those_of_the_old_splitter(sample):
    abbreviations = frozenset({"feb", "mr", "u", "s", "etc", "st", "ss"})
    assert text.sentence_spans(sample, abbreviations) == old_sentence_spans(sample, abbreviations)
