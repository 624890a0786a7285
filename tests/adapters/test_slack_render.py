"""The Slack renderer: nothing a member types can ping anyone, and Slack's limits always hold."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import Block as SlackBlock

from adapters.slack.mrkdwn import escape
from adapters.slack.render import (
    MORE_NOTICE,
    SlackMessage,
    action_name,
    attachments,
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

MENTIONS = ("<!channel>", "<!here>", "<@U123>", "<!everyone>", "<#C999>", "<!subteam^S1>")
HOSTILE = "Acme " + " ".join(MENTIONS) + " @everyone @channel & Co"
DEST = Destination(DestinationKind.CHANNEL, "slack", "T1", channel_id="C1")
DUE = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def message(*blocks: Block, summary: str = "") -> Outbound:
    return Outbound(DEST, tuple(blocks), summary=summary)


def texts(rendered: SlackMessage) -> list[str]:
    """Every mrkdwn or plain text string in the blocks, in order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(rendered.blocks)
    return found


def section_text(rendered: SlackMessage, index: int = 0) -> str:
    text: str = rendered.blocks[index]["text"]["text"]
    return text


def assert_no_raw_mentions(rendered: SlackMessage) -> None:
    dumped = json.dumps(rendered.blocks, ensure_ascii=False)
    for blob in (dumped, rendered.text):
        for mention in MENTIONS:
            assert mention not in blob
        assert "<!channel" not in blob and "<!here" not in blob and "<@" not in blob
    # The only `<...>` left are the renderer's own links and dates.
    for text in [*texts(rendered), rendered.text]:
        for construct in re.findall(r"<[^>]*>", text):
            assert construct.startswith(("<https://", "<http://", "<mailto:", "<!date^"))


def all_block_types(name: str) -> Outbound:
    return message(
        Paragraph((Span("Follow up with "), Span(name, Style.BOLD), Span(name))),
        Paragraph((Span(name, Style.ITALIC), Span(name, Style.CODE))),
        BulletList(((Span(name),), (Span(name, Style.BOLD),))),
        Fields(((name, (Span(name),)), ("Role", (Span(name, Style.CODE),)))),
        Quote((Span(f"Hi {name},\nthanks"),), title=name),
        Paragraph((Link("https://example.com/?a=1&b=2", name),)),
        Actions((Button(name, "followup.done", "7"),)),
        summary=name,
    )


# --- escaping -------------------------------------------------------------------------------


def test_escape_order_escapes_ampersand_once() -> None:
    assert escape("a & <b> &amp;") == "a &amp; &lt;b&gt; &amp;amp;"


@pytest.mark.parametrize("name", [*MENTIONS, HOSTILE, "<<!channel>>", "<!channel|x>"])
def test_mentions_arrive_escaped_in_every_block_type(name: str) -> None:
    rendered = render(all_block_types(name))
    assert_no_raw_mentions(rendered)
    dumped = json.dumps(rendered.blocks)
    assert "&lt;" in dumped and "&lt;" in rendered.text


def test_hostile_name_is_kept_as_visible_text() -> None:
    rendered = render(message(Paragraph((Span(HOSTILE),))))
    assert section_text(rendered) == escape(HOSTILE)
    assert "&lt;!channel&gt;" in rendered.text
    assert "@everyone" in rendered.text  # harmless without link_names, and kept verbatim


def test_no_link_names_or_parse_and_text_objects_are_verbatim() -> None:
    rendered = render(all_block_types(HOSTILE))
    dumped = json.dumps(rendered.blocks)
    assert "link_names" not in dumped and '"parse"' not in dumped
    mrkdwn = [b["text"] for b in rendered.blocks if "text" in b]
    mrkdwn += [f for b in rendered.blocks for f in b.get("fields", [])]
    assert mrkdwn and all(t["verbatim"] is True for t in mrkdwn if t["type"] == "mrkdwn")


def test_ampersand_escaped_exactly_once_everywhere() -> None:
    rendered = render(all_block_types("AT&T"))
    for text in [*texts(rendered), rendered.text]:
        assert "&amp;amp;" not in text
        assert re.search(r"&(?!amp;|lt;|gt;)", text) is None
    assert "AT&amp;T" in rendered.text
    assert "<https://example.com/?a=1&amp;b=2|AT&amp;T>" in section_text(rendered, 5)


# --- links and times ------------------------------------------------------------------------


