"""Languages over HTTP through both frameworks: the language is taken from Telegram's
language_code at joining, changed in My data (button or typed), and a nudge comes in the
language stored. The team's group stays in the service's language, English.

Lifelinks ships English only, so a pseudo-locale catalogue stands in for a second language
(tests/support/pseudo_locale.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.plan_import import import_plan
from dialogs.texts import t
from dialogs.texts.language_codes import language_name
from scheduler.sweeps import review_due_sweep
from storage.db import Database
from storage.models import ConsentEvent
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, buttons
from tests.support.journeys import YoungPerson
from tests.support.pseudo_locale import PSEUDO, PSEUDO_CONSENT_VERSION
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture

PLAN = """
lead: Nan
first_review: 2026-12-01
items:
  - help: food
    what: Sunday dinners
    who: Nan
"""
DUE = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
SERVICE = "Kent Lifelong Links"


def app_language(standin: BotApiStandIn, user: int, code: str) -> None:
    """The language of the user's Telegram app, sent with each of their updates."""
    standin.world.user(user)["language_code"] = code


async def join_in(alex: YoungPerson, code: str, lang: str) -> dict[str, Any]:
    """Join and say yes twice, tapping the buttons in ``lang``; the main menu."""
    question = (await alex.send(f"/start {code}", 2))[1]
    share = (await alex.tap(question, t("btn.yes", lang), 1))[0]
    menu = (await alex.tap(share, t("btn.yes", lang), 2))[1]
    await alex.standin.wait_until(
        lambda: any("joined" in m.get("text", "") for m in alex.standin.bot_messages(GROUP))
    )
    return menu


def stored_language(db: Database) -> str | None:
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        return case.language


async def test_joining_takes_the_telegram_language(
    standin, run_bot, kent, db, pseudo_language
) -> None:
    alex = YoungPerson(standin)
    app_language(standin, ALEX, "cy-GB")
    async with run_bot():
        welcome, question = await alex.send(f"/start {kent['alex'].code}", 2)
        assert welcome["text"] == t("welcome", PSEUDO, name="Alex", service=SERVICE)
        assert question["text"] == t("consent.use.ask", PSEUDO) != t("consent.use.ask")
        assert set(buttons(question)) == {
            t(key, PSEUDO) for key in ("btn.yes", "btn.no", "btn.more")
        }
        share = (await alex.tap(question, t("btn.yes", PSEUDO), 1))[0]
        done, menu = await alex.tap(share, t("btn.yes", PSEUDO), 2)
        assert done["text"] == t("consent.done.shared", PSEUDO, name="Alex")
        assert t("btn.people", PSEUDO) in buttons(menu)
        # The team's note is in the service's language, not the young person's.
        [note] = await standin.wait_for_bot_messages(GROUP, 1)
        assert "joined" in note["text"]
    assert stored_language(db) == PSEUDO
    with unit_of_work(db) as uow:
        versions = {row.text_version for row in uow.session.exec(select(ConsentEvent))}
    assert versions == {PSEUDO_CONSENT_VERSION}


async def test_the_language_changes_in_my_data(standin, run_bot, kent, db, pseudo_language) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await join_in(alex, kent["alex"].code, "en")
        assert stored_language(db) == "en"
        [data] = await alex.send("/data", 1)
        [choose] = await alex.tap(data, "Language", 1)
        assert choose["text"] == t("data.language.ask", language="English")
        assert set(buttons(choose)) == {"English", "Cymraeg", t("btn.back"), t("btn.menu")}
        [changed] = await alex.tap(choose, "Cymraeg", 1)
        said = t("data.language.done", PSEUDO, language=language_name(PSEUDO))
        assert changed["text"] == f"{said}\n\n{t('data.menu', PSEUDO)}"
        assert stored_language(db) == PSEUDO
        # What they see from now on is in their language, and says which it is.
        summary, _file, _again = await alex.tap(changed, t("btn.data_show", PSEUDO), 3)
        assert t("data.summary", "en").split("\n")[0] not in summary["text"]
        assert summary["text"].startswith(t("data.summary", PSEUDO).split("\n")[0])
        assert f": {language_name(PSEUDO)}" in summary["text"]
        # Typed in their own words: a language we have no catalogue for gets the kind line
        # and the choice again (in their language); "english please" takes them back.
        [choose] = await alex.tap(_again, t("btn.data_language", PSEUDO), 1)
        [again] = await alex.send("klingon", 1)
        assert again["text"].startswith(t("lang.off_script", PSEUDO))
        assert {"English", "Cymraeg"} <= set(buttons(again))
        [back] = await alex.send("english please", 1)
        said = t("data.language.done", language="English")
        assert back["text"] == f"{said}\n\n{t('data.menu')}"
    assert stored_language(db) == "en"


async def test_a_nudge_comes_in_the_stored_language(
    standin, run_bot, kent, db, clock: FakeClock, pseudo_language
) -> None:
    alex = YoungPerson(standin)
    app_language(standin, ALEX, PSEUDO)
    async with run_bot():
        await join_in(alex, kent["alex"].code, PSEUDO)
        with unit_of_work(db) as uow:
            import_plan(uow, kent["alex"].reference, PLAN, clock.now())
        app_language(standin, ALEX, "en")  # their app's language no longer matters
        clock.set(DUE)
        assert review_due_sweep(db, clock) == 1
        [nudge] = await alex._wait(1)
        assert (
            nudge["text"]
            == t("review.nudge", PSEUDO, name="Alex")
            != t("review.nudge", name="Alex")
        )
        labels = [t(key, PSEUDO) for key in ("btn.start_now", "btn.tomorrow", "btn.next_week")]
        assert list(buttons(nudge)) == labels
        [first] = await alex.tap(nudge, t("btn.start_now", PSEUDO), 1)
        assert first["text"].startswith(t("review.intro", PSEUDO))
