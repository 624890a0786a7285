"""What `/rebound setup` says: to the channel it chose, and to someone who may not choose."""

from __future__ import annotations

CHOSEN = "**This is now the group's channel.** Rebound posts the group's weekly rhythm here:"
SUMMARY = "- the weekly momentum summary, next on {when}"
NETWORKING = "- the networking prompt, next on {when}"
NO_POSTS = "- nothing for now: this group's weekly posts are switched off"
REMINDERS = (
    "When a member's DMs are closed to me, I mention them here (never what the nudge was about)."
)
MOVED = "{count} member who first used Rebound in another channel now counts in this group."
MOVED_PLURAL = "{count} members who first used Rebound in other channels now count in this group."
DONE = (
    "Done: the group's posts now go to this channel. If my announcement does not show here, "
    "let me post in this channel: the weekly posts need that too."
)
REFUSED = (
    "Only an organiser or a group admin can choose the group's channel: someone with "
    "**Manage Server** on Discord, a workspace admin or owner on Slack, or someone made a group "
    "admin with `/rebound admin add`. Ask one of them to run `/rebound setup` in the channel "
    "your group uses. Nothing was changed."
)
NOT_A_CHANNEL = (
    "Run `/rebound setup` in the channel your group uses: it makes that channel the one "
    "where the group's posts go."
)
