"""The feedback journal: themes that recur across a member's saved feedback (`/feedback`), by a
plain phrase count anyone can check by reading their entries again ("system design: 3 of 5").

Two sources of themes, both counted per entry (a theme said three times in one entry counts
once): a short curated list of what job feedback is usually about, each with the words people
use for it ("architecture" is system design); and any two-word phrase of the member's own that
recurs, made of words that are not filler ("product sense", "stakeholder management"). A theme
shows only when it comes up in at least `MIN_ENTRIES` different entries. No model, no weights:
the same feedback always gives the same themes.

Private by design: `insight_blocks` is for the member's own `/momentum` answer only, never a
group-facing message (feedback is never shown to the group, counted or quoted).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot import markup
from bot.messages import momentum_replies as words
from bot.ports import Repository
from bot.records import ActivityKind
from bot.values import Block, BulletList

MIN_ENTRIES = 2
SHOWN = 5  # the most frequent themes shown; the rest are noise at chat size

# Theme: the phrases that count for it, normalised as `normalise` does (whole words only).
THEMES: dict[str, tuple[str, ...]] = {
    "system design": ("system design", "systems design", "architecture", "scalability"),
    "communication": (
        "communication",
        "communicate",
        "communicating",
        "articulate",
        "explain your",
        "explaining",
    ),
    "sql": ("sql", "queries", "query"),
    "experience": ("experience", "experienced", "years of", "seniority", "too junior"),
    "culture fit": ("culture fit", "cultural fit", "team fit", "fit with the team", "culture"),
    "take-home": ("take home", "home assignment", "home test", "coding challenge", "assignment"),
    "leadership": ("leadership", "led a team", "lead a team", "people management", "mentoring"),
    "portfolio": ("portfolio", "case study", "case studies", "work samples"),
    "salary": ("salary", "compensation", "pay", "budget"),
    "coding": ("coding", "algorithms", "algorithm", "data structures", "live coding"),
    "domain knowledge": ("domain knowledge", "industry knowledge", "domain experience"),
    "testing": ("testing", "unit tests", "test coverage"),
}
# Words that make no theme on their own: grammar, and what all feedback says.
_FILLER = """a about above after again all also am an and any are as at be been before being but by
    can could did do does doing for from had has have having he her here him his how i if in
    into is it its just me more most much my need needed needs no not of on one only or other
    our out over own same she should so some such than that the their them then there these
    they this those through to too under up very was we were what when where which while who
    why will with would you your yours felt feel wanted want looking look lacked lack lacking
    strong stronger great good better best bit little lot really role position candidate
    candidates team company interview interviews round rounds next time said say says told
    think thought maybe might well however overall other others went going get got"""
STOPWORDS = frozenset(_FILLER.split())
_NOT_WORDS = re.compile(r"[^\w]+|_")


@dataclass(frozen=True)
class Theme:
    label: str
    entries: int  # how many feedback entries mention it


def normalise(text: str) -> str:
    """Lower case, words only, single spaces: "Take-home, SQL!" -> "take home sql"."""
    return " ".join(_NOT_WORDS.sub(" ", text.casefold()).split())


def themes(feedback_texts: list[str]) -> list[Theme]:
    """The themes that come up in at least `MIN_ENTRIES` entries, most entries first (ties: the
    curated list's order, then alphabetical)."""
    entries = [f" {normalise(text)} " for text in feedback_texts]
    found: Counter[str] = Counter()
    claimed: set[str] = set()  # words a curated theme already explains
    for label, phrases in THEMES.items():
        said = [f" {normalise(phrase)} " for phrase in phrases]
        found[label] = sum(1 for entry in entries if any(phrase in entry for phrase in said))
        claimed.update(word for phrase in phrases for word in normalise(phrase).split())
    for entry in entries:
        found.update(set(_pairs(entry.split(), claimed)))
    order = {label: index for index, label in enumerate(THEMES)}
    kept = [Theme(label, count) for label, count in found.items() if count >= MIN_ENTRIES]
    return sorted(kept, key=lambda t: (-t.entries, order.get(t.label, len(order)), t.label))


def _pairs(tokens: list[str], claimed: set[str]) -> list[str]:
    """Two neighbouring words, neither filler, a number or part of a curated theme."""
    notable = [
        token not in STOPWORDS and token not in claimed and len(token) > 2 and token.isalpha()
        for token in tokens
    ]
    return [
        f"{tokens[i]} {tokens[i + 1]}"
        for i in range(len(tokens) - 1)
        if notable[i] and notable[i + 1]
    ]


def feedback_texts(repo: Repository, member_id: int) -> list[str]:
    """What the member saved with `/feedback`, oldest first."""
    return [
        activity.detail
        for activity in repo.activities_for_member(member_id)
        if activity.kind is ActivityKind.FEEDBACK
    ]


def insight_blocks(found: list[Theme], total: int) -> tuple[Block, ...]:
    """The member's own insight, for an answer only they see (never a group-facing message)."""
    if total < MIN_ENTRIES:
        return markup.blocks(words.JOURNAL_EMPTY)
    if not found:
        return markup.blocks(words.JOURNAL_NO_THEMES, {"total": total})
    lines = tuple(
        markup.line(words.JOURNAL_LINE, {"theme": t.label, "count": t.entries, "total": total})
        for t in found[:SHOWN]
    )
    return (
        *markup.blocks(words.JOURNAL_TITLE),
        BulletList(lines),
        *markup.blocks(words.JOURNAL_HOW),
    )
