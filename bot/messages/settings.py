"""What `/rebound settings` and `/rebound admin` say: the group's settings, their changes, and
the answers to input that cannot be used (each with an example that works)."""

from __future__ import annotations

# --- who may change the group -----------------------------------------------------------------

REFUSED_SETTINGS = (
    "Only an organiser or a group admin can change the group's settings. `/rebound settings` "
    "shows them; ask an admin (`/rebound admin list`) to change one. Nothing was changed."
)
REFUSED_ADMIN = (
    "Only an organiser or a group admin can add or remove group admins. `/rebound admin list` "
    "shows who they are. Nothing was changed."
)
NO_GROUP = "Run this in your group's channel: the settings belong to the group that meets there."

# --- /rebound settings ------------------------------------------------------------------------

SHOW = """**The group's settings** ({channel})
- timezone: {zone}
- weekly summary: {summary}
- networking prompt: {networking}
- weekly posts: {posts}
- follow-ups: {cadence}
- quiet hours for members who never chose theirs: {quiet}
- weekends for members who never chose: {weekends}

Organisers and group admins change them, for example
`/rebound settings summary fri 17:00`, `/rebound settings networking wed 12:00`,
`/rebound settings timezone Europe/Berlin`, `/rebound settings cadence 1 3 21`,
`/rebound settings quiet 21:00-08:00` (or `off`), `/rebound settings weekends skip` (or `keep`),
`/rebound settings posts off` (or `on`)."""
POSTS_ON = "on"
POSTS_OFF = "off (nothing is posted to the group)"
SLOT_OFF = "off"
CADENCE_STANDARD = (
    "the standard plan: thank-you the next business morning, feedback request 3 days and "
    "future consideration 21 days after it"
)
CADENCE_DAYS = "{first}, {second} and {third} days after the rejection, at 10:00 on a weekday"
QUIET_OFF = "off (any hour)"
WEEKENDS_SKIP = "skipped (nudges wait until Monday)"
WEEKENDS_KEEP = "kept (nudges may arrive on Saturday and Sunday)"

TIMEZONE_SET = (
    "The group's timezone is now **{zone}** (it is {now} there). Weekly posts come at their "
    "times in that zone; planned follow-ups of members without a zone of their own keep their "
    "local time."
)
SUMMARY_NAME = "weekly summary"
NETWORKING_NAME = "networking prompt"
SLOT_SET = "The {what} now comes on **{slot}**, next on {when}."
SLOT_SET_OFF = "The {what} is now **off**."
SLOT_SET_POSTS_OFF = (
    "The {what} will come on **{slot}** once the weekly posts are on again "
    "(`/rebound settings posts on`)."
)
POSTS_SET_OFF = (
    "The group's weekly posts are **off**: nothing planned is posted, and nothing new is. "
    "`/rebound settings posts on` starts them again."
)
POSTS_SET_ON = "The group's weekly posts are **on** again, from the next slot that comes round."
CADENCE_SET = "Follow-ups are now planned {cadence}."
CADENCE_SET_STANDARD = "Follow-ups are planned on {cadence} again."
QUIET_SET = (
    "Members who never chose their own quiet hours now get no DMs from **{start}** to "
    "**{end}** (their local time)."
)
QUIET_SET_OFF = "Members who never chose their own quiet hours may now get DMs at any hour."
WEEKENDS_SET_SKIP = "Members who never chose now get no nudges on Saturdays and Sundays."
WEEKENDS_SET_KEEP = "Members who never chose may now get nudges on Saturdays and Sundays."
REPLANNED = "{count} planned follow-up moved to match."
REPLANNED_PLURAL = "{count} planned follow-ups moved to match."
CANCELLED = "A post of the old schedule that had not gone out yet was cancelled."

# --- /rebound admin ---------------------------------------------------------------------------

ADMIN_ADDED = (
    "**{name}** is now a group admin: they may run `/rebound setup` and change `/rebound settings`."
)
ADMIN_ALREADY = "**{name}** is already a group admin. Nothing was changed."
ADMIN_REMOVED = "**{name}** is no longer a group admin."
ADMIN_NOT_ONE = "**{name}** is not a group admin. Nothing was changed."
ADMIN_LIST = "**Group admins**, besides the platform's organisers:"
ADMIN_LINE = "- {name}"
ADMIN_NONE = (
    "No group admins yet: only the platform's organisers (Discord: Manage Server; Slack: "
    "workspace admins and owners) may run `/rebound setup` and change `/rebound settings`. "
    "They add one with `/rebound admin add @member`."
)

# --- input that cannot be used ----------------------------------------------------------------

PROBLEMS: dict[str, str] = {
    "settings_unknown": (
        "I don't know the setting `{what}`. Try `/rebound settings` to see them all, or for "
        "example `/rebound settings summary fri 17:00`."
    ),
    "settings_timezone": (
        "Give the group's zone as an IANA name, for example "
        "`/rebound settings timezone Europe/Berlin`."
    ),
    "settings_slot": (
        "Give a weekday and a 24-hour time, for example `/rebound settings {what} fri 17:00` "
        "(or `/rebound settings {what} off`)."
    ),
    "settings_cadence": (
        "Give three whole numbers of days after the rejection, each larger than the one "
        "before and at most 365, for example `/rebound settings cadence 1 3 21` "
        "(or `/rebound settings cadence standard`)."
    ),
    "settings_quiet": (
        "Quiet hours look like `/rebound settings quiet 21:00-08:00` (24-hour clock, each "
        "member's local time), or `/rebound settings quiet off`."
    ),
    "settings_weekends": (
        "Say `/rebound settings weekends skip` (no nudges on Saturdays and Sundays) or "
        "`/rebound settings weekends keep`."
    ),
    "settings_posts": "Say `/rebound settings posts off` or `/rebound settings posts on`.",
    "admin_usage": (
        "Say `/rebound admin add @member`, `/rebound admin remove @member` or "
        "`/rebound admin list`."
    ),
    "admin_mention": (
        "I need a mention of one member, picked from the list as you type `@` (for example "
        "`/rebound admin add @Sam`); `{typed}` is not one."
    ),
}
