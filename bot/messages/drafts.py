"""Email drafts for the three follow-ups: real messages a member can send after a word or two.

`{company}` and `{role_phrase}` are filled in; square brackets mark the words the member should
change (the recipient's name, their own name).
"""

from bot.records import FollowUpKind

SUBJECTS: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: "Thank you, and my continued interest in {company}",
    FollowUpKind.FEEDBACK: "A quick request for feedback on my interview",
    FollowUpKind.FUTURE: "Keeping in touch about future roles at {company}",
}

BODIES: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: (
        "Hi [name],\n\n"
        "Thank you for letting me know about your decision on {role_phrase}, and for the time you "
        "and the team spent with me during the process. I enjoyed learning about the work at "
        "{company}, and my interest in the company has only grown.\n\n"
        "If anything changes, or a similar opening comes up, I would be glad to hear from you.\n\n"
        "Best regards,\n[your name]"
    ),
    FollowUpKind.FEEDBACK: (
        "Hi [name],\n\n"
        "Thanks again for considering me for {role_phrase} at {company}. I'm always working to "
        "improve, and I would really value any feedback on my interviews: what went well, and "
        "where I could have been stronger.\n\n"
        "Even a sentence or two would help. I appreciate your time.\n\n"
        "Best regards,\n[your name]"
    ),
    FollowUpKind.FUTURE: (
        "Hi [name],\n\n"
        "A few weeks ago I interviewed for {role_phrase} at {company}. Although it didn't work "
        "out, I remain very interested in the company and its work.\n\n"
        "Would you keep my resume on file and consider me for future openings that fit my "
        "background? I'd be happy to stay in touch and share an update on what I've been "
        "working on.\n\n"
        "Best regards,\n[your name]"
    ),
}

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
