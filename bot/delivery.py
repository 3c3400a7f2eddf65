"""Sending the engine's replies through a transport: splitting, retries, callbacks."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.transport import Rejected, RetryLater, Transient, Transport
from dialogs.events import Event, Reply

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024
DIRECT_ATTEMPTS = 3
T = TypeVar("T")


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split text into chunks of at most ``limit`` characters, at paragraph, line or word ends."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < limit // 2:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest)
    return [chunk for chunk in chunks if chunk] or [""]


async def with_retries(
    call: Callable[[], Awaitable[T]],
    attempts: int = DIRECT_ATTEMPTS,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Run a send, honouring 429 retry_after and backing off on transient errors."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except RetryLater as exc:
            if attempt == attempts:
                raise
            await sleep(exc.retry_after)
        except Transient:
            if attempt == attempts:
                raise
            await sleep(min(8.0, 0.5 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


async def send_reply(transport: Transport, reply: Reply) -> list[int]:
    """Send one reply (not a callback answer); returns the message ids sent."""
    rows = reply.button_rows or None
    if reply.photo is not None:
        caption = reply.text[:MAX_CAPTION] if reply.text else None
        sent = await with_retries(
            lambda: transport.send_photo(reply.chat_id, reply.photo or b"", caption, rows)
        )
        return [sent]
    if reply.document is not None:
        caption = reply.text[:MAX_CAPTION] if reply.text else None
        name = reply.filename or "lifelinks.txt"
        sent = await with_retries(
            lambda: transport.send_document(reply.chat_id, reply.document or b"", name, caption)
        )
        return [sent]
    if reply.edit_message_id is not None:
        message_id = reply.edit_message_id
        await with_retries(
            lambda: transport.edit_text(reply.chat_id, message_id, reply.text[:MAX_TEXT], rows)
        )
        return [message_id]
    chunks = split_text(reply.text)
    ids = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1

        async def send(chunk: str = chunk, last: bool = last) -> int:
            return await transport.send_text(reply.chat_id, chunk, rows if last else None)

        ids.append(await with_retries(send))
    return ids


async def deliver(transport: Transport, event: Event, replies: list[Reply]) -> None:
    """Answer the button press (always, so the spinner stops) and send the replies in order."""
    toasts = [r for r in replies if r.toast]
    if event.callback_id is not None:
        toast = toasts[0] if toasts else None
        try:
            await transport.answer_callback(
                event.callback_id, toast.text if toast else None, toast.alert if toast else False
            )
        except Exception as exc:  # an old query can't be answered; the messages still go
            log.info("callback answer for update %s failed: %s", event.update_id, type(exc))
    for reply in replies:
        if reply.toast:
            continue
        try:
            await send_reply(transport, reply)
        except Rejected as exc:
            log.warning("reply for update %s rejected: %s", event.update_id, exc)
        except Exception as exc:
            log.error("reply for update %s not delivered: %s", event.update_id, type(exc).__name__)
            return
