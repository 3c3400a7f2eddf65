"""My plan in the young person's language: its items, the lead and the review date, while the
note a review sends the team stays in the group's language, English (trial, evening: the plan
screen was still English)."""

from __future__ import annotations

from dialogs.core.clock import FakeClock
from dialogs.texts import t
from storage.db import Database
from storage.uow import unit_of_work
from tests.support.pseudo_locale import PSEUDO
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture
from tests.support.seed import record_plan
from tests.support.world import World
from tests.support.world import world as world  # the fixture

__all__ = ["pseudo_language", "world"]


def test_my_plan_is_in_their_language(
    world: World, db: Database, clock: FakeClock, pseudo_language: str
) -> None:
    alex = world.join()
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(alex.user_id)
        assert case is not None
        case.language = PSEUDO
        reference = case.reference
    record_plan(db, reference, clock)
    alex.command("menu")
    alex.press(t("btn.plan", PSEUDO))
    assert alex.keys() == ["plan.show"]
    shown = alex.said
    # The lead's relationship and the review day were English before (trial, evening).
    assert t("people.not_set", PSEUDO) in shown and t("people.not_set") not in shown
    assert "Tuesday" not in shown and "December" not in shown
    assert shown.startswith(t("plan.show", PSEUDO).split("{")[0])
    assert "Sunday dinners" in shown  # what the family meeting wrote stays as written
