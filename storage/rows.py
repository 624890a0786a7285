"""Reading a row by its unique key, or making it: how a first contact makes its workspace,
group and member even when two of them arrive at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import GroupRow, MemberRow, WorkspaceRow

Row = TypeVar("Row", WorkspaceRow, GroupRow, MemberRow)
_REFRESH = {"populate_existing": True}


def get_or_create(
    session: Session,
    query: Select[Row],
    make: Callable[[], Row],
    params: Mapping[str, Any] | None = None,
) -> tuple[Row, bool]:
    """Read the row, or insert it; if a concurrent first contact inserted it, read theirs.
    True with the row when this call inserted it.

    The insert runs in a SAVEPOINT so that losing the race to a unique constraint rolls back
    only the insert, not the caller's transaction. `query` may take `params` (a statement
    built once, issue 13); a row the session holds is refreshed from what is read.
    """
    row = session.scalars(query, params, execution_options=_REFRESH).one_or_none()
    if row is not None:
        return row, False
    try:
        with session.begin_nested():
            row = make()
            session.add(row)
    except IntegrityError:
        return session.scalars(query, params, execution_options=_REFRESH).one(), False
    return row, True
