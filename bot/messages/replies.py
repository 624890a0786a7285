"""Everything Rebound answers to a command, as templates (see bot.markup for the syntax).

Problems are phrased as help, never as blame: say what was wrong and show an example that works.
"""

PROBLEMS: dict[str, str] = {
    "usage_rejected": (
        "Tell me which company it was, and I'll take it from there. For example:\n\n"
        "`/rejected Acme Corp role: Data Analyst note: two rounds, nice team`\n\n"
        "`role:` and `note:` are optional. Your note stays private to you."
    ),
    "usage_applied": (
        "Which company did you apply to? For example: `/applied Globex role: Product Designer`"
    ),
    "usage_feedback": (
        "Tell me the company and what they said. For example:\n\n"
        "`/feedback Acme Corp: wanted more SQL experience`"
    ),
    "usage_networked": (
        "What did you do? For example: `/networked coffee chat with a former colleague at Initech`"
    ),
    "usage_event": (
        "Which event did you go to? For example: `/event city tech job fair, met two recruiters`"
    ),
    "usage_timezone": (
        "Which zone are you in? Use an IANA name, for example `/rebound timezone Europe/Berlin` "
        "or `/rebound timezone America/New_York`."
    ),
    "usage_quiet": (
        "Quiet hours look like `/rebound quiet 21:00-08:00` (24-hour clock, your local time). "
        "`/rebound quiet off` lets nudges arrive at any hour."
    ),
    "usage_weekends": (
        "`/rebound weekends skip` keeps Saturdays and Sundays free of nudges (they wait until "
        "Monday); `/rebound weekends allow` lets them arrive any day."
    ),
    "usage_privacy": (
        "Choose one of:\n\n"
        "- `counts`: the group sees your numbers only (the default)\n"
        "- `full`: the group may also see company names\n"
        "- `private`: you never appear in group posts"
    ),
    "too_long": "That {what} is a bit long: please keep it to {limit} characters.",
    "unknown_command": "I don't know `/{command}`. Try `/rebound help` for everything I can do.",
    "unknown_subcommand": "I don't know `/rebound {sub}`. Try `/rebound help`.",
    "unknown_timezone": "I don't recognise the zone `{name}`.",
    "unknown_timezone_suggest": "I don't recognise the zone `{name}`. Did you mean `{suggestion}`?",
    "not_yours": "That button belongs to someone else's follow-up, so I left it alone.",
    "gone": "That one no longer exists: it may have been undone or deleted.",
    "already": "Already taken care of: that follow-up is {state}.",
}

LOGGED_REJECTION = "Logged **{company}**{role_suffix}. Here's your follow-up plan:"
PLAN_ITEM = "**{title}**, {when}: {purpose}"
PLAN_FOOTER = (
    "I'll send each one to you privately with a draft ready to copy. `/followups` shows them "
    "all, and you can snooze or skip any of them."
)
DUPLICATE_REJECTION = (
    "You already logged **{company}** {when}, so I kept that one instead of adding it twice. "
    "Here's its plan:"
)
UNDONE = "Removed **{company}** and its follow-ups. Nothing was sent."

APPLIED = "Application to **{company}**{role_suffix} logged. Every application is a fresh chance."
EVENT = "Event logged. Showing up where the people are is half the work. Well done."
MOMENTUM_NO_GROUP = "Use `/momentum` in your group's channel to see how its week is going."
NETWORKED = "Networking logged. Those conversations are how most roles are found. Nice work."
FEEDBACK_LINKED = (
    "Feedback from **{company}** saved. Keep it handy for the next interview. "
    "I've dropped the feedback request for {company} since they already answered."
)
FEEDBACK_PLAIN = "Feedback from **{company}** saved. Keep it handy for the next interview."

NUDGE_INTRO = "Hi {name}! Time for your {title} to **{company}**{role_suffix}: {purpose}."
NUDGE_DRAFT = "Here's a draft to copy, change a word or two, and send:"
NUDGE_OUTRO = "Tell me when it's sent, or snooze it if now isn't the moment."
CATCH_UP_LATE = (
    "Hi {name}! While I was offline, {count} follow-ups came due. Here they are in one go, no rush:"
)
CATCH_UP_TOGETHER = "Hi {name}! {count} follow-ups are due now, so here they are together:"
CATCH_UP_ITEM = "**{company}**{role_suffix}: your {title} ({purpose})."
DMS_CLOSED = "your DMs are closed to me; open them, then use /followups"
DRAFT_PREVIEW = "Here's the draft for your **{title}** to **{company}** (due {when}):"

