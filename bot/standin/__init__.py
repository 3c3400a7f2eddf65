"""Local stand-in for the Telegram Bot API (end-to-end tests and the playground)."""

from bot.standin.server import BotApiStandIn

__all__ = ["BotApiStandIn"]
