"""The Discord renderer: nothing a member types can ping or format, Discord's limits always hold,
times are `<t:…>`, and every button the core makes comes back as a press the core accepts."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from adapters.discord import forms
from adapters.discord.render import (
    CUSTOM_ID_LIMIT,
    MORE_NOTICE,
    DiscordMessage,
    parse_custom_id,
    render,
)
from bot.values import (
    Actions,
    Attachment,
    Block,
    BulletList,
    Button,
    ButtonStyle,
    Destination,
    DestinationKind,
    Fields,
    Link,
    LocalTime,
    Outbound,
    Paragraph,
    Quote,
    Span,
    Style,
)

GUILD = "1200000000000000001"
DEST = Destination(DestinationKind.CHANNEL, "discord", GUILD, channel_id="1200000000000000002")
MENTIONS = ("@everyone", "@here", "<@1100000000000000009>", "<@&1100000000000000008>", "<#120>")
HOSTILE = "Acme " + " ".join(MENTIONS) + " **bold** _it_ `code` > quote [x](https://evil)"
NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def message(
    *blocks: Block, summary: str = "", kind: DestinationKind = DestinationKind.CHANNEL
) -> Outbound:
    return Outbound(Destination(kind, "discord", GUILD, "c", "u"), tuple(blocks), summary=summary)


def every_text(rendered: DiscordMessage) -> str:
    return json.dumps([rendered.content, rendered.embeds, rendered.components], ensure_ascii=False)


def assert_within_limits(rendered: DiscordMessage) -> None:
    assert len(rendered.content) <= 2000
    assert len(rendered.embeds) <= 10
    total = 0
    for embed in rendered.embeds:
        assert len(embed.get("title", "")) <= 256
        assert len(embed.get("description", "")) <= 4096
        assert len(embed.get("fields", [])) <= 25
        for f in embed.get("fields", []):
            assert len(f["name"]) <= 256 and len(f["value"]) <= 1024
        total += len(embed.get("title", "")) + len(embed.get("description", ""))
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    assert total <= 6000
    assert len(rendered.components) <= 5
    ids = []
    for row in rendered.components:
        assert row["type"] == 1 and 1 <= len(row["components"]) <= 5
        for button in row["components"]:
            assert len(button["label"]) <= 80 and len(button["custom_id"]) <= CUSTOM_ID_LIMIT
            ids.append(button["custom_id"])
    assert len(ids) == len(set(ids)), "Discord refuses a message whose custom ids repeat"
    assert rendered.content or rendered.embeds or rendered.attachments, "an empty message"
    assert rendered.allowed_mentions == {"parse": []}
    # discord.py accepts what we built.
    for built in rendered.discord_embeds():
        assert len(built) <= 6000


def assert_inert(rendered: DiscordMessage) -> None:
    text = every_text(rendered)
    assert "@everyone" not in text and "@here" not in text
    assert not re.search(r"(?<!\\)<(@|#)", text), "a raw mention token"


# --- unit -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        Paragraph((Span(HOSTILE),)),
        Paragraph((Span(HOSTILE, Style.BOLD),)),
        BulletList(((Span(HOSTILE),), (Span(HOSTILE, Style.ITALIC),))),
        Quote((Span(HOSTILE),), title=HOSTILE),
        Fields(((HOSTILE, (Span(HOSTILE),)),)),
        Paragraph((Link("https://example.com", HOSTILE),)),
    ],
)
def test_mentions_and_markdown_in_member_text_stay_text(block: Block) -> None:
    rendered = render(message(block))
    assert_inert(rendered)
    mentions = rendered.mentions()
    assert not (mentions.everyone or mentions.users or mentions.roles or mentions.replied_user)
    assert "**bold**" not in every_text(rendered).replace("\\*\\*bold\\*\\*", "")


def test_a_hostile_company_name_shows_escaped_in_content() -> None:
    rendered = render(message(Paragraph((Span("Acme @everyone <@&123456789012345678>"),))))
    assert rendered.content == "Acme @\u200beveryone \\<@\u200b&123456789012345678>"


def test_code_spans_keep_text_without_escapes() -> None:
    rendered = render(message(Paragraph((Span("/rejected a`b", Style.CODE),))))
    assert rendered.content == "`/rejected aˋb`"


@pytest.mark.parametrize(
    ("style", "token"), [("date", "D"), ("time", "t"), ("datetime", "f"), ("relative", "R")]
)
def test_local_time_is_a_discord_timestamp(style: Any, token: str) -> None:
    moment = LocalTime(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), "Europe/Berlin", style)
    rendered = render(message(Paragraph((Span("due "), moment))))
    assert rendered.content == f"due <t:{int(moment.at.timestamp())}:{token}>"


def test_only_web_addresses_become_links() -> None:
    ok = render(message(Paragraph((Link("https://example.com/a", "site"),))))
    assert ok.content == "[site](<https://example.com/a>)"
    odd = render(message(Paragraph((Link("javascript:alert(1)", "x"),))))
    assert "](" not in odd.content


@pytest.mark.parametrize(
    "text",
    [
        "[click](https://evil.example)",
        "\\[click\\](https://evil.example)",
        "Acme [[x]](https://evil.example)",
    ],
)
def test_member_text_never_becomes_a_disguised_link(text: str) -> None:
    """A masked link needs an unescaped `[` and `]`: neither survives, in text or in a link
    whose address is not one (an event's URL is shown as text then)."""
    for block in (
        Paragraph((Span(text),)),
        Paragraph((Link(f"https://x.example/a>){text}", text),)),
        Paragraph((Link(f"https://x.example/a>){text}".rstrip(")"), "site"),)),
    ):
        content = render(message(block)).content or ""
        assert not re.search(r"(?<!\\)(?:\\\\)*\[[^\]]*(?<!\\)\]\(", content), content


def test_buttons_map_styles_and_ids_round_trip() -> None:
    buttons = (
        Button("Sent", "followup.done", "7:0", ButtonStyle.PRIMARY),
        Button("Forget", "account.forget_confirm", "", ButtonStyle.DANGER),
        Button("Later", "followup.snooze_day", "7:0"),
    )
    rendered = render(message(Actions(buttons), Actions(buttons[:1])))
    row = rendered.components[0]["components"]
    assert [b["style"] for b in row] == [1, 4, 2]
    ids = [b["custom_id"] for r in rendered.components for b in r["components"]]
    assert len(set(ids)) == 4
    parsed = [parse_custom_id(i) for i in ids]
    assert parsed == [
        ("followup.done", GUILD, "7:0"),
        ("account.forget_confirm", GUILD, ""),
        ("followup.snooze_day", GUILD, "7:0"),
        ("followup.done", GUILD, "7:0"),
    ]


def test_a_button_value_too_long_is_refused_not_cut() -> None:
    with pytest.raises(ValueError, match="custom id"):
        render(message(Actions((Button("x", "followup.done", "9" * 90),))))


def test_ephemeral_sets_flag_64() -> None:
    assert render(message(Paragraph((Span("hi"),)), kind=DestinationKind.EPHEMERAL)).flags == 64
    assert render(message(Paragraph((Span("hi"),)))).flags == 0
    assert "flags" not in render(message(Paragraph((Span("hi"),)))).payload()


def test_long_text_spills_into_embeds_and_stays_within_limits() -> None:
    lines = tuple((Span(f"line {i} " + "word " * 30),) for i in range(400))
    rendered = render(message(BulletList(lines), Quote((Span("x " * 5000),), title="Draft")))
    assert_within_limits(rendered)
    assert rendered.embeds[-1]["description"].endswith(MORE_NOTICE.replace("/", "/"))


def test_many_fields_split_over_embeds() -> None:
    pairs = tuple((f"k{i}", (Span("v"),)) for i in range(30))
    rendered = render(message(Fields(pairs)))
    assert [len(e["fields"]) for e in rendered.embeds] == [25, 5]


def test_attachments_become_files_and_summary_fills_an_empty_message() -> None:
    out = Outbound(DEST, (), (Attachment("data.json", "application/json", b"{}"),), "Your data")
    rendered = render(out)
    assert rendered.content == "Your data"
    files = rendered.files()
    assert [f.filename for f in files] == ["data.json"]
    assert isinstance(files[0], discord.File)


def test_the_draft_form_is_a_modal_within_discord_limits() -> None:
    from bot.values import Form, FormField

    form = Form(
        "followup.edit",
        "7:0",
        "Edit your follow-up email before you send it",
        (
            FormField("subject", "Subject", "Hi", 150),
            FormField("body", "Email " * 20, "x" * 5000, 5000, multiline=True),
        ),
        "Mark as sent",
        "Cancel",
        (Span("Copy it into your mail app, then submit."),),
    )
    made = forms.modal(form, GUILD)
    assert len(made["title"]) <= 45 and len(made["custom_id"]) <= 100
    inputs = [row["components"][0] for row in made["components"]]
    assert [i["style"] for i in inputs] == [1, 2]
    assert all(len(i["label"]) <= 45 and i["max_length"] <= 4000 for i in inputs)
    assert len(inputs[1]["value"]) == 4000
    assert forms.parse_modal_id(made["custom_id"]) == ("followup.edit", GUILD, "7:0")
