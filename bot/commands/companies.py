"""Company names as the member first typed them, and finding one at the start of a sentence.

A member who logs "Acme Corp" and later types "acme corp" means the same company: every
command matches names case-insensitively and keeps showing the first spelling.
"""

from __future__ import annotations

from bot.context import Context


def key(company: str) -> str:
    return " ".join(company.split()).casefold()


def first_spelling(ctx: Context, company: str) -> str:
    """The spelling the member first used for this company, or `company` if it is new."""
    return ctx.repo.first_spelling(ctx.member.id, company) or company


def split_known(ctx: Context, text: str) -> tuple[str, str] | None:
    """`Acme Corp wanted more SQL` -> ("Acme Corp", "wanted more SQL") when the member has named
    Acme Corp before (the longest such name wins); None when the text starts with no known name.
    """
    known = sorted(ctx.repo.companies_for_member(ctx.member.id), key=len, reverse=True)
    for company in known:
        size = len(company)
        if text[:size].casefold() == company.casefold() and (
            len(text) == size or not text[size].isalnum()
        ):
            return company, text[size:].lstrip(" :,-—\n")
    return None
