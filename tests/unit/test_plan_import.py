"""The plan file checks on their own: text, YAML, dates (the CLI tests drive them end to end)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dialogs.core.typed_words import clean_text
from dialogs.staff.admin import AdminError
from dialogs.staff.plan_import import first_review_day, parse_plan, review_days
from storage.models import HelpKind

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Nan  ", "Nan"),
        ("Uncle\tDev\n", "Uncle Dev"),
        ("Zoë", "Zoë"),
        ("李小龙", "李小龙"),
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),
        ("👩\u200d👧", "👩\u200d👧"),
        ("O'Neil-Smith", "O'Neil-Smith"),
    ],
)
def test_real_names_are_kept(typed: str, kept: str) -> None:
    assert clean_text(typed) == kept


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "no visible letters"),
        ("\u200b\u200d\u2060\ufeff", "no visible letters"),
        ("\u0301", "no visible letters"),
        ("Nan\u202e", "right-to-left"),
        ("\u2067Nan\u2069", "right-to-left"),
        ("Nan\x00", "control character"),
        ("Nan\x7f", "control character"),
        ("Nan\ud800", "control character"),
        ("x" * 201, "longer than 200"),
    ],
)
def test_names_that_hide_or_disguise_are_refused(typed: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        clean_text(typed)


def test_a_whole_plan_parses_to_checked_values() -> None:
    plan = parse_plan(
        "lead: ' Nan '\nreview_every: 12w\nfirst_review: '2027-02-01'\n"
        "items:\n  - help: ' Food '\n    who: Nan\n    what: Sunday  dinners\n"
    )
    assert plan.lead == "Nan" and plan.review_every == 84
    assert plan.first_review == date(2027, 2, 1)
    assert plan.items[0].help is HelpKind.FOOD and plan.items[0].what == "Sunday dinners"


def test_merge_keys_are_not_duplicates_but_repeated_keys_are() -> None:
    source = "base: &base {help: food, who: Nan}\nitems:\n  - <<: *base\n    who: Dev\n"
    with pytest.raises(AdminError, match="base is not something a plan has"):
        parse_plan(source)  # merging is fine; the unknown top-level key is what is refused
    with pytest.raises(AdminError, match="appears twice"):
        parse_plan("items:\n  - help: food\n    help: money\n    who: Nan\n")


def test_review_intervals() -> None:
    assert review_days("90d") == 90 and review_days(" 12W ") == 84
    for bad in ("90", "6d", "105w", "9" * 5000 + "d", "-7d", "1e3d"):
        with pytest.raises(AdminError, match="review_every"):
            review_days(bad)


def test_first_review_is_from_today_to_two_years_ahead() -> None:
    assert first_review_day(None, 90, NOW) == TODAY + timedelta(days=90)
    assert first_review_day(TODAY, 90, NOW) == TODAY
    assert first_review_day(TODAY + timedelta(days=730), 90, NOW) == TODAY + timedelta(days=730)
    for bad in (TODAY - timedelta(days=1), TODAY + timedelta(days=731), date(1900, 1, 1)):
        with pytest.raises(AdminError, match="must be between today"):
            first_review_day(bad, 90, NOW)


def test_blank_optional_words_are_left_out_but_a_blank_who_is_not() -> None:
    plan = parse_plan(
        "lead: ''\nitems:\n  - help: food\n    who: Nan\n    what: '  '\n    how_often:\n"
    )
    assert plan.lead is None and plan.items[0].what is None and plan.items[0].how_often is None
    with pytest.raises(AdminError, match="item 1: who must be some words"):
        parse_plan("items:\n  - help: food\n    who: ''\n")
    with pytest.raises(AdminError, match="item 1: what must be some words"):
        parse_plan("items:\n  - help: food\n    who: Nan\n    what: '\u200b'\n")


@pytest.mark.parametrize("source", ["", "- help: food\n", "42\n", "'items'\n"])
def test_a_file_that_is_not_a_mapping_is_refused_in_one_line(source: str) -> None:
    with pytest.raises(AdminError) as refused:
        parse_plan(source)
    assert str(refused.value) == "the file must be a mapping with 'items' (see --help)"
