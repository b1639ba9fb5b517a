"""The tense and mood a verb form tells: what separates "поставит" (will supply, a pledge) from "поставил"
(supplied, a delivery) when both meet the same lexicon entry by lemma.

Ukrainian and Russian go through pymorphy3 and its dictionaries (packages, loaded on first use, about
0.3 s for Russian); the Romance futures and conditionals are read from their endings, which are
regular; German, Polish and English tell the future with auxiliaries, which the `intention` cues catch.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

Tense = Literal["past", "present", "future", "conditional"]
PYMORPHY = {"ru", "uk"}
# endings of the simple future and the conditional of regular and irregular verbs
ROMANCE: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "fr": (re.compile(r"(?:r|ser|aur|fer|ir|vr|dr)(?:ai|as|a|ons|ez|ont)$"),
           re.compile(r"r(?:ais|ait|ions|iez|aient)$")),
    "it": (re.compile(r"r(?:ò|ai|à|emo|ete|anno)$"), re.compile(r"r(?:ei|esti|ebbe|emmo|este|ebbero)$")),
    "es": (re.compile(r"r(?:é|ás|á|emos|éis|án)$"), re.compile(r"r(?:ía|ías|íamos|íais|ían)$")),
}
_PYMORPHY_TENSE = {"past": "past", "pres": "present", "futr": "future"}
VERB_POS = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}  # pymorphy3's parts of speech of verb forms


@functools.cache
def _analyzer(language: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


def tense(word: str, language: str) -> Tense | None:
    """The tense of a verb form, or None when it is no verb form this module can read."""
    w = word.casefold()
    if language in PYMORPHY:
        tag = _analyzer(language).parse(w)[0].tag
        if str(tag.POS) not in VERB_POS or tag.mood == "impr":
            return None
        return _PYMORPHY_TENSE.get(str(tag.tense)) if tag.tense else None  # type: ignore[return-value]
    patterns = ROMANCE.get(language)
    if patterns is None or len(w) < 5:
        return None
    future, conditional = patterns
    if conditional.search(w):
        return "conditional"
    if future.search(w):
        return "future"
    return None
