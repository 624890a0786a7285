"""Words for the group's weekly rhythm."""

from bot.records import ActivityKind

SUMMARY_TITLE = "**Weekly momentum**, {start} to {end}"
SUMMARY_MOVING = (
    "Every number here is someone choosing to keep going. That's what progress looks like, even "
    "on weeks when it doesn't feel like it. Have a good week, everyone."
)
# Only members whose privacy is `full` appear by name, with companies: they chose to share.
SHARED_INTRO = "Shared by members who chose to:"
SHARED_MEMBER = "**{name}**: "
SHARED_NAMELESS = "A member"
SHARED_APPLIED = "applied to {companies}"
SHARED_FOLLOWED_UP = "followed up with {companies}"
SHARED_MORE = " and {count} more"
SUMMARY_QUIET = (
    "A quiet week, and that's allowed. Pick one small step for the days ahead: one application, "
    "one message to a contact, one follow-up."
)

NETWORKING_INTRO = "**Networking prompt of the week**"
NETWORKING_LOG = "Done it? Log it with `/networked <what you did>` so it counts for the group."
# Only members whose privacy is `full` are named, so the line says who it covers.
NETWORKING_WHO = "Of those who share their names, {names} logged networking this week so far."
NETWORKING_EVENTS = "**Coming up in the next two weeks:**"
NETWORKING_EVENT = "{title}, {when}"
NETWORKING_EVENTS_MORE = "`/event list` shows where, the links and who's going."
NETWORKING_PROMPTS: tuple[str, ...] = (
    "Message one former colleague you haven't talked to in a while. Ask what they're working on "
    "before you mention your search.",
    "Find one person whose job you'd like in two years and ask for fifteen minutes of their "
    "advice.",
    "Comment thoughtfully on a post by someone at a company you admire.",
    "Look for a job fair, meetup or industry talk in the next month and put it in your calendar.",
    "Thank someone who helped your search recently, even with a short note.",
    "Ask a friend outside your field who they know in yours. Second-degree contacts open doors.",
    "Reconnect with a recruiter or hiring manager from an earlier process that went well.",
    "Share something you learned this week with your network: a project, a course, an insight.",
)

# --- words as data (platform seam): the summary's rows and the posts' notification lines ---
ROW_LABELS: dict[ActivityKind, str] = {
    ActivityKind.APPLIED: "Applications",
    ActivityKind.FOLLOWUP_SENT: "Follow-ups sent",
    ActivityKind.FEEDBACK: "Feedback received",
    ActivityKind.NETWORKED: "Networking",
    ActivityKind.EVENT: "Events",
}
SUMMARY_HEADLINE = "Weekly momentum: {steps} step"
SUMMARY_HEADLINE_PLURAL = "Weekly momentum: {steps} steps"
NETWORKING_SUMMARY = "This week's networking prompt"
