"""Shared test helpers: where the repository and the optional shared corpus are (importable as `support`)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
SAMPLES = ROOT / "samples"
MINI = ROOT / "tests" / "fixtures" / "mini"

needs_dev = pytest.mark.skipif(not (DEV / "gold").is_dir(),
                               reason="../shared/corpus/dev is absent (it is not part of the repository)")
