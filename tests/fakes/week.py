"""The fake repository's group history (as `storage.week`)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from bot.records import ActivityKind, Goal, GoalKind, Privacy
from bot.week_store import WEEK, GroupHistory, Person, Span, Step, WeekCount
from tests.fakes.tables import MemberRow, Tables, instant


class WeekMethods:
    _tables: Tables

    def group_history(
        self, group_id: int, since: datetime, until: datetime, weeks: int
    ) -> GroupHistory:
        """Every span of the stretch (the real one may leave out those no streak reaches)."""
        tables = self._tables
        start, end = instant(since), instant(until)
        latest, oldest = end - WEEK, end - WEEK * weeks
        counts: Counter[tuple[int, ActivityKind | None]] = Counter()

        def counted(member: MemberRow | None, kind: ActivityKind | None, at: datetime) -> None:
            if member is not None and member.privacy is not Privacy.PRIVATE and oldest <= at < end:
                counts[((end - at) // WEEK, kind)] += 1

        buckets: dict[tuple[int, object], list[datetime]] = {}

        def spanned(member: MemberRow | None, at: datetime) -> None:
            if member is not None and member.privacy is not Privacy.PRIVATE and start <= at < end:
                monday = (at - timedelta(days=at.weekday())).date()
                buckets.setdefault((member.id, monday), []).append(at)

        people: dict[int, Person] = {}

        def seen(member: MemberRow | None) -> bool:
            if member is None or member.privacy is Privacy.PRIVATE:
                return False
            people.setdefault(
                member.id,
                Person(member.id, member.display_name, Privacy(member.privacy), member.timezone),
            )
            return True

        steps = []
        for row in tables.activities.values():
            member = tables.members.get(row.member_id)
            if row.group_id == group_id:
                spanned(member, row.occurred_at)
                counted(member, ActivityKind(row.kind), row.occurred_at)
            if row.group_id == group_id and latest <= row.occurred_at < end and seen(member):
                steps.append(
                    Step(
                        row.member_id,
                        ActivityKind(row.kind),
                        row.occurred_at,
                        self._shown_company(row.kind, row.detail, row.rejection_id),
                    )
                )
        for rejection in tables.rejections.values():
            member = tables.members.get(rejection.member_id)
            if rejection.group_id == group_id:
                spanned(member, rejection.logged_at)
                counted(member, None, rejection.logged_at)
            if (
                rejection.group_id == group_id
                and latest <= rejection.logged_at < end
                and seen(member)
            ):
                steps.append(Step(rejection.member_id, None, rejection.logged_at))
        goals = []
        for goal in tables.goals.values():
            member = tables.members.get(goal.member_id)
            if member is not None and member.home_group_id == group_id and seen(member):
                goals.append(Goal(goal.member_id, GoalKind(goal.kind), goal.per_week, goal.set_at))
        steps.sort(key=lambda step: (step.at, step.member_id))
        goals.sort(key=lambda goal: (goal.member_id, list(GoalKind).index(goal.kind)))
        spans = tuple(
            Span(member, int(min(at).timestamp()), int(max(at).timestamp()))
            for (member, _), at in buckets.items()
        )
        return GroupHistory(
            tuple(sorted(people.values(), key=lambda p: p.member_id)),
            tuple(steps),
            tuple(goals),
            spans,
            tuple(WeekCount(back, kind, n) for (back, kind), n in counts.items()),
        )

    def _shown_company(self, kind: str, detail: str, rejection_id: int | None) -> str:
        if kind == ActivityKind.APPLIED.value:
            return detail
        linked = self._tables.rejections.get(rejection_id or 0)
        if kind == ActivityKind.FOLLOWUP_SENT.value and linked is not None:
            return f"{linked.company} ({linked.role})" if linked.role else linked.company
        return ""
