"""Plain values that cross the core's boundary: commands in, outbound messages out.

Adapters translate platform payloads into these and render these into platform messages, so the
core never sees a platform type and every renderer gets the same complete description of a message.
All of them are frozen: a message, once built, is a fact to render, not a thing to mutate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Literal

# --- who and where --------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """A member acting in a channel; ids are the platform's own strings."""

    platform: str
    workspace_id: str
    user_id: str
    display_name: str
    channel_id: str
    channel_name: str = ""
    # The zone the platform reports for this person, used only until they choose one themselves.
    timezone_hint: str = ""
    # The organization above the workspace, where a platform has one (a Slack Enterprise Grid
    # org): needed to find the installation that delivers scheduled messages.
    organization_id: str = ""
    # The platform says this person may manage the server or workspace (Discord's Manage
    # Server or Administrator; a Slack admin or owner): organiser-only commands need it.
    can_manage: bool = False


# --- commands in ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SlashCommand:
    """`/name text` as typed; the core parses the text so every platform shares one grammar."""

    actor: Actor
    name: str
    text: str = ""


@dataclass(frozen=True)
class ButtonPress:
    """A press on a button the core produced; `value` is the button's own opaque value."""

    actor: Actor
    action_id: str
    value: str


@dataclass(frozen=True)
class DraftSubmitted:
    """A member submitted the draft editor (`Form`): they sent this email, in these words.

    `value` is the form's own opaque value; `subject` and `body` are the text as edited, kept
    with the follow-up so the member can read back what they actually sent.
    """

    actor: Actor
    value: str
    subject: str
    body: str
    action_id: ClassVar[str] = "draft.submitted"  # what logs call it


Command = SlashCommand | ButtonPress | DraftSubmitted


# --- inline markup --------------------------------------------------------------------------


class Style(StrEnum):
    PLAIN = "plain"
    BOLD = "bold"
    ITALIC = "italic"
    CODE = "code"


@dataclass(frozen=True)
class Span:
    """A run of text. Text is always data: renderers escape it for their platform."""

    text: str
    style: Style = Style.PLAIN


@dataclass(frozen=True)
class Link:
    url: str
    label: str


TimeStyle = Literal["date", "datetime", "time", "relative"]


@dataclass(frozen=True)
class LocalTime:
    """A moment shown in each reader's own local time (Slack `<!date>`, Discord `<t:>`).

    `tz` is the zone the core believes the reader is in; renderers that cannot localize per reader
    (the console, plain-text fallbacks) use it.
    """

    at: datetime
    tz: str = "UTC"
    style: TimeStyle = "datetime"

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("LocalTime needs a timezone-aware datetime")


@dataclass(frozen=True)
class Mention:
    """A deliberate mention of one member, which notifies them (and only them): `user_id` is
    the platform's id, `label` their display name, for renderers that cannot mention. Never
    made from what a member typed: text that looks like a mention stays text (see `Span`)."""

    user_id: str
    label: str


Inline = Span | Link | LocalTime | Mention
Line = tuple[Inline, ...]


# --- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    content: Line


@dataclass(frozen=True)
class BulletList:
    items: tuple[Line, ...]


@dataclass(frozen=True)
class Fields:
    """Label/value pairs shown side by side where the platform can (Slack fields, embed fields)."""

    pairs: tuple[tuple[str, Line], ...]


@dataclass(frozen=True)
class Quote:
    """A block of text the member may copy, such as an email draft; kept verbatim."""

    content: Line
    title: str = ""


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True)
class Actions:
    """A row of buttons that belongs to the block above it (at most 5 per row, 5 rows a message)."""

    buttons: tuple[Button, ...]


Block = Paragraph | BulletList | Fields | Quote | Actions


# --- forms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """One text input of a form; `key` names it in the submission. `limit` is the most
    characters the core accepts, so renderers cap the input there (and `initial` fits it)."""

    key: str
    label: str
    initial: str
    limit: int
    multiline: bool = False


@dataclass(frozen=True)
class Form:
    """A small dialog a platform shows where it can (a Slack or Discord modal): fields to edit,
    a submit and a close label, and a hint. `form_id` names what submitting it means (the core
    turns a submitted draft editor into `DraftSubmitted`); `value` comes back with it, opaque.
    Platforms without forms never get one: the core then answers with plain messages."""

    form_id: str
    value: str
    title: str
    fields: tuple[FormField, ...]
    submit: str
    close: str
    hint: Line = ()


@dataclass(frozen=True)
class Attachment:
    filename: str
    mime_type: str
    data: bytes


# --- outbound -------------------------------------------------------------------------------


class DestinationKind(StrEnum):
    CHANNEL = "channel"
    EPHEMERAL = "ephemeral"
    DM = "dm"


@dataclass(frozen=True)
class Destination:
    """Where a message goes: ephemeral needs channel and user, DM a user, channel a channel."""

    kind: DestinationKind
    platform: str
    workspace_id: str
    channel_id: str = ""
    user_id: str = ""
    label: str = ""

    @classmethod
    def ephemeral(cls, actor: Actor) -> Destination:
        return cls(
            DestinationKind.EPHEMERAL,
            actor.platform,
            actor.workspace_id,
            channel_id=actor.channel_id,
            user_id=actor.user_id,
            label=actor.display_name,
        )


@dataclass(frozen=True)
class Erasure:
    """What a platform still holds of a member who asked to be forgotten, for the adapter to
    remove: the bot's messages to them that name companies (references as the messenger
    returned them), and their id in the platform's own records (such as an installation)."""

    platform: str
    workspace_id: str
    user_id: str
    message_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outbound:
    destination: Destination
    blocks: tuple[Block, ...]
    attachments: tuple[Attachment, ...] = ()
    # A short plain summary for notifications and clients that cannot show blocks.
    summary: str = ""
    # Set on scheduled deliveries: when it was due, in the recipient's zone, for renderers that
    # replay time (the console) and for logs.
    due_at: LocalTime | None = None
    # The unique keys of the durable work items this message delivers (a catch-up DM carries
    # several). Messengers attach them, so after a crash we can ask whether it already went out.
    work_keys: tuple[str, ...] = ()
    # Set on the confirmation of `/rebound forget`: what the adapter must remove on its side.
    erasure: Erasure | None = None
    # Set on a button press's answer that takes the place of the message the button was on
    # (an event post showing its new counts): platforms edit that message in place (Slack's
    # `replace_original`, Discord's message update); its attachments stay as they were.
    replaces_source: bool = False
