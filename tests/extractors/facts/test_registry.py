"""The rule catalogue: every rule is named, documented with an example, listed and tested."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from defcoop.extractors import facts
from defcoop.extractors.facts.registry import RULES, STAGES, ordered_rules, rule

HERE = Path(__file__).parent
PACKAGE = Path(facts.__file__).parent
TEST_NAMES = {node.name for path in HERE.glob("test_*.py") for node in ast.walk(ast.parse(path.read_text()))
              if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_rules_are_registered_in_known_stages_with_unique_names():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) and len(names) >= 25
    assert {r.stage for r in RULES} <= set(STAGES)
    assert [r.stage for r in ordered_rules()] == sorted((r.stage for r in RULES), key=STAGES.index)


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.name)
def test_every_rule_has_a_one_line_docstring_with_an_example(r):
    assert r.summary and len(r.summary) <= 110
    assert re.search(r'"[^"]+"', r.summary), f"{r.name}: give an example in quotes"


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.name)
def test_every_rule_has_a_test_named_after_it(r):
    assert any(name.startswith(f"test_{r.name}") for name in TEST_NAMES), f"no test_{r.name}... in {HERE}"


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.name)
def test_every_rule_is_in_its_modules_catalogue(r):
    module = importlib.import_module(r.apply.__module__)
    assert f"| `{r.name}` |" in (module.__doc__ or ""), f"{module.__name__} docstring lacks a line for {r.name}"


def test_rule_refuses_an_unknown_stage_and_a_second_rule_of_the_same_name():
    with pytest.raises(ValueError, match="unknown stage"):
        rule("nowhere", 1)
    with pytest.raises(ValueError, match="already registered"):
        rule("facts", 1)(RULES[0].apply)


def test_fact_finder_functions_and_modules_stay_small():
    """The fact finder is read by everyone who adds a rule: no function over 60 lines, no module over 400."""
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert source.count("\n") <= 400, path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 60, f"{path.name}:{node.name}"
