"""Hostile input for property tests: what a careless, curious or malicious member could type.

Plain `st.text()` rarely produces the strings that break chat bots, so the mix leans on them:
mention syntax, command markers in odd places and cases, bidi overrides, zero-width and control
characters, emoji ZWJ sequences, digits that are not ASCII, and strings far past every limit.
"""

from __future__ import annotations

from hypothesis import strategies as st

from bot.commands.registry import COMMANDS

TRICKS = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0123ABC>",
    "<#C999|general>",
    "<!subteam^S1|team>",
    "<!date^1^{date}|x>",
    "<https://evil.example|click>",
    "@everyone",
    "@channel",
    "role:",
    "ROLE:",
    "Role :",
    "note:",
    "NoTe:",
    "stage:",
    "company:",
    ":",
    "::",
    "*",
    "_",
    "`",
    "```",
    "~",
    ">",
    "&amp;",
    "&",
    "{company}",
    "{}",
    "{0}",
    "%s",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x1b[2J",
    "\x07",
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\U0001f469\u200d\U0001f4bb",  # woman technologist (ZWJ sequence)
    "\U0001f1fa\U0001f1f8",  # flag
    "e\u0301",  # combining accent
    "\udcff",  # an undecodable byte read with surrogateescape (a console on the C locale)
    "\ud800",  # a lone surrogate from a JSON escape
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
    "٠٠:٢١-٠٨:٠٠",
    "22:00-07:00",
    "99:99-00:00",
    "off",
    "help",
    "timezone",
    "quiet",
    "weekends",
    "privacy",
    "export",
    "forget",
    "list",
    "Europe/Berlin",
    "../../etc/passwd",
    "'; DROP TABLE members; --",
    "9" * 30,
    "-1",
    "0",
)

trick = st.sampled_from(TRICKS)
any_char_text = st.text(max_size=60)
long_text = st.builds(
    lambda piece, n: piece * n, st.sampled_from(["A", "é ", "😀", "a b "]), st.integers(90, 1300)
)

# Words glued together from tricks, ordinary words and arbitrary unicode, in any order.
hostile_text = st.one_of(
    any_char_text,
    st.lists(
        st.one_of(trick, any_char_text, st.sampled_from(["Acme", " ", "Data Analyst"])), max_size=12
    ).map("".join),
    st.lists(st.one_of(trick, any_char_text), max_size=6).map(" ".join),
    long_text,
    st.tuples(long_text, trick, long_text).map("".join),
)

command_names = st.one_of(
    st.sampled_from(COMMANDS),
    st.sampled_from(COMMANDS).map(lambda name: "/" + name.upper()),
    st.text(max_size=20),
    st.sampled_from(["", "/", " rejected ", "rebound\u200b", "REJECTED", "/unknown", "`x`"]),
)

# Button values: ids of any size and sign, digits that are not ASCII, and text.
button_values = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=0, max_value=50).map(str),
    st.sampled_from(["", "²", "١", "0x10", "1e3", " 1", "1 ", "+1", "9" * 5000, "00001"]),
    any_char_text,
)
