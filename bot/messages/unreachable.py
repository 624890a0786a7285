"""Words for a member whose direct messages are closed to Rebound: the one mention in their
group's channel, and what their next command's answer adds.

The mention is read by the whole group, so it says nothing of what is waiting (no company, role,
note or draft): only that something is, and where to see it privately.
"""

# `{mention}` pings that one member; `{waiting}` is `WAITING_ONE` or `WAITING_MANY`.
MENTION = (
    "{mention}, I couldn't reach you by direct message, so here's a nudge instead: you have "
    "{waiting} waiting. Use `/followups` to see them (only you will)."
)
WAITING_ONE = "1 follow-up"
WAITING_MANY = "{count} follow-ups"

# In `/followups`, a nudge refused once for closed DMs and waiting for its one more try.
STATUS_TRYING_AGAIN = ", _not delivered_: your DMs were closed to me; I'll try once more {when}"

# Added to the answer of the member's next command, which only they see.
NOTICE = (
    "**Your direct messages were closed to Rebound**, so my last nudge could not reach you. "
    "You have {waiting} waiting: use `/followups` to see them."
)
NOTICE_NOTHING_WAITING = (
    "**Your direct messages were closed to Rebound**, so my last nudge could not reach you. "
    "Nothing is waiting for you now."
)
HOW_TO_OPEN = (
    "To get nudges privately again, check that your settings allow direct messages from "
    "Rebound here (and that it isn't blocked). I'll try direct messages again from now on."
)
