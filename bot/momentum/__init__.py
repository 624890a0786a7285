"""Weekly momentum: the group's summary, a member's own week, sharing it, and the chart."""
