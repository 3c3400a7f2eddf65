"""The bot's "/" command menus: young people's for everyone, the team's where they work.

Telegram shows one menu per scope. Young people (the default scope) see their own commands;
groups see /link and /help; each member of staff gets the staff commands in their private
chat. Staff menus are set for every active member of staff at start-up (paced, in the
background) and for a member of staff the first time they open the bot after that, so
someone added while the bot runs gets theirs on their first /start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from dialogs.commands import Audience
from dialogs.commands import menu as command_menu
from dialogs.texts import t
from scheduler.transport import (
    DEFAULT_SCOPE,
    GROUPS_SCOPE,
    CommandScope,
    Transport,
    chat_scope,
)
from storage.db import Database
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

STAFF_MENU_PACE = 0.2  # seconds between two staff menus at start-up: well inside the limits


def commands(audience: Audience) -> list[tuple[str, str]]:
    """(command, description) pairs of an audience's menu (:mod:`dialogs.commands`)."""
    return [(name, t(key)) for name, key in command_menu(audience)]


class CommandMenus:
    """Sets the menus; each failure is logged and skipped, never raised."""

    def __init__(
        self,
        db: Database,
        transport: Transport,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.db = db
        self.transport = transport
        self.sleep = sleep
        self.staff_done: set[int] = set()

    async def set_shared(self) -> None:
        """The young people's menu (everyone) and the groups' menu."""
        await self._set(commands(Audience.YOUNG_PERSON), DEFAULT_SCOPE)
        await self._set(commands(Audience.GROUP), GROUPS_SCOPE)

    async def set_all_staff(self) -> None:
        """The staff menu in every active member of staff's private chat, one at a time."""
        for user_id in await asyncio.to_thread(self._active_staff):
            await self.for_staff(user_id)
            await self.sleep(STAFF_MENU_PACE)

    async def for_staff(self, user_id: int) -> None:
        """The staff menu in this member of staff's private chat, once per run."""
        if user_id in self.staff_done:
            return
        self.staff_done.add(user_id)
        if not await self._set(commands(Audience.STAFF), chat_scope(user_id)):
            self.staff_done.discard(user_id)  # try again when they next open the bot

    def _active_staff(self) -> list[int]:
        with unit_of_work(self.db) as uow:
            return uow.staff.active_user_ids()

    async def _set(self, menu: list[tuple[str, str]], scope: CommandScope) -> bool:
        try:
            await self.transport.set_commands(menu, scope)
        except Exception as exc:
            # A member of staff who has not opened the bot yet is expected; the rest is not.
            level = logging.INFO if scope[0] == "chat" else logging.WARNING
            log.log(level, "could not set the %s command menu: %s", scope[0], type(exc).__name__)
            return False
        return True
