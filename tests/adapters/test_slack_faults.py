"""Slack with things going wrong: the database refusing writes, users.info hanging. Every
command still gets an answer, and nothing a member wrote reaches the logs at any level."""

from __future__ import annotations

import io
import json
import logging
import time

import pytest
from sqlalchemy import Engine, func, select

from storage import models
from tests.adapters.conftest import SECRET, SlackHarness
from tests.adapters.test_slack_app import command, shown

COMPANY = "Quokkabyte"
NOTE = "my-private-note-7731"
FEEDBACK = "they-said-something-private-5520"
TOKEN = "xoxb-T1"


def refuse_writes(engine: Engine, table: str) -> None:
    """Make the database itself fail every insert into `table` (a real database error)."""
    with engine.begin() as db:
        if engine.dialect.name == "sqlite":
            db.exec_driver_sql(
                f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            db.exec_driver_sql(
                "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS "
                "$$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
            )
            db.exec_driver_sql(
                f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )


async def test_a_database_failure_is_answered_and_nothing_private_is_logged(
    slack: SlackHarness, engine: Engine, debug_logs: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    # pytest attaches its capture for this phase now: put it first, so it records each record
    # as it was made, before the Redactor on our handler rewrites it.
    root = logging.getLogger()
    root.handlers.sort(key=lambda handler: handler is not caplog.handler)
    await command(slack, "applied", "Initech")  # the member exists; their name is looked up
    refuse_writes(engine, "rejections")
    refuse_writes(engine, "activities")

    answer = await command(slack, "rejected", f"{COMPANY} role: Analyst note: {NOTE}")
    assert "nothing was recorded" in shown(answer)
    answer = await command(slack, "feedback", f"{COMPANY}: {FEEDBACK}")
    assert "nothing was recorded" in shown(answer)
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.RejectionRow)) == 0

    written = debug_logs.getvalue()
    assert "command failed" in written  # the failures were logged ...
    records = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    for private in (COMPANY, NOTE, FEEDBACK, TOKEN, SECRET, "Initech"):
        assert private not in written, private  # ... without a word of what was said
        assert private not in records, private


async def test_a_hanging_users_info_costs_only_the_timezone_hint(slack: SlackHarness) -> None:
    slack.fake.delay_next("users.info", 4.0)
    started = time.monotonic()
    answer = await command(slack, "rejected", "Acme Corp")
    assert time.monotonic() - started < 3.0
    assert "Logged *Acme Corp*" in json.dumps(answer["blocks"])