HOME_TITLE = "**Your week, {name}** (the last seven days)"
FOLLOWUPS_EMPTY = (
    "No follow-ups yet. When a company says no, log it with `/rejected <company>` and I'll "
    "plan three gentle follow-ups for you."
)
FOLLOWUPS_HEADER = "Your follow-ups"
FOLLOWUPS_MORE = "…and {count} more. Deal with these first and I'll show the rest."
MARKED_DONE = "Nice: **{title}** to **{company}** marked as sent. That counts toward your week."
SNOOZED = "Snoozed: I'll remind you about the **{title}** to **{company}** {when}."
SKIPPED = "Skipped the **{title}** to **{company}**. No nudge for that one."

TIMEZONE_SET = (
    "Your timezone is now **{name}**. It's {now} there. Planned follow-ups moved with you."
)
QUIET_SET = "Quiet hours set to **{start}-{end}** your time. I won't DM you then."
WEEKENDS_SKIP = "Weekends are yours: nudges due on Saturday or Sunday wait until Monday."
WEEKENDS_ALLOW = "Nudges may arrive on any day of the week."
QUIET_OFF = "Quiet hours are off: nudges may arrive at any hour."
PRIVACY_SET = {
    "counts": "Privacy set to **counts**: the group sees your numbers, never company names.",
    "full": "Privacy set to **full**: group summaries may mention the companies you log.",
    "private": "Privacy set to **private**: you won't appear in group posts at all.",
}
EXPORT_READY = "Here's everything I store about you, as JSON."
FORGET_CONFIRM = (
    "This permanently deletes everything I store about you: rejections, notes, follow-ups, "
    "activity and settings. It can't be undone. Are you sure?"
)
FORGOTTEN = "Done. I deleted {count} records. If you come back, you'll start fresh."
FORGET_KEPT = "Okay, I kept everything as it was."

HELP = """
**Rebound** helps your group turn rejections into follow-ups and keep the search moving.

- `/rejected <company> [role: …] [note: …]`: log a rejection; I plan three follow-ups
- `/followups`: what's coming up and what's waiting on you
- `/feedback <company>: <what they said>`: save feedback you received
- `/applied <company> [role: …]`: log an application
- `/networked <what you did>`: log networking
- `/event <what you attended>`: log a job fair, meetup or industry event
- `/momentum`: the group's last seven days, in numbers
- `/rebound timezone <Area/City>`: set your zone (for example Europe/Berlin)
- `/rebound quiet 21:00-08:00`: when I must not DM you (`off` to allow any time)
- `/rebound weekends skip|allow`: keep weekends free of nudges, or not
- `/rebound privacy counts|full|private`: what the group may see of you
- `/rebound export`: download your data
- `/rebound forget`: delete all your data

Notes you add stay private to you.
"""

# One line per command, for platform menus (Slack's manifest).
COMMAND_SUMMARIES: dict[str, tuple[str, str]] = {
    "rejected": ("Log a rejection and plan three follow-ups", "<company> [role: …] [note: …]"),
    "followups": ("Your follow-ups: planned, waiting on you, done", ""),
    "feedback": ("Save feedback a company gave you", "<company>: <what they said>"),
    "applied": ("Log an application", "<company> [role: …]"),
    "networked": ("Log networking you did", "<what you did>"),
    "event": ("Log a job fair, meetup or industry event you went to", "<what you attended>"),
    "momentum": ("Your group's last seven days, in numbers", ""),
    "rebound": (
        "Help, settings and your data",
        "help | timezone | quiet | weekends | privacy | export | forget",
    ),
}

# --- time zones (input helper: abbreviations and fixed offsets) ---
PROBLEMS["fixed_timezone"] = (
    "`{name}` is an abbreviation or a fixed offset: it never changes for daylight saving, so "
    "half the year your nudges would arrive an hour early or late. Use the zone of a place "
    "instead, for example `/rebound timezone {suggestion}` (or `UTC` if you really want no "
    "daylight saving)."
)
