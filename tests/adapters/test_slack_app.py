"""Rebound in Slack, end to end: signed requests into the real AsyncApp over HTTP, answers and
deliveries observed at a fake Slack Web API."""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import timedelta

from sqlalchemy import Engine, func, select

from bot.core import BUTTONS as CORE_BUTTONS
from bot.delivery.due import run_due_pass
from bot.values import Outbound
from storage import models
from tests.adapters.conftest import NOON, SECRET, SlackHarness, eventually
from tests.adapters.slack_requests import (
    JSON_CONTENT_TYPE,
    app_home_opened_event,
    block_actions_body,
    event_body,
    sign,
    slash_command_body,
    state_value,
    view_submission_body,
)


async def command(slack: SlackHarness, name: str, text: str = "", user: str = "U1") -> dict:  # type: ignore[type-arg]
    """Run a slash command and return the ephemeral answer Slack received at response_url."""
    token = f"{name}-{len(slack.fake.responses)}-{time.monotonic_ns()}"
    body = slash_command_body(
        f"/{name}", text, response_url=slack.fake.response_url(token), user=user
    )
    started = time.monotonic()
    response = await slack.post(body)
    assert response.status == 200
    assert time.monotonic() - started < 3.0
    await eventually(lambda: slack.fake.responses_to(token))
    (answer,) = slack.fake.responses_to(token)
    return answer


