"""The one duration grammar, in the three forms people type it (CLI, plan file, chat)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogs.core.durations import CHAT, COMMAND_LINE, PLAN_FILE, DurationForm


@pytest.mark.parametrize(
    ("form", "typed", "meant"),
    [
        (COMMAND_LINE, "12h", timedelta(hours=12)),
        (COMMAND_LINE, " 14D ", timedelta(days=14)),
        (COMMAND_LINE, "999999w", timedelta(weeks=999999)),
        (PLAN_FILE, "90d", timedelta(days=90)),
        (PLAN_FILE, "12W", timedelta(weeks=12)),
        (CHAT, "12 weeks", timedelta(weeks=12)),
        (CHAT, "3wks", timedelta(weeks=3)),
        (CHAT, "90 Days", timedelta(days=90)),
        (CHAT, " 90 ", timedelta(days=90)),
        (CHAT, "\u0669\u0660d", timedelta(days=90)),  # Arabic-Indic digits are digits too
    ],
)
def test_each_form_reads_what_it_takes(form: DurationForm, typed: str, meant: timedelta) -> None:
    assert form.parse(typed) == meant


@pytest.mark.parametrize(
    ("form", "typed"),
    [
        (COMMAND_LINE, "1000000d"),  # seven digits
        (COMMAND_LINE, "14"),  # the unit is not optional here
        (COMMAND_LINE, "14 d"),
        (COMMAND_LINE, "2 weeks"),
        (COMMAND_LINE, "-7d"),
        (COMMAND_LINE, "1e3d"),
        (PLAN_FILE, "12h"),  # hours are not a review interval
        (PLAN_FILE, "90"),
        (PLAN_FILE, "100000d"),
        (PLAN_FILE, "9" * 5000 + "d"),
        (CHAT, "12h"),
        (CHAT, "12345"),
        (CHAT, "12 fortnights"),
        (CHAT, "soon"),
        (CHAT, ""),
    ],
)
def test_each_form_refuses_what_it_does_not_take(form: DurationForm, typed: str) -> None:
    assert form.parse(typed) is None
