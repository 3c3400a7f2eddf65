"""``/report`` over HTTP: a manager gets the chart and both CSVs in the managers' group.

The service is the hand-computed world of tests/support/report_world.py, so the CSV that
arrives in the group is checked byte for byte. Staff of another service, coordinators and
private chats get a short answer instead, and never a file.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, link_group
from storage.db import Database
from storage.models import GroupPurpose, StaffRole
from storage.uow import unit_of_work
from tests.support import report_world
from tests.support.journeys import outbox_settled
from tests.support.report_world import CASES_CSV, NOW, check_png

MORGAN = 1004  # Kent's manager
SAM = 1001  # Kent's coordinator
PAT = 1003  # Sussex's manager
KENT_MANAGERS = -100700
SUSSEX_MANAGERS = -100800
NOVEMBER = "/report 2026-11-01 2026-11-30"


@pytest.fixture
def clock() -> FakeClock:
    """A week after the hand-computed November."""
    return FakeClock(NOW)


@pytest.fixture
def managers(standin: BotApiStandIn, db: Database, clock: FakeClock) -> None:
    """Kent and Sussex, each with a manager and a linked managers' group."""
    report_world.seed(db)
    standin.add_user(MORGAN, "Morgan")
    standin.add_user(PAT, "Pat")
    standin.add_group(KENT_MANAGERS, "Kent managers", member_ids=[MORGAN, SAM, PAT])
    standin.add_group(SUSSEX_MANAGERS, "Sussex managers", member_ids=[PAT])
    with unit_of_work(db) as uow:
        add_staff(uow, "kent", MORGAN, "Morgan", StaffRole.MANAGER, clock.now())
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, clock.now())
        add_staff(uow, "sussex", PAT, "Pat", StaffRole.MANAGER, clock.now())
        link_group(uow, "kent", GroupPurpose.MANAGERS, KENT_MANAGERS, clock.now())
        link_group(uow, "sussex", GroupPurpose.MANAGERS, SUSSEX_MANAGERS, clock.now())


async def answers(
    standin: BotApiStandIn, db: Database, chat: int, count: int
) -> list[dict[str, Any]]:
    """The bot's messages in ``chat`` once there are ``count`` and the outbox is settled."""
    await standin.wait_until(
        lambda: len(standin.bot_messages(chat)) >= count and outbox_settled(db), timeout=15
    )
    return standin.bot_messages(chat)


def documents(standin: BotApiStandIn, messages: list[dict[str, Any]]) -> dict[str, bytes]:
    """File name -> bytes of the documents among ``messages``."""
    return {
        m["document"]["file_name"]: standin.file_bytes(m["document"]["file_id"])
        for m in messages
        if "document" in m
    }


async def test_a_manager_gets_the_chart_and_both_csvs(
    standin: BotApiStandIn, run_bot, managers, db: Database
) -> None:
    async with run_bot():
        standin.user_sends(MORGAN, NOVEMBER, KENT_MANAGERS)
        chart, summary, cases = await answers(standin, db, KENT_MANAGERS, 3)
    assert "Outcome report for Kent Lifelong Links, 1 Nov 2026 to 30 Nov 2026" in (chart["caption"])
    assert "under 5 are shown as <5" in chart["caption"]
    check_png(standin.file_bytes(chart["photo"][-1]["file_id"]))
    files = documents(standin, [summary, cases])
    assert files["cases.csv"].decode() == CASES_CSV
    assert b"requests,money,5" in files["summary.csv"]
    assert not standin.bot_messages(SUSSEX_MANAGERS)


async def test_nobody_else_ever_gets_a_services_report(
    standin: BotApiStandIn, run_bot, managers, db: Database
) -> None:
    async with run_bot():
        standin.user_sends(PAT, NOVEMBER, KENT_MANAGERS)  # Sussex's manager, in Kent's group
        standin.user_sends(SAM, NOVEMBER, KENT_MANAGERS)  # Kent's coordinator
        refused = await answers(standin, db, KENT_MANAGERS, 2)
        standin.user_sends(MORGAN, "/report", MORGAN)  # a private chat
        [private] = await answers(standin, db, MORGAN, 1)
        standin.user_sends(PAT, "/report 2026-11-30 2026-11-01", SUSSEX_MANAGERS)
        standin.user_sends(PAT, NOVEMBER, SUSSEX_MANAGERS)
        usage, sussex_chart, _summary, sussex_cases = await answers(standin, db, SUSSEX_MANAGERS, 4)
    assert [m.get("text") for m in refused] == [
        "Only managers of this service can get its report.",
        "Only managers of this service can get its report.",
    ]
    assert not any("photo" in m or "document" in m for m in refused)
    assert "managers' group" in private["text"] and "document" not in private
    assert "The first date comes first" in usage["text"]
    assert "Sussex Lifelong Links" in sussex_chart["caption"]
    sussex = documents(standin, [sussex_cases])["cases.csv"].decode()
    assert "SX," in sussex and "KA," not in sussex
