"""The "/" command menus: young people's by default, the team's in staff chats and groups."""

from __future__ import annotations

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff
from storage.db import Database
from storage.models import StaffRole
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, SAM

STAFF_MENU = ["caseload", "case", "newcase", "plan", "help", "cancel"]
NEW_COORDINATOR = 1010


def chat(user_id: int) -> dict[str, object]:
    return {"type": "chat", "chat_id": user_id}


async def test_each_audience_gets_its_own_menu(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    standin.add_user(NEW_COORDINATOR, "Kai")
    async with run_bot():
        await standin.wait_until(lambda: standin.command_menu(chat(SAM)) == STAFF_MENU)
        assert standin.command_menu() == ["menu", "people", "plan", "data", "help", "cancel"]
        assert standin.command_menu({"type": "all_group_chats"}) == ["link", "help"]
        assert standin.command_menu(chat(ALEX)) == []  # young people keep the default menu

        # Someone added to the team while the bot runs gets theirs when they open it.
        with unit_of_work(db) as uow:
            add_staff(uow, "kent", NEW_COORDINATOR, "Kai", StaffRole.COORDINATOR, clock.now())
        assert standin.command_menu(chat(NEW_COORDINATOR)) == []
        standin.user_sends(NEW_COORDINATOR, "/start")
        await standin.wait_until(lambda: standin.command_menu(chat(NEW_COORDINATOR)) == STAFF_MENU)
        [welcome] = await standin.wait_for_bot_messages(NEW_COORDINATOR, 1)
        assert "Hello Kai" in welcome["text"]
