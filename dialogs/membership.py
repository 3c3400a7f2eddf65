"""The bot's own place in chats: added to or removed from a group, blocked or unblocked.

Telegram says so with a ``my_chat_member`` update. A send that fails with 403 in a linked
group means the same (the update may have been missed while the bot was down), so the
outbox sender calls :func:`lose_group` too.

Losing the coordinators' group must not lose a young person's request: the group is
unlinked (so cards and notes go to each young person's coordinator in a private chat, as
for a service with no group), every open request whose card was there gets a fresh card in
its new place, what was still waiting to go to the group is sent there instead, and the
service's staff are told how to link a group again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from dialogs import relay
from dialogs.context import Context
from dialogs.notify import mark_unreachable, team_chat
from dialogs.texts import t
from storage.models import (
    GroupLink,
    GroupPurpose,
    OutboxMessage,
    RelayRole,
    Service,
    YoungPerson,
)
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

GROUP_TYPES = ("group", "supergroup")
GONE = ("left", "kicked")  # the bot is no longer in the chat (or was blocked, in private)
PRESENT = ("member", "administrator")
GROUP_LOST_REASON = "group lost: the bot is not in it any more"
# A card's long words and media are sent again with the fresh card, not one by one.
_CARD_PARTS = ("card_words:", "card_media:")


def handle(ctx: Context) -> None:
    """A ``my_chat_member`` update: the bot's status in this chat changed."""
    event = ctx.event
    status = event.member_status or ""
    if event.is_private:
        _private_chat(ctx, status)
    elif status in GONE:
        if lose_group(ctx.uow, event.chat_id, ctx.now):
            log.warning("the bot was removed from a linked group; it has been unlinked")
    elif (
        status in PRESENT
        and event.chat_type in GROUP_TYPES
        and not ctx.uow.groups.linked_to(event.chat_id)
    ):
        ctx.say("team.added")


def _private_chat(ctx: Context, status: str) -> None:
    """A young person blocked the bot (``kicked``) or unblocked it (``member``)."""
    case = ctx.uow.cases.own_case(ctx.event.user_id)
    if case is None:
        return
    if status == "kicked":
        key = f"unreachable:{case.id}:update:{ctx.event.update_id}"
        mark_unreachable(ctx.uow, case, key, ctx.now)
    elif status == "member":
        case.unreachable = False


def lose_group(
    uow: UnitOfWork, chat_id: int, now: datetime, failed_row_id: int | None = None
) -> bool:
    """The bot can no longer post in ``chat_id``: unlink it and send its work elsewhere.

    ``failed_row_id`` is a row that has just failed there (already marked failed); it is
    sent elsewhere like the ones still waiting. Returns True when the chat was linked.
    Safe to call again: a second call finds nothing linked and only moves that row.
    """
    links = list(uow.groups.linked_to(chat_id))
    stranded = list(uow.outbox.abandon_pending(chat_id, GROUP_LOST_REASON)) if links else []
    failed = uow.outbox.get(failed_row_id) if failed_row_id is not None else None
    if failed is not None:
        stranded.insert(0, failed)
    for link in links:
        link.chat_id = None  # the code stays used; a new one links a group again
        uow.audit.record("telegram", f"group_lost_{link.purpose.value}", now, link.service_id)
    for link in links:
        moved = 0
        if link.purpose == GroupPurpose.COORDINATORS:
            moved = _resend_cards(uow, link.service_id, chat_id, now)
        _tell_staff(uow, link, moved, now)
    _send_elsewhere(uow, stranded, chat_id, now)
    return bool(links)


def _resend_cards(uow: UnitOfWork, service_id: int, chat_id: int, now: datetime) -> int:
    """A fresh card, where cards go now, for each open request whose card was in the chat."""
    moved = 0
    for request in uow.support.open_with_card_in(service_id, chat_id):
        case = uow.cases.get(service_id, request.young_person_id)
        again = f"moved:{request.card_outbox_id}"
        if case is not None and relay.send_card(uow, request, case, now, again):
            moved += 1
    return moved


def _tell_staff(uow: UnitOfWork, link: GroupLink, moved: int, now: datetime) -> None:
    """A private note to each of the service's staff: what changed and how to fix it."""
    service = uow.session.get(Service, link.service_id)
    if link.purpose == GroupPurpose.MANAGERS:
        key = "team.group_lost.managers"
    elif moved:
        key = "team.group_lost.moved"
    else:
        key = "team.group_lost"
    text = t(key, service=service.name if service else "", count=moved)
    for staff in uow.staff.active_in(link.service_id):
        uow.outbox.enqueue(
            chat_id=staff.telegram_user_id,
            text=text,
            kind=key,
            idempotency_key=f"group_lost:{link.id}:{now.isoformat()}:{staff.id}",
            now=now,
            service_id=link.service_id,
        )


def _send_elsewhere(
    uow: UnitOfWork, rows: Iterable[OutboxMessage], lost_chat: int, now: datetime
) -> None:
    """Queue again, where the case's team now is, what could not reach the lost group.

    A young person's words for an open request go into its (new) card's thread; notes about
    a case go to the team. Card parts went with the fresh card; edits, prompts for a
    coordinator to reply and service-wide rows (the digest) have no other place.
    """
    for row in rows:
        if row.id is None or row.young_person_id is None or row.service_id is None:
            continue
        if row.method == "edit" or row.idempotency_key.startswith(_CARD_PARTS):
            continue
        case = uow.cases.get(row.service_id, row.young_person_id)
        if case is None:
            continue
        if row.relay_role == RelayRole.CARD:
            _resend_card(uow, row, case, now)
            continue
        if row.relay_role not in (None, RelayRole.TO_GROUP):
            continue
        target: int | None = None
        if row.relay_request_id is not None:
            request = uow.support.get(row.service_id, row.relay_request_id)
            if request is None or not request.status.is_open:
                continue
            chat, target = relay.thread_of(uow, request, case)
        else:
            chat = team_chat(uow, case)
        key = f"moved:{row.id}"
        if chat is None or chat == lost_chat or uow.outbox.exists(key):
            continue
        source = _copied_from(row)
        uow.outbox.enqueue(
            chat_id=chat,
            text=row.text,
            kind=row.kind,
            idempotency_key=key,
            now=now,
            service_id=row.service_id,
            young_person_id=row.young_person_id,
            method="copy" if source else "send",
            source=source,
            target_outbox_id=target,
            relay=(row.relay_request_id, RelayRole.TO_GROUP) if row.relay_request_id else None,
        )


def _resend_card(uow: UnitOfWork, row: OutboxMessage, case: YoungPerson, now: datetime) -> None:
    """A card that failed after its group was unlinked: send it again where cards go now."""
    request_id = row.relay_request_id
    request = uow.support.get(case.service_id, request_id) if request_id is not None else None
    if request is not None and request.status.is_open and request.card_outbox_id == row.id:
        relay.send_card(uow, request, case, now, f"moved:{row.id}")


def _copied_from(row: OutboxMessage) -> tuple[int, int] | None:
    """The (chat, message) a copyMessage row copies, or None for a text row."""
    if row.method != "copy" or row.source_chat_id is None or row.source_message_id is None:
        return None
    return row.source_chat_id, row.source_message_id
