"""defcoop: who agreed what, when, from news about defence cooperation between states.

    from defcoop import Extractor, extract_facts

The API (`defcoop.api`) is imported on first use of one of its names, so `import defcoop` (and the
CLI's start-up, which imports this package) stays free of spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Article", "Extractor", "Fact", "InputError", "Mention", "Options", "Result", "extract_facts"]

if TYPE_CHECKING:
    from defcoop.api import Extractor, Options, extract_facts
    from defcoop.extractors.extract import Result
    from defcoop.extractors.model import Article, Fact, InputError, Mention

_HOMES = {"Extractor": "defcoop.api", "Options": "defcoop.api", "extract_facts": "defcoop.api",
          "Result": "defcoop.extractors.extract", "Article": "defcoop.extractors.model",
          "Fact": "defcoop.extractors.model", "InputError": "defcoop.extractors.model",
          "Mention": "defcoop.extractors.model"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'defcoop' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
