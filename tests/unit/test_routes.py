"""Where a reply goes and the apology when it cannot: rules every platform adapter shares."""

from __future__ import annotations

from bot import routes
from bot.ports import Delivery
from bot.values import Attachment, Destination, DestinationKind, Outbound
from tests.helpers import actor, text

PRIVATE = Destination.ephemeral(actor())
CHANNEL = Destination(DestinationKind.CHANNEL, "slack", "T1", channel_id="C1")


def test_private_replies_answer_the_interaction_and_the_rest_is_sent() -> None:
    answer, send = routes.Route.ANSWER, routes.Route.SEND
    assert routes.route(Outbound(PRIVATE, ()), can_answer=True) is answer
    assert routes.route(Outbound(PRIVATE, ()), can_answer=False) is send
    assert routes.route(Outbound(CHANNEL, ()), can_answer=True) is send
    export = Outbound(PRIVATE, (), attachments=(Attachment("x.json", "application/json", b"{}"),))
    assert routes.route(export, can_answer=True) is send, "files cannot be private answers"


def test_files_go_with_a_channel_post_and_otherwise_to_the_members_dm() -> None:
    assert routes.files_destination(CHANNEL) == CHANNEL
    dm = routes.files_destination(PRIVATE)
    assert (dm.kind, dm.user_id, dm.channel_id) == (DestinationKind.DM, "alex", "")


def test_the_apology_gives_a_plain_reason_never_a_code() -> None:
    for code, words in [
        ("not_in_channel", "I'm not a member of this channel"),
        ("channel_not_found", "I can't see this channel"),
        ("is_archived", "this channel is archived"),
        ("ratelimited", "slow down"),
        ("some_new_code", "the platform refused it"),
        ("ClientOSError", "the platform refused it"),
        ("slack error 500", "the platform refused it"),
        ("slack_error_unknown", "the platform refused it"),
        ("OSError", "the platform refused it"),
        ("SSLError", "the platform refused it"),
        ("accesslimited", "the platform refused it"),
        ("timeout", "did not answer in time"),
    ]:
        apology = routes.apology(Outbound(CHANNEL, ()), Delivery(ok=False, error=code))
        shown = text(apology)
        assert words in shown and code not in shown, shown
        assert "invite me with /invite @Rebound" in shown
        assert apology.destination.kind is DestinationKind.EPHEMERAL


def test_reasons_already_in_words_are_kept() -> None:
    assert routes.plain_reason("member closed DMs") == "member closed DMs"
    assert routes.plain_reason("history unavailable") == "history unavailable"


def test_a_private_reply_sent_to_the_dm_is_answered_honestly() -> None:
    export = Outbound(PRIVATE, (), attachments=(Attachment("x.json", "application/json", b"{}"),))
    sent = routes.delivered(export)
    assert sent is not None and "sent it to your DMs" in text(sent)
    assert sent.destination.kind is DestinationKind.EPHEMERAL
    assert routes.delivered(Outbound(CHANNEL, ())) is None, "a channel post is seen there"

    closed = Delivery(ok=False, error="dm_closed", dm_closed=True)
    said = text(routes.apology(export, closed, private_in_dm=True))
    assert "could not send that to your DMs (your DMs are closed to me)" in said
    assert "/invite" not in said
    unclear = Delivery(ok=False, error="x 500", ambiguous=True)
    said = text(routes.apology(export, unclear, private_in_dm=True))
    assert "could not tell whether that reached your DMs" in said
    # where private replies are posted in the channel (Slack), the channel's apology
    assert "/invite" in text(routes.apology(export, closed))
