"""The password in a database URL: hidden in every message, listed for the logs to redact.

One reading serves both, so what a message hides and what the logs redact never differ. It is
deliberately cruder than a URL parser: an operator's URL may hold a password with an unescaped
`@`, `:` or `/`, or a mistyped scheme (`postgres:/...`, or none at all) that makes a parser see
a file path, and a parser then shows the password as part of the host or the path. So
everything between the scheme (or the start of the text) and the LAST `@` is the user and
password, the user being what comes before its first `:`; a `password=` in the query counts
too. Hiding too much (part of a path that happens to hold an `@`) is the price of never
showing a password. Nothing here imports SQLAlchemy: settings use it before any database does.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus

HIDDEN = "***"
# `postgresql://`, `sqlite:///`: a scheme as written. `postgres:/` (one slash, a typo) is only
# taken for a scheme when a `user:password` follows it, see `_credentials`.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(/+)")
_QUERY_PASSWORD = re.compile(r"([?&;]password=)([^&;#]*)", re.IGNORECASE)


def hidden(url: str) -> str:
    """`url` with its passwords replaced by `***`; the scheme, user, host and path as typed."""
    found = _credentials(url)
    if found is not None:
        start, end = found
        url = f"{url[:start]}{HIDDEN}{url[end:]}"
    return _QUERY_PASSWORD.sub(rf"\g<1>{HIDDEN}", url)


def passwords(url: str) -> list[str]:
    """Every password in `url` as typed and as decoded (`%40` is `@`), for log redaction."""
    typed = typed_password(url)
    raw = [] if typed is None else [typed]
    raw += [match.group(2) for match in _QUERY_PASSWORD.finditer(url)]
    forms = [form for value in raw for form in (value, unquote(value), unquote_plus(value))]
    return [form for form in dict.fromkeys(forms) if form]


def typed_password(url: str) -> str | None:
    """The password between the user and the last `@`, as typed (still %-encoded)."""
    found = _credentials(url)
    return url[found[0] : found[1]] if found is not None else None


def _credentials(url: str) -> tuple[int, int] | None:
    """Where the password sits in `url` (start, end), or None when it names no password."""
    at = url.rfind("@")
    if at < 0:
        return None
    scheme = _SCHEME.match(url)
    starts = [0]
    if scheme is not None:
        # A written scheme (`://`) is trusted; a one-slash typo only when `user:password`
        # follows it, else `rebound:/pw@host` would be read as scheme `rebound:/`.
        starts = [scheme.end()] if len(scheme.group(1)) >= 2 else [scheme.end(), 0]
    for start in starts:
        colon = url.find(":", start, at)
        if colon >= 0:
            return colon + 1, at
    return None


def scrubbed(text: str, url: str) -> str:
    """`text` (a driver's error, which may quote `url` or parts of it) without `url`'s
    passwords, in any form they were typed or decoded."""
    text = text.replace(url, hidden(url))
    for password in sorted(passwords(url), key=len, reverse=True):
        text = text.replace(password, HIDDEN)
    return text
