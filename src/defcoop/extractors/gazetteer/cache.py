"""A disk cache of parsed data, so a one-line run does not parse 1 MB of YAML every time."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_KEEP = 12  # entries of one kind kept in the cache folder


def cache_dir() -> Path | None:
    """DEFCOOP_CACHE, else the user's cache folder; `DEFCOOP_CACHE=off` turns the cache off."""
    env = os.environ.get("DEFCOOP_CACHE")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "defcoop"


def cache_key(dirs: Iterable[str], *code: str) -> str:
    """Changes whenever a gazetteer file, this loader or the `code` files (paths) change."""
    import hashlib

    h = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):  # a new loader version invalidates old entries
        h.update(source.read_bytes())
    for path in code:
        h.update(Path(path).read_bytes())
    for d in dirs:  # folders, or the files themselves
        p = Path(d)
        for file in sorted(p.rglob("*.yaml")) if p.is_dir() else [p] if p.is_file() else []:
            st = file.stat()
            h.update(f"{file}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return h.hexdigest()[:24]


def disk_cache_get(kind: str, key: str) -> Any:
    import pickle

    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{kind}-{key}.pickle", "rb") as f:
            return pickle.load(f)
    except Exception:
        return None


def disk_cache_put(kind: str, key: str, value: Any) -> None:
    import pickle
    import tempfile

    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{kind}-{key}.pickle")
        # keep the newest few entries of each kind: older ones belong to files that have since changed
        entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda q: q.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # a read-only home or a full disk only costs speed
        with contextlib.suppress(Exception):
            os.unlink(tmp)
