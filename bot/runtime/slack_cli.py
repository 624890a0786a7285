"""`rebound slack manifest [--url URL]`: the Slack app manifest an organiser pastes at
api.slack.com/apps, printed from the same registry and settings the running bot uses."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.runtime.settings import Settings


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    slack = commands.add_parser("slack", help="Slack setup helpers")
    actions = slack.add_subparsers(dest="slack_command", metavar="ACTION", required=True)
    manifest = actions.add_parser(
        "manifest",
        help="print the Slack app manifest to paste at api.slack.com/apps (its slash commands: "
        "SLACK_COMMANDS, default all, plus /rebound)",
    )
    manifest.add_argument(
        "--url",
        metavar="URL",
        help="your public https URL (HTTP mode); without it, a Socket Mode manifest",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from adapters.slack.manifest import manifest_yaml, public_url

    try:
        url = None if args.url is None else public_url(args.url)
    except ValueError as problem:
        print(f"rebound: {problem}", file=sys.stderr)
        return 2
    print(manifest_yaml(url, settings.slack_command_names), end="")
    return 0
