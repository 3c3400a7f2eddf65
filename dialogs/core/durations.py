"""Durations people type: "14d" on the command line, "12w" in a plan file, "12 weeks" in a chat.

One grammar, three forms. Each form says which units it takes, how many digits a number
may have (which also keeps a typed number small enough to convert and to hold in a
``timedelta``) and whether it takes words ("12 weeks", "90 days", "90" for days) as well
as the short form ("12w"). Ranges (a review every 7 days to 2 years, a code valid for a
month) are the caller's rule, not the grammar's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

# Every unit anyone types, by the letter that stands for it.
_UNITS: dict[str, timedelta] = {
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}
_SHORT = re.compile(r"(\d+)([a-z])")
_WORDS = re.compile(r"(\d+)\s*(d|days?|w|wks?|weeks?)?")


@dataclass(frozen=True)
class DurationForm:
    """Which durations one place accepts."""

    units: str
    """The unit letters taken, from h (hours), d (days) and w (weeks)."""
    max_digits: int
    words: bool = False
    """Also "12 weeks", "12 wks", "90 days" and a bare "90" (days), with spaces between."""

    def parse(self, text: str) -> timedelta | None:
        """The duration ``text`` stands for (ignoring case and outer spaces); None if none."""
        cleaned = text.strip().lower()
        match = (_WORDS if self.words else _SHORT).fullmatch(cleaned)
        if match is None or len(match.group(1)) > self.max_digits:
            return None
        unit = (match.group(2) or "d")[0]
        if unit not in self.units:
            return None
        return int(match.group(1)) * _UNITS[unit]


COMMAND_LINE = DurationForm(units="hdw", max_digits=6)
"""``lifelinks`` options such as ``--expires 7d`` or ``--review-every 12w``."""
PLAN_FILE = DurationForm(units="dw", max_digits=5)
"""``review_every`` in a plan file: 90d or 12w."""
CHAT = DurationForm(units="dw", max_digits=4, words=True)
"""A review interval typed in the plan editor: 90d, 12w, 12 weeks or 90."""
