"""My plan and the review loop over HTTP: nudge, review, pause across a restart, cancel."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import select

from scheduler.sweeps import review_due_sweep
from storage.db import Database
from storage.models import PlanReview
from storage.uow import unit_of_work
from tests.e2e.conftest import GROUP
from tests.support.journeys import YoungPerson
from tests.support.seed import record_plan

DUE = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def reviews(db: Database) -> list[PlanReview]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(PlanReview)).all())


async def test_my_plan_in_plain_words(standin, run_bot, kent, db, clock) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        none, menu = await alex.tap(menu, "My plan", 2)
        assert "after your family meeting" in none["text"]
        record_plan(db, kent["alex"].reference, clock)
        [plan] = await alex.tap(menu, "My plan", 1)
    assert "Nan — Sunday dinners, every week" in plan["text"]
    assert "Uncle Dev — Help with bills" in plan["text"]
    assert "Plan lead: Nan" in plan["text"] and "Tuesday 1 December" in plan["text"]


async def test_nudge_review_and_card(standin, run_bot, kent, db, clock) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code, share=True)
        record_plan(db, kent["alex"].reference, clock)
        clock.set(DUE)
        assert review_due_sweep(db, clock) == 1
        [nudge] = await alex._wait(1)
        assert "time to look at your plan" in nudge["text"]
        [first] = await alex.tap(nudge, "Start now", 1)
        assert (
            "Let's look at your plan" in first["text"] and "Nan — Sunday dinners" in first["text"]
        )
        [second] = await alex.tap(first, "Yes", 1)
        assert "Uncle Dev — Help with bills" in second["text"]
        [blocker] = await alex.tap(second, "No", 1)
        assert "What's got in the way" in blocker["text"]
        [wellbeing] = await alex.send("he moved to Leeds", 1)
        assert "How supported" in wellbeing["text"]
        [changes] = await alex.tap(wellbeing, "2 – Not much", 1)
        assert "anything you'd like to change" in changes["text"]
        [contact] = await alex.send("I'd like my aunt in it", 1)
        [ask] = await alex.tap(contact, "Yes please", 1)
        assert "Shall I send this" in ask["text"] and "he moved to Leeds" in ask["text"]
        done, _menu = await alex.tap(ask, "Send", 2)
        assert "Thank you" in done["text"]
        card = await standin.wait_for_bot_messages(GROUP, 3)
        [stale] = await alex.tap(nudge, "Start now", 1)  # the nudge's buttons retire
        assert "That button has expired" in stale["text"]
    [review] = reviews(db)
    assert review.wellbeing == 2 and review.wants_contact is True
    assert review.comments == "I'd like my aunt in it"
    answers = json.loads(review.answers)
    assert [a["status"] for a in answers.values()] == ["yes", "no"]
    text = "\n".join(m["text"] for m in card)
    assert (
        "2 out of 5" in text
        and "That's low, so please check in" in text
        and "Help with bills (no): he moved to Leeds" in text
    )


async def test_pause_survives_a_restart_and_cancel_saves_nothing(
    standin, run_bot, kent, db, clock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        record_plan(db, kent["alex"].reference, clock)
        [plan] = await alex.tap(menu, "My plan", 1)
        [first] = await alex.tap(plan, "Review my plan", 1)
        [second] = await alex.tap(first, "Sometimes", 1)
        paused, menu = await alex.tap(second, "Pause, finish later", 2)
        assert "saved your answers" in paused["text"]
    async with run_bot():  # a new process
        [plan] = await alex.tap(menu, "My plan", 1)
        [resumed] = await alex.tap(plan, "Review my plan", 1)
        assert "carry on where you stopped" in resumed["text"]
        assert "What's got in the way" in resumed["text"]
        cancelled, _menu = await alex.send("/cancel", 2)
        assert "haven't saved" in cancelled["text"]
        [plan] = await alex.tap(_menu, "My plan", 1)
        [fresh] = await alex.tap(plan, "Review my plan", 1)
        assert "Let's look at your plan" in fresh["text"]
    assert reviews(db) == []


async def test_snooze_moves_the_nudge(standin, run_bot, kent, db, clock) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        record_plan(db, kent["alex"].reference, clock)
        clock.set(DUE)
        review_due_sweep(db, clock)
        [nudge] = await alex._wait(1)
        snoozed, _menu = await alex.tap(nudge, "Remind me tomorrow", 2)
        assert "remind you tomorrow" in snoozed["text"]
    assert review_due_sweep(db, clock) == 0
    clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    assert review_due_sweep(db, clock) == 1
