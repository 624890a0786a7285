"""The fields inside a logging command's text: `role:`, `stage:` and `note:`, stage words, and
the `list [page]` that asks for a member's history instead of logging.

Pure functions, so the rule that keeps every typed word in the field it was typed for can be
tested on its own (see tests/unit/test_parsing.py).
"""

from __future__ import annotations

import re

from bot.commands.cleaning import clean
from bot.records import Stage

_MARKER = re.compile(r"\b(role|stage|note):", re.IGNORECASE)
# Any whole number after `list` is a page (a company called "List 5" needs a role: marker), so
# `list -1` or `list 99999999999999999999` never log a rejection from a company called that.
_LIST = re.compile(r"^list(?:\s+([+-]?\d+))?$", re.IGNORECASE)
# What members call each stage; keys are compared after folding case, spaces and hyphens
# (and a trailing "stage": "CV stage" is "cv").
STAGE_WORDS: dict[str, Stage] = {
    **{word: Stage.APPLIED for word in ("applied", "application", "cv", "resume", "résumé")},
    **{word: Stage.SCREEN for word in ("screen", "screening", "phone", "phonescreen", "call")},
    **{word: Stage.INTERVIEW for word in ("interview", "interviews", "interviewed")},
    **{word: Stage.FINAL for word in ("final", "finalround", "finals", "onsite", "offer")},
}


def split_markers(text: str, names: frozenset[str]) -> tuple[str, dict[str, str]]:
    """`Acme role: Analyst note: nice people` -> ("Acme", {"role": " Analyst ", "note": ...}).

    Only the first of each marker is a field, and everything after `note:` is the note, so a
    note may say "the role: went elsewhere" and nothing typed is lost or moved to another field.
    A marker not in `names` is ordinary text.
    """
    cuts: list[re.Match[str]] = []
    for match in _MARKER.finditer(text):
        name = match.group(1).lower()
        if name in names and name not in {cut.group(1).lower() for cut in cuts}:
            cuts.append(match)
            if name == "note":
                break
    head = text[: cuts[0].start()] if cuts else text
    fields: dict[str, str] = {}
    for index, match in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(text)
        fields[match.group(1).lower()] = text[match.end() : end]
    return head, fields


def stage_named(raw: str) -> Stage | None:
    """The stage a member's word names, or None if it names none."""
    key = re.sub(r"[\s_-]+", "", clean(raw).casefold())
    return STAGE_WORDS.get(key) or STAGE_WORDS.get(key.removesuffix("stage"))


def list_page(text: str) -> int | None:
    """The page of `list` / `list 2`, or None when the text is not a listing request."""
    match = _LIST.match(clean(text))
    if match is None:
        return None
    digits = match.group(1) or "1"
    if len(digits) > 4000:  # more than int() reads (4,300 digits); past any last page anyway
        return 1 if digits.startswith("-") else 10**18
    return max(1, int(digits))
