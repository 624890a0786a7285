"""A named field of a command, for platforms whose commands take fields (Discord).

Apart from the registry (`bot.commands.registry`, which re-exports it) so that a command's
package (`bot.events`) can declare its own fields next to its grammar.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.suggestions import Suggester


@dataclass(frozen=True)
class Option:
    """`marker` introduces it in the typed grammar (`role:`; "" for text without a marker), so
    `Command.compose` turns field values back into the text every platform parses."""

    name: str
    description: str
    required: bool = False
    marker: str = ""
    suggest: Suggester | None = None  # offered while typing, where possible (`Core.suggest`)

    @property
    def autocomplete(self) -> bool:
        return self.suggest is not None
