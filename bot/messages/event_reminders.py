"""Words for an event's reminders: the two in the group channel, the DM shortly before, and the
"did you make it?" DM after, with the answers to its buttons."""

WEEK_TITLE = "**In a week: {title}**"
DAY_TITLE = "**Tomorrow: {title}**"
WHEN = "When: {when}"
WHERE = "Where: {where}"
LINK = "Details: {link}"
GOING_NONE = "No one has said they're going yet. Going together makes walking in easier."
GOING_ONE = "1 member is going."
GOING_MANY = "{count} members are going."
CHANNEL_POINTER = "Going? Say so on the event's post, or see what's coming with `/event list`."
CHANNEL_SUMMARY_WEEK = "In a week: {title}"
CHANNEL_SUMMARY_DAY = "Tomorrow: {title}"

SOON = (
    "**{title}** starts at {when}. You don't need a pitch: one good conversation makes it worth "
    "the trip. Ask people what they're working on, and listen."
)
SOON_SUMMARY = "Soon: {title}"

AFTER = (
    "How did **{title}** go? Did you make it, and who did you meet? If you met someone, log it "
    "with `/networked <who and where>` so you remember to follow up, and it counts for the group."
)
AFTER_SUMMARY = "Did you make it to {title}?"
WENT = "I went"
MISSED = "Didn't make it"

WENT_LOGGED = (
    "Logged: you went to **{title}**. Showing up is the hard part, and you did it. "
    "Who did you meet? `/networked <who and where>` keeps track of them."
)
WENT_ALREADY = "You'd already told me you went to **{title}**; it's logged once."
MISSED_OK = (
    "Thanks for telling me. Missing one is fine; there'll be others. "
    "`/event list` shows what's coming up."
)
MISSED_UNDONE = (
    "Got it: **{title}** is no longer logged as attended. There'll be others; "
    "`/event list` shows what's coming up."
)
NOT_GOING = (
    "That question was only for members who answered the event's post; nothing was logged. "
    "To log an event you went to, use `/event <what you attended>`."
)
