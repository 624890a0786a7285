"""The answers to "did they reply?": each keeps the member's answer on the follow-up and says
so privately. The DM keeps its buttons, so "No reply yet" can later become "Replied"; the last
answer is the one that counts."""

from __future__ import annotations

from bot.context import Context
from bot.ids import button_id
from bot.messages import momentum_replies as words
from bot.momentum import reply_check
from bot.records import FollowUpState, ReplyOutcome
from bot.values import Outbound

OUTCOMES = {
    reply_check.FEEDBACK: (ReplyOutcome.FEEDBACK, words.ANSWER_FEEDBACK),
    reply_check.REPLIED: (ReplyOutcome.REPLIED, words.ANSWER_REPLIED),
    reply_check.NONE: (ReplyOutcome.NONE, words.ANSWER_NONE),
}


def answer(ctx: Context, action_id: str, value: str) -> list[Outbound]:
    followup_id = button_id(value)
    followup = None if followup_id is None else ctx.repo.get_followup(followup_id)
    if followup is None or followup.state is not FollowUpState.DONE:
        return [ctx.problem("gone")]  # undone since, or never marked sent
    if followup.member_id != ctx.member.id:
        return [ctx.problem("not_yours")]
    outcome, template = OUTCOMES[action_id]
    ctx.repo.record_reply_outcome(followup.id, outcome, ctx.now)
    return [ctx.say(template, {"company": followup.company})]