def test_link_escapes_url_and_replaces_pipe_in_label() -> None:
    link = Link("https://x.test/a|b?q=<!here>", "Jobs | <@U123>")
    text = section_text(render(message(Paragraph((link,)))))
    assert text == "<https://x.test/a%7Cb?q=&lt;!here&gt;|Jobs ¦ &lt;@U123&gt;>"


@pytest.mark.parametrize("url", ["!channel", "@U123", "#C1", "javascript:alert(1)", "!here"])
def test_only_web_and_mail_addresses_become_links(url: str) -> None:
    rendered = render(message(Paragraph((Link(url, "posting"),))))
    assert section_text(rendered) == f"posting ({url})"
    assert_no_raw_mentions(rendered)


def test_link_without_label_and_mailto() -> None:
    text = section_text(render(message(Paragraph((Link("mailto:a@b.test", ""),)))))
    assert text == "<mailto:a@b.test>"


@pytest.mark.parametrize(
    ("style", "token", "fallback"),
    [
        ("date", "{date_short_pretty}", "Wed 2 Dec 2026"),
        ("time", "{time}", "10:00 CET"),
        ("datetime", "{date_short_pretty} at {time}", "Wed 2 Dec 2026, 10:00 CET"),
        ("relative", "{ago}", "Wed 2 Dec 2026, 10:00 CET"),
    ],
)
def test_local_time_token_epoch_and_fallback(style: Any, token: str, fallback: str) -> None:
    moment = LocalTime(DUE, tz="Europe/Berlin", style=style)
    rendered = render(message(Paragraph((Span("Due "), moment))))
    epoch = int(datetime(2026, 12, 2, 9, 0, tzinfo=UTC).timestamp())
    assert section_text(rendered) == f"Due <!date^{epoch}^{token}|{fallback}>"
    assert rendered.text == f"Due {fallback}"


def test_local_time_fallback_uses_reader_zone_not_datetime_zone() -> None:
    moment = LocalTime(DUE, tz="America/New_York", style="datetime")
    text = section_text(render(message(Paragraph((moment,)))))
    assert text.endswith("|Wed 2 Dec 2026, 04:00 EST>")


# --- styles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (Span("Acme", Style.BOLD), "*Acme*"),
        (Span("Acme", Style.ITALIC), "_Acme_"),
        (Span("Acme", Style.CODE), "`Acme`"),
        (Span(" Acme  ", Style.BOLD), " *Acme*  "),
        (Span("\tAcme ", Style.ITALIC), "\t_Acme_ "),
        (Span("a`b`c", Style.CODE), "`aˋbˋc`"),
        (Span("5*3*2", Style.BOLD), "5*3*2"),
        (Span("snake_case", Style.ITALIC), "snake_case"),
        (Span("a_b", Style.BOLD), "*a_b*"),
        (Span("   ", Style.BOLD), "   "),
        (Span("", Style.CODE), ""),
        (Span("line one\nline two", Style.BOLD), "*line one*\n*line two*"),
        (Span("x\n\ny", Style.CODE), "`x`\n\n`y`"),
        (Span("<b>", Style.CODE), "`&lt;b&gt;`"),
        (Span("plain *text*", Style.PLAIN), "plain *text*"),
    ],
)
def test_style_markers(span: Span, expected: str) -> None:
    rendered = render(message(Paragraph((Span("["), span, Span("]")))))
    assert section_text(rendered) == f"[{expected}]"


def test_newlines_are_kept_in_paragraphs() -> None:
    rendered = render(message(Paragraph((Span("one\ntwo\n\nthree"),))))
    assert section_text(rendered) == "one\ntwo\n\nthree"


# --- block shapes ---------------------------------------------------------------------------


def test_bullets_quote_and_fields_shapes() -> None:
    rendered = render(
        message(
            BulletList(((Span("a"),), (Span("b", Style.BOLD),))),
            Quote((Span("Dear team,\n\nThanks > all"),), title="Draft"),
            Quote((Span("untitled"),)),
            Fields((("Company", (Span("Acme"),)), ("", (Span("no label"),)))),
        )
    )
    assert section_text(rendered, 0) == "• a\n• *b*"
    assert section_text(rendered, 1) == "*Draft*\n> Dear team,\n>\n> Thanks &gt; all"
    assert section_text(rendered, 2) == "> untitled"
    fields = rendered.blocks[3]["fields"]
    assert [f["text"] for f in fields] == ["*Company*\nAcme", "no label"]
    assert all(b["type"] == "section" for b in rendered.blocks)


