"""The shipped decisions on plain statements: what a user would call a fact stays one, and what no
decision may overrule (a negation, fighting) stays no fact. The model's accuracy itself is measured by
cross-validation (test_train.py), not by these sentences."""

from __future__ import annotations

import pytest

from defcoop.extractors.extract import Extractor
from defcoop.extractors.model import Article

PUB = "2026-02-09"


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def actions(ex: Extractor, body: str, language: str = "en", title: str = "Ukraine and France") -> list[str]:
    return sorted(f.action for f in ex.process(Article("t.txt", f"{title}\n{body}\n", language=language,
                                                       published=PUB)).facts)


@pytest.mark.parametrize("language, body, action", [
    ("en", "France delivered twelve Caesar howitzers to Ukraine on Monday.", "deliver"),
    ("en", "Ukraine and France signed a contract for Mistral missiles.", "agree"),
    ("fr", "La France a livré des canons Caesar à l'Ukraine.", "deliver"),
    ("de", "Deutschland hat der Ukraine weitere IRIS-T-Systeme geliefert.", "deliver"),
    ("uk", "Франція передала Україні ракети SCALP.", "deliver"),
    ("pl", "Polska podpisała z Koreą Południową umowę na czołgi K2.", "agree"),
])
def test_a_plain_statement_of_an_act_is_a_fact(ex, language, body, action):
    assert action in actions(ex, body, language)


@pytest.mark.parametrize("body", [
    "France has not delivered any Caesar howitzers to Ukraine.",
    "Russia sent waves of Shahed drones against Kyiv overnight.",
    "Russian missiles struck the plant where Ukraine produces drones.",
])
def test_no_decision_overrules_a_negation_or_fighting(ex, body):
    assert actions(ex, body, title="Russia and Ukraine") == []
