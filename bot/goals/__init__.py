"""Weekly goals (`/rebound goal networking 3`): progress counted in the member's own local week
(`bot.goals.progress`), set and shown by `bot.goals.commands`, and at most one gentle DM a week
to a member behind at mid-week (`bot.goals.nudge`)."""
