"""Email drafts for the three follow-ups: real messages a member can send after a word or two.

Each fits how far the member got: someone turned down on their CV never met the team, so their
drafts never mention interviews; someone who reached the final round can thank the people they
met. Without a stage, the drafts fit any stage. `{company}` and `{role_phrase}` are filled in;
square brackets mark the words the member should change (the recipient's name, their own name).
"""

from bot.records import FollowUpKind, Stage

THANK_YOU, FEEDBACK, FUTURE = FollowUpKind.THANK_YOU, FollowUpKind.FEEDBACK, FollowUpKind.FUTURE
SIGN_OFF = "\n\nBest regards,\n[your name]"

# (subject, body) for each stage (None: not given) and follow-up.
DRAFTS: dict[Stage | None, dict[FollowUpKind, tuple[str, str]]] = {
    None: {
        THANK_YOU: (
            "Thank you, and my continued interest in {company}",
            "Hi [name],\n\n"
            "Thank you for letting me know your decision on {role_phrase}, and for considering "
            "me. I appreciate the time you took, and I'm still very interested in {company} and "
            "the work you do.\n\n"
            "If a similar opening comes up, I would be glad to hear from you.",
        ),
        FEEDBACK: (
            "A quick request for feedback on my application",
            "Hi [name],\n\n"
            "Thanks again for considering me for {role_phrase} at {company}. I'm always working "
            "to improve, and I would value any feedback you can share: what stood out, and "
            "where I could have been stronger.\n\n"
            "Even a sentence or two would help. I appreciate your time.",
        ),
        FUTURE: (
            "Keeping in touch about future roles at {company}",
            "Hi [name],\n\n"
            "A few weeks ago you considered me for {role_phrase} at {company}. It didn't work out "
            "this time, but I remain very interested in the company and its work.\n\n"
            "Would you keep me in mind for future openings that fit my background? I'd be happy "
            "to stay in touch and share what I've been working on.",
        ),
    },
    Stage.APPLIED: {
        THANK_YOU: (
            "Thank you for reviewing my application",
            "Hi [name],\n\n"
            "Thank you for letting me know about {role_phrase}, and for taking the time to "
            "review my application. I'm sorry it wasn't a fit this time, but I'm still keen on "
            "{company} and the work your team does.\n\n"
            "If a role opens where my background fits better, I would be glad to apply again.",
        ),
        FEEDBACK: (
            "A quick question about my application",
            "Hi [name],\n\n"
            "Thanks again for considering my application for {role_phrase} at {company}. If you "
            "have a moment, I'd really value a word on what would have made it stronger: the "
            "skills, the experience, or how I presented them.\n\n"
            "Even a sentence or two would help me with the next one. Thank you for your time.",
        ),
        FUTURE: (
            "Future roles at {company}",
            "Hi [name],\n\n"
            "A few weeks ago I applied for {role_phrase} at {company}. It wasn't the right match "
            "then, but I'm still very interested in joining the company.\n\n"
            "Would you keep my CV on file and let me know if a role opens that fits my "
            "background? I'd be glad to send an updated version whenever it helps.",
        ),
    },
    Stage.SCREEN: {
        THANK_YOU: (
            "Thank you for our conversation",
            "Hi [name],\n\n"
            "Thank you for letting me know about {role_phrase}, and for taking the time to speak "
            "with me. I enjoyed hearing about {company}, and our call made me even more "
            "interested in the team.\n\n"
            "If a similar opening comes up, I'd be glad to talk again.",
        ),
        FEEDBACK: (
            "A quick request for feedback on our call",
            "Hi [name],\n\n"
            "Thanks again for the call about {role_phrase} at {company}. I'm working on how I "
            "come across in first conversations, and any feedback would really help: what "
            "landed, and what I could do better.\n\n"
            "Even a sentence or two is plenty. I appreciate your time.",
        ),
        FUTURE: (
            "Keeping in touch about future roles at {company}",
            "Hi [name],\n\n"
            "A few weeks ago we spoke about {role_phrase} at {company}. Although it didn't go "
            "further, I'm still very interested in the company.\n\n"
            "Would you keep me in mind for future openings that fit my background? I'd be happy "
            "to stay in touch and share what I've been working on since we spoke.",
        ),
    },
    Stage.INTERVIEW: {
        THANK_YOU: (
            "Thank you, and my continued interest in {company}",
            "Hi [name],\n\n"
            "Thank you for letting me know your decision on {role_phrase}, and for the time you "
            "and the team spent interviewing me. I enjoyed learning about the work at {company}, "
            "and my interest in the company has only grown.\n\n"
            "If anything changes, or a similar opening comes up, I would be glad to hear from "
            "you.",
        ),
        FEEDBACK: (
            "A quick request for feedback on my interviews",
            "Hi [name],\n\n"
            "Thanks again for interviewing me for {role_phrase} at {company}. I'm always working "
            "to improve, and I would really value any feedback on my interviews: what went well, "
            "and where I could have been stronger.\n\n"
            "Even a sentence or two would help. I appreciate your time.",
        ),
        FUTURE: (
            "Keeping in touch about future roles at {company}",
            "Hi [name],\n\n"
            "A few weeks ago I interviewed for {role_phrase} at {company}. Although it didn't "
            "work out, I remain very interested in the company and its work.\n\n"
            "Would you keep me in mind for future openings that fit my background? I'd be happy "
            "to stay in touch and share an update on what I've been working on.",
        ),
    },
    Stage.FINAL: {
        THANK_YOU: (
            "Thank you for the final round",
            "Hi [name],\n\n"
            "Thank you for letting me know about {role_phrase}, and for the care you and the "
            "team put into the whole process. Meeting the team in the final round was a "
            "highlight, and I came away even more impressed by {company}.\n\n"
            "If anything changes or a similar role opens, I would love to hear from you.",
        ),
        FEEDBACK: (
            "A quick request for feedback on the final round",
            "Hi [name],\n\n"
            "Thanks again for taking me through to the final round for {role_phrase} at "
            "{company}. Having come this far, I'd like to understand what made the difference: "
            "any feedback on where I could have been stronger would really help.\n\n"
            "Even a sentence or two would mean a lot. I appreciate your time.",
        ),
        FUTURE: (
            "Keeping in touch about future roles at {company}",
            "Hi [name],\n\n"
            "A few weeks ago I reached the final round for {role_phrase} at {company}. I enjoyed "
            "meeting the team, and I'm still very keen on the work you do.\n\n"
            "If a similar role opens, or the team grows, would you keep me in mind? I'd be happy "
            "to catch up whenever it's useful.",
        ),
    },
}


