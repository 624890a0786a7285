"""Everything Rebound answers to a command, as templates (see bot.markup for the syntax).

Problems are phrased as help, never as blame: say what was wrong and show an example that works.
Written as a thoughtful friend would: short enough for a phone, never guilt-tripping, and never
claiming what isn't so.
"""

from bot.messages import events
from bot.messages import goals as goal_words
from bot.messages import momentum as momentum_words
from bot.messages import settings as settings_words
from bot.messages.account import PRIVACY_MEANS
from bot.records import FollowUpKind

PROBLEMS: dict[str, str] = {
    **events.PROBLEMS,  # what `/event` says about its own grammar lives with its other words
    "usage_rejected": (
        "Tell me which company it was, and I'll take it from there. For example:\n\n"
        "`/rejected Acme Corp role: Data Analyst stage: interview note: two rounds, nice team`\n\n"
        "`role:`, `stage:` and `note:` are optional; put `note:` last, since everything after it "
        "is your note. Your note stays private to you."
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
    "usage_quiet": (
        "Quiet hours look like `/rebound quiet 21:00-08:00` (24-hour clock, your local time). "
        "`/rebound quiet off` lets nudges arrive at any hour."
    ),
    "usage_weekends": (
        "`/rebound weekends skip` keeps Saturdays and Sundays free of nudges (they wait until "
        "Monday); `/rebound weekends allow` lets them arrive any day."
    ),
    "usage_privacy": "Choose one of:\n\n"
    + "\n".join(f"- `{level}`: {means}" for level, means in PRIVACY_MEANS.items()),
    "too_long": "That {what} is a bit long: please keep it to {limit} characters.",
    "unknown_command": "I don't know `/{command}`. Try `/rebound help` for everything I can do.",
    "unknown_subcommand": "I don't know `/rebound {sub}`. Try `/rebound help`.",
    "unknown_timezone": "I don't recognise the zone `{name}`.",
    "unknown_timezone_suggest": "I don't recognise the zone `{name}`. Did you mean `{suggestion}`?",
    "not_yours": "That button is someone else's, so I left everything as it was.",
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
    "You already logged **{company}**{role_suffix} {when}, so I kept that one instead of adding "
    "it twice. "
    "Here's its plan:"
)

APPLIED = "Application to **{company}**{role_suffix} logged. Every application is a fresh chance."
EVENT = "Event logged. Meeting people face to face is how many doors open. Well done."
MOMENTUM_NO_GROUP = "Use `/momentum` in your group's channel to see how its week is going."
NETWORKED = "Networking logged. Conversations like that are how many roles are found. Nice work."
FEEDBACK_LINKED = (
    "Feedback from **{company}** saved: worth having, and yours to use next time. "
    "I've closed your feedback request to {company}: they already gave you feedback."
)
FEEDBACK_PLAIN = "Feedback from **{company}** saved: worth having, and yours to use next time."

GREETING = "Hi {name}!"
GREETING_NAMELESS = "Hi!"  # when the platform gives no real name (the console's "you")
# How each nudge opens; {for_role} is " for the <role> role" and {like_role} ", like the <role>
# role" when the member gave a role, else empty.
NUDGE_INTROS: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: (
        "{greeting} Time to thank **{company}** for considering you{for_role}, and to say "
        "you're still interested."
    ),
    FollowUpKind.FEEDBACK: (
        "{greeting} Time to ask **{company}** for feedback on your application{for_role}: what "
        "could you do better next time?"
    ),
    FollowUpKind.FUTURE: (
        "{greeting} Time to ask **{company}** to keep you in mind for future roles{like_role}."
    ),
}
FOR_ROLE = " for the {role} role"
LIKE_ROLE = ", like the {role} role"
# The email itself, as a member would call it in a sentence ("your thank-you note to Acme").
EMAIL_NAMES: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: "thank-you note",
    FollowUpKind.FEEDBACK: "feedback request",
    FollowUpKind.FUTURE: "keep-in-touch note",
}
NUDGE_DRAFT = "Here's a draft to copy, change a word or two, and send:"
NUDGE_OUTRO = "Tell me when it's sent, or snooze it if now isn't the moment."
CATCH_UP_LATE = (
    "{greeting} While I was offline, {count} follow-ups came due. No rush, here they are:"
)
CATCH_UP_TOGETHER = "{greeting} {count} follow-ups are due now, so here they are together:"
CATCH_UP_ITEM = "{number}. **{company}**{role_suffix}: time to {purpose}."
DMS_CLOSED = "your DMs are closed to me; open them, then use /followups"
DRAFT_PREVIEW = "Here's the draft of your **{email}** to **{company}** (due {when}):"

