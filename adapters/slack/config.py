"""What the Slack adapter needs to know, taken from Settings once at start."""

from __future__ import annotations

from dataclasses import dataclass

SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "channels:history",
    "groups:history",
    "users:read",
    "files:write",
)


@dataclass(frozen=True)
class SlackConfig:
    signing_secret: str = ""
    bot_token: str = ""  # single workspace
    app_token: str = ""  # Socket Mode when set
    client_id: str = ""  # multi-workspace OAuth when set, with client_secret
    client_secret: str = ""
    api_url: str = "https://slack.com/api/"
    port: int = 3000

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @property
    def oauth(self) -> bool:
        return bool(self.client_id and self.client_secret)

    def problems(self) -> list[str]:
        """Every reason this configuration cannot start, each naming the variable, what is wrong
        and what would work; a token's value is never repeated (only its public prefix)."""
        found = [*self._missing(), *self._contradictions()]
        found += _shape("SLACK_BOT_TOKEN", self.bot_token, BOT_PREFIX)
        found += _shape("SLACK_APP_TOKEN", self.app_token, APP_PREFIX)
        found += _pasted("SLACK_SIGNING_SECRET", self.signing_secret)
        found += _pasted("SLACK_CLIENT_ID", self.client_id)
        found += _pasted("SLACK_CLIENT_SECRET", self.client_secret)
        return found

    def _missing(self) -> list[str]:
        found = []
        if self.client_id and not self.client_secret:
            found.append(
                "SLACK_CLIENT_SECRET is missing: SLACK_CLIENT_ID is set, and the install for "
                "several workspaces needs both; copy the Client Secret from the app's Basic "
                "Information page, or unset SLACK_CLIENT_ID to serve one workspace"
            )
        if self.client_secret and not self.client_id:
            found.append(
                "SLACK_CLIENT_ID is missing: SLACK_CLIENT_SECRET is set, and the install for "
                "several workspaces needs both; copy the Client ID from the app's Basic "
                "Information page, or unset SLACK_CLIENT_SECRET to serve one workspace"
            )
        if not self.bot_token and not (self.client_id or self.client_secret):
            pairs = (
                ("SLACK_APP_TOKEN", self.app_token),
                ("SLACK_SIGNING_SECRET", self.signing_secret),
            )
            given = [name for name, value in pairs if value]
            why = (
                f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} set, but "
                if given
                else ""
            )
            found.append(
                f"SLACK_BOT_TOKEN is missing: {why}Rebound needs a token to "
                "talk to Slack; set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-..., "
                "OAuth & Permissions page), or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to "
                "serve several workspaces"
            )
        if not self.socket_mode and not self.signing_secret:
            found.append(
                "SLACK_SIGNING_SECRET is missing: HTTP mode (no SLACK_APP_TOKEN) needs it to "
                "check that requests come from Slack; set it to the app's Signing Secret (Basic "
                "Information page), or set SLACK_APP_TOKEN for Socket Mode"
            )
        return found

    def _contradictions(self) -> list[str]:
        found = []
        several = self.client_id or self.client_secret
        if self.socket_mode and several:
            found.append(
                "SLACK_APP_TOKEN contradicts SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: Socket "
                "Mode serves one workspace, the install for several needs HTTP mode; unset "
                "SLACK_APP_TOKEN for several workspaces, or unset SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET and keep SLACK_BOT_TOKEN for one"
            )
        if self.bot_token and several:
            found.append(
                "SLACK_BOT_TOKEN contradicts SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: one "
                "workspace uses the bot token, several get theirs from each install; unset "
                "SLACK_BOT_TOKEN for several workspaces, or unset SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET for one"
            )
        return found


BOT_PREFIX = "xoxb-"
APP_PREFIX = "xapp-"
# Slack's token kinds by their public prefixes, to say which one was pasted in the wrong place.
_KINDS = {
    "xoxb-": "a bot token, which belongs in SLACK_BOT_TOKEN",
    "xapp-": "an app-level token, which belongs in SLACK_APP_TOKEN",
    "xoxp-": "a user token, which Rebound does not use",
    "xoxe": "a token-rotation token, which Rebound does not use",
}


def _pasted(name: str, value: str) -> list[str]:
    """A value that cannot be what Slack shows: only spaces (it counts as set, so Slack was
    meant to run), or spaces or line breaks around or inside it (none of Slack's have any)."""
    if not value:
        return []
    if not value.strip():
        return [f"{name} is blank (only spaces): paste its value, or leave it unset"]
    if any(c.isspace() for c in value):
        return [f"{name} contains spaces or line breaks: paste the value alone, on one line"]
    return []


def _shape(name: str, token: str, prefix: str) -> list[str]:
    """A token that cannot be the one asked for: a wrong kind, or spaces around or inside it."""
    if not token:
        return []
    if not token.strip():
        return [f"{name} is blank (only spaces): paste the token, or leave it unset"]
    if any(c.isspace() for c in token):
        return [f"{name} contains spaces or line breaks: paste the token alone, on one line"]
    if token.startswith(prefix):
        return []
    kind = next((k for p, k in _KINDS.items() if token.startswith(p)), None)
    what = f"holds {kind}" if kind else "is not a Slack token of this kind"
    wanted = (
        "the Bot User OAuth Token (OAuth & Permissions page)"
        if prefix == BOT_PREFIX
        else "an App-Level Token with connections:write (Basic Information page)"
    )
    return [f"{name} {what}: it takes {wanted}, which starts with {prefix}"]
