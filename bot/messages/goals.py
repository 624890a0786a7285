"""Words for weekly goals: setting them, seeing progress, and the mid-week nudge."""

LABELS = {
    "applications": ("application", "applications"),
    "networking": ("networking step", "networking steps"),
    "events": ("event", "events"),
    "followups": ("follow-up sent", "follow-ups sent"),
}
HOW_COUNTED = {
    "applications": "`/applied`",
    "networking": "`/networked`",
    "events": "`/event`",
    "followups": "the **Mark as sent** button on a follow-up",
}
SET = (
    "Goal set: **{count} {label}** a week. I count what you log with {how}, in your own week "
    "(Monday to Sunday). If you're under halfway by Thursday morning, I'll send you one gentle "
    "nudge that week, never more."
)
SET_NO_GROUP = (
    "Goal set: **{count} {label}** a week. I count what you log with {how}, in your own week "
    "(Monday to Sunday); `/rebound goal` shows where you stand. Mid-week nudges need a group: "
    "once you've used Rebound in your group's channel, I'll send one gentle nudge in a week "
    "you're under halfway by Thursday morning."
)
CLEARED = "Your {kind} goal is cleared."
NOTHING_TO_CLEAR = "You had no {kind} goal, so there was nothing to clear."
NONE = (
    "You have no weekly goals yet. A small, steady one works best, for example "
    "`/rebound goal networking 2` or `/rebound goal applications 5`."
)
SHOW_TITLE = "**Your goals this week** (since Monday):"
LINE = "{label}: {done} of {per_week}"
LINE_MET = "{label}: {done} of {per_week}, done"
SHOW_HINT = "Change one with `/rebound goal <kind> <number>`, or clear it with `off`."
NUDGE = (
    "Halfway through your week, here's where your goals stand:\n\n{lines}\n\n"
    "No need to be perfect: one small step today keeps the week moving. "
    "`/rebound goal` shows where you stand any time."
)
NUDGE_SUMMARY = "Your goals at mid-week"
PROBLEMS = {
    "usage_goal": (
        "Set a weekly goal with a kind and a number from 1 to 50, for example "
        "`/rebound goal networking 3`. Kinds: `applications`, `networking`, `events`, "
        "`followups`. Clear one with `/rebound goal networking off`; `/rebound goal` alone shows "
        "your goals."
    ),
}
