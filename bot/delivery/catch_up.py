"""The catch-up message: several nudges due at once for one member, as ONE message.

A full nudge (draft, five buttons) per item would blow every platform's limits after five items,
so the catch-up is a compact numbered list (company, role, which follow-up and why) with one
button per item that opens that item's draft with all its buttons (the Show draft path). Five
buttons a row, five rows a message: 25 items fit, which is both Discord's component limit and
well inside Slack's 50 blocks. The list is kept under a text budget that fits one Slack section
(3,000 characters) and a Discord embed (4,096). Only a longer catch-up is split, and then every
part says which part it is and how many of the items it carries.
"""

from __future__ import annotations

from bot import markup
from bot.messages import drafts, replies
from bot.records import FollowUp
from bot.values import Actions, Block, BulletList, Button, Line

BUTTONS_PER_ROW = 5
MAX_ROWS = 5
MAX_ITEMS = BUTTONS_PER_ROW * MAX_ROWS
TEXT_BUDGET = 3000  # characters of list text a part may carry, after platform escaping
LINE_OVERHEAD = 12  # bullet and bold markers a renderer adds to each line
LABEL_LIMIT = 30  # a button label: the number and the start of the company name

Numbered = tuple[int, FollowUp, Line]


def item_line(number: int, followup: FollowUp) -> Line:
    return markup.line(
        replies.CATCH_UP_ITEM,
        {
            "number": number,
            "company": followup.company,
            "role_suffix": f" ({followup.role})" if followup.role else "",
            "title": drafts.TITLES[followup.kind].lower(),
            "purpose": drafts.PURPOSES[followup.kind],
        },
    )


def parts(followups: list[FollowUp]) -> list[list[Numbered]]:
    """The items, numbered from 1, in as few parts as the limits allow."""
    split: list[list[Numbered]] = [[]]
    used = 0
    for number, followup in enumerate(followups, 1):
        line = item_line(number, followup)
        size = _weight(line)
        current = split[-1]
        if current and (len(current) >= MAX_ITEMS or used + size > TEXT_BUDGET):
            split.append([])
            used = 0
        split[-1].append((number, followup, line))
        used += size
    return split


def body(
    items: list[Numbered],
    *,
    greeting: str,
    count: int,
    part: int,
    total: int,
    late: bool,
    action: str,
) -> tuple[Block, ...]:
    """Intro, the list, and one "open this one" button per item (at most 5 a row, 5 rows)."""
    intro = replies.CATCH_UP_LATE if late else replies.CATCH_UP_TOGETHER
    blocks: list[Block] = [*markup.blocks(intro, {"greeting": greeting, "count": count})]
    if total > 1:
        blocks += markup.blocks(
            replies.CATCH_UP_PART,
            {"part": part, "parts": total, "here": len(items), "count": count},
        )
    blocks.append(BulletList(tuple(line for _number, _followup, line in items)))
    blocks += markup.blocks(replies.CATCH_UP_HOW)
    buttons = [Button(_label(number, f), action, str(f.id)) for number, f, _line in items]
    for start in range(0, len(buttons), BUTTONS_PER_ROW):
        blocks.append(Actions(tuple(buttons[start : start + BUTTONS_PER_ROW])))
    return tuple(blocks)


def summary(count: int, part: int, total: int) -> str:
    text = f"{count} follow-ups are ready for you"
    return f"{text} (message {part} of {total})" if total > 1 else text


def _label(number: int, followup: FollowUp) -> str:
    label = f"{number}. {followup.company}"
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def _weight(line: Line) -> int:
    """Length as a platform counts it: Slack escapes &, < and > into entities up to 5 long."""
    text = markup.plain_text(line)
    return len(text) + 4 * sum(text.count(char) for char in "&<>") + LINE_OVERHEAD
