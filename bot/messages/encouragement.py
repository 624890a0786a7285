"""What a member reads right after logging a rejection.

Each one is short enough for a phone screen and carries one idea from the chapter Rebound grew
from: it is not personal, many strong people applied, feedback is fuel, keep your eyes on the goal.
None assumes how far the process went (a no can come after a CV or after a final round), and none
claims anything Rebound does not do: a rejection is never shown to the group.
"""

ENCOURAGEMENTS: tuple[str, ...] = (
    "That one stings, and it's allowed to. It's also not a verdict on you: most openings draw far "
    "more good candidates than there are seats.",
    "A no from {company} closes one door, not the hallway. Putting yourself forward took nerve, "
    "and that counts for something.",
    "Hiring decisions hinge on things you never see: an internal candidate, a budget change, a "
    "team that wanted a slightly different profile. Don't read it as personal.",
    "You prepared, you put yourself forward. That effort carries straight into the next "
    "application.",
    "Rejections are data, not judgement. If {company} shares anything about why, it'll sharpen "
    "your next try.",
    "Plenty of qualified people hear this answer every week. Take a breath, then let's turn it "
    "into a next step.",
    "Keep your eyes on where you're going, not on this one stop. The plan below keeps the door to "
    "{company} open while you move on.",
    "Disappointing, yes. The end of the story, no. People who follow up graciously are often the "
    "ones remembered when the next role opens.",
    "Writing it down took honesty, and it turns a hard moment into a plan. The steps are below, "
    "one at a time.",
    "You're building a skill every time this happens: landing softly and getting back up. It "
    "will serve you long after this search.",
)
