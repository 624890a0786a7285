"""What one due-work pass did, counted as it happens and told in plain words.

`rebound tick` prints it, so an operator sees what was marked missed or deferred and why, not
only "delivered 0"; `rebound run`'s heartbeat turns it into metrics (`bot.runtime.metrics`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

NUDGE = "nudge"
KINDS = {
    NUDGE: "follow-up nudge",
    "summary": "weekly summary",
    "networking": "networking prompt",
    "dms_closed": "closed-DM mention",
    "event_week": "event reminder a week before",
    "event_day": "event reminder a day before",
    "event_soon": "event reminder DM",
    "event_after": "after-event DM",
    "goal_nudge": "mid-week goal nudge",
    "reply_check": "did-they-reply DM",
}


@dataclass
class PassReport:
    """What one due-work pass did, so `rebound tick` can say more than "delivered 0".

    Counts are per item (a nudge or a group post), except `delivered`, which counts the
    messages that went out (one message can carry several nudges). Only counts are kept, so a
    long pass holds no more memory than a short one.
    """

    delivered: int = 0  # messages that reached their recipients
    missed: Counter[str] = field(default_factory=Counter)  # too late to send, by kind
    deferred: int = 0  # nudges moved to the end of their member's quiet hours or weekend
    failed: int = 0  # given up on: DMs closed, or the platform refused for good
    retrying: int = 0  # not delivered this time; tried again later
    # Event, goal and did-they-reply DMs moved past their member's quiet hours (or weekend).
    deferred_reminders: int = 0
    skipped: int = 0  # event DMs not sent: the member's quiet hours last until it starts
    stopped: str = ""  # why the pass ended with work still due ("" when nothing due was left)
    # For metrics, by kind (`KINDS`): items recorded as sent, and items given up on.
    sent: Counter[str] = field(default_factory=Counter)
    failed_by_kind: Counter[str] = field(default_factory=Counter)
    # How many non-empty claims took each number of rows: a count per size, not a list, so a
    # pass through a million items holds no more than a short one.
    batch_sizes: Counter[int] = field(default_factory=Counter)
    # How late the most overdue item claimed was when it was claimed (0 when none was late).
    lag_seconds: float = 0.0

    def fail(self, kind: str, count: int | bool) -> None:
        """`count` items of `kind` given up on (a row's transition answers 1 or 0)."""
        self.failed += int(count)
        self.failed_by_kind[kind] += int(count)

    def claimed(self, now: datetime, due: list[datetime]) -> None:
        """One claim took rows due at `due`, at `now`."""
        if due:
            self.batch_sizes[len(due)] += 1
            self.lag_seconds = max(self.lag_seconds, (now - min(due)).total_seconds())


def describe(report: PassReport, now: datetime, where: str = "") -> str:
    """What a tick did, in plain words: every item it touched is accounted for."""
    sent = report.delivered
    parts = [f"delivered {_count(sent, 'message')}{' ' + where if where else ''}"]
    if report.missed:
        kinds = ", ".join(
            _count(n, KINDS.get(kind, kind)) for kind, n in sorted(report.missed.items())
        )
        parts.append(f"marked missed {sum(report.missed.values())} ({kinds}): too late to send")
    if report.deferred:
        parts.append(
            f"deferred {_count(report.deferred, 'follow-up nudge')} to the end of their member's "
            "quiet hours or weekend"
        )
    if report.deferred_reminders:
        parts.append(
            f"deferred {_count(report.deferred_reminders, 'reminder')} (events, goals, "
            "did-they-reply) to the end of their member's quiet hours"
        )
    if report.skipped:
        parts.append(
            f"skipped {_count(report.skipped, 'event reminder')}: quiet hours last until the "
            "event starts"
        )
    if report.retrying:
        parts.append(f"{report.retrying} not delivered this time, to be retried")
    if report.failed:
        parts.append(f"failed {report.failed} (DMs closed or refused by the platform)")
    if report.stopped:
        parts.append(f"stopped before the end: {report.stopped}")
    elif len(parts) == 1 and not sent:
        parts.append("nothing was due")
    return f"As of {now.isoformat(timespec='seconds')}: " + "; ".join(parts) + "."


def _count(number: int, noun: str) -> str:
    if number == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {plural}"
