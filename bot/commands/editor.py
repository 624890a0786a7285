"""The draft editor: a follow-up's email in a form the member can change before sending it,
and what submitting it means. Platforms with forms (a Slack or Discord modal) show `form`;
submitting it comes back as `DraftSubmitted`, which marks the follow-up as sent exactly like
the "I sent it" button and keeps the email as the member sent it, so `/rebound export` shows
the words that really went out. Platforms without forms show the draft as a message instead.
"""

from __future__ import annotations

from bot import markup
from bot.commands import followups
from bot.commands.cleaning import visible
from bot.context import Context
from bot.delivery import nudges
from bot.messages import drafts
from bot.records import FollowUp
from bot.values import DraftSubmitted, Form, FormField, Outbound

FORM_ID = nudges.EDIT
SUBJECT = "subject"
BODY = "body"
# The longest subject and email the editor takes: what a Slack modal's inputs allow, and more
# than any draft of ours, so a member's edits always fit.
SUBJECT_LIMIT = 150
BODY_LIMIT = 3000


def form(followup: FollowUp, value: str) -> Form:
    """The editor for one follow-up, prefilled with its draft; `value` is the button's value
    (`<id>:<generation>`), returned with the submission so an out-of-date form changes nothing.
    """
    subject, body = nudges.draft_text(followup)
    return Form(
        FORM_ID,
        value,
        drafts.EDITOR_TITLE,
        (
            FormField(SUBJECT, drafts.EDITOR_SUBJECT, subject[:SUBJECT_LIMIT], SUBJECT_LIMIT),
            FormField(BODY, drafts.EDITOR_BODY, body[:BODY_LIMIT], BODY_LIMIT, multiline=True),
        ),
        drafts.EDITOR_SUBMIT,
        drafts.EDITOR_CLOSE,
        markup.line(drafts.EDITOR_HINT),
    )


def submit(ctx: Context, submitted: DraftSubmitted) -> list[Outbound]:
    """Mark the follow-up as sent and keep the edited email with it (cut to the editor's limits,
    without invisible characters, which a database may refuse to store)."""
    parsed = nudges.parse_value(submitted.value)
    if parsed is None:
        return [ctx.problem("gone")]
    subject = visible(submitted.subject, spaces=True).strip()[:SUBJECT_LIMIT]
    body = visible(submitted.body, keep_newlines=True, spaces=True).strip()[:BODY_LIMIT]
    return followups.press(ctx, nudges.DONE, *parsed, sent=(subject, body))
