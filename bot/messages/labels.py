"""Button labels, message summaries and the words for where a follow-up stands.

Words only: the logic in `bot/commands` and `bot/delivery` looks them up, so a translation or
another platform changes them here, never in code. Labels stay short: Slack cuts a button at 75
characters, Discord at 80. Status templates use `bot.markup`; `{when}` is a local time.
"""

from bot.records import FollowUpState

# --- buttons --------------------------------------------------------------------------------
I_SENT_IT = "I sent it"
SHOW_DRAFT = "Show draft"
EDIT_DRAFT = "Edit draft"
SNOOZE_DAY = "Snooze 1 day"
SNOOZE_WEEK = "Snooze 1 week"
SKIP = "Skip"
FIRST_DRAFT = "See the first draft now"
UNDO = "Undo"
FORGET_CONFIRM = "Yes, delete everything"
FORGET_CANCEL = "Keep my data"

# --- summaries (notifications, and clients that cannot show blocks) -------------------------
NUDGE_SUMMARY = "{title} for {company}: your draft is ready"
LOGGED_SUMMARY = "Logged {company}"
REJECTIONS_SUMMARY = "Your rejections"
FEEDBACK_SUMMARY = "Your saved feedback"
EXPORT_SUMMARY = "Export"
HOME_WELCOME_SUMMARY = "Welcome to Rebound"
HOME_SUMMARY = "Your Rebound home"

# --- where a follow-up stands, in /followups and the App Home (after "Acme: thank-you note") ---
RECENTLY = "Recently"
STATUS_PLANNED = ", nudge planned for {when}"
STATUS_SNOOZED = ", snoozed until {when}"
STATUS_NUDGED = ", nudged {when}: sent it yet?"
STATUS_FAILED = ", _not delivered_: {why}"
STATUS_MISSED = ", _missed_ while I was offline (due {when})"
STATUS_ANSWERED = ", closed, since they already gave feedback"
STATUS_DONE = ", sent {when}"
STATUS_OTHER = ", {state}"
REASON_UNKNOWN = "unknown"  # a failure with no reason recorded

# How a closed follow-up's state reads after "that follow-up is" (else the state's name).
CLOSED_WORDS = {
    FollowUpState.DONE: "marked as sent",
    FollowUpState.ANSWERED: "closed, since they already gave feedback",
}
GONE = "gone"

# --- what became of a follow-up, in /rejected list (after "Thank-you note: ") ---------------
OUTCOME_DONE = "sent {when}"
OUTCOME_NUDGED = "nudged, waiting on you"
OUTCOME_FAILED = "not delivered: {why}"
OUTCOME_PLANNED = "planned for {when}"
OUTCOME_SNOOZED = "snoozed until {when}"
OUTCOME_WORDS = {
    FollowUpState.SKIPPED: "skipped",
    FollowUpState.ANSWERED: "closed, since they already gave feedback",
    FollowUpState.MISSED: "missed while I was offline",
    FollowUpState.CANCELLED: "cancelled",
}

# --- a message cut at a platform's limit (Slack: 50 blocks) ----------------------------------
MORE_NOTICE = "…and more: use /followups to see everything"
