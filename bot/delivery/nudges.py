"""The follow-up nudge: a private message with a ready draft and the buttons to act on it."""

from __future__ import annotations

from bot import markup
from bot.delivery import catch_up
from bot.ids import button_id
from bot.messages import drafts, labels, replies
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
    subject, body = drafts.subject_and_body(followup.kind, followup.stage)
    return subject.format(**values), body.format(**values)


def draft(followup: FollowUp) -> Quote:
    """The email itself. Company and role stay plain text, never markup."""
    subject, body = draft_text(followup)
    return Quote((Span(body),), title=f"Subject: {subject}")


def button_value(followup: FollowUp) -> str:
    """`<id>:<generation>`: a button knows which nudge it came with, so a press on a button from
    an earlier nudge (or pressed twice) is recognised as out of date."""
    return f"{followup.id}:{followup.generation}"


def parse_value(value: str) -> tuple[int, int | None] | None:
    """(follow-up id, generation) from a button value; a bare id (older buttons, or a button
    that needs no generation) gives None for it; anything else gives None."""
    head, sep, tail = value.partition(":")
    followup_id, generation = button_id(head), button_id(tail) if sep else None
    if followup_id is None or (sep and generation is None):
        return None
    return followup_id, generation


def actions(followup: FollowUp, *, with_draft: bool = False) -> Actions:
    value = button_value(followup)
    buttons = [Button(labels.I_SENT_IT, DONE, value, ButtonStyle.PRIMARY)]
    buttons.append(
        Button(labels.SHOW_DRAFT, SHOW_DRAFT, value)
        if with_draft
        else Button(labels.EDIT_DRAFT, EDIT, value)
    )
    buttons += [
        Button(labels.SNOOZE_DAY, SNOOZE_DAY, value),
        Button(labels.SNOOZE_WEEK, SNOOZE_WEEK, value),
        Button(labels.SKIP, SKIP, value, ButtonStyle.DANGER),
    ]
    return Actions(tuple(buttons))


def work_key(followup: FollowUp) -> str:
    """The unique key of one nudge: the same on every retry (so the platform's history can be
    asked whether an earlier attempt arrived), a new one when a snooze plans the next nudge."""
    return f"followup:{followup.id}:{followup.generation}"


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
    """DMs for follow-ups due together: one nudge alone, or one catch-up message listing them all
    (split only where a platform limit forces it, see bot.delivery.catch_up) instead of a burst
    of DMs."""
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
                summary=labels.NUDGE_SUMMARY.format(title=title, company=followup.company),
                due_at=LocalTime(followup.due_at, tz),
                work_keys=(work_key(followup),),
            )
        ]
    split = catch_up.parts(followups)
    return [
        Outbound(
            destination,
            catch_up.body(
                items,
                greeting=greeting(member.display_name),
                count=len(followups),
                part=part,
                total=len(split),
                late=late,
                action=SHOW_DRAFT,
            ),
            summary=catch_up.summary(len(followups), part, len(split)),
            due_at=LocalTime(max(f.due_at for _n, f, _line in items), tz),
            work_keys=tuple(work_key(f) for _n, f, _line in items),
        )
        for part, items in enumerate(split, 1)
    ]