HOME_TITLE = "**Your week, {name}** (the last seven days)"
FOLLOWUPS_EMPTY = (
    "No follow-ups yet. When a company says no, log it with `/rejected <company>` and I'll "
    "plan three gentle follow-ups for you."
)
FOLLOWUPS_HEADER = "Your follow-ups"
FOLLOWUPS_MORE = "…and {count} more."
MARKED_DONE = (
    "Nice: your **{email}** to **{company}** is marked as sent. That counts toward your week."
)
SNOOZED = "Snoozed: I'll remind you about the **{email}** to **{company}** {when}."
SKIPPED = "Skipped the **{email}** to **{company}**. No nudge for that one."

# --- what a member types (input helper) ---
PROBLEMS.update(
    {
        "unknown_stage": (
            "I don't know the stage `{stage}`. Use one of `applied` (turned down on your "
            "application or CV), `screen` (after a screening call), `interview` or `final` "
            "(after the final round). For example: `/rejected Acme Corp stage: interview`"
        ),
        "feedback_which_company": (
            "Which company gave you that feedback? Put its name before a colon, for example:"
            "\n\n`/feedback Acme Corp: wanted more SQL experience`"
        ),
        "feedback_what_said": (
            "What did **{company}** say? Add it after the colon, for example:\n\n"
            "`/feedback {company}: wanted more SQL experience`"
        ),
        "no_such_page": (
            "There's no page {page}: {what} has {pages}. `{command} list {last}` shows the last."
        ),
    }
)

# --- delivery (button generations) ---
BUTTON_OUT_OF_DATE = (
    "That button was already used, or the follow-up has moved on since, so I changed nothing. "
    "Here is where it stands now:"
)

# --- catch-up messages (promises) ---
CATCH_UP_PART = (
    "There are more than fit in one message, so they come in {parts} messages. "
    "This is **{part} of {parts}**, with {here} of the {count}."
)
CATCH_UP_HOW = (
    "Press a number to open that follow-up's draft, with buttons to mark it sent, snooze or "
    "skip it."
)

# --- /followups pages (promises) ---
FOLLOWUPS_MORE_BUTTON = "Show more"
FOLLOWUPS_NO_MORE = "That's all of them: nothing else is open."

# --- robustness (i8-robust) ---
NOT_SAVED = "That didn't save, nothing was recorded. Please try again in a moment."
SAVE_UNKNOWN = (
    "The database stopped answering while saving that, so I can't tell whether it went "
    "through. Please check in a minute before trying again."
)
HOME_WELCOME = (
    "**Welcome to Rebound.** I help your group turn rejections into follow-ups. "
    "Try `/rebound help` to see what I can do; I store nothing about you until you use a command."
)

# --- time zones (input helper: abbreviations and fixed offsets) ---
PROBLEMS["fixed_timezone"] = (
    "`{name}` is an abbreviation or a fixed offset: it never changes for daylight saving, so "
    "half the year your nudges would arrive an hour early or late. Use the zone of a place "
    "instead, for example `/rebound timezone {suggestion}` (or `UTC` if you really want no "
    "daylight saving)."
)

# --- the draft editor (platform seam): marked as sent, the edited email kept ---
MARKED_DONE_KEPT = (
    "Nice: your **{email}** to **{company}** is marked as sent. That counts toward your week. "
    "I kept the email as you sent it: `/rebound export` includes it."
)

# --- weekly goals: their input problems live with their words ---
PROBLEMS.update(goal_words.PROBLEMS)
# `/rebound settings` and `/rebound admin`: their words live with theirs.
PROBLEMS.update(settings_words.PROBLEMS)
PROBLEMS.update(momentum_words.PROBLEMS)
