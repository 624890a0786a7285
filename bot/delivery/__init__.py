"""Everything scheduled: planning follow-ups, the due-work pass that claims and delivers them
(`due`), the rules for what each claimed row becomes (`rules`), nudge messages, catch-ups,
pacing and the pass's report."""