def buttons(answer: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    """label -> button element, from a Block Kit answer."""
    found = {}
    for block in answer["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "button":
                found[element["text"]["text"]] = element
    return found


def shown(answer: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(answer["blocks"], ensure_ascii=False)


async def test_rejected_answers_privately_with_local_dates_and_buttons(slack: SlackHarness) -> None:
    answer = await command(slack, "rejected", "Acme Corp role: Data Analyst")
    assert answer["response_type"] == "ephemeral"
    text = shown(answer)
    assert "Logged *Acme Corp* (Data Analyst)" in text
    assert text.count("<!date^") == 3
    wednesday_ten_berlin = int((NOON + timedelta(hours=22)).timestamp())
    assert f"<!date^{wednesday_ten_berlin}^" in text
    assert set(buttons(answer)) == {"See the first draft now", "Undo"}
    assert slack.fake.calls_to("users.info"), "the member's Slack timezone was looked up"


async def test_every_command_answers(slack: SlackHarness) -> None:
    await command(slack, "rejected", "Acme Corp")
    cases = {
        ("followups", ""): "Your follow-ups",
        ("feedback", "Acme Corp: more SQL"): "Feedback from *Acme Corp* saved",
        ("applied", "Globex role: PM"): "Application to *Globex* (PM) logged",
        ("networked", "coffee with Kim"): "Networking logged",
        ("rebound", "help"): "/rejected",
        ("rebound", "timezone Asia/Kolkata"): "Asia/Kolkata",
        ("rebound", "quiet 22:00-07:00"): "22:00-07:00",
        ("rebound", "weekends skip"): "Weekends are yours",
        ("rebound", "privacy full"): "full",
        ("rebound", "forget"): "permanently deletes",
        ("event", "city job fair"): "Event logged",
        ("momentum", "group"): "Weekly momentum",
        ("dance", ""): "I don't know",
    }
    for (name, text), expected in cases.items():
        answer = await command(slack, name, text)
        assert expected in shown(answer), (name, text)


async def test_export_arrives_as_a_file_in_the_members_dm(slack: SlackHarness) -> None:
    await command(slack, "rejected", "Acme note: private thoughts")
    token = "export"
    body = slash_command_body(
        "/rebound", "export", response_url=slack.fake.response_url(token), user="U1"
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.shared_to)
    (data,) = slack.fake.uploaded.values()
    assert json.loads(data)["rejections"][0]["note"] == "private thoughts"
    assert any(channels == ["DU1"] for channels in slack.fake.shared_to.values())


async def test_buttons_act_for_their_owner_only(slack: SlackHarness) -> None:
    answer = await command(slack, "rejected", "Acme")
    undo = buttons(answer)["Undo"]
    token = "sam-undo"
    body = block_actions_body(
        undo["action_id"], undo["value"], response_url=slack.fake.response_url(token), user="U2"
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.responses_to(token))
    assert "someone else" in shown(slack.fake.responses_to(token)[0])

    token = "alex-undo"
    body = block_actions_body(
        undo["action_id"], undo["value"], response_url=slack.fake.response_url(token), user="U1"
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.responses_to(token))
    assert "Removed *Acme*" in shown(slack.fake.responses_to(token)[0])


async def nudge(slack: SlackHarness) -> dict:  # type: ignore[type-arg]
    """Log a rejection and deliver its first nudge as a DM; return that DM."""
    await command(slack, "rejected", "Acme Corp")
    delivered = await run_due_pass(
        slack.work, {"slack": slack.runtime.messenger}, NOON + timedelta(hours=22)
    )
    assert len(delivered) >= 1
    (dm,) = slack.fake.messages("DU1")
    return dm


async def test_nudges_reach_the_dm_with_metadata_and_buttons(slack: SlackHarness) -> None:
    dm = await nudge(slack)
    assert slack.fake.calls_to("conversations.open")
    assert "continued interest in Acme Corp" in json.dumps(dm["blocks"])
    assert dm["metadata"]["event_payload"]["keys"].startswith("followup:")
    assert {"I sent it", "Edit draft", "Snooze 1 day", "Snooze 1 week", "Skip"} <= set(buttons(dm))


async def test_done_button_in_a_dm(slack: SlackHarness) -> None:
    dm = await nudge(slack)
    done = buttons(dm)["I sent it"]
    token = "done"
    body = block_actions_body(
        done["action_id"],
        done["value"],
        response_url=slack.fake.response_url(token),
        channel="DU1",
        channel_name="directmessage",
        message=dm,
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.responses_to(token))
    assert "marked as sent" in shown(slack.fake.responses_to(token)[0])


async def press(slack: SlackHarness, button: dict, token: str, message: dict) -> str:  # type: ignore[type-arg]
    body = block_actions_body(
        button["action_id"],
        button["value"],
        response_url=slack.fake.response_url(token),
        channel="DU1",
        channel_name="directmessage",
        message=message,
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.responses_to(token))
    return shown(slack.fake.responses_to(token)[0])


async def test_every_followup_button_from_the_listing(slack: SlackHarness) -> None:
    await command(slack, "rejected", "Acme Corp")
    listing = await command(slack, "followups")
    labels = buttons(listing)
    assert "Subject:" in await press(slack, labels["Show draft"], "draft", listing)
    assert "Snoozed" in await press(slack, labels["Snooze 1 day"], "day", listing)
    listing = await command(slack, "followups")
    assert "Snoozed" in await press(slack, buttons(listing)["Snooze 1 week"], "week", listing)
    listing = await command(slack, "followups")
    assert "Skipped" in await press(slack, buttons(listing)["Skip"], "skip", listing)
    first = await command(slack, "rejected", "Globex")
    assert "Subject:" in await press(slack, buttons(first)["See the first draft now"], "f", first)


async def test_forget_over_slack_keeps_or_deletes(slack: SlackHarness, engine: Engine) -> None:
    await command(slack, "rejected", "Acme Corp")
    ask = await command(slack, "rebound", "forget")
    assert "kept everything" in await press(slack, buttons(ask)["Keep my data"], "keep", ask)
    ask = await command(slack, "rebound", "forget")
    assert "deleted" in await press(slack, buttons(ask)["Yes, delete everything"], "gone", ask)
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.MemberRow)) == 0
        assert db.scalar(select(func.count()).select_from(models.RejectionRow)) == 0


async def test_undo_a_logged_application_over_slack(slack: SlackHarness, engine: Engine) -> None:
    logged = await command(slack, "applied", "Globex")
    undo = buttons(logged)["Undo"]
    assert "Removed your application to *Globex*" in await press(slack, undo, "undo", logged)
    assert "Already undone" in await press(slack, undo, "again", logged)
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.ActivityRow)) == 0


