"""Words on staff screens for times, consent answers and review dates.

Shared by ``/caseload`` (:mod:`dialogs.staff.coordinator`) and ``/case``
(:mod:`dialogs.staff.case_network`). The words are the reader's (``lang``: the chat's
language, English in a group).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs.texts import dates, t

LONDON = ZoneInfo("Europe/London")
# "3 days ago" up to this many days, then the date.
DAYS_IN_WORDS = 13


def day(value: datetime, lang: str) -> str:
    """A date, short (1 Dec 2026)."""
    return dates.short_date(value, lang)


def when(value: datetime | None, now: datetime, lang: str) -> str:
    """'today', 'yesterday', '3 days ago' or a date (London time); 'not yet' for never."""
    if value is None:
        return t("staff.when.never", lang)
    days = (now.astimezone(LONDON).date() - value.astimezone(LONDON).date()).days
    if days <= 0:
        return t("staff.when.today", lang)
    if days == 1:
        return t("staff.when.yesterday", lang)
    if days <= DAYS_IN_WORDS:
        return t("staff.when.days", lang, n=days)
    return day(value, lang)


def answer(value: bool | None, lang: str) -> str:
    """A consent answer: yes, no, or not answered yet."""
    if value is None:
        return t("staff.answer.none", lang)
    return t("staff.answer.yes" if value else "staff.answer.no", lang)


def review(has_plan: bool, due: datetime | None, overdue: bool, now: datetime, lang: str) -> str:
    """When a plan's review is: none, not set, overdue, due, or its date."""
    if not has_plan:
        return t("staff.review.none", lang)
    if due is None:
        return t("staff.review.unset", lang)
    if overdue:
        return t("staff.review.overdue", lang, date=day(due, lang))
    if due <= now:
        return t("staff.review.due", lang, date=day(due, lang))
    return day(due, lang)


def short(name: str, limit: int) -> str:
    """A name cut to ``limit`` characters, with an ellipsis when cut."""
    return name if len(name) <= limit else name[: limit - 1] + "…"
