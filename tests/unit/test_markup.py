"""Message templates: our markup becomes structure; members' text never does."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.markup import blocks, line, plain_text
from bot.values import BulletList, LocalTime, Paragraph, Span, Style


def test_styles_and_params() -> None:
    assert line("Logged **{company}** _today_", {"company": "Acme"}) == (
        Span("Logged "),
        Span("Acme", Style.BOLD),
        Span(" "),
        Span("today", Style.ITALIC),
    )


def test_parameters_are_never_parsed_as_markup() -> None:
    hostile = "**<!channel>** {other} `x`"
    assert line("{company}", {"company": hostile}) == (Span(hostile),)


def test_paragraphs_and_bullets() -> None:
    result = blocks("First line\ncontinues.\n\n- one\n- two {n}\n\nLast.", {"n": 2})
    assert result == (
        Paragraph((Span("First line continues."),)),
        BulletList(((Span("one"),), (Span("two 2"),))),
        Paragraph((Span("Last."),)),
    )


def test_local_time_param_stays_structured() -> None:
    when = LocalTime(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), "Europe/Berlin")
    content = line("due {when}", {"when": when})
    assert content == (Span("due "), when)
    assert plain_text(content).startswith("due 2026-12-02T09:00")