def test_empty_blocks_produce_nothing() -> None:
    rendered = render(message(Paragraph(()), BulletList(()), Fields(()), Actions(())))
    assert rendered.blocks == []
    assert rendered.text == ""


def test_fields_split_over_ten_per_section() -> None:
    pairs = tuple((f"L{i}", (Span(f"v{i}"),)) for i in range(23))
    rendered = render(message(Fields(pairs)))
    assert [len(b["fields"]) for b in rendered.blocks] == [10, 10, 3]
    assert rendered.blocks[2]["fields"][2]["text"] == "*L22*\nv22"


def test_long_field_is_truncated_to_slack_limit() -> None:
    rendered = render(message(Fields((("Notes", (Span("word " * 1000),)),))))
    text = rendered.blocks[0]["fields"][0]["text"]
    assert len(text) <= 2000 and text.endswith("…")


# --- buttons --------------------------------------------------------------------------------


def test_buttons_get_unique_action_ids_that_round_trip() -> None:
    value = "42"
    row = (
        Button("I sent it", "followup.done", value, ButtonStyle.PRIMARY),
        Button("Skip", "followup.skip", value, ButtonStyle.DANGER),
        Button("Snooze", "followup.snooze_day", value),
    )
    rendered = render(message(Actions(row), Paragraph((Span("next"),)), Actions(row)))
    actions = [b for b in rendered.blocks if b["type"] == "actions"]
    elements = [e for block in actions for e in block["elements"]]
    ids = [e["action_id"] for e in elements]
    assert len(ids) == len(set(ids)) == 6
    assert [action_name(i) for i in ids] == [b.action_id for b in row] * 2
    assert all(re.fullmatch(r"followup\.done(:\d+)?", i) for i in ids[::3])
    first = elements[0]
    assert first == {
        "type": "button",
        "text": {"type": "plain_text", "text": "I sent it", "emoji": True},
        "action_id": ids[0],
        "value": "42",
        "style": "primary",
    }
    assert elements[1]["style"] == "danger"
    assert "style" not in elements[2]


@pytest.mark.parametrize(
    ("action_id", "name"),
    [
        ("followup.done:3", "followup.done"),
        ("followup.done", "followup.done"),
        ("a:b:12", "a:b"),
        ("x:y", "x:y"),
    ],
)
def test_action_name(action_id: str, name: str) -> None:
    assert action_name(action_id) == name


def test_button_label_truncated_and_escaped() -> None:
    label = "<!channel> " + "very long company name " * 10
    element = render(message(Actions((Button(label, "a.b", "1"),)))).blocks[0]["elements"][0]
    text = element["text"]["text"]
    assert len(text) <= 75 and text.endswith("…")
    assert text.startswith("&lt;!channel&gt;")


def test_button_label_truncation_never_splits_an_entity() -> None:
    element = render(message(Actions((Button("&" * 100, "a.b", "1"),)))).blocks[0]["elements"][0]
    text = element["text"]["text"]
    assert len(text) <= 75 and re.fullmatch(r"(&amp;)+…", text)


def test_button_value_over_limit_is_refused_not_cut() -> None:
    with pytest.raises(ValueError, match="button value"):
        render(message(Actions((Button("Go", "a.b", "9" * 2001),))))


def test_more_than_25_buttons_split_over_actions_blocks() -> None:
    buttons = tuple(Button(f"b{i}", "x.y", str(i)) for i in range(30))
    rendered = render(message(Actions(buttons)))
    assert [len(b["elements"]) for b in rendered.blocks] == [25, 5]


# --- limits ---------------------------------------------------------------------------------


def test_long_text_splits_at_line_boundaries_under_3000() -> None:
    lines = [f"line {i:04d} " + "x" * 80 for i in range(100)]
    rendered = render(message(Paragraph((Span("\n".join(lines)),))))
    sections = [section_text(rendered, i) for i in range(len(rendered.blocks))]
    assert len(sections) > 1 and all(len(s) <= 3000 for s in sections)
    assert "\n".join(sections).split("\n") == lines


