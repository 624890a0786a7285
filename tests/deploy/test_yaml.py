"""Every YAML file under deploy/ parses and passes yamllint (which, unlike a parser, refuses a
key given twice: PyYAML would silently keep the last)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.deploy.files import DEPLOY, tool

YAML_FILES = sorted([*DEPLOY.rglob("*.yml"), *DEPLOY.rglob("*.yaml")])


def _yamllint(*paths: Path) -> subprocess.CompletedProcess[str]:
    linter = tool("yamllint")
    if linter is None:
        pytest.skip("yamllint is not installed (it comes with the dev lock)")
    config = DEPLOY / ".yamllint"
    return subprocess.run(
        [linter, "--strict", "-c", str(config), *map(str, paths)], capture_output=True, text=True
    )


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_parses(path: Path) -> None:
    documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    assert documents and all(isinstance(d, dict) for d in documents)


def test_yamllint_finds_nothing() -> None:
    assert len(YAML_FILES) >= 7
    result = _yamllint(*YAML_FILES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_would_notice_a_key_given_twice(tmp_path: Path) -> None:
    bad = tmp_path / "twice.yml"
    bad.write_text("services:\n  bot:\n    image: a\n    image: b\n", encoding="utf-8")
    result = _yamllint(bad)
    assert result.returncode != 0 and "duplication" in result.stdout