async def open_editor(slack: SlackHarness, dm: dict) -> dict:  # type: ignore[type-arg]
    """Press "Edit draft" on the nudge `dm`; return the modal Slack was asked to open."""
    edit = buttons(dm)["Edit draft"]
    body = block_actions_body(
        edit["action_id"],
        edit["value"],
        response_url=slack.fake.response_url("edit"),
        channel="DU1",
        channel_name="directmessage",
        message=dm,
        trigger_id="trigger-1",
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.calls_to("views.open"))
    view = slack.fake.calls_to("views.open")[0].params["view"]
    return json.loads(view) if isinstance(view, str) else view  # type: ignore[no-any-return]


async def test_edit_draft_opens_a_modal_and_submitting_marks_it_sent_keeping_the_email(
    slack: SlackHarness, engine: Engine
) -> None:
    view = await open_editor(slack, await nudge(slack))
    assert view["callback_id"] == "followup.edit"
    assert "Acme Corp" in json.dumps(view)
    assert view["title"]["text"] == "Your follow-up email"
    assert view["submit"]["text"] == "Mark as sent" and view["close"]["text"] == "Not yet"
    assert "Then press *Mark as sent*." in json.dumps(view)

    submit = view_submission_body(
        "followup.edit",
        view["private_metadata"],
        {
            "subject": {"subject": state_value("Thanks, Acme!")},
            "body": {"body": state_value("Dear team,\n\nthank you. [edited by me]")},
        },
    )
    assert (await slack.post(submit)).status == 200
    await eventually(lambda: len(slack.fake.messages("DU1")) == 2)
    confirmation = json.dumps(slack.fake.messages("DU1")[1]["blocks"])
    assert "marked as sent" in confirmation and "I kept the email as you sent it" in confirmation
    with engine.connect() as db:
        states = db.execute(select(models.FollowUpRow.state)).scalars().all()
    assert "done" in states

    export = slash_command_body("/rebound", "export", response_url=slack.fake.response_url("x"))
    assert (await slack.post(export)).status == 200
    await eventually(lambda: slack.fake.uploaded)
    (content,) = slack.fake.uploaded.values()
    exported = json.loads(content)
    (sent,) = [f for f in exported["rejections"][0]["followups"] if "sent_email" in f]
    assert sent["state"] == "done"
    assert sent["sent_email"] == {
        "subject": "Thanks, Acme!",
        "body": "Dear team,\n\nthank you. [edited by me]",
    }


async def test_app_home_shows_the_week_and_event_retries_are_ignored(
    slack: SlackHarness,
) -> None:
    await command(slack, "applied", "Globex")
    body = event_body(app_home_opened_event("U1"), event_id="Ev1")
    response = await slack.post(body, JSON_CONTENT_TYPE)
    assert response.status == 200
    await eventually(lambda: slack.fake.calls_to("views.publish"))
    view = slack.fake.home_views["U1"]
    assert view["type"] == "home"
    assert "Applications" in json.dumps(view["blocks"])

    headers = {**sign(SECRET, body), "Content-Type": JSON_CONTENT_TYPE, "X-Slack-Retry-Num": "1"}
    headers["X-Slack-Retry-Reason"] = "http_timeout"
    assert (await slack.post(body, headers=headers)).status == 200
    await eventually(lambda: True)
    assert len(slack.fake.calls_to("views.publish")) == 1


