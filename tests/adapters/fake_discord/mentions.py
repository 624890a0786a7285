"""The fake's check that nothing Rebound sends can ping: every message, edit, follow-up and
message-bearing interaction callback must carry `allowed_mentions` with an empty `parse`.

Without `allowed_mentions` Discord parses the content for mentions, so a company named
`@everyone` or a note with `<@&role>` would ping a whole server. The one allowed exception is
a deliberate mention of one member (the closed-DM fallback): `users` may list exactly one ID,
and only one that the content itself mentions (`<@id>`). `roles` must stay empty.

`violations(call)` says what is wrong with one request, in words; `FakeDiscord` keeps them in
`mention_violations`, and the adapter tests' conftest (`no_discord_pings`) asserts that list
empty after each test, for every fake the test made (`FAKES`) unless it set `mentions_checked`
False (the tests of the fake itself).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.adapters.fake_discord.server import Call

MESSAGE_ROUTES = frozenset({"send_message", "edit_message", "followup", "edit_followup"})
MESSAGE_CALLBACKS = frozenset({4, 7})  # a message, an update of the pressed message
USER_MENTION = re.compile(r"<@!?(\d+)>")

FAKES: list[Any] = []
"""Every `FakeDiscord` made since the adapter tests' conftest last cleared it (one test)."""


def violations(call: Call) -> list[str]:
    """What in this REST call could ping someone ([] when nothing can)."""
    if call.route in MESSAGE_ROUTES:
        body = call.json
    elif call.route == "interaction_callback":
        sent = call.json or {}
        if int(sent.get("type", 0)) not in MESSAGE_CALLBACKS:
            return []  # deferrals, modals, choices: nothing is posted
        body = sent.get("data")
    else:
        return []
    return [f"{call.method} {call.path}: {problem}" for problem in _problems(body)]


def _problems(body: Any) -> list[str]:
    if not isinstance(body, dict):
        return ["no JSON body, so no allowed_mentions"]
    allowed = body.get("allowed_mentions")
    if not isinstance(allowed, dict):
        return ["no allowed_mentions: Discord would parse every mention in it"]
    problems = []
    if allowed.get("parse") != []:
        problems.append(f"allowed_mentions.parse is {allowed.get('parse')!r}, not []")
    if allowed.get("roles"):
        problems.append(f"allowed_mentions.roles pings {allowed['roles']!r}")
    if allowed.get("replied_user"):
        problems.append("allowed_mentions.replied_user pings the author replied to")
    users = [str(user) for user in allowed.get("users") or []]
    mentioned = set(USER_MENTION.findall(str(body.get("content") or "")))
    if len(users) > 1:
        problems.append(f"allowed_mentions.users pings {len(users)} members, not one")
    elif users and users[0] not in mentioned:
        problems.append("allowed_mentions.users names a member the content does not mention")
    return problems
