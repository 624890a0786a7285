"""`/rebound settings` and `/rebound admin` in the real console with time travel: a change moves
what the group and its members receive, and only organisers and group admins may make one."""

from __future__ import annotations

import re

from tests.e2e.conftest import Run
from tests.e2e.test_console import console


def group_posts(out: str) -> list[str]:
    return re.findall(r"^\[#general\] (.+)$", out, re.MULTILINE)


def test_a_summary_moved_to_friday_arrives_then_and_not_on_monday(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        ["/rebound settings summary fri 17:00", "/clock 2026-12-08 12:00"],
    )
    answer, _, later = out.partition("/clock 2026-12-08 12:00")
    assert "The weekly summary now comes on fri 17:00, next on Fri 4 Dec 2026, 17:00 UTC" in answer
    assert group_posts(later) == ["Wed 2 Dec 2026, 12:00 UTC", "Fri 4 Dec 2026, 17:00 UTC"]
    friday = later.split("[#general] Fri 4 Dec 2026, 17:00 UTC")[1]
    assert "Weekly momentum, Fri 27 Nov 2026 to Fri 4 Dec 2026" in friday


def test_posts_off_then_nothing_arrives_and_on_starts_from_the_next_slot(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        [
            "/rebound settings posts off",
            "/clock +2w",
            "/rebound settings",
            "/rebound settings posts on",
            "/clock +1w",
        ],
    )
    off, _, rest = out.partition("you> /rebound settings posts on")
    assert "weekly posts are off" in off
    assert group_posts(off) == [], "two weeks, no summary and no prompt"
    assert "weekly posts: off (nothing is posted to the group)" in off
    # Back on at Tue 15 Dec 12:00: Wednesday's prompt and Monday's summary, not the missed ones.
    assert group_posts(rest) == ["Wed 16 Dec 2026, 12:00 UTC", "Mon 21 Dec 2026, 09:00 UTC"]


def test_a_new_cadence_moves_the_pending_follow_ups(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        [
            "/rejected Acme Corp",
            "/rebound settings cadence 1 2 5",
            "/clock +4w",
        ],
    )
    planned, _, rest = out.partition("you> /clock +4w")
    assert "Feedback request, Mon 7 Dec 2026, 10:00 UTC" in planned  # the standard plan first
    assert "2 planned follow-ups moved to match" in planned
    dms = re.findall(r"^\[DM → you\] (.+)$", rest, re.MULTILINE)
    # 1, 2 and 5 days after Tuesday: Wednesday, Thursday, and Sunday's moved to Monday.
    assert dms == [
        "Wed 2 Dec 2026, 10:00 UTC",
        "Thu 3 Dec 2026, 10:00 UTC",
        "Mon 7 Dec 2026, 10:00 UTC",
    ]
    assert "missed" not in rest.lower()


def test_a_member_is_refused_until_an_organiser_makes_them_a_group_admin(
    run_rebound: Run,
) -> None:
    out = console(
        run_rebound,
        [
            "/as Sam",
            "/rebound settings posts off",
            "/rebound admin add <@sam>",
            "/rebound setup",
            "/as you",
            "/rebound admin add @sam",
            "/rebound admin add <@sam>",
            "/as Sam",
            "/rebound setup",
            "/rebound settings posts off",
            "/clock +2w",
        ],
    )
    refused, _, allowed = out.partition("you> /rebound admin add @sam")
    assert refused.count("Nothing was changed.") == 3
    assert "Only an organiser or a group admin can change the group's settings" in refused
    assert "Only an organiser or a group admin can add or remove group admins" in refused
    assert "Only an organiser or a group admin can choose the group's channel" in refused
    assert "[#general]" not in refused, "nothing was set up or posted"
    assert "`@sam` is not one" in allowed
    assert "sam is now a group admin" in allowed
    after = allowed.split("Sam> /rebound setup")[1]
    assert "This is now the group's channel" in after
    assert "The group's weekly posts are off" in after
    assert "Sam> /clock +2w" in after
    assert group_posts(after.split("Sam> /clock +2w")[1]) == []
