"""What is sent outside the outbox: callback answers, and an apology the database refused.

Every message goes through the outbox (``scheduler.outbox``, whose port
``scheduler.transport`` keeps the text limits both share); this module answers button presses
(ephemeral: a lost one only leaves a spinner turning for a few seconds, and Telegram refuses
an old one anyway), and sends, once and without retries, an apology that could not be stored
because the database is away.
"""

from __future__ import annotations

import logging

from dialogs.core.events import Event, Reply
from scheduler.transport import MAX_CAPTION, MAX_TEXT, Transport, split_text

log = logging.getLogger(__name__)


async def send_reply(transport: Transport, reply: Reply) -> list[int]:
    """Send one reply (not a callback answer) once; returns the message ids sent."""
    rows = reply.button_rows or None
    if reply.photo is not None:
        caption = reply.text[:MAX_CAPTION] if reply.text else None
        return [await transport.send_photo(reply.chat_id, reply.photo, caption, rows)]
    if reply.document is not None:
        caption = reply.text[:MAX_CAPTION] if reply.text else None
        name = reply.filename or "lifelinks.txt"
        return [await transport.send_document(reply.chat_id, reply.document, name, caption)]
    if reply.edit_message_id is not None:
        message_id = reply.edit_message_id
        await transport.edit_text(reply.chat_id, message_id, reply.text[:MAX_TEXT], rows)
        return [message_id]
    chunks = split_text(reply.text)
    ids = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        ids.append(await transport.send_text(reply.chat_id, chunk, rows if last else None))
    return ids


async def answer_callback(transport: Transport, event: Event, replies: list[Reply]) -> None:
    """Answer the button press (always, so the spinner stops), with the first toast if any."""
    if event.callback_id is None:
        return
    toast = next((r for r in replies if r.toast), None)
    try:
        await transport.answer_callback(
            event.callback_id, toast.text if toast else None, toast.alert if toast else False
        )
    except Exception as exc:  # an old query can't be answered; the messages still go
        log.info("callback answer for update %s failed: %s", event.update_id, type(exc).__name__)


async def send_unstored(transport: Transport, event: Event, replies: list[Reply]) -> None:
    """Send replies the database could not store (it is away): once each, best effort."""
    for reply in replies:
        if reply.toast:
            continue
        try:
            await send_reply(transport, reply)
        except Exception as exc:
            log.error("reply for update %s not delivered: %s", event.update_id, type(exc).__name__)
            return
