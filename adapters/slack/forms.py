"""The core's forms (`bot.values.Form`) as Slack modals, and a submitted modal back as values.

Only Slack's mechanics live here: the view JSON, its size limits and where a submission keeps
each input's value. What the form says and what submitting it means belong to the core.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.mrkdwn import mrkdwn
from bot.values import Form

TITLE_LIMIT = 24  # characters Slack allows in a modal's title and its button labels
INPUT_LIMIT = 3000  # the most a plain_text_input may take

Json = dict[str, Any]


def modal(form: Form) -> Json:
    """A modal whose `callback_id` is the form's id and whose `private_metadata` is its value."""
    blocks: list[Json] = [
        {
            "type": "input",
            "block_id": field.key,
            "label": {"type": "plain_text", "text": field.label[:2000]},
            "element": {
                "type": "plain_text_input",
                "action_id": field.key,
                "multiline": field.multiline,
                "initial_value": field.initial[: min(field.limit, INPUT_LIMIT)],
                "max_length": min(field.limit, INPUT_LIMIT),
            },
        }
        for field in form.fields
    ]
    if form.hint:
        hint = {"type": "mrkdwn", "text": mrkdwn(form.hint), "verbatim": True}
        blocks.append({"type": "context", "elements": [hint]})
    return {
        "type": "modal",
        "callback_id": form.form_id,
        "private_metadata": form.value,
        "title": _plain(form.title),
        "submit": _plain(form.submit),
        "close": _plain(form.close),
        "blocks": blocks,
    }


def submitted(view: Json) -> dict[str, str]:
    """Each input's submitted text by the field's key ("" for an input left empty)."""
    values: dict[str, str] = {}
    state = view.get("state") if isinstance(view, dict) else None
    blocks = state.get("values") if isinstance(state, dict) else None
    for key, block in (blocks or {}).items() if isinstance(blocks, dict) else ():
        element = block.get(key) if isinstance(block, dict) else None
        value = element.get("value") if isinstance(element, dict) else None
        values[str(key)] = value if isinstance(value, str) else ""
    return values


def _plain(text: str) -> Json:
    """Plain text is shown as written (no markup to escape), only cut to Slack's limit."""
    return {"type": "plain_text", "text": text[:TITLE_LIMIT]}
