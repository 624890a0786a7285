"""What the operator's metrics and JSON logs are made of: command labels from fixed names only,
a pass's items counted by kind and outcome, and JSON log lines that keep the redaction rules."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pytest
from pydantic import ValidationError

from bot.answering import not_saved
from bot.commands.registry import REGISTRY
from bot.core import Core
from bot.delivery.due import DueWork, run_due_pass
from bot.delivery.report import PassReport
from bot.ports import Delivery, UnitOfWork
from bot.runtime import logs
from bot.runtime.metrics import Metrics, TimedMessenger
from bot.runtime.settings import Settings, explain
from bot.values import ButtonPress
from tests.adapters.probes import metric
from tests.helpers import RecordingMessenger, actor
from tests.unit.test_runner import DUE, plan_nudge

ROW = "Acme Corp, the failing row"  # an error message that quotes a member's words


@pytest.mark.parametrize(
    ("name", "text", "label"),
    [
        ("/rejected", "Acme role: Analyst", "rejected"),
        ("rebound", "rejected Acme", "rejected"),
        ("rebound", "tz Europe/Paris", "timezone"),
        ("rebound", "", "help"),
        ("rebound", "Acme", "rebound"),  # not a subcommand: the umbrella, not the word typed
        ("Acme", "Acme", "unknown"),
    ],
)
def test_a_command_label_is_a_registry_name_never_the_members_words(
    name: str, text: str, label: str
) -> None:
    assert REGISTRY.label(name, text) == label


def test_a_button_label_is_its_action_id_only_when_the_core_knows_it(uow: UnitOfWork) -> None:
    core = Core(uow)
    known = next(iter(core.button_ids))
    assert core.label(ButtonPress(actor(), known, "7")) == known
    assert core.label(ButtonPress(actor(), "Acme-1234", "7")) == "unknown"


async def test_a_pass_counts_delivered_failed_and_missed_by_kind(uow: UnitOfWork) -> None:
    plan_nudge(uow, "slack", "U1")
    plan_nudge(uow, "slack", "U2")
    plan_nudge(uow, "console", "C9")
    messenger = RecordingMessenger()
    messenger.failures.append(Delivery(ok=False, error="account_inactive", permanent=True))
    report = PassReport()
    later = DUE + timedelta(minutes=3)
    route = {"slack": messenger}
    await run_due_pass(DueWork(uow), route, later, report)
    assert report.sent["nudge"] == 1  # and the group's networking post
    assert report.failed_by_kind["nudge"] == 1
    assert report.failed == sum(report.failed_by_kind.values())
    assert report.batch_sizes.total() == 1 and min(report.batch_sizes) >= 2
    assert report.lag_seconds == 180.0

    missed = PassReport()
    await run_due_pass(
        DueWork(uow),
        {"console": messenger},
        DUE + timedelta(days=2),
        missed,
    )
    assert missed.missed["nudge"] == 1  # (and the console group's networking post)

    metrics = Metrics()
    metrics.pass_done(report, ok=True)
    metrics.pass_done(missed, ok=True)
    text = metrics.text().decode()
    assert metric(text, "rebound_items_total", kind="nudge", outcome="delivered") == 1
    assert metric(text, "rebound_items_total", kind="nudge", outcome="failed") == 1
    assert metric(text, "rebound_items_total", kind="nudge", outcome="missed") == 1
    assert metric(text, "rebound_claim_batch_size_count") == 2
    assert metric(text, "rebound_due_lag_seconds") == missed.lag_seconds == 2 * 86400


async def test_a_timed_send_is_observed_by_platform_and_outcome() -> None:
    metrics = Metrics()
    inner = RecordingMessenger()
    inner.failures.append(Delivery(ok=False, error="rate limited", retry_after=1))
    timed = TimedMessenger(inner, "discord", metrics)
    message = not_saved(actor())
    assert not (await timed.send(message)).ok
    assert (await timed.send(message)).ok
    text = metrics.text().decode()
    assert metric(text, "rebound_send_seconds_count", platform="discord", outcome="ok") == 1
    assert metric(text, "rebound_send_seconds_count", platform="discord", outcome="failed") == 1


def test_json_log_lines_carry_the_fields_and_no_secret() -> None:
    out = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logs.configure("INFO", ["s3cret-signing"], stream=out, fmt="json")
        logging.getLogger("bot.test").warning(
            "delivery", extra={"ok": False, "error": "xoxb-123-abc s3cret-signing", "n": 2}
        )
        try:
            raise ValueError(ROW)
        except ValueError:
            logging.getLogger("bot.test").exception("command failed")
    finally:
        root.handlers[:], root.level = saved
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["time"].endswith("Z") and "T" in first["time"]
    assert (first["level"], first["logger"], first["message"]) == (
        "warning",
        "bot.test",
        "delivery",
    )
    assert (first["ok"], first["n"], first["error"]) == (False, 2, "[redacted] [redacted]")
    assert "ValueError (message withheld)" in second["exception"]
    assert "Acme" not in out.getvalue()


def test_an_unknown_log_format_is_refused_in_plain_words() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(log_format="yaml")
    assert explain(refused.value) == [
        "LOG_FORMAT=yaml: use text or json. How log lines are written: text (key=value) or "
        "json (one object)."
    ]
    assert Settings(log_format=" JSON ").log_format == "json"
