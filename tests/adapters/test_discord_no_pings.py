"""Mention strings a member types (`@everyone`, `@here`, a role, a user) into a company, role or
note come back in answers, nudge DMs and group posts as text, and nothing Rebound sends about
them could ping anyone: every request carries `allowed_mentions` with an empty `parse`."""

from __future__ import annotations

import pytest

from bot.ports import UnitOfWork
from tests.adapters.discord_session import (
    MEMBER,
    buttons_of,
    discord_rebound,
    interact,
    sqlite_only,
    text_of,
)
from tests.adapters.fake_discord import CHANNEL_ID, option, subcommand
from tests.adapters.test_discord_every_button import deliver_due

database_url = pytest.fixture(sqlite_only)

HOSTILE = {
    "company": "Acme @everyone",
    "role": "<@&123> lead @here",
    "note": "ask <@456> about it @everyone",
}
SENT_ROUTES = ("send_message", "edit_message", "followup", "edit_followup", "interaction_callback")


async def test_mention_strings_in_member_text_never_ping(uow: UnitOfWork) -> None:
    async with discord_rebound(uow) as (fake, runtime):
        where = fake.in_guild(MEMBER)
        await interact(fake, fake.slash_command(where, "rebound", [subcommand("privacy", [
            option("level", "full")])]))  # fmt: skip
        given = [option(name, value) for name, value in HOSTILE.items()]
        logged = await interact(fake, fake.slash_command(where, "rejected", given))
        await interact(fake, fake.slash_command(where, "applied", given[:2]))
        await interact(fake, fake.slash_command(where, "followups"))
        await interact(fake, fake.slash_command(where, "momentum"))
        draft = next(b for b in buttons_of(logged.shown()[0]) if "draft" in b["custom_id"])
        shown = logged.interaction.original or {}
        await interact(fake, fake.component(where, shown, draft["custom_id"]))
        await deliver_due(uow, runtime)  # nudge DMs and the group's weekly posts
        violations = list(fake.mention_violations)
        sent = [c for c in fake.calls if c.route in SENT_ROUTES and c.json]
    assert violations == []
    words = "\n".join(text_of(c.json.get("data") or c.json) for c in sent)
    assert "Acme" in words and "everyone" in words and "123" in words, "the strings were shown"
    assert any("Acme" in text_of(m) for m in fake.dms(MEMBER)), "a nudge DM names the company"
    assert any("Acme" in text_of(m) for m in fake.messages(CHANNEL_ID)), "a group post names it"
    for call in sent:
        body = call.json.get("data") if call.route == "interaction_callback" else call.json
        if body and "allowed_mentions" in body:
            allowed = body["allowed_mentions"]
            assert allowed.get("parse") == [] and not allowed.get("roles")
            assert not allowed.get("users"), "no member text mentions anyone deliberately"
