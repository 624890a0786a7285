"""The follow-up nudge: a private message with a ready draft and the buttons to act on it."""

from __future__ import annotations

from bot import markup
from bot.messages import drafts, replies
from bot.records import FollowUp, Member
from bot.values import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Destination,
    DestinationKind,
    LocalTime,
    Outbound,
    Quote,
    Span,
)

DONE = "followup.done"
SNOOZE_DAY = "followup.snooze_day"
SNOOZE_WEEK = "followup.snooze_week"
SKIP = "followup.skip"
SHOW_DRAFT = "followup.draft"
EDIT = "followup.edit"  # platforms with forms open an editor; elsewhere it shows the draft
MAX_PER_MESSAGE = 5  # one row of buttons each; platforms allow five rows a message
# Names that are not really a person's name: the console's default member is "you".
GENERIC_NAMES = frozenset({"", "you"})


def role_suffix(role: str) -> str:
    return f" ({role})" if role else ""


def role_phrase(role: str) -> str:
    return f"the {role} role" if role else "the position"


def greeting(name: str) -> str:
    """ "Hi Sam!", or just "Hi!" when there is no real name to use ("Hi you!" reads oddly)."""
    if name.strip().casefold() in GENERIC_NAMES:
        return replies.GREETING_NAMELESS
    return replies.GREETING.format(name=name.strip())


def draft_text(followup: FollowUp) -> tuple[str, str]:
    """Subject and body of the email, with company and role filled in."""
    values = {"company": followup.company, "role_phrase": role_phrase(followup.role)}
    return (
        drafts.SUBJECTS[followup.kind].format(**values),
        drafts.BODIES[followup.kind].format(**values),
    )


def draft(followup: FollowUp) -> Quote:
    """The email itself. Company and role stay plain text, never markup."""
    subject, body = draft_text(followup)
    return Quote((Span(body),), title=f"Subject: {subject}")


def actions(followup: FollowUp, *, with_draft: bool = False) -> Actions:
    value = str(followup.id)
    buttons = [Button("I sent it", DONE, value, ButtonStyle.PRIMARY)]
    buttons.append(
        Button("Show draft", SHOW_DRAFT, value) if with_draft else Button("Edit draft", EDIT, value)
    )
    buttons += [
        Button("Snooze 1 day", SNOOZE_DAY, value),
        Button("Snooze 1 week", SNOOZE_WEEK, value),
        Button("Skip", SKIP, value, ButtonStyle.DANGER),
    ]
    return Actions(tuple(buttons))


def work_key(followup: FollowUp) -> str:
    """The unique key of one nudge occurrence (a snoozed follow-up is due again, at a new time)."""
    return f"followup:{followup.id}:{followup.due_at.isoformat()}"


def _heading(followup: FollowUp, intro: str, member: Member) -> tuple[Block, ...]:
    role = followup.role
    return markup.blocks(
        intro,
        {
            "name": member.display_name,
            "greeting": greeting(member.display_name),
            "title": drafts.TITLES[followup.kind].lower(),
            "email": replies.EMAIL_NAMES[followup.kind],
            "purpose": drafts.PURPOSES[followup.kind],
            "company": followup.company,
            "role_suffix": role_suffix(role),
            "for_role": replies.FOR_ROLE.format(role=role) if role else "",
            "like_role": replies.LIKE_ROLE.format(role=role) if role else "",
        },
    )


def nudges(followups: list[FollowUp], member: Member, tz: str, *, late: bool) -> list[Outbound]:
    """DMs for follow-ups due together: one nudge alone, or one combined catch-up message
    (split only where a platform's button limit forces it) instead of a burst of DMs."""
    destination = Destination(
        DestinationKind.DM,
        member.platform,
        member.workspace_id,
        user_id=member.user_id,
        label=member.display_name,
    )
    if len(followups) == 1:
        (followup,) = followups
        body: tuple[Block, ...] = (
            *_heading(followup, replies.NUDGE_INTROS[followup.kind], member),
            *markup.blocks(replies.NUDGE_DRAFT),
            draft(followup),
            *markup.blocks(replies.NUDGE_OUTRO),
            actions(followup),
        )
        title = drafts.TITLES[followup.kind]
        return [
            Outbound(
                destination,
                body,
                summary=f"{title} for {followup.company}: your draft is ready",
                due_at=LocalTime(followup.due_at, tz),
                work_keys=(work_key(followup),),
            )
        ]
    messages = []
    for start in range(0, len(followups), MAX_PER_MESSAGE):
        chunk = followups[start : start + MAX_PER_MESSAGE]
        intro = replies.CATCH_UP_LATE if late else replies.CATCH_UP_TOGETHER
        opening: dict[str, markup.Param] = {
            "name": member.display_name,
            "greeting": greeting(member.display_name),
            "count": len(followups),
        }
        body = tuple(markup.blocks(intro, opening))
        for followup in chunk:
            body += (
                *_heading(followup, replies.CATCH_UP_ITEM, member),
                draft(followup),
                actions(followup),
            )
        messages.append(
            Outbound(
                destination,
                body,
                summary=f"{len(followups)} follow-ups are ready for you",
                due_at=LocalTime(max(f.due_at for f in chunk), tz),
                work_keys=tuple(work_key(f) for f in chunk),
            )
        )
    return messages
