"""How a member types each command where they are, and the help list in those spellings.

A Slack workspace shares one slash-command namespace among all its apps, so an organiser may leave
out `/feedback` when another app has it; every command still works as `/rebound feedback`. The
menu is what the registry (`bot.commands.registry`) tells a handler about that, so help and every
"type this" hint name a command that works on the member's platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.messages import commands as words


@dataclass(frozen=True)
class HelpLine:
    command: str  # a top-level name ("feedback") or an umbrella subcommand ("rebound quiet")
    usage: str
    what: str


@dataclass(frozen=True)
class Menu:
    lines: tuple[HelpLine, ...] = ()
    unregistered: frozenset[str] = frozenset()  # top-level names this platform does not have
    umbrella: str = "rebound"

    def spell(self, command: str) -> str:
        """`/feedback` where it is registered, else `/rebound feedback`."""
        return f"/{self.umbrella} {command}" if command in self.unregistered else f"/{command}"

    def rewrite(self, template: str) -> str:
        """A message's `/command` examples in the spelling that works here (templates only,
        never a member's own words)."""
        if not self.unregistered:
            return template
        names = "|".join(re.escape(name) for name in sorted(self.unregistered))
        return re.sub(rf"`/({names})\b", rf"`/{self.umbrella} \1", template)

    def respell(self, words: str) -> str:
        """Our own stored words (a failure reason, never a member's text) with each bare
        `/command` spelled as it works here."""
        if not self.unregistered:
            return words
        names = "|".join(re.escape(name) for name in sorted(self.unregistered))
        return re.sub(rf"(?<![\w/`])/({names})\b", rf"/{self.umbrella} \1", words)

    def help(self) -> str:
        """`/rebound help`: every command, as the member can type it here."""
        listed = []
        for line in self.lines:
            command = self.spell(line.command)
            usage = f" {line.usage}" if line.usage else ""
            what = line.what.replace("{command}", command)
            listed.append(words.HELP_LINE.format(command=command, usage=usage, what=what))
        return f"\n{words.HELP_INTRO}\n\n" + "\n".join(listed) + f"\n\n{words.HELP_OUTRO}\n"
