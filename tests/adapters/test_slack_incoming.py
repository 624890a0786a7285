"""What a member typed in Slack reaches the grammar as they typed it: Slack's `&amp;`-style
entities and `<…>` wrappers undone, a member mention kept by id so `/rebound admin add @sam`
works (the shipped manifest escapes `/rebound` only)."""

from __future__ import annotations

import pytest

from adapters.slack.incoming import decode
from adapters.slack.manifest import manifest
from tests.adapters.conftest import SlackHarness
from tests.adapters.test_slack_app import command, shown


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        ("AT&amp;T role: R&amp;D", "AT&T role: R&D"),
        ("a &lt;b&gt; c", "a <b> c"),
        ("&amp;lt;", "&lt;"),  # an entity typed literally stays as typed
        (
            "add Fair at Friday 6pm <https://fair.example/a?b=1&amp;c=2>",
            "add Fair at Friday 6pm https://fair.example/a?b=1&c=2",
        ),
        ("see <https://x.example|x.example>", "see x.example"),
        ("Booking <http://Booking.com|Booking.com>", "Booking Booking.com"),
        ("mail <mailto:jo@x.example|jo@x.example>", "mail jo@x.example"),
        ("in <#C123|job-hunt> and <#C9>", "in #job-hunt and #C9"),
        ("<!here> <!channel> <!everyone>", "@here @channel @everyone"),
        ("<!subteam^S1|@recruiters> hi", "@recruiters hi"),
        ("add <@U2|sam>", "add <@U2|sam>"),
        ("add <@W2>", "add <@W2>"),
    ],
)
def test_slack_text_is_decoded(sent: str, typed: str) -> None:
    assert decode(sent) == typed


def test_only_rebound_escapes_in_the_manifest() -> None:
    commands = manifest()["features"]["slash_commands"]
    escaping = [c["command"] for c in commands if c["should_escape"]]
    assert escaping == ["/rebound"]


async def test_a_slack_mention_makes_a_group_admin(slack: SlackHarness) -> None:
    slack.fake.set_user("U2", role="owner")
    added = await command(slack, "rebound", "admin add <@U3|kim>", user="U2")
    assert "kim" in shown(added).lower() and "admin" in shown(added).lower()
    listed = await command(slack, "rebound", "admin list", user="U1")
    assert "U3" in shown(listed) or "kim" in shown(listed).lower()
    refused = await command(slack, "rebound", "admin add @kim", user="U2")
    assert "<@" in shown(refused) or "mention" in shown(refused).lower()


async def test_an_ampersand_in_a_company_is_stored_as_typed(slack: SlackHarness) -> None:
    answer = await command(slack, "rejected", "AT&amp;T role: R&amp;D")
    assert "AT&amp;T" in shown(answer) and "&amp;amp;" not in shown(answer)
