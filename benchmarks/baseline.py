"""The baseline defcoop is measured against: the full statistical pipelines over every article, in one process.

    python benchmarks/baseline.py INPUT...

fr_core_news_sm for French articles, the English pipeline for all others, every component enabled,
`nlp.pipe` in batches of 32. Articles are read with defcoop's own reader (the same text defcoop sees);
one line per article goes to stdout, so the benchmark times it exactly as it times `defcoop extract`.
"""

from __future__ import annotations

import sys

import spacy

from defcoop.extractors.model import InputError
from defcoop.extractors.pipeline import model_name
from defcoop.extractors.reader import read_inputs


def main(specs: list[str]) -> None:
    names = {lang: model_name(lang) for lang in ("en", "fr")}
    if None in names.values():
        sys.exit(f"baseline: the en and fr spaCy packages are needed, found {names}")
    nlps = {lang: spacy.load(str(name)) for lang, name in names.items()}
    texts: dict[str, list[str]] = {"fr": [], "en": []}
    for art in read_inputs(specs):
        if not isinstance(art, InputError):
            texts["fr" if art.language == "fr" else "en"].append(art.text)
    for lang, items in texts.items():
        for doc in nlps[lang].pipe(items, batch_size=32):
            print(len(doc), flush=False)


if __name__ == "__main__":
    main(sys.argv[1:])
