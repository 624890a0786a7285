"""What Rebound shows for `/rejected list` and `/feedback list` (see `bot.commands.history`)."""

HISTORY_EMPTY_REJECTED = (
    "You haven't logged any rejections yet. When a company says no, log it with "
    "`/rejected <company>` and I'll plan three gentle follow-ups."
)
HISTORY_EMPTY_FEEDBACK = (
    "No feedback saved yet. When a company tells you why, keep it with "
    "`/feedback <company>: <what they said>`."
)
HISTORY_HEADER_REJECTED = "**Your rejections** ({count}, newest first)"
HISTORY_HEADER_FEEDBACK = "**Your saved feedback** ({count}, newest first, only you see this)"
HISTORY_PAGE = "Showing {first}-{last} of {count}. `{command} list {next}` shows the next ones."
HISTORY_REJECTION = "**{company}**{role_suffix}{stage}, logged {when}"
HISTORY_FEEDBACK = "**{company}**, {when}:"
