"""Words members read live in bot/messages, not in logic: no button label, form label or message
summary is written as a literal anywhere else in the core, so another platform or a translation
changes words in one place."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "bot"
WORDS = CORE / "messages"
# Which arguments of each value are words a member reads (position, keyword).
WORDY: dict[str, tuple[tuple[int, str], ...]] = {
    "Button": ((0, "label"),),
    "FormField": ((1, "label"),),
    "Form": ((2, "title"), (4, "submit"), (5, "close")),
}


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value)


def _name(call: ast.Call) -> str:
    func = call.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def literal_words(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        args: dict[int | str, ast.expr] = dict(enumerate(node.args))
        args.update({k.arg: k.value for k in node.keywords if k.arg})
        wordy = [*WORDY.get(_name(node), ()), (-1, "summary")]
        for position, keyword in wordy:
            value = args.get(keyword, args.get(position))
            if value is not None and _is_text(value):
                found.append(f"{path.name}:{node.lineno} {_name(node)} {keyword}")
    return found


def test_no_member_facing_label_is_a_literal_outside_bot_messages() -> None:
    offenders = [
        word
        for path in sorted(CORE.rglob("*.py"))
        if WORDS not in path.parents and "runtime" not in path.parts
        for word in literal_words(path)
    ]
    assert offenders == []


def test_the_check_finds_a_literal_label(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'Button("Snooze", SNOOZE, value)\n'
        'Button(label=f"Undo {x}", action_id=UNDO, value="1")\n'
        'ctx.reply(body, summary="Your rejections")\n'
        "Button(labels.SKIP, SKIP, value)\n"
    )
    assert literal_words(sample) == [
        "sample.py:1 Button label",
        "sample.py:2 Button label",
        "sample.py:3 reply summary",
    ]
