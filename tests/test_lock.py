"""The lock files are complete: `pip install --no-deps -r <lock>` leaves nothing to resolve.

Both README commands install a lock with `--no-deps`, so any pip installs exactly the pinned files and a
new release of a dependency can change nothing. That only works while every package that the project
needs, directly or through another package (extras included), is pinned in the lock; these tests walk the
requirements of the installed distributions to check it, and fail naming what is missing.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from support import ROOT

LOCKS = {"requirements.lock": ("models",), "requirements-dev.lock": ("all", "test")}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def read_lock(name: str) -> dict[str, tuple[Version, str | None, int]]:
    """{package: (version, marker, number of hashes)} for the pins that apply to this Python."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins: dict[str, tuple[Version, str | None, int]] = {}
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    for block in blocks:
        first = block.split("\n", 1)[0]
        if first.startswith(("#", "-")) or not first.strip():
            continue
        m = _PIN.match(first)
        assert m, f"{name}: not pinned with ==: {first}"
        package, version, marker = m.groups()
        if marker and not Requirement(f"x; {marker}").marker.evaluate():  # type: ignore[union-attr]
            continue
        pins[canonicalize_name(package)] = (Version(version), marker, block.count("--hash=sha256:"))
    return pins


def project_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    optional = project["optional-dependencies"]
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for r in map(Requirement, optional[extra]):
            if canonicalize_name(r.name) == "defcoop":
                todo.extend(r.extras)
            else:
                reqs.append(r)
    return reqs


def closure(roots: list[Requirement]) -> dict[str, list[Requirement]]:
    """Every requirement reachable from `roots` in this environment, by package name."""
    env = default_environment()
    found: dict[str, list[Requirement]] = {}
    todo = [(r, "") for r in roots]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req, _via = todo.pop()
        name = canonicalize_name(req.name)
        found.setdefault(name, []).append(req)
        key = (name, frozenset(req.extras))
        if key in done:
            continue
        done.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # reported by the caller: not installed, so not in the lock that was installed
        for spec in dist.requires or []:
            sub = Requirement(spec)
            for extra in [""] + sorted(req.extras):
                if sub.marker is None or sub.marker.evaluate({**env, "extra": extra}):
                    todo.append((sub, name))
                    break
    return found


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_line_of_the_lock_is_an_exact_pin_with_hashes(lock):
    pins = read_lock(lock)
    assert pins, f"{lock} pins nothing"
    assert [p for p, (_v, _m, hashes) in pins.items() if hashes == 0] == []


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_the_lock_holds_every_package_the_project_needs(lock):
    pins = read_lock(lock)
    needed = closure(project_requirements(LOCKS[lock]))
    missing = sorted(n for n in needed if n not in pins)
    assert missing == [], f"{lock} lacks {missing}: run scripts/lock"
    wrong = sorted(f"{n}=={pins[n][0]} but {r}" for n, reqs in needed.items() for r in reqs
                   if not r.specifier.contains(pins[n][0], prereleases=True))
    assert wrong == [], f"{lock}: {wrong}"


def test_the_core_lock_pins_the_same_versions_as_the_dev_lock():
    core, dev = read_lock("requirements.lock"), read_lock("requirements-dev.lock")
    assert {n: v for n, (v, _m, _h) in core.items() if dev.get(n, (None,))[0] != v} == {}


def test_the_installed_versions_are_the_locked_ones():
    """The test environment is the dev lock, installed: nothing came from elsewhere."""
    pins = read_lock("requirements-dev.lock")
    drift = {}
    for name, (version, _m, _h) in pins.items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            drift[name] = "not installed"
            continue
        if installed != version:
            drift[name] = f"{installed} installed, {version} locked"
    assert drift == {}, f"Python {sys.version_info[:2]}"
