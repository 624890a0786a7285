"""Words drawn on the momentum chart (the PNG the weekly summary and `/momentum` attach).

The kinds' names in its legend are the summary's own rows (`rhythm.ROW_LABELS`), so the
picture and the numbers beside it say the same thing."""

X_LABEL = "Week starting"
Y_LABEL = "Steps logged"
REJECTIONS = "Rejections logged"
# Drawn across an all-zero history, so a quiet chart still says something kind.
QUIET = "A quiet stretch — every step counts"
ZONE_NOTE = "Weeks start on Monday, {zone} time"
# Week labels are "7 Dec" whatever the server's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEK_LABEL = "{day} {month}"
