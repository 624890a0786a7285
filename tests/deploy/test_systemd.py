"""deploy/systemd/rebound.service passes `systemd-analyze verify` without a single warning."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.files import IMAGE_PREFIX, UNIT

ANALYZE = shutil.which("systemd-analyze")
needs_systemd = pytest.mark.skipif(
    ANALYZE is None, reason="systemd-analyze is not installed (a machine without systemd)"
)


def _verify(text: str, folder: Path) -> str:
    """verify's complaints (it exits 0 on unknown keys and bad values: each is a line).
    verify also checks that ExecStart exists, so /opt/rebound becomes this test run's own
    environment, which has the same bin/rebound."""
    unit = folder / "rebound.service"
    unit.write_text(text.replace(IMAGE_PREFIX, sys.prefix), encoding="utf-8")
    assert ANALYZE is not None
    result = subprocess.run([ANALYZE, "verify", str(unit)], capture_output=True, text=True)
    return (
        (f"exit {result.returncode}\n" if result.returncode else "") + result.stdout + result.stderr
    )


@needs_systemd
def test_the_unit_verifies_cleanly(tmp_path: Path) -> None:
    assert _verify(UNIT.read_text(encoding="utf-8"), tmp_path) == ""


@needs_systemd
def test_verify_would_notice_a_mistake(tmp_path: Path) -> None:
    text = UNIT.read_text(encoding="utf-8").replace("Restart=on-failure", "Restart=sometimes")
    assert "sometimes" in _verify(text, tmp_path)


def test_the_unit_runs_the_installed_rebound_on_sqlite_in_its_state_directory() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(UNIT.read_text(encoding="utf-8"))
    service = unit["Service"]
    assert service["ExecStart"] == f"{IMAGE_PREFIX}/bin/rebound run"
    assert service["DynamicUser"] == "yes" and service["NoNewPrivileges"] == "yes"
    assert service["StateDirectory"] == "rebound"
    assert "DATABASE_URL=sqlite:////var/lib/rebound/" in service["Environment"]
    assert service["EnvironmentFile"] == "/etc/rebound/rebound.env"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
