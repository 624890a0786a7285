"""What Rebound answers when a member undoes a logged rejection or entry (see `bot.commands.undo`).

An undo that would take more than the member might expect (a follow-up already nudged or marked
as sent) asks first and lists what goes, so nothing is lost by surprise.
"""

UNDONE = (
    "Removed **{company}** and its planned follow-ups. None of them had reached you yet, so "
    "nothing else changes."
)
UNDO_ASK = (
    "Some of your follow-ups to **{company}** are already under way, so I'm checking first. "
    "Undo removes this rejection for good, together with:"
)
UNDO_ASK_OUTRO = "Remove it all?"
UNDO_ASK_COUNTED = (
    "Follow-ups you marked as sent stop counting toward your week once removed. Remove it all?"
)
UNDO_YES = "Yes, remove it all"
UNDO_NO = "Keep it"
UNDONE_LISTED = "Removed **{company}**, together with:"
UNDO_KEPT = "Okay, I kept **{company}** and its follow-ups as they were."
UNDO_ITEM_DONE = "the **{title}** you marked as sent {when}: it no longer counts toward your week"
UNDO_ITEM_NUDGED = (
    "the **{title}** I nudged you about {when} (that message stays in your DMs, but its buttons "
    "will only tell you it's gone)"
)
UNDO_ITEM_SENDING = "the **{title}**, whose nudge is on its way to you right now"
UNDO_ITEM_UNSENT = "the **{title}**, not sent yet"
UNDO_ITEM_ANSWERED = "the **{title}**, closed because they already gave you feedback"
UNDO_ITEM_SKIPPED = "the **{title}**, which you skipped"
UNDO_ITEM_NUDGED_SKIPPED = "the **{title}** I nudged you about {when}, which you then skipped"
UNDO_FEEDBACK_KEPT = (
    "The feedback you saved from **{company}** stays: `/feedback list` still shows it."
)

# The undo button under a logged application, networking or event (see `bot.commands.checkins`).
ACTIVITY_UNDONE = {
    "applied": "Removed your application to **{detail}** from your log.",
    "networked": "Removed that networking entry from your log.",
    "event": "Removed that event from your log.",
}
ACTIVITY_UNDONE_OTHER = "Removed that entry from your log."
ACTIVITY_ALREADY_UNDONE = "Already undone: that entry is no longer in your log."
