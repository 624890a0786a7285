"""The core stays the core: who may import what, read from the source with `ast`.

`bot/` outside `bot/runtime/` is the platform-neutral core and imports no infrastructure;
adapters never reach into storage or the composition root; and the top-level packages import
each other in one direction only, so any of them can be read (and tested) without the others
above it. `bot/__main__.py` is the program's entry point (`python -m bot`), which only hands over
to `bot.runtime.cli`; nothing imports it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "adapters", "storage")
INFRASTRUCTURE = ("sqlalchemy", "apscheduler", "storage", "adapters", "bot.runtime")
PLATFORM_SDKS = ("slack_bolt", "slack_sdk", "discord", "aiohttp")
CORE_FORBIDDEN = INFRASTRUCTURE + PLATFORM_SDKS
ADAPTER_FORBIDDEN = ("storage", "bot.runtime")
ENTRY_POINT = "bot.__main__"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module `path` imports, anywhere in it (inside functions too), as absolute names."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def layer(module: str) -> str:
    """The node a module belongs to: the composition root counts apart from the core."""
    if within(module, ("bot.runtime",)) or module == ENTRY_POINT:
        return "bot.runtime"
    return module.split(".")[0]


def modules(root: Path) -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            yield module_name(path, root), path


def offenders(root: Path) -> list[str]:
    found = []
    for module, path in modules(root):
        rules = {"bot": CORE_FORBIDDEN, "adapters": ADAPTER_FORBIDDEN}.get(layer(module), ())
        found += [
            f"{module} imports {name}"
            for name in sorted(imported_modules(path, root))
            if within(name, rules)
        ]
    return found


def cycles(root: Path) -> list[list[str]]:
    """Cycles in the graph of layers (bot core, bot.runtime, adapters, storage)."""
    edges: dict[str, set[str]] = {}
    nodes = {"bot", "bot.runtime", *PACKAGES}
    for module, path in modules(root):
        for name in imported_modules(path, root):
            target = layer(name)
            if target in nodes and target != layer(module):
                edges.setdefault(layer(module), set()).add(target)
    found: list[list[str]] = []

    def walk(node: str, trail: list[str]) -> None:
        for target in sorted(edges.get(node, ())):
            if target in trail:
                cycle = [*trail[trail.index(target) :], target]
                if min(cycle[:-1]) == cycle[0]:  # each cycle once, from its smallest node
                    found.append(cycle)
            else:
                walk(target, [*trail, target])

    for start in sorted(nodes):
        walk(start, [start])
    return found


def test_the_core_imports_no_infrastructure_and_adapters_no_storage_or_runtime() -> None:
    assert offenders(ROOT) == []


def test_no_import_cycle_between_top_level_packages() -> None:
    assert cycles(ROOT) == []


def test_importing_every_core_module_loads_no_infrastructure() -> None:
    """What the AST cannot see (an import made by a library the core uses) shows up here."""
    core = [m for m, _path in modules(ROOT) if layer(m) == "bot"]
    script = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        f"forbidden = {CORE_FORBIDDEN!r}\n"
        "loaded = sorted(m for m in sys.modules\n"
        "                if any(m == f or m.startswith(f + '.') for f in forbidden))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_checks_can_fail(tmp_path: Path) -> None:
    files = {
        "bot/__init__.py": "",
        "bot/core.py": "import sqlalchemy\nfrom aiohttp import web\n",
        "bot/health.py": "def later():\n    from bot.runtime import wiring\n",
        "bot/delivery/__init__.py": "",
        "bot/delivery/pacing.py": "from ..runtime.heartbeat import Heartbeat\n",
        "bot/runtime/__init__.py": "import storage\nimport adapters\n",
        "adapters/__init__.py": "",
        "adapters/slack.py": "from storage.db import normalize_url\nimport bot.values\n",
        "storage/__init__.py": "from adapters import slack\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert offenders(tmp_path) == [
        "bot.core imports aiohttp",
        "bot.core imports aiohttp.web",
        "bot.core imports sqlalchemy",
        "bot.delivery.pacing imports bot.runtime.heartbeat",
        "bot.delivery.pacing imports bot.runtime.heartbeat.Heartbeat",
        "bot.health imports bot.runtime",
        "bot.health imports bot.runtime.wiring",
        "adapters.slack imports storage.db",
        "adapters.slack imports storage.db.normalize_url",
    ]
    assert ["adapters", "storage", "adapters"] in cycles(tmp_path)
