"""What a member can ask of Rebound, as typed values, made by the grammar in
`bot.commands.parsing`.

Kept apart from the grammar so that the handlers which act on a request need not know how it was
spelled, and a reader finds every request in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.records import Privacy, Stage


@dataclass(frozen=True)
class LogRejection:
    company: str
    role: str = ""
    note: str = ""
    stage: Stage | None = None


@dataclass(frozen=True)
class ShowHistory:
    """`/rejected list [page]` or `/feedback list [page]`: the member's entries, newest first."""

    command: Literal["rejected", "feedback"]
    page: int = 1


@dataclass(frozen=True)
class LogFeedback:
    """Feedback text whose company part the handler resolves against the member's rejections."""

    text: str
    company: str = ""  # set when the member separated it explicitly with a colon


@dataclass(frozen=True)
class LogApplied:
    company: str
    role: str = ""


@dataclass(frozen=True)
class LogNetworking:
    detail: str


@dataclass(frozen=True)
class LogEvent:
    detail: str


@dataclass(frozen=True)
class ListFollowUps:
    pass


@dataclass(frozen=True)
class ShowHelp:
    topic: str = ""


@dataclass(frozen=True)
class SetTimezone:
    name: str


@dataclass(frozen=True)
class SetQuietHours:
    start: str  # "HH:MM", or "" for off
    end: str


@dataclass(frozen=True)
class SetWeekends:
    skip: bool


@dataclass(frozen=True)
class SetPrivacy:
    level: Privacy


@dataclass(frozen=True)
class ShowSetting:
    """A settings subcommand with nothing after it: show what is set now, and how to change it."""

    setting: Literal["timezone", "quiet", "weekends", "privacy"]


@dataclass(frozen=True)
class ExportData:
    pass


@dataclass(frozen=True)
class ForgetMe:
    pass


@dataclass(frozen=True)
class SetUpGroup:
    pass


@dataclass(frozen=True)
class Problem:
    """Input we cannot act on. `message` is a key into bot.messages.replies.PROBLEMS."""

    message: str
    params: tuple[tuple[str, str], ...] = ()


Request = (
    LogRejection
    | LogFeedback
    | ShowHistory
    | LogApplied
    | LogNetworking
    | LogEvent
    | ListFollowUps
    | ShowHelp
    | SetTimezone
    | SetQuietHours
    | SetWeekends
    | SetPrivacy
    | ShowSetting
    | ExportData
    | ForgetMe
)
