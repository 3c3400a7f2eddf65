"""An update's replies become outbox rows, in the update's own transaction.

So an answer is stored exactly when the change that caused it is: if the transaction rolls
back, there is no row; if it commits, the row is there even if the process dies before the
send (the outbox sender sends it after a restart).  Callback answers (a button's toast) are
not rows: they only stop a spinner, are worthless a few seconds later, and Telegram refuses
an old one anyway, so the runtime answers them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from dialogs.core.events import Reply
from dialogs.pictures.payload import OUTBOX_METHOD as DRAWING
from storage.models import YoungPerson
from storage.uow import UnitOfWork

KIND_PREFIX = "reply:"  # outbox ``kind`` of an answer to an update: "reply:<catalogue key>"
KIND_LENGTH = 40  # OutboxMessage.kind's column length


def reply_kind(reply: Reply) -> str:
    """The outbox ``kind`` of a reply (its catalogue key: no content)."""
    return f"{KIND_PREFIX}{reply.key or 'text'}"[:KIND_LENGTH]


def reply_key(bot_id: int, update_id: int, index: int | str) -> str:
    """The idempotency key of an update's ``index``-th reply (unique per update)."""
    return f"reply:{bot_id}:{update_id}:{index}"


def queue_replies(
    uow: UnitOfWork,
    replies: Sequence[Reply],
    *,
    bot_id: int,
    update_id: int,
    now: datetime,
    case: YoungPerson | None = None,
    suffix: str = "",
    language: str | None = None,
) -> None:
    """Queue every reply but toasts as an outbox row, in order, in the caller's transaction.

    Replies to a young person's own chat carry their case, so a 403 marks the case
    unreachable and the digest lists what could not be delivered. ``language``: the chat's,
    kept on a picture's row for the words the sender adds if it cannot draw it.
    """
    for index, reply in enumerate(replies):
        if reply.toast:
            continue
        ours = case is not None and case.telegram_user_id == reply.chat_id
        method = "send"
        attachment: bytes | None = None
        if reply.photo is not None:
            method, attachment = "photo", reply.photo
        elif reply.drawing is not None:
            method, attachment = DRAWING, reply.drawing  # drawn by the sender, not here
        elif reply.document is not None:
            method, attachment = "document", reply.document
        elif reply.edit_message_id is not None:
            method = "edit"
        uow.outbox.enqueue(
            chat_id=reply.chat_id,
            text=reply.text,
            kind=reply_kind(reply),
            idempotency_key=reply_key(bot_id, update_id, f"{index}{suffix}"),
            now=now,
            buttons=reply.button_rows or None,
            service_id=case.service_id if ours and case is not None else None,
            young_person_id=case.id if ours and case is not None else None,
            method=method,
            target_message_id=reply.edit_message_id,
            attachment=attachment,
            filename=(reply.filename or "lifelinks.txt") if reply.document is not None else None,
            flush=False,
            language=language if method == DRAWING else None,
        )
    uow.outbox.flush()  # one flush for the update's rows (each is an INSERT all the same)
