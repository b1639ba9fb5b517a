"""Import spaCy without its command-line package.

`import spacy` imports `spacy.cli` only to offer `spacy.info`, and `spacy.cli` pulls in weasel, requests,
httpx, jinja2 and the training commands: about 0.2 s of a one-article run, none of it used to run a
pipeline (nothing in `spacy.cli` registers a factory or a language). While spaCy imports, two stand-in
modules take the place of `spacy.cli` and `spacy.cli.info`; they are removed straight after, so a later
`import spacy.cli` gets the real package, and `spacy.info` imports it when called.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_STANDINS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """spaCy, imported once; without its CLI unless something imported spaCy before us."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    package = types.ModuleType("spacy.cli")
    package.__path__ = []
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    standins = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(standins)
    try:
        import spacy
    finally:
        for name in _STANDINS:
            if sys.modules.get(name) is standins[name]:
                del sys.modules[name]
    return spacy
