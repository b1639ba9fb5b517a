"""The shipped lemma tables: current with the lexicons, and the participles of Russian and Ukrainian."""

from __future__ import annotations

from pathlib import Path

from defcoop.extractors.gazetteer import load_gazetteer
from defcoop.extractors.gazetteer.loader import gazetteer_dirs
from defcoop.extractors.lemmas import LEMMA_DIR, load_lemmas, participles, rebuild


def test_the_shipped_tables_are_what_the_lexicons_and_dictionaries_give(tmp_path: Path):
    """Rebuilt from the shipped lexicons (`python -m defcoop.extractors.lemmas`), every table is the same
    byte for byte: a lexicon word added without rebuilding would meet none of its other forms."""
    gaz = load_gazetteer()
    shipped = gazetteer_dirs()[0] / LEMMA_DIR
    for path in rebuild(tmp_path, gaz, sorted(gaz.lexicons)):
        assert path.read_bytes() == (shipped / path.name).read_bytes(), f"{path.name} is stale"


def test_russian_participles_belong_to_their_verb():
    forms = participles("ru", {"передать", "поставка"})
    assert {"переданных", "переданы", "передав"} <= forms["передать"]
    assert "поставка" not in forms  # a noun has no participles


def test_ukrainian_passive_participles_are_derived_from_the_infinitive():
    forms = participles("uk", {"обіцяти", "профінансувати", "поставити", "погодити"})
    assert "обіцяних" in forms["обіцяти"]
    assert "профінансовані" in forms["профінансувати"]
    assert "поставлених" in forms["поставити"]  # a labial takes an л
    assert "погоджена" in forms["погодити"]


def test_a_participle_meets_the_lexicon_verb_in_the_shipped_table():
    uk, ru = load_lemmas("uk", gazetteer_dirs()), load_lemmas("ru", gazetteer_dirs())
    assert uk["переданих"] == uk["передати"] == "передати"  # simplemma gave it the adjective "переданий"
    assert ru["переданных"] == ru["передать"]
