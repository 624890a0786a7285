"""The group calendar: job fairs and industry events, members' answers, invites and reminders.

`/event add|list|cancel` and the RSVP buttons live in `bot.events.commands`; the natural dates
they read in `bot.events.when`; the post and its `.ics` invite in `bot.events.post` and
`bot.events.invite`; the reminders, which are durable occurrences like every group post, in
`bot.events.reminders`.
"""
