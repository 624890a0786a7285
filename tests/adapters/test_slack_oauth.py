"""Several workspaces through Slack's OAuth install: installations live in our database, each
workspace gets its own token, and no workspace can touch another's data."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy

from adapters.slack.config import SlackConfig
from adapters.slack.runtime import SlackRuntime
from bot.clock import SimulatedClock
from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.ports import UnitOfWork
from bot.runtime.slack import installation_engine
from tests.adapters.conftest import NOON, SECRET, eventually, free_port
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.slack_requests import block_actions_body, signed_headers, slash_command_body


@dataclass
class Installed:
    fake: FakeSlack
    url: str
    http: aiohttp.ClientSession
    runtime: SlackRuntime
    work: DueWork

    async def install(
        self, team: str, enterprise: str | None = None, org_wide: bool = False
    ) -> None:
        self.fake.set_oauth_team(team, enterprise_id=enterprise, org_wide=org_wide)
        async with self.http.get(f"{self.url}/slack/install") as page:
            assert page.status == 200
            html = await page.text()
            cookie = page.headers.getall("Set-Cookie")
        match = re.search(r"state=([^&\"']+)", html)
        assert match, html
        state = match.group(1)
        cookies = "; ".join(c.split(";", 1)[0] for c in cookie)
        async with self.http.get(
            f"{self.url}/slack/oauth_redirect?code=code-{team}&state={state}",
            headers={"Cookie": cookies},
        ) as done:
            assert done.status == 200, await done.text()

    async def post(self, body: bytes) -> int:
        async with self.http.post(
            f"{self.url}/slack/events", data=body, headers=signed_headers(SECRET, body)
        ) as response:
            return response.status


@pytest.fixture
async def installed(uow: UnitOfWork, tmp_path: Path) -> AsyncIterator[Installed]:
    fake = FakeSlack(client_id="client-1", client_secret="secret-1")
    await fake.start()
    port = free_port()
    config = SlackConfig(
        signing_secret=SECRET,
        client_id="client-1",
        client_secret="secret-1",
        api_url=fake.api_url,
        port=port,
    )
    runtime = SlackRuntime(
        config,
        Core(uow, "Europe/Berlin"),
        SimulatedClock(NOON, frozen=True),
        installation_engine(f"sqlite:///{tmp_path / 'installations.db'}"),
    )
    await runtime.start(host="127.0.0.1")
    session = aiohttp.ClientSession()
    try:
        yield Installed(
            fake, f"http://127.0.0.1:{port}", session, runtime, DueWork(uow, "Europe/Berlin")
        )
    finally:
        await session.close()
        await runtime.stop()
        await fake.stop()


async def test_install_then_each_workspace_uses_its_own_token(installed: Installed) -> None:
    await installed.install("T2")
    await installed.install("T3")
    assert len(installed.fake.calls_to("oauth.v2.access")) == 2

    body = slash_command_body(
        "/rejected", "Acme", response_url=installed.fake.response_url("t2"), team="T2"
    )
    assert await installed.post(body) == 200
    await eventually(lambda: installed.fake.responses_to("t2"))
    assert "Logged *Acme*" in json.dumps(installed.fake.responses_to("t2")[0]["blocks"])
    assert {c.token for c in installed.fake.calls_to("users.info")} == {"xoxb-T2"}


async def test_one_workspace_cannot_act_on_anothers_data(installed: Installed) -> None:
    await installed.install("T2")
    await installed.install("T3")
    body = slash_command_body(
        "/rejected", "Acme", response_url=installed.fake.response_url("mine"), team="T2"
    )
    assert await installed.post(body) == 200
    await eventually(lambda: installed.fake.responses_to("mine"))
    blocks = installed.fake.responses_to("mine")[0]["blocks"]
    undo = next(
        e for b in blocks for e in b.get("elements", []) if e.get("text", {}).get("text") == "Undo"
    )
    # The same user id in another workspace is another person.
    press = block_actions_body(
        undo["action_id"],
        undo["value"],
        response_url=installed.fake.response_url("other"),
        team="T3",
    )
    assert await installed.post(press) == 200
    await eventually(lambda: installed.fake.responses_to("other"))
    assert "someone else" in json.dumps(installed.fake.responses_to("other")[0])
    listing = slash_command_body(
        "/followups", "", response_url=installed.fake.response_url("list"), team="T3"
    )
    assert await installed.post(listing) == 200
    await eventually(lambda: installed.fake.responses_to("list"))
    assert "Acme" not in json.dumps(installed.fake.responses_to("list")[0])


async def test_a_workspace_that_never_installed_gets_nothing(installed: Installed) -> None:
    body = slash_command_body(
        "/rejected", "Acme", response_url=installed.fake.response_url("t9"), team="T9"
    )
    await installed.post(body)
    answers = json.dumps(installed.fake.responses_to("t9"))
    assert "reinstall" in answers and "Logged" not in answers
    assert installed.fake.calls_to("users.info") == []


@pytest.mark.parametrize("org_wide", [True, False], ids=["org-wide", "workspace"])
async def test_enterprise_grid_workspaces_get_their_scheduled_dms(
    installed: Installed, org_wide: bool
) -> None:
    await installed.install("T2", enterprise="E1", org_wide=org_wide)
    body = slash_command_body(
        "/rejected",
        "Acme",
        response_url=installed.fake.response_url("grid"),
        team="T2",
        enterprise="E1",
        org_wide=org_wide,
    )
    assert await installed.post(body) == 200
    await eventually(lambda: installed.fake.responses_to("grid"))
    assert "Logged *Acme*" in json.dumps(installed.fake.responses_to("grid")[0]["blocks"])
    delivered = await run_due_pass(
        installed.work, {"slack": installed.runtime.messenger}, NOON + timedelta(hours=22)
    )
    assert len([m for m in delivered if m.destination.user_id == "U1"]) == 1
    (dm,) = installed.fake.messages("U1")
    assert "Acme" in json.dumps(dm["blocks"])
    token = "xoxb-E1" if org_wide else "xoxb-T2"
    assert {c.token for c in installed.fake.calls_to("chat.postMessage")} == {token}


@pytest.mark.parametrize("org_wide", [False, True], ids=["workspace", "org-wide"])
async def test_forget_blanks_the_installers_id_in_the_installation_rows(
    installed: Installed, tmp_path: Path, org_wide: bool
) -> None:
    await installed.install("T2", "E1" if org_wide else None, org_wide)  # installed by U1
    installations = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'installations.db'}")
    query = sqlalchemy.text("SELECT user_id, user_token FROM slack_installations")
    with installations.connect() as db:
        assert [row.user_id for row in db.execute(query)] == ["U1"]

    ask = slash_command_body(
        "/rebound",
        "forget",
        response_url=installed.fake.response_url("ask"),
        team="T2",
        user="U1",
        enterprise="E1" if org_wide else None,
        org_wide=org_wide,
    )
    assert await installed.post(ask) == 200
    await eventually(lambda: installed.fake.responses_to("ask"))
    blocks = installed.fake.responses_to("ask")[0]["blocks"]
    yes = next(
        e
        for b in blocks
        for e in b.get("elements", [])
        if e.get("text", {}).get("text") == "Yes, delete everything"
    )
    confirm = block_actions_body(
        yes["action_id"],
        yes["value"],
        response_url=installed.fake.response_url("yes"),
        team="T2",
        user="U1",
        enterprise="E1" if org_wide else None,
        org_wide=org_wide,
    )
    assert await installed.post(confirm) == 200
    await eventually(lambda: installed.fake.responses_to("yes"))

    def rows() -> list[tuple[str, str | None]]:
        with installations.connect() as db:
            return [(row.user_id, row.user_token) for row in db.execute(query)]

    await eventually(lambda: rows() == [("", None)])
    installations.dispose()


async def test_oauth_at_debug_logs_no_token(
    installed: Installed, debug_logs: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    root = logging.getLogger()
    root.handlers.sort(key=lambda handler: handler is not caplog.handler)
    await installed.install("T2")
    body = slash_command_body(
        "/rejected", "Acme", response_url=installed.fake.response_url("t2"), team="T2"
    )
    assert await installed.post(body) == 200
    await eventually(lambda: installed.fake.responses_to("t2"))
    seen = debug_logs.getvalue() + caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert "xoxb-" not in seen and "secret-1" not in seen


async def test_the_installer_may_set_the_group_up_and_a_plain_member_may_not(
    installed: Installed,
) -> None:
    """Issue 11: the Slack workspace's installer is an organiser, as its admins and owners are
    (`U1` installed here; neither is an admin)."""
    await installed.install("T2")
    for user, token in (("U2", "member"), ("U1", "installer")):
        body = slash_command_body(
            "/rebound", "setup", response_url=installed.fake.response_url(token), team="T2",
            user=user,
        )  # fmt: skip
        assert await installed.post(body) == 200
        await eventually(lambda token=token: installed.fake.responses_to(token))  # type: ignore[misc]
    refused = json.dumps(installed.fake.responses_to("member"))
    assert "Only an organiser or a group admin" in refused
    done = json.dumps(installed.fake.responses_to("installer"))
    assert "Only an organiser" not in done and "group" in done