async def test_forged_or_stale_requests_are_refused_and_store_nothing(
    slack: SlackHarness, engine: Engine
) -> None:
    body = slash_command_body("/rejected", "Acme", response_url=slack.fake.response_url("x"))
    forged = {**sign("not-the-secret", body), "Content-Type": "application/x-www-form-urlencoded"}
    assert (await slack.post(body, headers=forged)).status == 401
    stale = {
        **sign(SECRET, body, timestamp=int(time.time()) - 6 * 60),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    assert (await slack.post(body, headers=stale)).status == 401
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.MemberRow)) == 0
        assert db.scalar(select(func.count()).select_from(models.RejectionRow)) == 0
    assert slack.fake.responses == []


async def test_mentions_in_user_text_never_reach_slack_unescaped(slack: SlackHarness) -> None:
    # As Slack sends them: a real @channel as `<!channel>`, and `<!channel>` typed as text,
    # `&`, `<`, `>` being sent as entities (`adapters.slack.incoming` decodes both).
    hostile = "<!channel> role: <!here> note: <@U123> @everyone &amp; co"
    await command(slack, "rejected", hostile)
    await command(slack, "rejected", "&lt;!channel&gt; Inc")
    await command(slack, "followups")
    await command(slack, "applied", "<!subteam^S1|@team> role: <#C1|general>")
    await run_due_pass(slack.work, {"slack": slack.runtime.messenger}, NOON + timedelta(hours=22))
    everything = "\n".join(slack.fake.all_texts())
    assert "&lt;!channel&gt; Inc" in everything, "typed as text, shown as text"
    assert "@channel" in everything
    for raw in ("<!channel>", "<!here>", "<@U123>", "<!subteam^S1>", "<#C1>"):
        assert raw not in everything
    assert "&amp;amp;" not in everything
    for call in slack.fake.calls:
        assert "link_names" not in call.params and call.params.get("parse") != "full"


async def test_a_429_is_retried_after_retry_after_and_delivered_once(slack: SlackHarness) -> None:
    await command(slack, "rejected", "Acme Corp")
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    delivered: list[Outbound] = await run_due_pass(
        slack.work, {"slack": slack.runtime.messenger}, NOON + timedelta(hours=22)
    )
    assert len(delivered) == 1
    assert len(slack.fake.calls_to("chat.postMessage")) == 2
    assert len(slack.fake.messages("DU1")) == 1


async def test_closed_dms_mark_the_member_unreachable(slack: SlackHarness, engine: Engine) -> None:
    await command(slack, "rejected", "Acme Corp")
    slack.fake.error_next("chat.postMessage", "cannot_dm_bot")
    await run_due_pass(slack.work, {"slack": slack.runtime.messenger}, NOON + timedelta(hours=22))
    with engine.connect() as db:
        assert db.scalar(select(models.MemberRow.dm_open)) is False
        errors = db.execute(select(models.FollowUpRow.last_error)).scalars().all()
    assert any("DMs are closed" in error for error in errors)


async def test_a_deactivated_account_is_not_sent_to_and_not_mentioned(
    slack: SlackHarness, engine: Engine
) -> None:
    await command(slack, "rejected", "Acme Corp")
    slack.fake.error_next("chat.postMessage", "user_disabled")
    for hours in (22, 22.5, 23):  # before the group's Wednesday networking post
        await run_due_pass(
            slack.work, {"slack": slack.runtime.messenger}, NOON + timedelta(hours=hours)
        )
    with engine.connect() as db:
        assert db.scalar(select(models.MemberRow.dm_open)) is True, "not a closed-DM spell"
        errors = db.execute(select(models.FollowUpRow.last_error)).scalars().all()
    assert "user_disabled" in errors
    assert slack.fake.messages("C1") == [], "no one is mentioned for a gone account"


async def test_healthz_says_the_process_is_alive(slack: SlackHarness) -> None:
    async with slack.http.get(f"{slack.url}/healthz") as response:
        assert response.status == 200
        assert (await response.json())["ok"] is True