def test_one_huge_line_is_hard_split_without_breaking_entities_or_links() -> None:
    content = (
        Span("&" * 2999),
        Link("https://example.com/" + "p" * 50, "posting"),
        Span("z" * 4000),
    )
    rendered = render(message(Paragraph(content)))
    sections = [section_text(rendered, i) for i in range(len(rendered.blocks))]
    assert all(0 < len(s) <= 3000 for s in sections)
    for s in sections:
        assert re.search(r"&(?!amp;)", s) is None
        assert s.count("<") == s.count(">")
    assert "".join(sections).count("&amp;") == 2999
    assert any("|posting>" in s for s in sections)


def test_long_bullet_list_and_quote_stay_under_3000_and_quote_lines_stay_quoted() -> None:
    items = tuple((Span(f"Company {i} " + "y" * 60),) for i in range(200))
    draft = "\n".join("Paragraph of the email draft " * 5 for _ in range(40)) + "\n" + "w" * 5000
    rendered = render(message(BulletList(items), Quote((Span(draft),), title="Draft")))
    sections = [b["text"]["text"] for b in rendered.blocks]
    assert all(len(s) <= 3000 for s in sections)
    quote_lines = [
        line for s in sections if s.startswith(("*Draft*", ">")) for line in s.split("\n")
    ]
    assert quote_lines[0] == "*Draft*"
    assert all(line.startswith(">") for line in quote_lines[1:])
    assert sum(line.count("w") for line in quote_lines) == 5000


def test_fifty_block_cap_ends_with_a_pointer_to_followups() -> None:
    rendered = render(message(*(Paragraph((Span(f"p{i}"),)) for i in range(80))))
    assert len(rendered.blocks) == 50
    assert section_text(rendered, 48) == "p48"
    assert rendered.blocks[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": MORE_NOTICE, "verbatim": True}],
    }


def test_exactly_fifty_blocks_are_not_truncated() -> None:
    rendered = render(message(*(Paragraph((Span(f"p{i}"),)) for i in range(50))))
    assert len(rendered.blocks) == 50
    assert rendered.blocks[-1]["type"] == "section"


# --- fallback text and attachments ----------------------------------------------------------


def test_fallback_prefers_summary_escaped() -> None:
    rendered = render(message(Paragraph((Span("body"),)), summary="Nudge: <@U123> & co"))
    assert rendered.text == "Nudge: &lt;@U123&gt; &amp; co"


def test_fallback_is_plain_text_of_first_block_without_markup() -> None:
    rendered = render(
        message(
            Paragraph(()),
            Paragraph(
                (Span("Follow up with "), Span("Acme", Style.BOLD), Link("https://a.test", "here"))
            ),
            Paragraph((Span("second"),)),
        )
    )
    assert rendered.text == "Follow up with Acmehere"


def test_fallback_from_fields_quote_and_buttons() -> None:
    assert render(message(Fields((("Co", (Span("Acme"),)),)))).text == "Co: Acme"
    assert render(message(Quote((Span("Hi"),), title="Draft"))).text == "Draft\nHi"
    assert render(message(Actions((Button("Yes", "a", "1"), Button("No", "b", "2"))))).text == (
        "Yes · No"
    )


def test_fallback_text_capped_at_3000() -> None:
    rendered = render(message(Paragraph((Span("<" * 5000),))))
    assert len(rendered.text) <= 3000 and rendered.text.endswith("…")
    assert re.fullmatch(r"(&lt;)+…", rendered.text)


def test_attachments_are_not_blocks() -> None:
    file = Attachment("draft.txt", "text/plain", b"hello")
    outbound = Outbound(DEST, (Paragraph((Span("see file"),)),), attachments=(file,))
    rendered = render(outbound)
    assert attachments(outbound) == [file]
    assert len(rendered.blocks) == 1 and "draft.txt" not in json.dumps(rendered.blocks)


def test_every_block_passes_slack_sdk_validation_and_round_trips() -> None:
    """slack_sdk's models know Slack's field names and several limits; they must accept ours."""
    many = tuple(Paragraph((Span(f"{HOSTILE} {i} " + "q" * 200),)) for i in range(60))
    rendered = render(
        message(
            *all_block_types(HOSTILE).blocks,
            Fields(tuple((f"L{i}", (Span("v" * 3000),)) for i in range(12))),
            Paragraph((Span("z" * 7000),)),
            *many,
        )
    )
    assert len(rendered.blocks) == 50
    for block in rendered.blocks:
        parsed = SlackBlock.parse(block)
        assert parsed is not None
        parsed.validate_json()
        assert parsed.to_dict() == block
