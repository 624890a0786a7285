"""`/followups` reaches every open follow-up: four at a time, then **Show more**."""

from __future__ import annotations

from bot.core import Core
from bot.values import Actions, Outbound
from tests.helpers import at, button, buttons, press, slash, text

NOON = at("2026-12-01T12:00:00+00:00")  # a Tuesday


def only(messages: list[Outbound]) -> Outbound:
    assert len(messages) == 1, [text(m) for m in messages]
    return messages[0]


def rows(message: Outbound) -> list[Actions]:
    return [b for b in message.blocks if isinstance(b, Actions)]


def test_followups_page_through_every_open_one(core: Core) -> None:
    for n in range(1, 5):
        core.handle(slash("rejected", f"Company {n}"), NOON)
    page = only(core.handle(slash("followups"), NOON))
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        assert len(rows(page)) <= 5
        shown = text(page)
        seen += [line for line in shown.splitlines() if "nudge planned for" in line]
        more = [b for b in buttons(page) if b.label == "Show more"]
        if not more:
            break
        assert "of 12 open" in shown
        page = only(core.handle(press(more[0]), NOON))
    assert pages == 3
    assert len(seen) == len(set(seen)) == 12


def test_acting_on_page_one_never_skips_an_unseen_one(core: Core) -> None:
    for n in range(1, 3):
        core.handle(slash("rejected", f"Company {n}"), NOON)
    first = only(core.handle(slash("followups"), NOON))
    assert "…and 2 more." in text(first)
    for item in [b for b in buttons(first) if b.label == "Skip"][:2]:
        core.handle(press(item), NOON)
    second = text(only(core.handle(press(button(first, "Show more")), NOON)))
    assert "(5-6 of 4 open)" not in second
    assert second.count("nudge planned for") == 2
    assert "Company 2: future consideration" in second
