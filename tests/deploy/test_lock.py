"""The locks cover pyproject.toml: a dependency added without `make lock` fails `make test`.

requirements.lock (what the image installs) pins every runtime dependency, and
requirements-dev.lock every runtime and dev one, at versions pyproject allows, with hashes, and
the two agree on every package they share."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.deploy.files import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(r) for r in PYPROJECT["dependencies"]]
DEV = [Requirement(r) for r in PYPROJECT["optional-dependencies"]["dev"]]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ;.*?)?(?: \\)?$")


def pins(path: Path) -> dict[str, set[Version]]:
    """Each locked package with its versions (more than one where Python versions fork)."""
    found: dict[str, set[Version]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            found.setdefault(canonicalize_name(match[1]), set()).add(Version(match[2]))
            assert "--hash=sha256:" in lines[number + 1], f"{path.name}: {line} has no hash"
    return found


LOCK = pins(ROOT / "requirements.lock")
DEV_LOCK = pins(ROOT / "requirements-dev.lock")


def _missing(requirements: list[Requirement], lock: dict[str, set[Version]]) -> list[str]:
    problems = []
    for requirement in requirements:
        versions = lock.get(canonicalize_name(requirement.name))
        if not versions:
            problems.append(f"{requirement.name} is not locked")
            continue
        wrong = [v for v in versions if not requirement.specifier.contains(v, prereleases=True)]
        if wrong:
            problems.append(f"{requirement} but the lock has {', '.join(map(str, wrong))}")
        problems += _missing_extras(requirement, lock)
    return problems


def _missing_extras(requirement: Requirement, lock: dict[str, set[Version]]) -> list[str]:
    """What `name[extra]` adds on this machine (from the installed package's metadata)."""
    if not requirement.extras:
        return []
    problems = []
    for line in metadata.requires(requirement.name) or []:
        needed = Requirement(line)
        for extra in requirement.extras:
            applies = needed.marker is not None and needed.marker.evaluate({"extra": extra})
            if applies and canonicalize_name(needed.name) not in lock:
                problems.append(f"{needed.name} (for {requirement.name}[{extra}]) is not locked")
    return problems


def test_the_image_lock_covers_every_runtime_dependency() -> None:
    assert _missing(RUNTIME, LOCK) == [], "run `make lock` after changing pyproject.toml"


def test_the_dev_lock_covers_every_dependency_make_test_installs() -> None:
    assert _missing(RUNTIME + DEV, DEV_LOCK) == [], "run `make lock` after changing pyproject.toml"


def test_both_locks_pin_the_same_versions() -> None:
    assert {name: LOCK[name] for name in LOCK} == {name: DEV_LOCK[name] for name in LOCK}


def test_a_forgotten_make_lock_is_noticed() -> None:
    assert _missing([Requirement("no-such-package-rebound-uses>=1")], LOCK) == [
        "no-such-package-rebound-uses is not locked"
    ]
    sqlalchemy = sorted(LOCK["sqlalchemy"])[-1]
    raised = Requirement(f"sqlalchemy>{sqlalchemy}")
    assert _missing([raised], LOCK) == [f"{raised} but the lock has {sqlalchemy}"]


@pytest.mark.parametrize("installer", ["Makefile", "deploy/Dockerfile"])
def test_installs_use_the_lock_with_hashes(installer: str) -> None:
    text = (ROOT / installer).read_text(encoding="utf-8")
    assert "--require-hashes" in text and "--no-deps" in text
    assert "requirements" in text and ".lock" in text
