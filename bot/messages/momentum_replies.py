"""Words for "does following up work?": the DM a week after a follow-up was marked sent, the
answers to its buttons, a member's own reply figures, the group's reply rate, and the private
feedback journal."""

# --- the DM a week after a follow-up was marked sent ---
ASK = (
    "A week ago you sent your **{email}** to **{company}**. Did they reply? "
    "Whatever the answer, telling me shows you what following up brings."
)
ASK_SUMMARY = "Did {company} reply?"
FEEDBACK_BUTTON = "Replied with feedback"
REPLIED_BUTTON = "Replied"
NONE_BUTTON = "No reply yet"

# --- the answers to its buttons (only the member sees them; pressed again, they change it) ---
ANSWER_FEEDBACK = (
    "Good to hear: **{company}** replied, with feedback. Save what they said while it's fresh, "
    "so it's there when you need it (only you will see it):\n\n`/feedback {company}: …`"
)
ANSWER_REPLIED = (
    "Good to hear: **{company}** replied. That's following up doing its job. If they shared "
    f"feedback after all, press **{FEEDBACK_BUTTON}**."
)
ANSWER_NONE = (
    "Thanks for telling me. No reply yet is common, and it says nothing about you: many "
    f"employers never answer. If **{{company}}** writes back later, press **{REPLIED_BUTTON}** "
    "here."
)

# --- a member's own figures ---
FIGURES_TITLE = "**Your follow-ups**"
SENT_ONE = "1 follow-up sent"
SENT_MANY = "{count} follow-ups sent"
REPLIES_NONE = "no replies yet"
REPLIES_ONE = "1 reply"
REPLIES_MANY = "{count} replies"
WITH_FEEDBACK = "{count} with feedback"
FIGURES_HOW = "Replies are what you told me when I asked whether they replied."
FIGURES_NONE = (
    "No follow-ups marked sent yet. When you send one, press **I sent it** on it and it counts "
    "here."
)

# --- the group's reply rate (group-facing: numbers only) ---
RATE = "**Follow-ups that got a reply:** {replied} of {sent} ({percent}%), as members told me."
RATE_FEEDBACK = (
    "**Follow-ups that got a reply:** {replied} of {sent} ({percent}%), {with_feedback} with "
    "feedback, as members told me."
)

# --- the feedback journal (only ever shown to the member it belongs to) ---
JOURNAL_TITLE = "**What your feedback keeps mentioning** (only you see this)"
JOURNAL_LINE = "{theme}: {count} of {total}"
JOURNAL_HOW = (
    "Counted from the feedback you saved with `/feedback`: a theme shows once it comes up in at "
    "least 2 entries. It's a pattern worth a look, not a verdict."
)
JOURNAL_EMPTY = (
    "Save what employers tell you with `/feedback <company>: <what they said>`. Once you have a "
    "few, I'll point out what comes up more than once."
)
JOURNAL_NO_THEMES = (
    "Nothing comes up in more than one of your {total} saved feedback entries yet. Different "
    "employers, different asks: keep saving them and patterns will show if there are any."
)
