"""Values suggested while a member types an option (Discord's autocomplete), by `Core.suggest`.

A suggestion is a convenience, not a use of Rebound: the core asks only for a member it already
knows and stores nothing. Companies come from the member's own rejections only, never another
member's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from zoneinfo import available_timezones

from bot.ports import Repository
from bot.records import Member

LIMIT = 25  # Discord shows at most 25 choices
LENGTH = 100  # and cuts nothing: a longer name or value is refused

Suggester = Callable[[Repository, Member, str], list[str]]


def rejected_companies(repo: Repository, member: Member, typed: str) -> list[str]:
    """The companies of the member's own rejections that contain what they typed, most
    recently rejected first, each once (as stored)."""
    wanted = typed.strip().casefold()
    seen: set[str] = set()
    found: list[str] = []
    for rejection in repo.rejections_for_member(member.id):  # newest first
        key = rejection.company.casefold()
        if key in seen or wanted not in key or len(rejection.company) > LENGTH:
            continue
        seen.add(key)
        found.append(rejection.company)
        if len(found) == LIMIT:
            break
    return found


def zones(repo: Repository, member: Member, typed: str) -> list[str]:
    """IANA zone names containing what was typed (any case): those whose city starts with it
    first (by city), then those whose name does, then the rest (by name)."""
    wanted = typed.strip().casefold().replace(" ", "_")
    if not wanted:
        return list(_zones()[:LIMIT])

    def rank(name: str) -> tuple[int, str, str]:
        lowered = name.casefold()
        city = lowered.rsplit("/", 1)[-1]
        if city.startswith(wanted):
            return (0, city, name)
        return (1 if lowered.startswith(wanted) else 2, "", name)

    return sorted((z for z in _zones() if wanted in z.casefold()), key=rank)[:LIMIT]


@cache
def _zones() -> tuple[str, ...]:
    # Area/City names only: no legacy aliases ("EST5EDT", "US/Eastern" stay typeable).
    return tuple(
        sorted(
            z
            for z in available_timezones()
            if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/"))
        )
    )
