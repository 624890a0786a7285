"""The group calendar in the local console, as a group would use it: an event added, three
members answering, the invite saved and read back with `icalendar`, the event cancelled."""

from __future__ import annotations

import re
from pathlib import Path

import icalendar

from tests.e2e.conftest import Run

START = ("--at", "2026-12-01T12:00", "--tz", "Europe/Berlin")  # a Tuesday, noon in Berlin
ADD = "/event add Tech fair at Thursday 6pm https://fair.example/jobs where: Hall 3"


def console(run_rebound: Run, lines: list[str]) -> str:
    result = run_rebound("console", *START, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def after(out: str, typed: str) -> str:
    """What the console printed in answer to the line `typed` (up to the next prompt)."""
    answer = out.split(f"> {typed}\n", 1)[1]
    return re.split(r"^\S+> ", answer, maxsplit=1, flags=re.MULTILINE)[0]


def test_an_event_three_answers_and_a_cancellation(run_rebound: Run, tmp_path: Path) -> None:
    out = console(
        run_rebound,
        [
            ADD,
            "/as Sam",
            "/press 1",  # Going, on the first post
            "/as Kim",
            "/press 5",  # Interested, on the post Sam's answer rebuilt
            "/as Lee",
            "/press 7",  # Going, on the post Kim's answer rebuilt
            "/as you",
            "/event list",
            "/event cancel 1",
            "/as Kim",
            "/press 10",  # Going, on the cancelled event
            "/clock +3d",
        ],
    )
    added = after(out, ADD)
    assert added.startswith("[#general]\n    New on the group calendar: Tech fair")
    assert "When: Thu 3 Dec 2026, 18:00 CET" in added
    assert "Where: Hall 3" in added and "https://fair.example/jobs" in added
    assert "[1] Going  [2] Interested  [3] Not going" in added
    assert "event-1.ics (text/calendar" in added
    assert "[only you]\n    Added Tech fair to the group calendar" in added

    sam, kim, lee = (after(out, "/press 1"), after(out, "/press 5"), after(out, "/press 7"))
    assert "Going: 1\n    Interested: 0\n    Not going: 0" in sam
    assert "Going: 1\n    Interested: 1\n    Not going: 0" in kim
    assert "Going: 2\n    Interested: 1\n    Not going: 0" in lee
    # The invite again, by DM, to each member going and no one else.
    assert re.findall(r"^\[DM → (\w+)\]", out, re.MULTILINE)[:2] == ["Sam", "Lee"]
    assert "[DM → Sam]\n    You're going to Tech fair" in sam
    assert "[DM → Lee]\n    You're going to Tech fair" in lee
    assert "[DM" not in kim

    listing = after(out, "/event list")
    assert "1. Tech fair, Thu 3 Dec 2026, 18:00 CET, Hall 3 · going: 2 members" in listing

    cancelled = after(out, "/event cancel 1")
    assert "[#general]\n    Tech fair (Thu 3 Dec 2026, 18:00 CET) is cancelled." in cancelled
    told = re.findall(r"^\[DM → (\w+)\]\n    Tech fair .* is cancelled", cancelled, re.MULTILINE)
    assert sorted(told) == ["Lee", "Sam"]
    assert "letting the 2 members who said they're going know by DM" in cancelled

    assert "was cancelled, so I didn't record an answer" in after(out, "/press 10")
    later = after(out, "/clock +3d")
    assert "Tech fair" not in later and "[DM" not in later, "a cancelled event sends nothing"
    # Only the weekly networking prompt: no reminder of the event, in any words.
    assert re.findall(r"^\[#general\] (.+)$", later, re.MULTILINE) == ["Wed 2 Dec 2026, 12:00 CET"]

    # The post's invite and the two DMs' invites, each read back as a calendar app would.
    saved = sorted((tmp_path / "rebound-files").glob("*-event-1.ics"))
    assert len(saved) == 3
    for path in saved:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        (entry,) = calendar.walk("VEVENT")
        start = entry.decoded("dtstart")
        assert entry["dtstart"].params["TZID"] == "Europe/Berlin"
        assert (start.isoformat(), str(entry["summary"])) == (
            "2026-12-03T18:00:00+01:00",
            "Tech fair",
        )
        assert (str(entry["url"]), str(entry["location"])) == (
            "https://fair.example/jobs",
            "Hall 3",
        )
        assert str(entry["uid"]) == "event-1@rebound"


def test_bad_event_input_in_the_console(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        [
            "/event",
            "/event add " + "T" * 151 + " at Thursday 6pm",
            "/event add Fair at Thursday 6pm ftp://fair.example",
            "/event add Fair at last Monday 6pm",
            "/event cancel 7",
            "/event city job fair",
            "/event list",
        ],
    )
    assert "To put one on your group's calendar: `/event add" in after(out, "/event")
    assert "keep it to 150 characters" in out
    assert "The link `ftp://fair.example` doesn't start with `https://`" in out
    assert "which has already passed" in out
    assert "There's no event number 7" in out
    assert "Event logged" in after(out, "/event city job fair"), "attendance is logged as before"
    assert "No upcoming events" in after(out, "/event list")


def test_reminders_with_time_travel_reach_the_right_people_once(run_rebound: Run) -> None:
    """An event ten days ahead at 08:30; Sam and Lee going (Lee's quiet hours last until
    07:00, Sam's until 09:00, so the 06:30 reminder waits for Lee's morning and is skipped for
    Sam), Kim interested; both channel reminders, the DMs only to those going, and after the
    event "did you make it?" with its buttons, which log the event once."""
    out = console(
        run_rebound,
        [
            "/event add Career breakfast at Dec 11 8:30am where: Hub",
            "/as Sam",
            "/rebound quiet 21:00-09:00",
            "/press 1",  # Going
            "/as Kim",
            "/press 5",  # Interested, on the rebuilt post
            "/as Lee",
            "/rebound quiet 22:00-07:00",
            "/press 7",  # Going
            "/as you",
            "/rebound goal events 1",
            "/clock 2026-12-04 09:00",  # the week reminder (Fri 4 Dec, 08:30)
            "/clock 2026-12-10 09:00",  # the day reminder (Thu 10 Dec, 08:30)
            "/clock 2026-12-11 12:00",  # the DM before (06:30) and the one after (10:30)
            "/as Lee",
            "/press 15",  # I went, on Lee's DM
            "/press 15",  # again: logged once
            "/clock +3w",
        ],
    )
    week = after(out, "/clock 2026-12-04 09:00")
    assert "[#general] Fri 4 Dec 2026, 08:30 CET\n    In a week: Career breakfast" in week
    assert "2 members are going." in week
    assert re.findall(r"^\[DM → (\w+)\]", week, re.M) == ["you"], "only your goal's nudge"
    assert "Events: 0 of 1" in week or "Event: 0 of 1" in week
    day = after(out, "/clock 2026-12-10 09:00")
    assert "[#general] Thu 10 Dec 2026, 08:30 CET\n    Tomorrow: Career breakfast" in day
    dms = re.findall(
        r"^\[DM → (\w+)\] (.+)\n    (.+)$", after(out, "/clock 2026-12-11 12:00"), re.M
    )
    dms = [dm for dm in dms if dm[0] != "you"]  # your own goal's Thursday nudge
    assert sorted((who, first[:30]) for who, _when, first in dms) == [
        ("Lee", "Career breakfast starts at 08:"),
        ("Lee", "How did Career breakfast go? D"),
        ("Sam", "How did Career breakfast go? D"),
    ], "Sam's quiet hours last until the start: no DM before; Kim is only interested"
    before = next(dm for dm in dms if "starts at" in dm[2])
    assert before[1] == "Fri 11 Dec 2026, 07:00 CET", "held until Lee's quiet hours ended"
    after_dms = after(out, "/clock 2026-12-11 12:00").split("[DM → Lee] Fri 11 Dec 2026, 10:30")
    assert "[15] I went  [16] Didn't make it" in after_dms[1]
    went = out.split("Lee> /press 15\n")
    assert "Logged: you went to Career breakfast" in went[1]
    assert "already told me you went" in went[2]
    assert "Career breakfast" not in after(out, "/clock +3w"), "every reminder went once"
