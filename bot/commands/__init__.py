"""What each command does: parsing its words, the handlers, and the buttons on its answers.

`registry` declares every command once (name, words, grammar, handler, buttons): start there.
The handlers, by command: `checkins` has `/rejected`, `/applied`, `/networked`, `/event`
and `/momentum`; `feedback`, `followups`, `history` (the `list` pages) and `account` (every
`/rebound` subcommand) have the rest; `undo` and `home` (Slack's App Home) the buttons and views.
"""
