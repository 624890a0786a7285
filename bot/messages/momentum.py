"""Words for weekly momentum: the group's summary, a member's own week, and sharing it."""

from bot.records import ActivityKind

SUMMARY_TITLE = "**Weekly momentum**, {start} to {end}"
# The totals, in the order shown; `None` is a rejection logged.
TOTAL_LABELS: tuple[tuple[ActivityKind | None, str], ...] = (
    (ActivityKind.APPLIED, "Applications"),
    (None, "Rejections logged"),
    (ActivityKind.FOLLOWUP_SENT, "Follow-ups sent"),
    (ActivityKind.FEEDBACK, "Feedback received"),
    (ActivityKind.NETWORKED, "Networking"),
    (ActivityKind.EVENT, "Events attended"),
)
# How a member's numbers read in their line: (one, many).
STEP_WORDS: dict[ActivityKind | None, tuple[str, str]] = {
    ActivityKind.APPLIED: ("application", "applications"),
    None: ("rejection logged", "rejections logged"),
    ActivityKind.FOLLOWUP_SENT: ("follow-up sent", "follow-ups sent"),
    ActivityKind.FEEDBACK: ("feedback saved", "feedback saved"),
    ActivityKind.NETWORKED: ("networking step", "networking steps"),
    ActivityKind.EVENT: ("event", "events"),
}
MEMBERS_TITLE = "**Who kept moving**"
MEMBER_LINE = "**{name}**: {numbers}"
STREAK = " · {weeks} weeks in a row"
APPLIED_TO = "; applied to {companies}"
FOLLOWED_UP = "; followed up with {companies}"
GOALS = " · goals: {goals}"
GOAL = "{label} {done} of {per_week}"
MORE_MEMBERS = "…and {count} more members took steps this week."
MORE_MEMBER = "…and 1 more member took steps this week."
SHOUTOUTS_TITLE = "**Shout-outs**"
MOST_FOLLOWUPS = (
    "Most follow-ups sent: {names} ({count}). Following up is the step most people skip."
)
COMEBACK = "Welcome back, {names}: good to see you moving again."
LONG_STREAK = "{name}: {weeks} weeks in a row."
COMING_UP = "**Coming up this week**"
COMING_EVENT = "{title}, {when}"
MOVING = (
    "Every number here is someone choosing to keep going, including every no that was logged "
    "and learned from. Have a good week, everyone."
)
QUIET = (
    "A quiet week, and that's allowed. Pick one small step for the days ahead: one application, "
    "one message to a contact, one follow-up."
)
HEADLINE = "Weekly momentum: {steps} step"
HEADLINE_PLURAL = "Weekly momentum: {steps} steps"
CHART_TITLE = "Your group's last 8 weeks"
MY_CHART_TITLE = "Your last 8 weeks"

# --- /momentum: a member's own week, only to them ---
MINE_TITLE = "**Your week so far** (since {start})"
MINE_NONE = "Nothing logged yet this week. One small step is enough to start."
MINE_STREAK = "You've taken a step {weeks} weeks in a row. That's momentum."
MINE_STREAK_ONE = "This is your first week of a new streak."
MINE_TREND = "**Your last 8 weeks**, oldest first: {trend} steps."
MINE_HINTS = (
    "Share your week with the group: `/momentum share`. The group's week: `/momentum group`."
)
# --- /momentum share: their week as a card in the group channel ---
CARD_TITLE = "**{name}'s week so far**"
CARD_STREAK = "{weeks} weeks in a row"
CARD_GOALS = "Goals: {goals}"
CARD_SUMMARY = "{name}'s week so far"
SHARED = "Shared your week in the group channel."
SHARE_PRIVATE = (
    "Your privacy is `private`, so I didn't share anything: the group sees nothing of you. "
    "To share your week, choose `/rebound privacy counts` (your numbers) or `full` (with "
    "companies) first."
)
NO_GROUP = (
    "I don't know your group yet: use any command once in your group's channel, then share from "
    "anywhere."
)
USAGE = (
    "`/momentum` shows your own week (only to you), `/momentum share` posts it in the group "
    "channel, and `/momentum group` shows the group's week so far."
)
PROBLEMS = {"usage_momentum": USAGE}
