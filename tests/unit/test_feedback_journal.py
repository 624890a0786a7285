"""The feedback journal (issue 12 item 5): themes that recur across a member's own feedback, by
a phrase count they can check by rereading it; shown only to them."""

from __future__ import annotations

from datetime import timedelta

from bot.core import Core
from bot.momentum import journal
from bot.momentum.journal import Theme, insight_blocks, themes
from bot.ports import UnitOfWork
from bot.values import Block, Destination, DestinationKind, Outbound
from tests.helpers import at, slash, text

NOON = at("2026-12-01T12:00:00+00:00")
FEEDBACK = [
    "Strong on SQL, but the system design round needed more depth.",
    "We wanted more experience with system design at scale; communication was great.",
    "Your architecture answer was vague. Product sense was excellent though.",
    "Take-home was solid. Work on communicating trade-offs.",
    "Great product sense; the take home assignment ran long.",
]


def test_a_theme_counts_once_per_entry_and_by_its_synonyms() -> None:
    found = {theme.label: theme.entries for theme in themes(FEEDBACK)}
    assert found["system design"] == 3, "'architecture' is system design; entries, not mentions"
    assert found["communication"] == 2, "'communicating' is communication"
    assert found["take-home"] == 2, "'Take-home' and 'take home assignment' are one theme"
    assert found["product sense"] == 2, "a two-word phrase of their own that recurs"
    assert "sql" not in found and "experience" not in found, "said once: not a theme"
    assert "great" not in found and "wanted more" not in found, "filler makes no theme"


def test_most_entries_first_and_the_same_feedback_always_gives_the_same_themes() -> None:
    first = themes(FEEDBACK)
    assert first[0] == Theme("system design", 3)
    assert [t.entries for t in first] == sorted((t.entries for t in first), reverse=True)
    assert themes(list(FEEDBACK)) == first
    assert themes(list(reversed(FEEDBACK))) == first, "order of entries changes nothing"


def test_whole_words_only_and_nothing_from_one_entry_said_twice() -> None:
    assert themes(["SQL SQL SQL", "mysqldump was fine"]) == []
    assert themes(["payment flow", "pay was below budget"]) == [], "'payment' is not 'pay'"
    assert themes(["", "   "]) == []


def shown(blocks: tuple[Block, ...]) -> str:
    return text(Outbound(Destination(DestinationKind.DM, "console", "T1", user_id="alex"), blocks))


def test_the_insight_says_how_it_was_counted_and_stays_honest_when_thin() -> None:
    said = shown(insight_blocks(themes(FEEDBACK), len(FEEDBACK)))
    assert "system design: 3 of 5" in said
    assert "only you see this" in said
    assert "at least 2 entries" in said
    one = shown(insight_blocks([], 1))
    assert "Once you have a few" in one
    none = shown(insight_blocks(themes(["SQL", "culture fit"]), 2))
    assert "Nothing comes up in more than one of your 2 saved feedback entries" in none


def test_it_reads_the_members_saved_feedback_and_no_one_elses(core: Core, uow: UnitOfWork) -> None:
    for index, said in enumerate(FEEDBACK[:3]):
        core.handle(slash("feedback", f"Acme: {said}"), NOON + timedelta(minutes=index))
    core.handle(slash("feedback", "Globex: system design again", "Sam"), NOON)
    core.handle(slash("applied", "Initech"), NOON)
    with uow() as repo:
        alex = repo.find_member(slash("feedback").actor)
        assert alex is not None
        texts = journal.feedback_texts(repo, alex.id)
    assert texts == FEEDBACK[:3]
    assert Theme("system design", 3) in themes(texts)
