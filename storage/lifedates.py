"""Calendar sums for life events: birthdays at an age, and months later or earlier.

In England someone born on 29 February comes of age on 1 March in a year that has no
29 February (a person attains an age at the start of the anniversary of their birth), so
that is the birthday used here, as :func:`age_on` counts it.
"""

from __future__ import annotations

import calendar
from datetime import date


def age_on(born: date, today: date) -> int:
    """Whole years between a birth date and a day."""
    years = today.year - born.year
    if (today.month, today.day) < (born.month, born.day):
        years -= 1
    return years


def birthday(born: date, years: int) -> date:
    """The day someone born on ``born`` turns ``years`` old."""
    year = born.year + years
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return born.replace(year=year)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (negative: earlier); the 31st becomes the month's last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
