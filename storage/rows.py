"""Reading a row by its unique key, or making it: how a first contact makes its workspace,
group and member even when two of them arrive at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import GroupRow, MemberRow, WorkspaceRow

Row = TypeVar("Row", WorkspaceRow, GroupRow, MemberRow)


def get_or_create(
    session: Session, query: Select[Row], make: Callable[[], Row]
) -> tuple[Row, bool]:
    """Read the row, or insert it; if a concurrent first contact inserted it, read theirs.
    True with the row when this call inserted it.

    The insert runs in a SAVEPOINT so that losing the race to a unique constraint rolls back
    only the insert, not the caller's transaction.
    """
    query = query.execution_options(populate_existing=True)
    row = session.scalars(query).one_or_none()
    if row is not None:
        return row, False
    try:
        with session.begin_nested():
            row = make()
            session.add(row)
    except IntegrityError:
        return session.scalars(query).one(), False
    return row, True
