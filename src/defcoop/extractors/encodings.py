"""Which legacy 8-bit encoding a text that is not Unicode was written in.

Every candidate decodes the same bytes into a different text; the right one reads like writing. A wrong
reading shows symbols where letters belong (cp1250 Polish read as cp1252: "¿o³nierz"), words that mix
Latin and Cyrillic letters (Polish read as cp1251), capitals inside words (KOI8 and cp1251 swap the
case of Cyrillic letters), or Latin words made mostly of accented letters (Russian read as cp1252:
"Ìèíèñòåðñòâî"). When two readings are equally clean, the script decides: the letters must belong to
the alphabet of the language the reading is in ("ministčre" is no French, "ąpatně" no Czech); then the
order of _CANDIDATES, most common first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tried in this order; on a tie the earlier wins (cp1252 before latin-1: they agree on every letter).
_CANDIDATES = ("cp1252", "cp1250", "cp1251", "koi8_r", "koi8_u", "iso8859_2", "latin_1")
NAMES = {"latin_1": "latin-1", "iso8859_2": "iso-8859-2", "koi8_r": "koi8-r", "koi8_u": "koi8-u"}
SAMPLE_BYTES = 65536

# Non-letters that legacy text really uses; any other non-ASCII non-letter is a stray symbol
_TYPOGRAPHY = frozenset("\xa0\xad’‘‚“”„«»‹›–—…•·°§©®™€£¥¢¿¡")
# The accented letters of the Latin-script languages whose readings tie most often (lower case)
_ALPHABETS = {
    "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű",
    "sl": "čšž", "hr": "čćđšž", "ro": "ăâîșțşţ", "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß",
    "es": "áéíñóúü", "it": "àèéìíîòóù", "pt": "áâãàçéêíóôõú", "nl": "éëïóöü", "en": "éï",
}
# Too many stray symbols and the bytes are no text in any of these encodings
MAX_STRAY_SHARE = 0.1

_WORD = re.compile(r"[^\W\d_]+")
_LATIN_ACCENTED = re.compile(r"[\u00c0-\u024f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class Reading:
    """The sample decoded in one encoding, with what makes it look wrong."""

    encoding: str
    text: str
    stray: int  # symbols and control characters where letters belong
    odd: int  # words that mix scripts, capitals inside words, Latin words of mostly accented letters

    @property
    def penalty(self) -> int:
        return 3 * self.stray + self.odd


def readings(sample: bytes) -> list[Reading]:
    """The sample in every candidate encoding that can decode it, in _CANDIDATES order."""
    out = []
    for encoding in _CANDIDATES:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        out.append(Reading(encoding, text, _stray(text), _odd_words(text)))
    return out


def guess(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) of legacy 8-bit data, or None when no candidate reads as text."""
    candidates = readings(data[:SAMPLE_BYTES])
    candidates.sort(key=lambda r: r.penalty)  # stable: ties keep _CANDIDATES order
    if not candidates or _is_garbage(candidates[0]):
        return None
    best = candidates[0].penalty
    tied = [r for r in candidates if r.penalty == best]
    ranked = sorted(tied, key=_foreign_letters) + [r for r in candidates if r.penalty != best]
    for reading in ranked:
        try:  # the sample decoded; a byte further on may still be undefined in this encoding
            return data.decode(reading.encoding), NAMES.get(reading.encoding, reading.encoding)
        except UnicodeDecodeError:
            continue
    return None


def _stray(text: str) -> int:
    return sum(1 for ch in text
               if (ch >= "\x80" and not ch.isalpha() and ch not in _TYPOGRAPHY)
               or (ch < " " and ch not in "\t\n\r\f\v"))


def _odd_words(text: str) -> int:
    words = [w for w in _WORD.findall(text) if len(w) >= 2]
    odd = 0
    for word in words:
        if _LATIN.search(word) and _CYRILLIC.search(word):
            odd += 2  # "przekazaіo": no language writes a word in two scripts
        elif word[1:] != word[1:].lower() and not word.isupper():
            odd += 1  # "мИНИСТЕРСТВО", not "NATO"
        elif len(word) >= 3 and 2 * len(_LATIN_ACCENTED.findall(word)) > len(word):
            odd += 1  # "Ìèíèñòåðñòâî"
    capitals = sum(1 for w in words if len(w) >= 3 and w.isupper())
    if 2 * capitals > len(words):
        odd += capitals  # a text of capitals: the case of every letter swapped (cp1251 read as KOI8)
    return odd


def _is_garbage(reading: Reading) -> bool:
    non_ascii = sum(1 for ch in reading.text if ch >= "\x80")
    return reading.stray > 3 and reading.stray > MAX_STRAY_SHARE * max(non_ascii, 1)


def _foreign_letters(reading: Reading) -> int:
    """Accented letters outside the alphabet of the reading's language (0 for languages not listed)."""
    from .reader import detect_language

    alphabet = _ALPHABETS.get(detect_language(reading.text) or "")
    if alphabet is None:
        return 0
    return sum(1 for ch in reading.text.lower() if ch >= "\x80" and ch.isalpha() and ch not in alphabet)