def subject_and_body(kind: FollowUpKind, stage: Stage | None) -> tuple[str, str]:
    """The templates for one follow-up, signed off, for the stage the member reached."""
    subject, body = DRAFTS[stage][kind]
    return subject, body + SIGN_OFF


TITLES: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: "Thank-you note",
    FollowUpKind.FEEDBACK: "Feedback request",
    FollowUpKind.FUTURE: "Future consideration",
}

PURPOSES: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: "thank them and say you're still interested",
    FollowUpKind.FEEDBACK: "ask what you could do better",
    FollowUpKind.FUTURE: "ask them to keep you in mind for future roles",
}

# How far the member got, as shown next to a rejection ("Acme, after the final round").
STAGE_LABELS: dict[Stage, str] = {
    Stage.APPLIED: "at the application stage",
    Stage.SCREEN: "after a screening call",
    Stage.INTERVIEW: "after interviews",
    Stage.FINAL: "after the final round",
}

# --- the draft editor (platform seam): a form where a platform has one ---
EDITOR_TITLE = "Your follow-up email"
EDITOR_SUBJECT = "Subject"
EDITOR_BODY = "Email"
EDITOR_SUBMIT = "Mark as sent"
EDITOR_CLOSE = "Not yet"
EDITOR_HINT = "Edit it here, copy it into your email and send it. Then press **Mark as sent**."
