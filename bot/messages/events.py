"""What members read about the group calendar: `/event add|list|cancel`, the event post with
its answer buttons, the invite DM and the note when an event is cancelled.

Kept here, apart from the logic in `bot.events`, so the words can be read and changed in one
place. `{command}`-style examples are spelled `/event …` and respelled where `/event` is only
reachable as `/rebound event` (`Menu.rewrite`).
"""

from __future__ import annotations

# --- answering an event's post ---
GOING = "Going"
INTERESTED = "Interested"
NOT_GOING = "Not going"
# The counts under the post, by `RsvpChoice` value.
COUNT_LABELS = {"going": GOING, "interested": INTERESTED, "not_going": NOT_GOING}

# --- the post in the group channel ---
POST_TITLE = "New on the group calendar: **{title}**"
POST_WHEN = "**When:** {when}"
POST_WHERE = "**Where:** {place}"
POST_LINK = "**Link:** {link}"
POST_ASK = "Will you be there? Your answer updates the counts below; the invite is attached."
POST_SUMMARY = "New on the group calendar: {title}"

# --- /event add ---
ADDED = (
    "Added **{title}** to the group calendar for {when} (number {id}). Its post, with answer "
    "buttons and a calendar invite, goes to the group channel. To cancel it: `/event cancel {id}`"
)
NO_GROUP = (
    "I don't know your group yet: use any command once in your group's channel, then add the "
    "event from there."
)
WHEN_EXAMPLES = "`next Thursday 6pm`, `tomorrow 18:30`, `Dec 3 6pm` or `2026-12-03 18:00`"
WHEN_UNREADABLE = (
    "I couldn't read `{when}` as a date and time. Try something like " + WHEN_EXAMPLES + ", "
    "for example:\n\n`/event add Tech job fair at next Thursday 6pm https://fair.example`"
)
WHEN_NO_TIME = (
    "What time does it start? I read `{when}` as a day without a time. For example: "
    "`/event add {title} at {when} 6pm`"
)
WHEN_PAST = (
    "`{when}` is {at} in your time, which has already passed. Events go on the calendar before "
    "they happen; for example `/event add {title} at next Thursday 6pm`. (To log one you went "
    "to: `/event {title}`.)"
)
WHEN_TOO_FAR = (
    "`{when}` is {at}, more than a year away: the calendar only takes events within the next "
    "year. For example: `/event add {title} at next Thursday 6pm`"
)

# --- /event list ---
LIST_TITLE = "**Your group's upcoming events**"
LIST_EMPTY = (
    "No upcoming events on the group calendar. Add one with "
    "`/event add Tech job fair at next Thursday 6pm`."
)
LIST_ITEM = "{id}. **{title}**, {when}"
LIST_PLACE = ", {place}"
LIST_GOING = " · going: {who}"
LIST_NOBODY = " · no one going yet"
LIST_UNNAMED = "{count} more"  # going, but their privacy is not `full`: counted, never named
LIST_ONE = "{count} member"  # when no one going is named
LIST_MANY = "{count} members"
LIST_MORE = "And {count} more later on."
LIST_CANCEL = "To cancel one you added: `/event cancel <number>`."

# --- /event cancel ---
CANCELLED = "Cancelled **{title}** ({when}). {told}"
CANCELLED_TOLD = "I'm letting the {count} member who said they're going know by DM."
CANCELLED_TOLD_PLURAL = "I'm letting the {count} members who said they're going know by DM."
CANCELLED_NOBODY = "No one had said they're going."
CANCELLED_DM = (
    "**{title}** ({when}) is cancelled, so there's no need to go. You said you were going, "
    "which is why I'm telling you. If you added it to your calendar, you can take it out."
)
CANCELLED_POST = "**{title}** ({when}) is cancelled."
CANCEL_UNKNOWN = (
    "There's no event number {id} on your group's calendar. `/event list` shows the upcoming "
    "ones with their numbers. Nothing was changed."
)
CANCEL_NOT_YOURS = (
    "**{title}** was added by someone else, so only they or an organiser can cancel it. "
    "Nothing was changed."
)
CANCEL_ALREADY = "**{title}** was already cancelled. Nothing was changed."
CANCEL_OVER = "**{title}** is already over, so there's nothing to cancel. Nothing was changed."

# --- pressing an answer button ---
RSVP_CANCELLED = "**{title}** was cancelled, so I didn't record an answer."
RSVP_STARTED = "**{title}** has already started, so I didn't record an answer."
GOING_DM = (
    "You're going to **{title}**: see you there. The invite is attached; open it to add the "
    "event to your calendar."
)

# --- the invite (.ics) ---
INVITE_FILENAME = "event-{id}.ics"
INVITE_DESCRIPTION = "Added to your group's calendar by Rebound."

# Problems with what was typed after `/event` (merged into `replies.PROBLEMS`).
PROBLEMS = {
    "usage_event": (
        "Which event did you go to? For example: `/event city tech job fair, met two recruiters`"
        "\n\nTo put one on your group's calendar: `/event add Tech job fair at next Thursday "
        "6pm https://fair.example where: Hall 3`. `/event list` shows the upcoming ones, "
        "`/event cancel <number>` cancels one you added."
    ),
    "usage_event_add": (
        "Give the event a title, then `at` and when it starts, for example:\n\n"
        "`/event add Tech job fair at next Thursday 6pm https://fair.example where: Hall 3`\n\n"
        "The link and the place are optional; the place goes after `where:` or after the link."
    ),
    "usage_event_cancel": (
        "Which event? Give its number, for example `/event cancel 3`; `/event list` shows them."
    ),
    "event_link_scheme": (
        "The link `{url}` doesn't start with `https://` or `http://`, so I left the event out. "
        "Use a web address, for example `https://fair.example/jobs`."
    ),
}
