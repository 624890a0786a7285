"""Run the real `rebound` program as a subprocess, the way a person or cron would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REBOUND = Path(sys.executable).parent / "rebound"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_rebound(tmp_path: Path) -> Run:
    """`run_rebound("console", ..., stdin="...")` in a scratch folder with its own database."""

    def run(
        *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "REBOUND_"))
        }
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'rebound.db'}"
        environment.update(env or {})
        return subprocess.run(
            [str(REBOUND), *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=environment,
            timeout=60,
            check=False,
        )

    return run
