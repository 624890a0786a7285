"""The fake Slack answers the real slack_sdk clients the way Slack does, and the signed requests
built for tests are ones Slack's verifier and Bolt accept."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pytest
from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.adapters.fake_slack import APP_ID, BOT_ID, BOT_USER_ID, FakeSlack
from tests.adapters.slack_requests import (
    FORM,
    JSON_CONTENT_TYPE,
    app_home_opened_event,
    block_actions_body,
    event_body,
    sign,
    signed_headers,
    slash_command_body,
    state_value,
    view_submission_body,
)

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"

BLOCKS: list[dict[str, Any]] = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Acme* said no"}},
    {
        "type": "actions",
        "block_id": "next",
        "elements": [
            {
                "type": "button",
                "action_id": "follow_up",
                "value": "42",
                "text": {"type": "plain_text", "text": "Follow up"},
            }
        ],
    },
]
# slack_sdk's own noise: it warns on a message without text, and its oauth_v2_access uses
# aiohttp's BasicAuth, which aiohttp deprecates.
NO_TEXT_WARNING = "ignore:The top-level `text` argument is missing:UserWarning"
BASIC_AUTH_WARNING = "ignore:BasicAuth is deprecated:DeprecationWarning"
METADATA = {"event_type": "rebound_nudge", "event_payload": {"nudge_id": 42}}


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(
        token="xoxb-T1",
        base_url=fake.api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )


# ------------------------------------------------------------------ Web API


async def test_auth_test_answers_like_slack(fake: FakeSlack, client: AsyncWebClient) -> None:
    response = await client.auth_test()

    assert response["ok"] is True
    assert (response["team_id"], response["user_id"], response["bot_id"]) == ("T1", "UBOT", "BBOT")
    assert response["url"].startswith("https://")
    assert fake.api_url.startswith("http://127.0.0.1:") and fake.api_url.endswith("/api/")
    assert [(c.method, c.token) for c in fake.calls] == [("auth.test", "xoxb-T1")]


async def test_conversations_open_gives_the_users_dm(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    response = await client.conversations_open(users="U7")

    assert response["channel"]["id"] == "DU7"
    assert fake.calls_to("conversations.open")[0].params["users"] == "U7"


async def test_post_message_stores_blocks_and_metadata(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    first = await client.chat_postMessage(
        channel="C1", text="Acme said no", blocks=BLOCKS, metadata=METADATA
    )
    second = await client.chat_postMessage(channel="C1", text="again")

    assert first["channel"] == "C1"
    assert first["ts"] == "1700000000.000100"
    assert float(second["ts"]) > float(first["ts"])
    assert first["message"]["blocks"] == BLOCKS
    assert first["message"]["metadata"] == METADATA
    call = fake.calls_to("chat.postMessage")[0]
    assert call.content_type == "application/json"  # the sdk posts messages as JSON
    assert call.params["blocks"] == BLOCKS
    assert call.token == "xoxb-T1"
    stored = fake.messages("C1")
    assert [m["text"] for m in stored] == ["Acme said no", "again"]
    assert stored[0]["metadata"] == METADATA
    assert stored[0]["bot_id"] == BOT_ID and stored[0]["user"] == BOT_USER_ID


async def test_history_is_newest_first_with_metadata_only_when_asked(
    client: AsyncWebClient,
) -> None:
    await client.chat_postMessage(channel="C1", text="old", metadata=METADATA)
    await client.chat_postMessage(channel="C1", text="new")
    await client.chat_postMessage(channel="C2", text="elsewhere")

    with_metadata = await client.conversations_history(
        channel="C1", limit=10, include_all_metadata=True
    )
    without = await client.conversations_history(channel="C1", limit=10)
    newest = await client.conversations_history(channel="C1", limit=1)

    assert [m["text"] for m in with_metadata["messages"]] == ["new", "old"]
    assert with_metadata["messages"][1]["metadata"] == METADATA
    assert all("metadata" not in m for m in without["messages"])
    assert [m["text"] for m in newest["messages"]] == ["new"]
    assert newest["has_more"] is True


async def test_files_upload_v2_stores_the_bytes_and_shares_to_the_channel(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    content = b'{"applications": []}'

    response = await client.files_upload_v2(
        channel="C1", content=content, filename="x.json", initial_comment="Your export"
    )

    file_id = response["file"]["id"]
    assert fake.uploaded == {file_id: content}
    assert fake.shared_to == {file_id: ["C1"]}
    assert fake.files[file_id]["name"] == "x.json"
    assert fake.files[file_id]["initial_comment"] == "Your export"
    assert fake.calls_to("files.getUploadURLExternal")[0].params["length"] == str(len(content))


async def test_form_encoded_calls_and_multipart_uploads_are_understood(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    await client.api_call(
        "chat.postMessage",
        data={"channel": "C1", "text": "form", "blocks": json.dumps(BLOCKS)},
    )
    posted = await client.api_call(
        "chat.postMessage",
        data={"channel": "C1", "text": "form", "metadata": json.dumps(METADATA)},
    )
    url = await client.files_getUploadURLExternal(filename="x.json", length=3)
    form = aiohttp.FormData()
    form.add_field("file", b"abc", filename="x.json", content_type="application/json")
    async with aiohttp.ClientSession() as session, session.post(url["upload_url"], data=form) as r:
        assert r.status == 200

    call = fake.calls_to("chat.postMessage")[0]
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.params["blocks"] == json.dumps(BLOCKS)  # as sent; the fake parses it
    assert posted["message"]["metadata"] == METADATA
    assert [m.get("blocks") for m in fake.messages("C1")] == [BLOCKS, None]
    assert [m.get("metadata") for m in fake.messages("C1")] == [None, METADATA]
    assert fake.uploaded == {url["file_id"]: b"abc"}


async def test_a_failed_upload_shares_nothing(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.fail_next("upload", status=500, error="upload_failed")

    with pytest.raises(SlackRequestError):
        await client.files_upload_v2(channel="C1", content=b"x", filename="x.json")

    assert fake.uploaded == {} and fake.shared_to == {}


async def test_completing_an_upload_that_never_happened_fails(client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        await client.files_completeUploadExternal(files=[{"id": "F404", "title": "x"}])

    assert raised.value.response["error"] == "file_not_found"


async def test_a_rate_limit_is_retried_and_the_message_stored_once(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()

    response = await client.chat_postMessage(channel="C1", text="hello")

    assert response["ok"] is True
    assert time.monotonic() - started >= 1  # the handler honoured Retry-After
    assert len(fake.calls_to("chat.postMessage")) == 2
    assert [m["text"] for m in fake.messages("C1")] == ["hello"]


async def test_a_rate_limit_reaches_a_client_without_retries(fake: FakeSlack) -> None:
    client = AsyncWebClient(token="xoxb-T1", base_url=fake.api_url, retry_handlers=[])
    fake.fail_next("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="C1", text="hello")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"
    assert fake.messages("C1") == []


async def test_server_errors_and_api_errors_can_be_injected(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.error_next("chat.postMessage", "cannot_dm_bot")
    fake.fail_next("conversations.open", status=500, error="internal_error")

    with pytest.raises(SlackApiError) as dm:
        await client.chat_postMessage(channel="UBOT", text="hi")
    with pytest.raises(SlackApiError) as down:
        await client.conversations_open(users="U1")
    await client.chat_postMessage(channel="C1", text="works again")

    assert (dm.value.response.status_code, dm.value.response["error"]) == (200, "cannot_dm_bot")
    assert (down.value.response.status_code, down.value.response["error"]) == (
        500,
        "internal_error",
    )
    assert [m["text"] for m in fake.messages("C1")] == ["works again"]


async def test_unknown_methods_and_missing_tokens_are_refused(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as unknown:
        await AsyncWebClient(token="xoxb-T1", base_url=fake.api_url).api_call("chat.frobnicate")
    with pytest.raises(SlackApiError) as anonymous:
        await AsyncWebClient(base_url=fake.api_url).auth_test()

    assert unknown.value.response["error"] == "unknown_method"
    assert anonymous.value.response["error"] == "not_authed"


@pytest.mark.filterwarnings(NO_TEXT_WARNING)
async def test_slack_limits_are_enforced(fake: FakeSlack, client: AsyncWebClient) -> None:
    too_many = [{"type": "divider"}] * 51

    with pytest.raises(SlackApiError) as blocks:
        await client.chat_postMessage(channel="C1", text="x", blocks=too_many)
    with pytest.raises(SlackApiError) as metadata:
        await client.chat_postMessage(channel="C1", text="x", metadata={"event_payload": {}})
    with pytest.raises(SlackApiError) as empty:
        await client.chat_postMessage(channel="C1", text="")

    assert blocks.value.response["error"] == "invalid_blocks"
    assert metadata.value.response["error"] == "invalid_metadata_format"
    assert empty.value.response["error"] == "no_text"
    assert fake.messages("C1") == []


async def test_a_message_to_a_user_lands_in_their_dm(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    response = await client.chat_postMessage(channel="U3", text="psst")

    assert response["channel"] == "DU3"
    assert [m["text"] for m in fake.messages("DU3")] == ["psst"]
    assert fake.messages("U3") == fake.messages("DU3")


async def test_users_info_reports_the_configured_time_zone(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.set_user_tz("U2", "America/New_York")
    fake.set_user("U2", real_name="Sam Doe", display_name="sam")

    default = await client.users_info(user="U1")
    configured = await client.users_info(user="U2")

    assert default["user"]["tz"] == "Europe/Berlin"
    assert configured["user"]["tz"] == "America/New_York"
    assert configured["user"]["profile"] == {
        "display_name": "sam",
        "display_name_normalized": "sam",
        "real_name": "Sam Doe",
        "real_name_normalized": "Sam Doe",
    }
    assert configured["user"]["tz_offset"] in (-5 * 3600, -4 * 3600)


async def test_ephemerals_updates_and_views(fake: FakeSlack, client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(channel="C1", text="before")
    ephemeral = await client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    await client.chat_update(channel="C1", ts=posted["ts"], text="after", blocks=BLOCKS)
    modal = {"type": "modal", "callback_id": "log", "title": {"type": "plain_text", "text": "Log"}}
    opened = await client.views_open(trigger_id="T.1", view=modal)
    pushed = await client.views_push(trigger_id="T.2", view=modal)
    updated = await client.views_update(view_id=opened["view"]["id"], view={**modal, "blocks": []})
    home = {"type": "home", "blocks": BLOCKS}
    first_home = await client.views_publish(user_id="U1", view=home)
    second_home = await client.views_publish(user_id="U1", view={"type": "home", "blocks": []})

    assert ephemeral["message_ts"]
    assert fake.ephemerals[0]["text"] == "only you" and fake.ephemerals[0]["user"] == "U1"
    assert [m["text"] for m in fake.messages("C1")] == ["after"]
    assert fake.messages("C1")[0]["blocks"] == BLOCKS
    assert opened["view"]["id"] != pushed["view"]["id"]
    assert updated["view"]["id"] == opened["view"]["id"]
    assert fake.views[opened["view"]["id"]]["callback_id"] == "log"
    assert first_home["view"]["id"] == second_home["view"]["id"]
    assert fake.home_views["U1"]["blocks"] == []
    with pytest.raises(SlackApiError) as missing:
        await client.views_update(view_id="V404", view=modal)
    assert missing.value.response["error"] == "not_found"


@pytest.mark.filterwarnings(BASIC_AUTH_WARNING)
async def test_oauth_v2_access_installs_into_the_configured_team(fake: FakeSlack) -> None:
    fake.set_oauth_team("T2", team_name="Second")
    anonymous = AsyncWebClient(base_url=fake.api_url)

    response = await anonymous.oauth_v2_access(client_id="111.222", client_secret="s", code="c")
    bot = AsyncWebClient(token=response["access_token"], base_url=fake.api_url)
    identity = await bot.auth_test()

    assert response["access_token"] == "xoxb-T2"
    assert response["token_type"] == "bot"
    assert response["team"] == {"id": "T2", "name": "Second"}
    assert response["enterprise"] is None and response["is_enterprise_install"] is False
    assert response["authed_user"] == {"id": "U1"}
    assert response["bot_user_id"] == BOT_USER_ID and response["app_id"] == APP_ID
    assert "chat:write" in response["scope"].split(",")
    assert fake.calls_to("oauth.v2.access")[0].params["client_id"] == "111.222"
    assert identity["team_id"] == "T2"


@pytest.mark.filterwarnings(BASIC_AUTH_WARNING)
async def test_oauth_v2_access_checks_the_client_credentials() -> None:
    async with FakeSlack(client_id="111.222", client_secret="s") as fake:
        anonymous = AsyncWebClient(base_url=fake.api_url)
        with pytest.raises(SlackApiError) as raised:
            await anonymous.oauth_v2_access(client_id="111.222", client_secret="nope", code="c")

    assert raised.value.response["error"] == "bad_client_secret"


async def test_response_urls_store_posts_and_expire_after_five_uses(fake: FakeSlack) -> None:
    webhook = AsyncWebhookClient(fake.response_url("r1"))

    statuses = [
        (await webhook.send(text=f"reply {n}", response_type="ephemeral")).status_code
        for n in range(6)
    ]

    assert statuses == [200] * 5 + [404]
    assert fake.responses[0] == {"text": "reply 0", "response_type": "ephemeral", "token": "r1"}
    assert len(fake.responses_to("r1")) == 5


async def test_all_texts_collects_everything_sent(fake: FakeSlack, client: AsyncWebClient) -> None:
    await client.chat_postMessage(channel="C1", text="<!channel> one", blocks=BLOCKS)
    await client.chat_postEphemeral(channel="C1", user="U1", text="two")
    await client.views_publish(user_id="U1", view={"type": "home", "blocks": BLOCKS})
    await AsyncWebhookClient(fake.response_url("r")).send(text="three")

    texts = fake.all_texts()

    assert texts[0] == "<!channel> one"
    assert json.loads(texts[1]) == BLOCKS
    assert "two" in texts and "three" in texts
    assert any('"type": "home"' in t for t in texts)


# ------------------------------------------------------------------ requests from Slack


def test_a_signed_request_verifies() -> None:
    body = slash_command_body("/rebound", "help", response_url="http://127.0.0.1:1/response/r")
    verifier = SignatureVerifier(SECRET)

    headers = sign(SECRET, body)

    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + b"&x=1", headers)
    assert not SignatureVerifier("another secret").is_valid_request(body, headers)
    assert not verifier.is_valid_request(body, sign(SECRET, body, int(time.time()) - 600))


def test_a_slash_command_is_form_encoded_like_slacks() -> None:
    body = slash_command_body("/rebound", "log Acme & co", response_url="https://r.example/1")

    fields = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}

    assert list(fields) == [
        "token",
        "team_id",
        "team_domain",
        "channel_id",
        "channel_name",
        "user_id",
        "user_name",
        "command",
        "text",
        "api_app_id",
        "is_enterprise_install",
        "response_url",
        "trigger_id",
    ]
    assert fields["text"] == "log Acme & co"
    assert fields["is_enterprise_install"] == "false"


def _bolt_request(body: bytes, content_type: str = FORM, secret: str = SECRET) -> AsyncBoltRequest:
    headers: dict[str, str | Sequence[str]] = dict(signed_headers(secret, body, content_type))
    return AsyncBoltRequest(body=body.decode(), headers=headers)


def test_bolt_finds_team_user_and_channel_in_every_payload() -> None:
    response_url = "https://r.example/1"
    payloads = {
        "command": slash_command_body(
            "/rebound", "", team="T9", user="U9", channel="C9", response_url=response_url
        ),
        "button": block_actions_body(
            "follow_up", "42", team="T9", user="U9", channel="C9", response_url=response_url
        ),
        "ephemeral button": block_actions_body(
            "follow_up",
            "42",
            team="T9",
            user="U9",
            channel="C9",
            response_url=response_url,
            container="ephemeral",
        ),
        "event": event_body(
            {"type": "message", "channel": "C9", "user": "U9", "text": "hi", "ts": "1.2"},
            team="T9",
        ),
    }

    for kind, body in payloads.items():
        content_type = JSON_CONTENT_TYPE if kind == "event" else FORM
        context = _bolt_request(body, content_type).context
        assert (context.team_id, context.user_id, context.channel_id) == ("T9", "U9", "C9"), kind
        assert context.is_enterprise_install is False, kind

    button = _bolt_request(payloads["button"]).body
    assert button["actions"][0]["action_id"] == "follow_up"
    assert button["container"]["is_ephemeral"] is False
    assert button["response_url"] == response_url


def test_bolt_reads_view_payloads() -> None:
    state = {"company": {"company_input": state_value("Acme")}}
    submission = _bolt_request(view_submission_body("log", '{"id": 1}', state, team="T9"))
    home = {"id": "V7", "type": "home", "team_id": "T9", "blocks": []}
    in_home = _bolt_request(block_actions_body("refresh", "x", team="T9", view=home))
    opened = _bolt_request(event_body(app_home_opened_event("U4"), team="T9"), JSON_CONTENT_TYPE)

    assert submission.context.team_id == "T9" and submission.context.user_id == "U1"
    assert submission.body["view"]["callback_id"] == "log"
    assert submission.body["view"]["state"]["values"]["company"]["company_input"]["value"] == (
        "Acme"
    )
    assert in_home.body["container"] == {"type": "view", "view_id": "V7"}
    assert "response_url" not in in_home.body and in_home.context.channel_id is None
    assert (opened.context.team_id, opened.context.user_id) == ("T9", "U4")


def test_a_button_in_a_message_needs_a_response_url() -> None:
    with pytest.raises(ValueError, match="response_url"):
        block_actions_body("follow_up", "42")


async def test_bolt_accepts_a_signed_command_and_answers_through_the_fake(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    app = AsyncApp(signing_secret=SECRET, client=client, process_before_response=True)

    @app.command("/rebound")
    async def command(ack: Any, respond: AsyncRespond, command: dict[str, Any]) -> None:
        await ack()
        await respond(text=f"you said {command['text']}")
        await client.chat_postMessage(channel=command["channel_id"], text="in the channel")

    body = slash_command_body("/rebound", "hello", response_url=fake.response_url("r1"))
    response = await app.async_dispatch(_bolt_request(body))
    forged = await app.async_dispatch(_bolt_request(body, secret="wrong"))

    assert response.status == 200
    assert forged.status == 401
    assert [r["text"] for r in fake.responses_to("r1")] == ["you said hello"]
    assert [m["text"] for m in fake.messages("C1")] == ["in the channel"]
