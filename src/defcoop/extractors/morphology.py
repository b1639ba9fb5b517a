"""The tense and mood a verb form tells: what separates "поставит" (will supply, a pledge) from "поставил"
(supplied, a delivery) when both meet the same lexicon entry by lemma.

Ukrainian and Russian go through pymorphy3 and its dictionaries (packages, loaded on first use, about
0.3 s for Russian); the Romance futures and conditionals are read from their endings, which are
regular (`endings.future` and `endings.conditional` of the language files); German, Polish and English
tell the future with auxiliaries, which the `intention` cues catch.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

Tense = Literal["past", "present", "future", "conditional"]
PYMORPHY = {"ru", "uk"}
# endings of the simple future and the conditional of regular and irregular verbs
_PYMORPHY_TENSE = {"past": "past", "pres": "present", "futr": "future"}
VERB_POS = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}  # pymorphy3's parts of speech of verb forms


@functools.cache
def _analyzer(language: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


@functools.lru_cache(maxsize=1 << 16)
def tense(word: str, language: str) -> Tense | None:
    """The tense of a verb form, or None when it is no verb form this module can read."""
    w = word.casefold()
    if language in PYMORPHY:
        tag = _analyzer(language).parse(w)[0].tag
        if str(tag.POS) not in VERB_POS or tag.mood == "impr":
            return None
        return _PYMORPHY_TENSE.get(str(tag.tense)) if tag.tense else None  # type: ignore[return-value]
    future, conditional = _endings(language)
    if len(w) < 5:
        return None
    if conditional is not None and conditional.search(w):
        return "conditional"
    if future is not None and future.search(w):
        return "future"
    return None


@functools.cache
def _endings(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The future and conditional endings of a language file (`endings.future`, `endings.conditional`)."""
    from .gazetteer import load_gazetteer

    data = load_gazetteer().languages.get(language)
    if data is None:
        return None, None
    return (re.compile(data.future_ending) if data.future_ending else None,
            re.compile(data.conditional_ending) if data.conditional_ending else None)
