"""Where the deployment files are, and the small readers the deploy tests share."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path
from typing import Any, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "docker-compose.yml"
KUBERNETES = DEPLOY / "kubernetes"
UNIT = DEPLOY / "systemd" / "rebound.service"
IMAGE_PREFIX = "/opt/rebound"  # where the image, and the VM install, put Rebound's environment


def tool(name: str) -> str | None:
    """A checker installed with the dev lock (beside this Python), else one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def manifests() -> dict[str, dict[str, Any]]:
    """Every Kubernetes object in deploy/kubernetes, by 'Kind/name'."""
    objects: dict[str, dict[str, Any]] = {}
    for path in sorted(KUBERNETES.glob("*.yaml")):
        for item in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            objects[f"{item['kind']}/{item['metadata']['name']}"] = item
    return objects


class Instruction(NamedTuple):
    stage: str
    keyword: str
    args: str


def instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined, each tagged with its stage
    (the FROM's `AS` name, else its index)."""
    joined: list[str] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue  # a comment inside a continued RUN
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    result: list[Instruction] = []
    stage = ""
    count = 0
    for line in joined:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = shlex.split(args)
            stage = words[2] if len(words) > 2 and words[1].upper() == "AS" else str(count)
            count += 1
        result.append(Instruction(stage, keyword, args.strip()))
    return result
