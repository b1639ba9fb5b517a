"""`nlp.add_pipe("defcoop_facts")` in another project's pipeline, through spaCy's `spacy_factories` entry points.

The entry points are package metadata, written when defcoop is installed. So that the test does not depend
on when the environment was installed, it gives a fresh Python a distribution whose only content is the
entry-point table of pyproject.toml, and checks that spaCy finds every defcoop component through it
without defcoop being imported first.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from support import ROOT

FACTORIES = ("defcoop_facts", "defcoop_gazetteer", "defcoop_officials", "defcoop_pos_from_tags", "defcoop_sentences")


def declared() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(project["entry-points"]["spacy_factories"])


def metadata_dir(tmp_path: Path) -> Path:
    """A folder holding a distribution with pyproject's spacy_factories entry points and nothing else."""
    info = tmp_path / "defcoop_entry_points-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: defcoop-entry-points\nVersion: 0\n")
    lines = "".join(f"{name} = {target}\n" for name, target in declared().items())
    (info / "entry_points.txt").write_text(f"[spacy_factories]\n{lines}")
    return tmp_path


def run_elsewhere(tmp_path: Path, code: str, *args: str) -> dict:
    env_path = f"{metadata_dir(tmp_path)}"
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
                          cwd=tmp_path)
    return json.loads(proc.stdout.splitlines()[-1])


def test_every_component_is_declared_as_a_spacy_factory():
    assert sorted(declared()) == sorted(FACTORIES)


FACTS_OF_A_DOC = """
import json, sys
import spacy
before = "defcoop" in sys.modules
nlp = spacy.blank("en")
for name in sys.argv[1:]:
    nlp.add_pipe(name)
doc = nlp.make_doc("Spain signed a contract on Tuesday to buy 24 Hürjet trainer jets from Turkey.")
doc.user_data["published"] = "2025-03-14"
doc = nlp(doc)
print(json.dumps({"before": before, "pipes": nlp.pipe_names,
                  "facts": [[f.action, f.actors, f.systems, f.date] for f in doc._.defcoop_facts]}))
"""


def test_spacy_finds_the_facts_component_without_importing_defcoop(tmp_path):
    out = run_elsewhere(tmp_path, FACTS_OF_A_DOC, "defcoop_facts")
    assert out["before"] is False
    assert out["pipes"] == ["defcoop_facts"]
    assert out["facts"] == [["agree", ["ES", "TR"], ["Hürjet"], "2025-03-11"]]


def test_a_doc_used_alone_gets_its_facts_after_the_gazetteer_component_too(tmp_path):
    out = run_elsewhere(tmp_path, FACTS_OF_A_DOC, "defcoop_gazetteer", "defcoop_facts")
    assert out["facts"] == [["agree", ["ES", "TR"], ["Hürjet"], "2025-03-11"]]


def test_every_declared_factory_builds_a_component(tmp_path):
    code = f"""
import json, spacy
nlp = spacy.blank("de")
for name in {list(FACTORIES)!r}:
    nlp.add_pipe(name)
print(json.dumps({{"pipes": nlp.pipe_names}}))
"""
    assert run_elsewhere(tmp_path, code)["pipes"] == list(FACTORIES)


def test_the_installed_metadata_declares_the_same_factories():
    installed = {e.name: e.value for e in entry_points(group="spacy_factories") if e.name.startswith("defcoop_")}
    if not installed:
        pytest.skip("this environment's defcoop metadata predates its spacy_factories entry points "
                    "(`pip install --no-deps -e .` writes them)")
    assert installed == declared()
