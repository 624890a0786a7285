"""The local console as a newcomer uses it: piped commands in, a readable transcript out."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.conftest import Run
from tests.storage.test_migrations import HEAD

START = ("--at", "2026-12-01T12:00", "--tz", "UTC")


def console(run_rebound: Run, lines: list[str], *extra: str) -> str:
    result = run_rebound("console", *START, *extra, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_rejection_then_three_nudges_in_order(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        ["/rejected Acme Corp role: Data Analyst", "/clock +1d", "/clock +5d", "/clock +21d"],
    )
    logged, _, rest = out.partition("you> /clock +1d")
    assert "[only you]" in logged
    assert "Logged Acme Corp (Data Analyst)" in logged
    assert "Thank-you note, Wed 2 Dec 2026, 10:00 UTC" in logged
    # Three days after the thank-you is a Saturday: employers read it on Monday.
    assert "Feedback request, Mon 7 Dec 2026, 10:00 UTC" in logged
    assert "Future consideration, Wed 23 Dec 2026, 10:00 UTC" in logged

    dms = re.findall(r"^\[DM → you\] (.+)$", rest, re.MULTILINE)
    assert dms == [
        "Wed 2 Dec 2026, 10:00 UTC",
        "Mon 7 Dec 2026, 10:00 UTC",
        "Wed 23 Dec 2026, 10:00 UTC",
    ]
    assert "Hi you" not in rest, "the console's default name is not a name to greet"
    assert "Hi! Time to thank Acme Corp for considering you for the Data Analyst role" in rest
    chunks = rest.split("[DM → you]")[1:]
    assert "Subject: Thank you, and my continued interest in Acme Corp" in chunks[0]
    assert "feedback on my application" in chunks[1]
    assert "keep me in mind for future openings" in chunks[2]
    assert "interview" not in "".join(chunks).lower(), "no stage given: no interview assumed"
    for chunk in chunks:
        assert "Acme Corp" in chunk
        assert "the Data Analyst role" in chunk
        assert "I sent it" in chunk
    # Each delivery happens inside the jump that passes its due time, not later.
    after_first_jump = rest.split("you> /clock +5d")[0]
    assert after_first_jump.count("[DM → you]") == 1
    assert "It is now Mon 28 Dec 2026, 12:00 UTC" in rest


def test_buttons_from_a_nudge_work(run_rebound: Run) -> None:
    out = console(run_rebound, ["/rejected Acme", "/clock +1d", "/press 3", "/followups"])
    assert "[3] I sent it" in out
    assert "marked as sent" in out
    listing = out.split("you> /followups")[1]
    assert "Acme: thank-you note, sent Wed 2 Dec 2026, 12:00 UTC" in listing


def test_bad_input_is_answered_kindly(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        [
            "/rejected",
            "/rejected " + "A" * 101,
            "/rejected Acme note: " + "n" * 1001,
            "/rejected Acme\x07 Corp",
            "/rejected acme corp",
            "/rebound timezone Europe/Berln",
            "/rebound quiet later",
            "/rebound privacy public",
            "/applied",
            "/feedback",
            "/dance",
            "hello everyone",
            "/press 99",
            "/clock yesterday",
        ],
    )
    assert "/rejected Acme Corp role: Data Analyst stage: interview note:" in out
    assert "keep it to 100 characters" in out
    assert "keep it to 1000 characters" in out
    assert "Logged Acme Corp." in out
    assert "\x07" not in out
    assert "already logged Acme Corp" in out
    assert "Did you mean `Europe/Berlin`?" in out
    assert "/rebound quiet 21:00-08:00" in out
    assert "`counts`: the weekly summary shows your name with your numbers" in out
    assert "Which company did you apply to?" in out
    assert "Tell me the company and what they said" in out
    assert "I don't know `/dance`" in out
    assert "Commands start with /" in out
    assert "No button with that number" in out
    assert "Use a time like 2026-12-01 09:00" in out


def test_members_take_turns_and_buttons_belong_to_their_owner(run_rebound: Run) -> None:
    out = console(run_rebound, ["/as Sam", "/rejected Globex", "/as Alex", "/press 2"])
    assert "You are now Sam" in out
    assert "That button is someone else's" in out


def test_forget_leaves_nothing_of_the_member(run_rebound: Run, tmp_path: Path) -> None:
    out = console(
        run_rebound,
        [
            "/rejected Acme note: private thoughts",
            "/networked coffee",
            "/rebound forget",
            "/press 4",
        ],
    )
    assert "[4] Yes, delete everything" in out
    assert "Everything Rebound stored about you is deleted" in out
    engine = create_engine(f"sqlite:///{tmp_path / 'rebound.db'}")
    with engine.connect() as db:
        for table in ("members", "rejections", "followups", "activities"):
            assert db.execute(text(f"select count(*) from {table}")).scalar() == 0, table
    engine.dispose()


def test_export_saves_a_json_file(run_rebound: Run, tmp_path: Path) -> None:
    out = console(run_rebound, ["/rejected Acme", "/rebound export"])
    assert "rebound-export.json (application/json" in out
    saved = list((tmp_path / "rebound-files").glob("*rebound-export.json"))
    assert len(saved) == 1
    assert '"company": "Acme"' in saved[0].read_text()


def test_an_export_never_overwrites_one_an_earlier_session_saved(
    run_rebound: Run, tmp_path: Path
) -> None:
    console(run_rebound, ["/rejected Acme", "/rebound export"])
    (kept,) = (tmp_path / "rebound-files").glob("*rebound-export.json")
    before = kept.read_bytes()
    out = console(run_rebound, ["/as Sam", "/rebound export"])
    assert "saved to rebound-files/2-rebound-export.json" in out
    assert kept.read_bytes() == before, "the first session's export is still there"


def test_help_lists_every_command(run_rebound: Run) -> None:
    out = console(run_rebound, ["/rebound help", "/help"])
    for command in ("/rejected", "/followups", "/feedback", "/applied", "/networked", "/rebound"):
        assert command in out
    assert "/clock +3h" in out


def test_tick_delivers_due_work_once(run_rebound: Run) -> None:
    console(run_rebound, ["/rejected Acme Corp"])
    early = run_rebound("tick", "--at", "2026-12-02T09:00+00:00")
    assert early.returncode == 0, early.stderr
    assert "delivered 0 messages" in early.stdout
    due = run_rebound("tick", "--at", "2026-12-02T10:00+00:00")
    assert due.returncode == 0, due.stderr
    assert "[DM → you] Wed 2 Dec 2026, 10:00" in due.stdout
    assert "Acme Corp" in due.stdout
    assert "delivered 1 message" in due.stdout
    again = run_rebound("tick", "--at", "2026-12-02T10:05+00:00")
    assert "delivered 0 messages" in again.stdout


def test_db_commands_and_python_dash_m(run_rebound: Run) -> None:
    upgraded = run_rebound("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"database at revision {HEAD}" in upgraded.stdout
    down = run_rebound("db", "downgrade", "base")
    assert "base" in down.stdout
    assert "--db" in run_rebound("console", "--help").stdout
    module = subprocess.run(
        [sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, check=False
    )
    assert module.stdout.startswith("rebound "), module.stderr


def test_what_a_member_types_is_kept_and_read_back(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        [
            "/rejected Team 👩\u200d💻 Labs role: Data Analyst stage: cv note: the role: went",
            "/rejected team 👩\u200d💻 labs role: Senior Analyst",
            "/press 1",
            "/feedback TEAM 👩\u200d💻 LABS: more SQL, please",
            "/feedback Hooli said culture fit",
            "/rejected list",
            "/feedback list",
        ],
    )
    assert "Logged Team 👩\u200d💻 Labs (Data Analyst)." in out
    assert "Logged Team 👩\u200d💻 Labs (Senior Analyst)." in out
    draft = out.partition("you> /press 1")[2].partition("you> /feedback")[0]
    assert "Subject: Thank you for reviewing my application" in draft
    assert "interview" not in draft.lower()
    assert "Feedback from Team 👩\u200d💻 Labs saved" in out
    assert "closed your feedback request" in out
    assert "Which company gave you that feedback?" in out
    history = out.partition("you> /rejected list")[2]
    assert "Team 👩\u200d💻 Labs (Data Analyst), at the application stage, logged" in history
    assert "Feedback request: closed, since they already gave feedback" in history
    assert "Team 👩\u200d💻 Labs, Tue 1 Dec 2026:" in history
    assert "more SQL, please" in history


def test_momentum_right_after_logging_counts_it(run_rebound: Run) -> None:
    out = console(run_rebound, ["/applied Globex", "/event city job fair", "/momentum group"])
    momentum = out.split("you> /momentum")[1]
    assert "Applications: 1" in momentum and "Events attended: 1" in momentum


def test_eight_nudges_due_at_once_are_one_message_and_followups_pages(run_rebound: Run) -> None:
    companies = [f"Company {letter}" for letter in "ABCDEFGH"]
    lines = [f"/rejected {company}" for company in companies]
    out = console(run_rebound, [*lines, "/clock +1d", "/press 24", "/followups", "/press 50"])
    moved = out.split("you> /clock +1d")[1].split("you> /press 24")[0]
    assert moved.count("[DM → you]") == 1
    assert "8 follow-ups are due now" in moved
    assert "[17] 1. Company A" in moved and "[24] 8. Company H" in moved
    draft = out.split("you> /press 24")[1].split("you> /followups")[0]
    assert "Subject: Thank you, and my continued interest in Company H" in draft
    listing = out.split("you> /followups")[1].split("you> /press 50")[0]
    assert "Your follow-ups (1-4 of 24 open)" in listing and "…and 20 more." in listing
    assert "[50] Show more" in listing
    assert "Your follow-ups (5-8 of 24 open)" in out.split("you> /press 50")[1]


def test_undo_after_i_sent_it_says_what_it_removes(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        ["/rejected Acme", "/clock +1d", "/press 3", "/press 2", "/press 8", "/momentum group"],
    )
    ask = out.split("you> /press 2")[1].split("you> /press 8")[0]
    assert "Nothing was sent" not in out
    assert "the thank-you note you marked as sent" in ask
    assert "[8] Yes, remove it all  [9] Keep it" in ask
    assert "Removed Acme, together with" in out.split("you> /press 8")[1]
    assert "Follow-ups sent: 0" in out.split("you> /momentum")[1]


def test_every_command_also_works_under_rebound(run_rebound: Run) -> None:
    out = console(
        run_rebound,
        ["/rebound rejected Acme Corp role: PM", "/rebound followups", "/rebound feedback list"],
    )
    assert "Logged Acme Corp (PM)" in out
    assert "Your follow-ups" in out
    assert "Acme Corp (PM): thank-you note" in out.partition("you> /rebound followups")[2]
    assert "I don't know" not in out