def test_action_ids_match_the_listener() -> None:
    from adapters.slack.app import button_pattern

    BUTTONS = button_pattern(CORE_BUTTONS)
    assert BUTTONS.match("followup.snooze_week:3")
    assert BUTTONS.match("account.forget_confirm:1")
    assert not BUTTONS.match("other.thing")
    for action_id in CORE_BUTTONS:
        assert BUTTONS.match(f"{action_id}:1"), f"Slack would ignore the {action_id} button"
    assert re.sub(r":\d+$", "", "rejection.undo:2") == "rejection.undo"


async def test_a_reply_slack_refuses_is_explained_not_lost(slack: SlackHarness) -> None:
    slack.fake.error_next("chat.postEphemeral", "not_in_channel")
    token = "refused"
    body = slash_command_body(
        "/rebound", "export", response_url=slack.fake.response_url(token), user="U1"
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.responses_to(token))
    (answer,) = slack.fake.responses_to(token)
    assert "/invite @Rebound" in answer["text"]
    assert "I'm not a member of this channel" in answer["text"], "a plain reason"
    assert "not_in_channel" not in json.dumps(answer), "never the platform's error code"


async def test_a_double_submitted_rejection_is_logged_once(
    slack: SlackHarness, engine: Engine
) -> None:
    body = slash_command_body(
        "/rejected", "Acme Corp note: twice", response_url=slack.fake.response_url("twice")
    )
    copies = await asyncio.gather(*(slack.post(body) for _ in range(5)))
    assert [response.status for response in copies] == [200] * 5
    await eventually(lambda: len(slack.fake.responses_to("twice")) == 5)
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(models.RejectionRow)) == 1
        assert db.scalar(select(func.count()).select_from(models.FollowUpRow)) == 3
    answers = [shown(answer) for answer in slack.fake.responses_to("twice")]
    assert sum("already logged" in answer for answer in answers) == 4


async def test_edit_draft_when_the_modal_cannot_open_still_answers_with_the_draft(
    slack: SlackHarness,
) -> None:
    dm = await nudge(slack)
    edit = buttons(dm)["Edit draft"]
    slack.fake.error_next("views.open", "expired_trigger_id")  # a slow answer, or Slack failing
    body = block_actions_body(
        edit["action_id"],
        edit["value"],
        response_url=slack.fake.response_url("late-edit"),
        channel="DU1",
        channel_name="directmessage",
        message=dm,
        trigger_id="trigger-expired",
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.responses_to("late-edit"))
    assert "Subject:" in shown(slack.fake.responses_to("late-edit")[0])


async def test_rebound_reaches_every_command_through_slack(slack: SlackHarness) -> None:
    """Where another app took `/feedback`, `/rebound feedback` does the same through Slack."""
    logged = shown(await command(slack, "rebound", "rejected Acme Corp role: Data Analyst"))
    assert "Logged *Acme Corp* (Data Analyst)" in logged
    saved = shown(await command(slack, "rebound", "feedback Acme Corp: more SQL"))
    assert "Feedback from *Acme Corp* saved" in saved
    listed = shown(await command(slack, "rebound", "followups"))
    assert listed == shown(await command(slack, "followups"))
    assert "Your follow-ups" in listed


async def test_only_a_workspace_admin_or_owner_may_choose_the_group_channel(
    slack: SlackHarness,
) -> None:
    refused = await command(slack, "rebound", "setup", user="U1")
    assert refused["response_type"] == "ephemeral"
    assert "Only an organiser or a group admin can choose the group's channel" in shown(refused)
    assert slack.fake.messages("C1") == [], "a refusal posts nothing in the channel"
    slack.fake.set_user("U2", role="owner")
    body = slash_command_body(
        "/rebound", "setup", response_url=slack.fake.response_url("setup"), user="U2"
    )
    assert (await slack.post(body)).status == 200
    await eventually(lambda: slack.fake.messages("C1"))
    (post,) = slack.fake.messages("C1")
    assert "is now the group's channel" in json.dumps(post)
    assert "<!date^" in json.dumps(post), "next post times in each reader's own zone"
