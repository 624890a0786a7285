"""The image without a Docker engine: hadolint reads the Dockerfile, and the build stage's own
RUN lines are run on this machine (same lock, same commands) into a fresh environment that must
then start Rebound and migrate a database."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storage.migrate import revisions
from tests.deploy.files import DOCKERFILE, IMAGE_PREFIX, ROOT, Instruction, instructions, tool


def test_hadolint_finds_nothing_to_fix() -> None:
    hadolint = tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (the dev lock installs it on Linux and macOS)")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_notice_a_mistake(tmp_path: Path) -> None:
    """The check above can fail: a root image installing unpinned packages is flagged."""
    hadolint = tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (the dev lock installs it on Linux and macOS)")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:3.11-slim\nRUN pip install rebound-bot\n", encoding="utf-8")
    result = subprocess.run([hadolint, str(bad)], capture_output=True, text=True)
    assert result.returncode != 0 and "DL3013" in result.stdout


def test_the_image_runs_rebound_as_an_unprivileged_user_with_a_healthcheck() -> None:
    final = [i for i in instructions() if i.stage == instructions()[-1].stage]
    users = [i.args for i in final if i.keyword == "USER"]
    assert users and users[-1].isdigit() and int(users[-1]) != 0, users  # numeric: runAsNonRoot
    useradd = next(i.args for i in final if i.keyword == "RUN" and "useradd" in i.args)
    assert f"--uid {users[-1]}" in useradd
    checks = [i.args for i in final if i.keyword == "HEALTHCHECK"]
    assert len(checks) == 1 and "/healthz" in checks[0] and "PORT" in checks[0]
    assert any(i.keyword == "COPY" and i.args.startswith("--from=build") for i in final)
    assert not any(i.keyword == "RUN" and "pip install" in i.args for i in final), (
        "the final stage only copies the environment the build stage made"
    )
    entry = next(i.args for i in final if i.keyword == "ENTRYPOINT")
    assert json.loads(entry) == ["rebound"]


def test_the_build_stage_installs_from_the_hashed_lock() -> None:
    runs = " ".join(i.args for i in instructions() if i.stage == "build" and i.keyword == "RUN")
    assert "--require-hashes" in runs and "-r requirements.lock" in runs
    assert "--no-deps ." in runs and "pip check" in runs


def test_the_build_stages_commands_install_a_working_rebound(tmp_path: Path) -> None:
    """Runs the build stage on the host: COPY copies from the repository into a work folder,
    ENV and RUN apply there, with the image's /opt/rebound moved into tmp_path. The one change:
    pip may use its cache here (the image turns it off to stay small), to keep this test quick."""
    src = tmp_path / "src"
    src.mkdir()
    prefix = tmp_path / "opt-rebound"
    # `python` as in the image: the interpreter itself, not this test run's environment.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(getattr(sys, "_base_executable", sys.executable))
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    build = [i for i in instructions() if i.stage == "build"]
    assert [i.keyword for i in build].count("RUN") >= 2
    for step in build:
        _apply(step, src, prefix, env)
    rebound = prefix / "bin" / "rebound"
    help_text = subprocess.run(
        [str(rebound), "--help"], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert "run" in help_text and "db" in help_text
    # The installed (not editable) package carries its migrations: a new database gets them all.
    db_env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'rebound.db'}"}
    subprocess.run([str(rebound), "db", "upgrade"], env=db_env, check=True, capture_output=True)
    current = subprocess.run(
        [str(rebound), "db", "current"], env=db_env, check=True, capture_output=True, text=True
    )
    assert revisions()[-1] in current.stdout, current.stdout
    assert (prefix / "lib").exists() and not (prefix / "src").exists()


def _apply(step: Instruction, src: Path, prefix: Path, env: dict[str, str]) -> None:
    if step.keyword == "ENV":
        for pair in shlex.split(step.args):
            name, _, value = pair.partition("=")
            if name != "PIP_NO_CACHE_DIR":
                env[name] = value
    elif step.keyword == "COPY":
        *sources, target = shlex.split(step.args)
        assert not any(s.startswith("--") for s in sources), "the build stage copies from the repo"
        for source in sources:
            origin = ROOT / source
            destination = src / target / source if target.endswith("/") else src / target
            if origin.is_dir():
                shutil.copytree(origin, destination, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, destination)
    elif step.keyword == "RUN":
        command = step.args.replace(IMAGE_PREFIX, str(prefix))
        result = subprocess.run(
            ["bash", "-c", command], cwd=src, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, f"RUN {step.args}\n{result.stdout}\n{result.stderr}"
    elif step.keyword not in ("FROM", "WORKDIR"):
        raise AssertionError(f"the build stage has a {step.keyword} this test does not run")
