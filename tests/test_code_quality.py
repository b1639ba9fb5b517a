"""ruff and mypy, as configured in pyproject.toml, are clean: CI runs them through the test command."""

from __future__ import annotations

import subprocess
import sys

from support import ROOT


def tool(name: str) -> list[str]:
    """The tool of this environment (the venv's), run as a module so PATH does not matter."""
    return [sys.executable, "-m", name]


def test_ruff_finds_nothing():
    done = subprocess.run([*tool("ruff"), "check", "src", "tests", "benchmarks"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]


def test_mypy_finds_nothing():
    done = subprocess.run([*tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]
