"""Why something could not be posted, in words a member understands.

Platforms report failures as codes (Slack's `not_in_channel`, an exception's name): a member
never sees those. `bot.routes.plain_reason` looks a code up here, and falls back to
`UNKNOWN_REASON` for a code it does not know. A new platform adds its own codes here.
"""

# The apology when a reply in a channel could not be posted there; {reason} is a plain reason.
POST_FAILED = (
    "Sorry, I could not post that here ({reason}). "
    "If I'm not in this channel, invite me with /invite @Rebound."
)

# A private reply (a file, which goes to the member's DM) answered while they wait.
SENT_TO_DMS = "Done: I sent it to your DMs."
DM_FAILED = "Sorry, I could not send that to your DMs ({reason})."
DM_UNCLEAR = (
    "I could not tell whether that reached your DMs ({reason}). "
    "Have a look there, and try again if it isn't there."
)

UNKNOWN_REASON = "the platform refused it"

FAILURE_REASONS: dict[str, str] = {
    # Slack
    "not_in_channel": "I'm not a member of this channel",
    "channel_not_found": "I can't see this channel",
    "is_archived": "this channel is archived",
    "ratelimited": "the platform asked me to slow down; try again in a minute",
    "msg_too_long": "the message was too long",
    "invalid_blocks": "the message was not in a form the platform accepts",
    "missing_scope": "I'm missing a permission; an admin can reinstall me to grant it",
    "invalid_auth": "my installation in this workspace no longer works",
    "token_revoked": "my installation in this workspace no longer works",
    "not_authed": "my installation in this workspace no longer works",
    "account_inactive": "my installation in this workspace no longer works",
    "cannot_dm_bot": "your DMs are closed to me",
    "user_not_found": "I can't find your account",
    "user_disabled": "your account is deactivated",
    "messages_tab_disabled": "your DMs are closed to me",
    # Discord
    "dm_closed": "your DMs are closed to me",
    # connections (exception names)
    "TimeoutError": "the platform did not answer in time",
    "timeout": "the platform did not answer in time",
    "ClientConnectorError": "I could not reach the platform",
    "ServerDisconnectedError": "I could not reach the platform",
}
