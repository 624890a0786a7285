"""What Rebound answers about a member's own settings and data (see `bot.commands.account`):
timezone,
quiet hours, weekends and privacy, set or shown, and exporting or forgetting everything.
"""

# What each privacy level means, in the words README uses too (a test holds them together).
PRIVACY_MEANS: dict[str, str] = {
    "counts": (
        "the weekly summary shows your name with your numbers (how many applications, "
        "follow-ups and so on) and your streak, never which companies (the default)"
    ),
    "full": (
        "as with `counts`, and the weekly summary and `/momentum` also show the companies you "
        "applied to or followed up with (and the role, if you gave one); the networking prompt "
        "and `/event list` name you too"
    ),
    "private": "you don't appear in group posts at all, not even in the numbers",
}

TIMEZONE_SET = (
    "Your timezone is now **{name}**. It's {now} there. Planned follow-ups keep their local time."
)
QUIET_SET = "Quiet hours set to **{start}-{end}** your time. I won't DM you then."
WEEKENDS_SKIP = "Weekends are yours: nudges due on Saturday or Sunday wait until Monday."
WEEKENDS_ALLOW = "Nudges may arrive on any day of the week."
QUIET_OFF = "Quiet hours are off: nudges may arrive at any hour."
PRIVACY_SET = {
    level: f"Privacy set to **{level}**: {means}." for level, means in PRIVACY_MEANS.items()
}
TIMEZONE_SHOW = (
    "Your timezone is **{name}**; it's {now} there. To change it: `/rebound timezone Area/City`, "
    "for example `/rebound timezone Europe/Berlin`."
)
TIMEZONE_SHOW_GROUP = (
    "You haven't chosen a timezone, so I use the group's, **{name}**; it's {now} there. To set "
    "yours: `/rebound timezone Area/City`, for example `/rebound timezone Europe/Berlin`."
)
QUIET_SHOW = (
    "Your quiet hours are **{start}-{end}** your time: I don't DM you then. Change them with, "
    "for example, `/rebound quiet 22:00-07:00`, or turn them off with `/rebound quiet off`."
)
QUIET_SHOW_OFF = (
    "Quiet hours are off: nudges may arrive at any hour. Turn them on with, for example, "
    "`/rebound quiet 21:00-08:00`."
)
WEEKENDS_SHOW_SKIP = (
    "Weekends are yours: nudges due on Saturday or Sunday wait until Monday. "
    "`/rebound weekends allow` lets them arrive on any day."
)
WEEKENDS_SHOW_ALLOW = (
    "Nudges may arrive on any day of the week. `/rebound weekends skip` keeps Saturdays and "
    "Sundays free (they wait until Monday)."
)
PRIVACY_SHOW = {
    level: f"Your privacy is **{level}**: {means}.\n\nTo change it: "
    "`/rebound privacy counts`, `/rebound privacy full` or `/rebound privacy private`."
    for level, means in PRIVACY_MEANS.items()
}

EXPORT_READY = "Here's everything I store about you, as JSON."
FORGET_CONFIRM = (
    "This permanently deletes everything I store about you: rejections, notes, follow-ups, "
    "activity and settings. It can't be undone. Want a copy first? `/rebound export`. "
    "Are you sure?"
)
FORGOTTEN = (
    "Done. Everything Rebound stored about you is deleted. If you come back, you'll start fresh."
)
FORGET_KEPT = "Okay, I kept everything as it was."
FORGET_ALREADY = "Already done: Rebound stores nothing about you."
FORGET_STALE = (
    "That confirmation is from before your data was deleted, so I left alone what you've logged "
    "since. To delete that too, use `/rebound forget` again."
)
