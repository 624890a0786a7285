"""Text as a member typed it, minus what hides or fakes text: the one place input is cleaned.

Invisible format characters (Unicode category Cf) can make "Acme" and "Ac\u200bme" look alike or
reverse what a reader sees (bidi overrides), so they go. Some of them are also the glue of
emoji, though: a zero-width joiner makes 👩 + 💻 one "technologist" emoji, and tag characters
spell subdivision flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿. Those are kept exactly where an emoji sequence
needs them, and nowhere else.
"""

from __future__ import annotations

import unicodedata

import regex

ZWJ = "\u200d"
BLACK_FLAG = "\U0001f3f4"
CANCEL_TAG = "\U000e007f"
_TAGS = range(0xE0020, 0xE007F)  # tag space .. tag tilde; CANCEL_TAG ends a sequence
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")
# What may sit between an emoji and a joiner: variation selectors and skin-tone modifiers.
_EMOJI_TRAILERS = frozenset({"\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400))})


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Drop control and invisible characters (except emoji glue); fold whitespace, keeping
    newlines only when asked."""
    result = visible(text, keep_newlines=keep_newlines, spaces=True)
    if keep_newlines:
        lines = [" ".join(part.split()) for part in result.split("\n")]
        return "\n".join(lines).strip()
    return " ".join(result.split())


def visible(text: str, *, keep_newlines: bool = False, spaces: bool = False) -> str:
    """`text` without control and invisible characters (emoji glue stays): what renderers show.
    With `spaces`, tabs and line breaks (but kept newlines) become spaces instead of vanishing."""
    kept: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char == "\n" and keep_newlines:
            kept.append(char)
        elif spaces and char in "\t\r\n":
            kept.append(" ")
        elif category in ("Cc", "Cs"):  # Cs: lone surrogates, what undecodable bytes become
            continue
        elif category != "Cf" or _emoji_glue(text, index, kept):
            kept.append(char)
    return "".join(kept)


def _emoji_glue(text: str, index: int, kept: list[str]) -> bool:
    """Whether the format character at `index` joins an emoji sequence (given what was kept)."""
    char = text[index]
    if char == ZWJ:
        following = text[index + 1] if index + 1 < len(text) else ""
        return _ends_in_emoji(kept) and bool(following) and _is_pictographic(following)
    if ord(char) in _TAGS or char == CANCEL_TAG:
        return _in_tag_sequence(kept)
    return False


def _ends_in_emoji(kept: list[str]) -> bool:
    position = len(kept) - 1
    while position >= 0 and kept[position] in _EMOJI_TRAILERS:
        position -= 1
    return position >= 0 and _is_pictographic(kept[position])


def _in_tag_sequence(kept: list[str]) -> bool:
    """Tags count only right after a black flag or earlier tags of the same open sequence."""
    position = len(kept) - 1
    while position >= 0 and ord(kept[position]) in _TAGS:
        position -= 1
    return position >= 0 and kept[position] == BLACK_FLAG


def _is_pictographic(char: str) -> bool:
    return _PICTOGRAPHIC.match(char) is not None
