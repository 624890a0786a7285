"""The command registry: every command declared once reaches members on every platform, as its own
slash command or as `/rebound <command>`, and help names the spelling that works where they are."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from adapters.slack.app import button_pattern
from bot.commands import buttons
from bot.commands.buttons import ButtonAction
from bot.commands.registry import REGISTRY, Command, Registry
from bot.commands.requests import LogFeedback, LogRejection, Problem
from bot.context import Context
from bot.core import BUTTONS, Core
from bot.delivery.due import DueWork, run_due_pass
from bot.events import commands as events
from bot.messages.commands import Words
from bot.messages.encouragement import ENCOURAGEMENTS
from bot.messages.replies import DMS_CLOSED
from bot.ports import UnitOfWork
from bot.records import FollowUpState
from bot.runtime.settings import Settings, explain
from bot.values import Outbound, SlashCommand
from tests.helpers import RecordingMessenger, actor, at, slash, text

NOON = at("2026-12-01T12:00:00+00:00")

# One ordinary way to use each command, as a member would type it.
EXAMPLES = {
    "rejected": "Acme Corp role: Data Analyst stage: interview note: two rounds",
    "followups": "",
    "feedback": "Globex: wanted more SQL\nand a portfolio",
    "applied": "Initech role: Designer",
    "networked": "coffee with a former colleague",
    "event": "city job fair",
    "momentum": "",
}


def test_every_command_has_an_example() -> None:
    assert set(EXAMPLES) == {command.name for command in REGISTRY.commands}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_rebound_reaches_every_command_with_the_same_answer(uow: UnitOfWork, name: str) -> None:
    """`/rebound feedback …` is `/feedback …`: same request, same words back (two groups, so
    neither answer sees the other's activity)."""
    core = Core(uow, "UTC")
    typed = EXAMPLES[name]
    assert REGISTRY.parse("rebound", f"{name} {typed}") == REGISTRY.parse(name, typed)
    direct = core.handle(SlashCommand(actor("Alex", workspace="T1"), name, typed), NOON)
    nested = core.handle(
        SlashCommand(actor("Alex", workspace="T2"), "rebound", f"{name} {typed}"), NOON
    )
    assert [_steady(reply) for reply in nested] == [_steady(reply) for reply in direct]
    assert direct, "every command answers"


def _steady(reply: Outbound) -> str:
    """What a member reads, without the encouragement, which is picked per rejection row."""
    cheers = {cheer.format(company="Acme Corp") for cheer in ENCOURAGEMENTS}
    return "\n".join(line for line in text(reply).splitlines() if line.strip() not in cheers)


def test_rebound_subcommands_still_work_and_unknown_ones_are_named(core: Core) -> None:
    (zone,) = core.handle(slash("rebound", "tz Europe/Berlin"), NOON)
    assert "Europe/Berlin" in text(zone)
    (unknown,) = core.handle(slash("rebound", "rebound help"), NOON)
    assert "I don't know `/rebound rebound`" in text(unknown)
    (bare,) = core.handle(slash("rebound"), NOON)
    (helped,) = core.handle(slash("rebound", "help"), NOON)
    assert text(bare) == text(helped)


def test_help_names_rebound_forms_where_a_command_is_not_registered(uow: UnitOfWork) -> None:
    core = Core(uow, "UTC", registered={"console": {"rejected"}})
    (helped,) = core.handle(slash("rebound", "help"), NOON)
    shown = text(helped)
    assert "/rejected <company>" in shown
    assert "/rebound feedback <company>: <what they said>" in shown
    assert "/rebound momentum" in shown
    assert "`/rebound followups`: what's planned" in shown
    assert "/feedback" not in shown.replace("/rebound feedback", "")
    # Hints that tell the member what to type use the form that works here, too.
    (empty,) = core.handle(slash("rebound", "feedback list"), NOON)
    assert "/rebound feedback <company>: <what they said>" in text(empty)
    (usage,) = core.handle(slash("rebound", "feedback"), NOON)
    assert "/rebound feedback Acme Corp: wanted more SQL experience" in text(usage)
    logged = core.handle(slash("rejected", "Acme"), NOON)
    assert "`/rebound followups` shows them all" in text(logged[-1])


def test_other_platforms_keep_every_command(uow: UnitOfWork) -> None:
    core = Core(uow, "UTC", registered={"slack": {"rejected"}})
    (helped,) = core.handle(slash("rebound", "help"), NOON)  # a console member
    assert "/rebound feedback" not in text(helped)
    assert "/feedback <company>" in text(helped)


def test_every_button_resolves_and_slack_listens_for_it() -> None:
    declared = [
        action
        for group in (
            buttons.REJECTED,
            buttons.UNDO_ACTIVITY,
            buttons.FOLLOWUPS,
            buttons.FORGET,
            buttons.EVENT_ATTENDANCE,
            events.BUTTONS,
        )
        for action in group
    ]
    assert {action.action_id for action in declared} == set(BUTTONS)
    listener = button_pattern(BUTTONS)
    for action in declared:
        assert BUTTONS[action.action_id] is action.handle
        assert listener.match(f"{action.action_id}:3")
    assert not listener.match("rejection.undone:1")


def test_two_handlers_for_one_button_are_refused() -> None:
    other = ButtonAction(buttons.FORGET[0].action_id, lambda ctx, value: [])
    clash = Command(
        "clash", Words("x"), lambda text: Problem("usage_event"), _no_answer, buttons=(other,)
    )
    registry = _with(clash)
    with pytest.raises(ValueError, match="two handlers"):
        registry.buttons()


def _no_answer(ctx: Context, request: object) -> list[Outbound]:
    return []


def _with(*extra: Command[Any]) -> Registry:
    return Registry(
        (*REGISTRY.commands, *extra),
        REGISTRY.umbrella,
        REGISTRY.umbrella_words,
        REGISTRY.subcommands,
    )


THANKED = ButtonAction("thanks.again", lambda ctx, value: [ctx.say("Thanked again.")])


def _thanked(ctx: Context, request: str) -> list[Outbound]:
    return [ctx.say("Thanked **{company}**.", {"company": request})]


def test_a_new_command_reaches_members_without_an_adapter_change(uow: UnitOfWork) -> None:
    command = Command(
        "thanked",
        Words("Log a thank-you", "<company>", (("<company>", "log a thank-you note you sent"),)),
        lambda typed: typed.strip() or Problem("usage_applied"),
        _thanked,
        buttons=(THANKED,),
    )
    registry = _with(command)
    core = Core(uow, "UTC", registry=registry)
    (direct,) = core.handle(slash("thanked", "Acme"), NOON)
    (nested,) = core.handle(slash("rebound", "thanked Acme"), NOON)
    assert text(direct) == text(nested) == "Thanked Acme."
    assert "`/thanked <company>`: log a thank-you note you sent" in text(
        core.handle(slash("rebound", "help"), NOON)[0]
    )
    assert button_pattern(core.button_ids).match("thanks.again:1")


def test_options_compose_the_text_the_grammar_reads() -> None:
    rejected = next(c for c in REGISTRY.commands if c.name == "rejected")
    typed = rejected.compose({"company": "Acme", "role": "PM", "note": "kind: two rounds"})
    assert REGISTRY.parse("rejected", typed) == LogRejection("Acme", "PM", "kind: two rounds")
    feedback = next(c for c in REGISTRY.commands if c.name == "feedback")
    typed = feedback.compose({"company": "Acme", "said": "more SQL"})
    assert REGISTRY.parse("feedback", typed) == LogFeedback("more SQL", "Acme")
    assert [o.name for o in rejected.options if o.required] == ["company"]


def test_slack_commands_setting_defaults_to_all_and_reads_a_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SLACK_COMMANDS", raising=False)
    assert Settings(_env_file=None).slack_command_names is None
    monkeypatch.setenv("SLACK_COMMANDS", " /Rejected, followups,,rejected ")
    settings = Settings(_env_file=None)
    assert settings.slack_command_names == frozenset({"rejected", "followups"})
    monkeypatch.setenv("SLACK_COMMANDS", "rebound")  # only the umbrella
    assert Settings(_env_file=None).slack_command_names == frozenset({"rebound"})


def test_slack_commands_setting_names_the_bad_value_and_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_COMMANDS", "rejected,feedbak")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    (line,) = explain(caught.value)
    assert line.startswith(
        "SLACK_COMMANDS=rejected,feedbak: there is no command 'feedbak'; list some of "
        "rejected, followups, feedback, applied, networked, event, momentum, rebound, "
        "separated by commas, or leave it unset for all."
    )


def test_a_name_under_rebound_reaches_exactly_one_thing() -> None:
    help_again = Command("help", Words("x"), lambda typed: typed, _no_answer)
    with pytest.raises(ValueError, match="its own name"):
        _with(help_again)
    with pytest.raises(ValueError, match="its own name"):
        _with(REGISTRY.commands[0])


@pytest.mark.parametrize(
    ("registered", "spelled"),
    [({"rejected"}, "`/rebound networked"), (None, "`/networked")],
    ids=["without-networked", "every-command"],
)
async def test_the_weekly_networking_post_names_the_command_as_the_group_can_type_it(
    uow: UnitOfWork, registered: set[str] | None, spelled: str
) -> None:
    """A workspace without `/networked` is told `/rebound networked`; others keep `/networked`."""
    Core(uow, "UTC").handle(slash("applied", "Acme"), NOON)  # the group starts here
    work = DueWork(uow, "UTC", menus={"console": REGISTRY.menu(registered)})
    wednesday_noon = at("2026-12-02T12:00:00+00:00")  # the prompt's default slot
    delivered = await run_due_pass(work, {"console": RecordingMessenger()}, wednesday_noon)
    (post,) = [m for m in delivered if "networked" in text(m)]
    assert spelled in text(post)


@pytest.mark.parametrize("mark", ["\u200b", "\u200f", "\x00", "\u2066", "\ufeff"])
def test_an_invisible_mark_before_the_command_name_does_not_join_the_company(mark: str) -> None:
    """Right-to-left keyboards and copy-paste put marks like these first; the name is still the
    command, and the company is what follows it."""
    for typed, direct in [
        ("rejected Acme", "Acme"),
        ("applied Initech", "Initech"),
        ("feedback Acme: great\nline two", "great\nline two"),
    ]:
        command = typed.split(" ", 1)[0]
        nested = REGISTRY.resolve("rebound", f"{mark} {typed}")
        expected = REGISTRY.resolve(command, typed.split(" ", 1)[1])
        assert not isinstance(nested, Problem) and not isinstance(expected, Problem)
        assert nested.request == expected.request, (mark, typed, direct)
    listing = REGISTRY.resolve("rebound", f"{mark} rejected list")
    assert not isinstance(listing, Problem) and type(listing.request).__name__ == "ShowHistory"


def test_a_stored_failure_reason_names_followups_as_the_platform_can_type_it(
    uow: UnitOfWork,
) -> None:
    core = Core(uow, "UTC", registered={"console": {"rejected"}})
    core.handle(slash("rejected", "Acme"), NOON)
    with uow() as repo:
        member = repo.find_member(actor())
        assert member is not None
        first = repo.followups_for_member(member.id)[0]
        repo.claim_due_followups(first.due_at, 1, {"console"})
        repo.transition_followup(
            first.id, [FollowUpState.SENDING], FollowUpState.FAILED, NOON, error=DMS_CLOSED
        )
    for typed in ("followups", "rejected list"):
        name, _, rest = typed.partition(" ")
        shown = text(core.handle(slash(name, rest), NOON)[0])
        assert "use /rebound followups" in shown, typed
