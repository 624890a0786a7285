"""`rebound --help` answers at once: asking for help loads none of the heavy libraries (issue
13: it took 0.9 s because the CLI imported SQLAlchemy and Alembic up front), and the README's
settings table lists every setting there is, so the two cannot drift apart."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from bot.runtime.cli import parser
from bot.runtime.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "slack_bolt",
    "slack_sdk",
    "discord",
    "aiohttp",
    "matplotlib",
    "dateparser",
    "apscheduler",
)


def every_help(top: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[list[str]]:
    """`--help` of the program and of every command and action under it."""
    found = [[*path, "--help"]]
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += every_help(sub, (*path, name))
    return found


def heavy_loaded_after(argvs: list[list[str]], before: str = "") -> list[str]:
    """The heavy libraries in a fresh interpreter's `sys.modules` after `rebound <argv>` each."""
    script = (
        "import sys\n"
        f"{before}\n"
        "from bot.runtime.cli import main\n"
        f"for argv in {argvs!r}:\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"heavy = {HEAVY!r}\n"
        "print('loaded:' + ','.join(sorted({m.split('.')[0] for m in sys.modules} & set(heavy))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "usage: rebound" in done.stdout
    loaded = done.stdout.rsplit("loaded:", 1)[1].strip()
    return [name for name in loaded.split(",") if name]


def test_help_of_every_command_loads_no_heavy_library() -> None:
    helps = every_help(parser())
    assert ["run", "--help"] in helps and ["discord", "sync", "--help"] in helps
    assert heavy_loaded_after([*helps, ["--version"]]) == []


def test_the_check_sees_a_heavy_library_when_one_is_loaded() -> None:
    assert heavy_loaded_after([["--help"]], before="import storage.db") == ["sqlalchemy"]


def readme_settings() -> dict[str, str]:
    """The README's settings table: variable -> its default cell."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    found: dict[str, str] = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        names = re.findall(r"`([A-Z_]+)`", cells[0])
        assert len(names) == 1, f"one variable a row: {row}"
        assert names[0] not in found, f"{names[0]} has two rows"
        found[names[0]] = cells[1]
    return found


def test_the_readme_table_lists_every_setting_and_nothing_else() -> None:
    documented = readme_settings()
    assert sorted(documented) == sorted(name.upper() for name in Settings.model_fields)


def test_the_readme_defaults_are_the_real_ones() -> None:
    """A default written as one literal (`30`, `WARNING`) is the field's own default."""
    for name, cell in readme_settings().items():
        literal = re.fullmatch(r"`([^`]*)`", cell)
        if literal:
            field = Settings.model_fields[name.lower()]
            assert literal.group(1) == str(field.get_default(call_default_factory=True)), name
