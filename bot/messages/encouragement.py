"""What a member reads right after logging a rejection.

Each one is short enough for a phone screen and carries one idea from the chapter Rebound grew
from: it is not personal, many strong people applied, feedback is fuel, keep your eyes on the goal.
"""

ENCOURAGEMENTS: tuple[str, ...] = (
    "That one stings, and it's allowed to. It's also not a verdict on you: most openings draw far "
    "more good candidates than there are seats.",
    "A no from {company} closes one door, not the hallway. You got far enough to be considered, "
    "and that counts for something.",
    "Hiring decisions hinge on things you never see: an internal candidate, a budget change, a "
    "team that wanted a slightly different profile. Don't read it as personal.",
    "You showed up, you prepared, you put yourself forward. That effort carries straight into the "
    "next application.",
    "Rejections are data, not judgement. If {company} shares anything about why, it'll sharpen the "
    "next interview.",
    "Plenty of qualified people heard the same answer this week. Take a breath, then let's turn "
    "this into a next step.",
    "Keep your eyes on where you're going, not on this one stop. The plan below keeps the door to "
    "{company} open while you move on.",
    "Disappointing, yes. Final, no. People who follow up gracefully are often the ones remembered "
    "when the next role opens.",
    "Logging it took honesty. Now the group knows you're still in motion, and so do you.",
    "You're building a skill every time this happens: landing softly and getting back up. That "
    "skill gets you hired.",
)
