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
from collections.abc import Iterable, Sequence
from datetime import datetime

from dialogs.cases import relay
from dialogs.cases.notify import mark_unreachable, team_chat
from dialogs.core.context import Context
from dialogs.core.events import MIGRATED
from dialogs.core.reader import staff_language
from dialogs.texts import GROUP_LANGUAGE, t
from storage.models import (
    GroupLink,
    GroupPurpose,
    OutboxMessage,
    OutboxStatus,
    RelayRole,
    SupportRequest,
    YoungPerson,
)
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

GROUP_TYPES = ("group", "supergroup")
GONE = ("left", "kicked")  # the bot is no longer in the chat (or was blocked, in private)
PRESENT = ("member", "administrator")
GROUP_LOST_REASON = "group lost: the bot is not in it any more"
GROUP_MOVED_REASON = "group moved: Telegram made it a supergroup"
MOVED_NOTE = "moved: queued again where it belongs now"
# A card's long words and media are sent again with the fresh card, not one by one.
_CARD_PARTS = ("card_words:", "card_media:")


def handle(ctx: Context) -> None:
    """A ``my_chat_member`` update: the bot's status in this chat changed."""
    event = ctx.event
    status = event.member_status or ""
    if status == MIGRATED and event.migrated_to is not None:
        if move_group(ctx.uow, event.chat_id, event.migrated_to, ctx.now):
            log.info("a linked group became a supergroup; the link follows it")
    elif event.is_private:
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
    return _rehome(uow, chat_id, None, now, failed_row_id)


def move_group(
    uow: UnitOfWork, chat_id: int, new_chat_id: int, now: datetime, failed_row_id: int | None = None
) -> bool:
    """Telegram made the group a supergroup, with a new chat id: follow it there.

    Message ids of the old group mean nothing in the new one, so the relay map is not
    carried over: each open request gets a fresh card in the new group (replies to it are
    relayed) after a note saying why. Returns True when the chat was linked; safe to call
    again (Telegram announces the move in both chats, and sends can find out too).
    """
    return _rehome(uow, chat_id, new_chat_id, now, failed_row_id)


def _rehome(
    uow: UnitOfWork, chat_id: int, new_chat: int | None, now: datetime, failed_row_id: int | None
) -> bool:
    """Point the chat's links at ``new_chat`` (None: unlink), then move its work."""
    links = list(uow.groups.linked_to(chat_id))
    reason = GROUP_LOST_REASON if new_chat is None else GROUP_MOVED_REASON
    stranded = list(uow.outbox.abandon_pending(chat_id, reason)) if links else []
    failed = uow.outbox.get(failed_row_id) if failed_row_id is not None else None
    if failed is not None:
        stranded.insert(0, failed)
    what = "group_lost" if new_chat is None else "group_moved"
    for link in links:
        link.chat_id = new_chat  # unlinked: the code stays used; a new one links a group again
        uow.audit.record("telegram", f"{what}_{link.purpose.value}", now, link.service_id)
    for link in links:
        cards = []
        if link.purpose == GroupPurpose.COORDINATORS:
            cards = list(uow.support.open_with_card_in(link.service_id, chat_id))
        if new_chat is None:
            moved = _resend_cards(uow, cards, now)
            _tell_staff(uow, link, moved, now)
        else:
            _tell_moved_group(uow, link, new_chat, len(cards), now)
            _resend_cards(uow, cards, now)
    _send_elsewhere(uow, stranded, chat_id, now, new_chat)
    return bool(links)


def _resend_cards(uow: UnitOfWork, requests: Sequence[SupportRequest], now: datetime) -> int:
    """A fresh card, where cards go now, for each of these open requests."""
    moved = 0
    for request in requests:
        case = uow.cases.get(request.service_id, request.young_person_id)
        old_card = request.card_outbox_id
        if case is not None and relay.send_card(uow, request, case, now, f"moved:{old_card}"):
            _mark_moved(uow, old_card)
            moved += 1
    return moved


def _mark_moved(uow: UnitOfWork, row_id: int | None) -> None:
    """A row that failed but was queued again elsewhere is not counted as lost."""
    row = uow.outbox.get(row_id) if row_id is not None else None
    if row is not None and row.status == OutboxStatus.FAILED:
        row.last_error = MOVED_NOTE


def _tell_moved_group(
    uow: UnitOfWork, link: GroupLink, new_chat: int, cards: int, now: datetime
) -> None:
    """A note in the new supergroup, before the cards posted there again."""
    key = "team.group_moved.cards" if cards else "team.group_moved"
    uow.outbox.enqueue(
        chat_id=new_chat,
        text=t(key, GROUP_LANGUAGE, count=cards),
        kind=key,
        idempotency_key=f"group_moved:{link.id}:{new_chat}",
        now=now,
        service_id=link.service_id,
    )


def _tell_staff(uow: UnitOfWork, link: GroupLink, moved: int, now: datetime) -> None:
    """A private note to each of the service's staff: what changed and how to fix it."""
    service = uow.services.get(link.service_id)
    if link.purpose == GroupPurpose.MANAGERS:
        key = "team.group_lost.managers"
    elif moved:
        key = "team.group_lost.moved"
    else:
        key = "team.group_lost"
    name = service.name if service else ""
    for staff in uow.staff.active_in(link.service_id):
        uow.outbox.enqueue(
            chat_id=staff.telegram_user_id,
            text=t(key, staff_language(staff), service=name, count=moved),  # their private chat
            kind=key,
            idempotency_key=f"group_lost:{link.id}:{now.isoformat()}:{staff.id}",
            now=now,
            service_id=link.service_id,
        )


def _send_elsewhere(
    uow: UnitOfWork,
    rows: Iterable[OutboxMessage],
    lost_chat: int,
    now: datetime,
    new_home: int | None = None,
) -> None:
    """Queue again, where it belongs now, what could not reach the old chat.

    A young person's words for an open request go into its (new) card's thread. Other rows
    go to the group's ``new_home`` when it moved; when it was lost, notes about a case go
    to the case's team and service-wide rows (the digest) have no other place. Card parts
    went with the fresh card; edits, deletions and prompts for a coordinator to reply are not
    redone (they name a message of the old chat).
    """
    for row in rows:
        if row.id is None or row.service_id is None:
            continue
        if row.young_person_id is None:
            if new_home is not None and row.method == "send":
                _queue_again(uow, row, new_home, None, now)
            continue
        if row.method in ("edit", "delete") or row.idempotency_key.startswith(_CARD_PARTS):
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
            chat = new_home if new_home is not None else team_chat(uow, case)
        if chat is not None and chat != lost_chat:
            _queue_again(uow, row, chat, target, now)


def _queue_again(
    uow: UnitOfWork, row: OutboxMessage, chat: int, target: int | None, now: datetime
) -> None:
    """The row once more, to ``chat`` (in the thread of outbox row ``target``), once."""
    key = f"moved:{row.id}"
    if uow.outbox.exists(key):
        return
    source = _copied_from(row)
    _mark_moved(uow, row.id)
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
    if request is None or not request.status.is_open or request.card_outbox_id != row.id:
        return
    if relay.send_card(uow, request, case, now, f"moved:{row.id}"):
        _mark_moved(uow, row.id)


def _copied_from(row: OutboxMessage) -> tuple[int, int] | None:
    """The (chat, message) a copyMessage row copies, or None for a text row."""
    if row.method != "copy" or row.source_chat_id is None or row.source_message_id is None:
        return None
    return row.source_chat_id, row.source_message_id
