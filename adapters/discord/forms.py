"""The core's forms (`bot.values.Form`) as Discord modals, and a submitted modal back as text.

Only Discord's mechanics live here: the modal JSON (interaction response type 9), its limits
(a 45-character title and labels, 5 inputs, 4,000 characters an input, a 100-character custom
id) and where a submission keeps each input's value. A modal's custom id is
`form_id:workspace:value`, so a submission from a DM, where Discord sends no guild id, still
names the guild whose member opened it (see `render.custom_id` for buttons).

Discord modals show their own Submit and Cancel buttons and no free text, so the form's
`submit`, `close` and `hint` have no place here; the hint's first words become the placeholder
of the last input, which Discord shows while it is empty.
"""

from __future__ import annotations

from typing import Any

from adapters.discord.markdown import one_line, plain
from bot.values import Form

MODAL_RESPONSE = 9  # interaction callback type: open a modal
TITLE_LIMIT = 45
LABEL_LIMIT = 45
PLACEHOLDER_LIMIT = 100
INPUT_LIMIT = 4000
INPUTS_LIMIT = 5
CUSTOM_ID_LIMIT = 100
SHORT, PARAGRAPH = 1, 2  # text input styles

Json = dict[str, Any]


def modal(form: Form, workspace_id: str) -> Json:
    """The `data` of a type-9 interaction response showing `form`."""
    made = f"{form.form_id}:{workspace_id}:{form.value}"
    if len(made) > CUSTOM_ID_LIMIT:
        raise ValueError(f"modal custom id over {CUSTOM_ID_LIMIT} characters: {form.form_id}")
    fields = form.fields[:INPUTS_LIMIT]
    rows: list[Json] = []
    for n, field in enumerate(fields, 1):
        limit = max(1, min(field.limit, INPUT_LIMIT))
        text_input: Json = {
            "type": 4,
            "custom_id": field.key,
            "label": _cut(one_line(field.label), LABEL_LIMIT) or field.key[:LABEL_LIMIT],
            "style": PARAGRAPH if field.multiline else SHORT,
            "max_length": limit,
            "required": False,
        }
        if field.initial:
            text_input["value"] = field.initial[:limit]
        hint = one_line(plain(form.hint))
        if n == len(fields) and hint:
            text_input["placeholder"] = _cut(hint, PLACEHOLDER_LIMIT)
        rows.append({"type": 1, "components": [text_input]})
    return {
        "custom_id": made,
        "title": _cut(one_line(form.title), TITLE_LIMIT) or "…",
        "components": rows,
    }


def parse_modal_id(made: str) -> tuple[str, str, str] | None:
    """(form id, workspace id, value) of a modal custom id `modal` made, else None."""
    parts = made.split(":", 2)
    if len(parts) != 3 or not parts[0]:
        return None
    return parts[0], parts[1], parts[2]


def submitted(data: Any) -> dict[str, str]:
    """Each text input's submitted text by its custom id, wherever Discord nests it (action
    rows of inputs, or newer label components holding one)."""
    values: dict[str, str] = {}
    pending = list(data.get("components") or []) if isinstance(data, dict) else []
    while pending:
        item = pending.pop(0)
        if not isinstance(item, dict):
            continue
        key, value = item.get("custom_id"), item.get("value")
        if isinstance(key, str) and isinstance(value, str):
            values.setdefault(key, value)
        nested = item.get("components")
        if isinstance(nested, list):
            pending.extend(nested)
        if isinstance(item.get("component"), dict):
            pending.append(item["component"])
    return values


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
