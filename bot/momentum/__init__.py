"""Weekly momentum: the summary, a member's week, sharing it, the chart."""
