"""What each command is called in menus and in `/rebound help`, one entry per registry command.

The registry (`bot.commands.registry`) pairs these words with a grammar and a handler, so the help,
Slack's manifest and Discord's command list all say the same thing. `{command}` in a help line is
the spelling that works where the member is (`/feedback`, or `/rebound feedback` where another app
took `/feedback`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    summary: str  # one line for a platform's command menu
    usage: str = ""  # the hint shown while typing, e.g. "<company> [role: …]"
    # (what to type after the command, what it does) for `/rebound help`
    help: tuple[tuple[str, str], ...] = ()


REJECTED = Words(
    "Log a rejection and plan three follow-ups",
    "<company> [role: …] [stage: …] [note: …] | list",
    (
        (
            "<company> [role: …] [stage: …] [note: …]",
            "log a rejection; I plan three follow-ups with drafts that fit the stage (applied, "
            "screen, interview or final)",
        ),
        (
            "list",
            "your past rejections and what became of each follow-up (to log a company called "
            "List, add a role: `{command} List role: Analyst`)",
        ),
    ),
)
FOLLOWUPS = Words(
    "Your follow-ups: planned, waiting on you, done",
    "",
    (("", "what's planned and waiting on you, four at a time (**Show more** for the rest)"),),
)
FEEDBACK = Words(
    "Save feedback a company gave you",
    "<company>: <what they said> | list",
    (
        ("<company>: <what they said>", "save feedback you received"),
        ("list", "read back the feedback you saved"),
    ),
)
APPLIED = Words(
    "Log an application", "<company> [role: …]", (("<company> [role: …]", "log an application"),)
)
NETWORKED = Words(
    "Log networking you did", "<what you did>", (("<what you did>", "log networking"),)
)
EVENT = Words(
    "Log an event you went to, or put one on the group's calendar",
    "<what you attended> | add <title> at <when> [link] [where: …] | list | cancel <number>",
    (
        ("<what you attended>", "log a job fair, meetup or industry event you went to"),
        (
            "add <title> at <when> [link] [where: <place>]",
            "put an event on the group's calendar (for example `{command} add Tech job fair at "
            "next Thursday 6pm https://fair.example where: Hall 3`): a post in the group "
            "channel with Going, Interested and Not going buttons and a calendar invite",
        ),
        ("list", "the group's upcoming events, with their numbers and who is going"),
        (
            "cancel <number>",
            "cancel an event you added (organisers can cancel any); those going are told",
        ),
    ),
)
MOMENTUM = Words(
    "Your week, your streak and goals; share it, or see the group's",
    "[share | group]",
    (
        ("", "your own week so far, streak, goals and last 8 weeks (only you see it)"),
        ("share", "post your week in the group channel, as your privacy allows"),
        ("group", "the group's week so far, as the weekly summary will show it"),
    ),
)
REBOUND = Words("Help, settings and your data")  # its usage lists its subcommands

HELP = Words("Everything Rebound can do")
TIMEZONE = Words(
    "Set your zone", "<Area/City>", (("<Area/City>", "set your zone (for example Europe/Berlin)"),)
)
QUIET = Words(
    "When I must not DM you",
    "21:00-08:00 | off",
    (("21:00-08:00", "when I must not DM you (`off` to allow any time)"),),
)
WEEKENDS = Words(
    "Keep weekends free of nudges, or not",
    "skip | allow",
    (("skip|allow", "keep weekends free of nudges, or not"),),
)
GOAL = Words(
    "Set a weekly goal, or see how your goals are going",
    "[applications|networking|events|followups] [number|off]",
    (
        ("", "your weekly goals and how far you are this week"),
        (
            "networking 3",
            "aim for 3 networking steps a week (also applications, events, followups); "
            "under halfway by Thursday morning, you get one gentle nudge",
        ),
        ("networking off", "clear that goal"),
    ),
)
PRIVACY = Words(
    "What the group may see of you",
    "counts | full | private",
    (("counts|full|private", "what the group may see of you"),),
)
EXPORT = Words("Download your data", "", (("", "download your data"),))
FORGET = Words("Delete all your data", "", (("", "delete all your data"),))
SETUP = Words(
    "Make this channel the group's channel (organisers and group admins)",
    "",
    (("", "organisers and group admins: make this channel the one where the group's posts go"),),
)
SETTINGS = Words(
    "The group's settings (changed by organisers and group admins)",
    "[timezone | summary | networking | cadence | quiet | weekends | posts …]",
    (
        ("", "the group's settings: timezone, weekly posts, follow-up cadence, defaults"),
        (
            "summary fri 17:00",
            "organisers and group admins: change one, e.g. `timezone Europe/Berlin`, "
            "`networking wed 12:00`, `cadence 1 3 21`, `quiet 21:00-08:00|off`, "
            "`weekends skip|keep`, `posts off|on`",
        ),
    ),
)
ADMIN = Words(
    "Who besides organisers runs the group",
    "add @member | remove @member | list",
    (
        ("list", "who the group admins are"),
        ("add|remove @member", "organisers and group admins: make someone a group admin, or not"),
    ),
)

HELP_INTRO = (
    "**Rebound** helps your group turn rejections into follow-ups and keep the search moving."
)
HELP_LINE = "- `{command}{usage}`: {what}"
HELP_OUTRO = (
    "A setting on its own (for example `/rebound quiet`) shows what it is now. Notes you add "
    "stay\nprivate to you."
)

# Typed options, for platforms whose commands take named fields (Discord's app commands).
OPTION_COMPANY = "The company's name"
OPTION_ROLE = "The role you applied for (optional)"
OPTION_STAGE = "How far you got: applied, screen, interview or final (optional)"
OPTION_NOTE = "A private note, only for you (optional)"
OPTION_SAID = "What they said"
OPTION_NETWORKED = "What you did, e.g. coffee chat with a former colleague"
OPTION_EVENT = "What you attended (e.g. city tech job fair); or add, list, or cancel 3"
OPTION_EVENT_TITLE = "With what: add, the event's title, e.g. Tech job fair"
OPTION_EVENT_WHEN = "With what: add, when it starts, e.g. next Thursday 6pm (your time)"
OPTION_EVENT_LINK = "With what: add, its web page, https://… (optional)"
OPTION_EVENT_WHERE = "With what: add, where it is, e.g. City Hall, room 3 (optional)"
OPTION_ZONE = "Your zone, e.g. Europe/Berlin (leave out to see the current one)"
OPTION_QUIET = "e.g. 21:00-08:00, or off (leave out to see the current ones)"
OPTION_WEEKENDS = "skip or allow (leave out to see the current choice)"
OPTION_MOMENTUM = "share or group (leave out to see your own week)"
OPTION_GOAL_KIND = "applications, networking, events or followups (leave out to see your goals)"
OPTION_GOAL_COUNT = "how many a week, from 1 to 50, or off to clear it"
OPTION_PRIVACY = "counts, full or private (leave out to see the current level)"
OPTION_SETTINGS = "e.g. summary fri 17:00 (leave out to see them all)"
OPTION_ADMIN = "add @member, remove @member or list"
