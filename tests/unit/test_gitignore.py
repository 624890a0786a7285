"""What running Rebound leaves in a checkout stays out of `git status` (and out of commits)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "path",
    ["rebound.db", "rebound.db-wal", "rebound.db-shm", "rebound.db-journal", "rebound-files/1-x"],
)
def test_local_database_files_and_console_attachments_are_ignored(path: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT, check=False
    )
    assert result.returncode == 0, f"{path} is not ignored"
