"""The core's forms as Slack modals: every word and limit comes from the form, text is escaped,
and a submitted modal reads back by field key."""

from __future__ import annotations

from adapters.slack import forms, translate
from bot.values import Form, FormField, Span, Style

FORM = Form(
    "followup.edit",
    "7:0",
    "Your follow-up email, in full, with more words than fit",
    (
        FormField("subject", "Subject", "Thanks <!channel> & more", 150),
        FormField("body", "Email", "x" * 5000, 4000, multiline=True),
    ),
    "Mark as sent",
    "Not yet",
    (Span("Then press "), Span("Mark as sent", Style.BOLD), Span(" <@U1>")),
)


def test_a_form_becomes_a_modal_within_slacks_limits() -> None:
    view = forms.modal(FORM)
    assert (view["callback_id"], view["private_metadata"]) == ("followup.edit", "7:0")
    assert len(view["title"]["text"]) <= 24
    assert (view["submit"]["text"], view["close"]["text"]) == ("Mark as sent", "Not yet")
    subject, body, hint = view["blocks"]
    assert subject["element"]["initial_value"] == "Thanks <!channel> & more"  # plain text
    assert subject["element"]["max_length"] == 150 and not subject["element"]["multiline"]
    assert body["element"]["multiline"]
    assert len(body["element"]["initial_value"]) == body["element"]["max_length"] == 3000
    assert hint["elements"][0]["text"] == "Then press *Mark as sent* &lt;@U1&gt;"


def test_a_submitted_modal_is_a_draft_submission() -> None:
    body = {"team": {"id": "T1"}, "user": {"id": "U1", "username": "alex"}}
    view = {
        "private_metadata": "7:0",
        "state": {
            "values": {
                "subject": {"subject": {"type": "plain_text_input", "value": "Thanks!"}},
                "body": {"body": {"type": "plain_text_input", "value": None}},
                "odd": "not a block",
            }
        },
    }
    submitted = translate.draft_submitted(body, view, "Europe/Berlin")
    assert (submitted.value, submitted.subject, submitted.body) == ("7:0", "Thanks!", "")
    assert (submitted.actor.user_id, submitted.actor.timezone_hint) == ("U1", "Europe/Berlin")
    assert translate.draft_submitted(body, {}).value == ""
