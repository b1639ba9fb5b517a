"""Tests keep their parsed-gazetteer cache in a temporary folder, not in the user's cache."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("DEFCOOP_CACHE", tempfile.mkdtemp(prefix="defcoop-test-cache-"))
