"""Handlers that answer two kinds of request of one command (used by the registry): a log or a
listing, a setting changed or shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.commands import account, history
from bot.commands.requests import ShowHistory, ShowSetting
from bot.context import Context
from bot.values import Outbound

R = TypeVar("R")
Handler = Callable[[Context, R], list[Outbound]]


def or_list(log: Callable[[Context, R], list[Outbound]]) -> Handler[R | ShowHistory]:
    """`/rejected` and `/feedback` log an entry, or with `list` show the member's entries."""

    def handle(ctx: Context, request: R | ShowHistory) -> list[Outbound]:
        if isinstance(request, ShowHistory):
            return history.show(ctx, request)
        return log(ctx, request)

    return handle


def setting(change: Callable[[Context, R], list[Outbound]]) -> Handler[R | ShowSetting]:
    """A setting's handler that also answers the bare subcommand with what is set now."""

    def handle(ctx: Context, request: R | ShowSetting) -> list[Outbound]:
        if isinstance(request, ShowSetting):
            return account.show_setting(ctx, request)
        return change(ctx, request)

    return handle
