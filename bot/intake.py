"""Starting what brings updates into the inbox: the webhook server or the long poller.

Kept apart from :mod:`bot.inbox`, which both intakes import, so that no module of ``bot/``
imports another that imports it back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from bot.inbox import Inbox, SetWebhook
from bot.poller import Poller
from bot.webhook_server import WebhookServer

if TYPE_CHECKING:
    from bot.runtime import BotRuntime


async def start_intake(
    inbox: Inbox,
    runtime: BotRuntime,
    allowed_updates: Sequence[str],
    set_webhook: SetWebhook,
    delete_webhook: Callable[[], Awaitable[object]],
) -> Poller | WebhookServer:
    """Start what brings updates into ``inbox``: the webhook server or the poller.

    With ``WEBHOOK_URL`` set, the server is listening before Telegram is told the webhook;
    otherwise the webhook is removed (pending updates kept) and polling starts. The caller
    stops the returned intake before it stops the inbox.
    """
    settings = runtime.settings
    if settings.webhook_mode:
        assert settings.WEBHOOK_URL is not None
        server = WebhookServer(inbox, runtime.webhook_path, settings.WEBHOOK_SECRET, settings.PORT)
        await server.start()
        await set_webhook(settings.WEBHOOK_URL, settings.WEBHOOK_SECRET, list(allowed_updates))
        return server
    await delete_webhook()
    poller = Poller(
        inbox, settings.TELEGRAM_API_URL, runtime.token, allowed_updates, runtime.poll_timeout
    )
    poller.start()
    return poller
