"""Client CPU per ``sendMessage``, by transport, against a Bot API stand-in in another process.

Compares what the outbox can send through: python-telegram-bot as the adapter builds it
(``ExtBot`` + httpx), PTB's plain ``Bot``, aiogram, and :class:`bot.bot_api.BotApiTransport`
(the Bot API's JSON over one aiohttp session).  Each sends ``--messages`` texts with an inline
keyboard, ``--concurrency`` at a time, to users of the stand-in; CPU is this process's
(``time.process_time``), so the stand-in's own work is not counted.

    .venv/bin/python benchmarks/bench_transport.py [--messages 2000] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import StandInClient, stand_in_child

TOKEN = "123456:BENCH-TRANSPORT-abcdefghijklmnopqrstuvwxyz"
FIRST_USER = 700_000
USERS = 400
BUTTONS = [[("Yes", "yes:1"), ("No", "no:1")], [("Back to the menu", "menu")]]


async def _transports(api_url: str) -> dict[str, tuple[Any, Callable[[], Awaitable[None]]]]:
    """name → (transport, close)."""
    from aiogram import Bot as AiogramBot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from telegram import Bot
    from telegram.ext import Application

    from bot.aiogram_ import aiogram_transport
    from bot.bot_api import BotApiTransport
    from bot.ptb import ptb_transport

    application = Application.builder().token(TOKEN).base_url(f"{api_url}/bot").build()
    await application.initialize()
    plain = Bot(TOKEN, base_url=f"{api_url}/bot")
    await plain.initialize()

    class _App:  # ptb_transport reads only .bot
        bot = plain

    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    aiogram_bot = AiogramBot(TOKEN, session=session)
    ptb = ptb_transport(application)
    direct = BotApiTransport(api_url, TOKEN, ptb, read_timeout=5.0)
    return {
        "ptb ExtBot (today)": (ptb, application.shutdown),
        "ptb Bot": (ptb_transport(_App()), plain.shutdown),  # type: ignore[arg-type]
        "aiogram": (aiogram_transport(aiogram_bot), aiogram_bot.session.close),
        "bot_api (aiohttp JSON)": (direct, direct.close),
    }


async def _measure(transport: Any, messages: int, concurrency: int) -> tuple[float, float]:
    """(CPU ms per send, wall ms per send)."""
    counter = iter(range(messages))

    async def worker() -> None:
        for n in counter:
            chat = FIRST_USER + n % USERS
            await transport.send_text(chat, f"Message number {n}, with buttons", BUTTONS)

    for _ in range(20):  # warm up: connections, caches
        await transport.send_text(FIRST_USER, "warm up", BUTTONS)
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu * 1000 / messages, wall * 1000 / messages


async def _main(messages: int, concurrency: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        child = stand_in_child("standin", Path(tmp), TOKEN, 123456, "TransportBenchBot")
        child.wait_ready()
        client = StandInClient(child)
        try:
            client.add_users(FIRST_USER, USERS)
            transports = await _transports(client.api_url)
            results: dict[str, list[tuple[float, float]]] = {name: [] for name in transports}
            for _ in range(rounds):  # interleaved, so machine load hits each alike
                for name, (transport, _close) in transports.items():
                    results[name].append(await _measure(transport, messages, concurrency))
            for _transport, close in transports.values():
                await close()
        finally:
            client.close()
            child.stop()
    print(f"{'transport':<24} {'CPU ms/send':>12} {'wall ms/send':>13}  (best of {rounds})")
    for name, figures in results.items():
        cpu = min(f[0] for f in figures)
        wall = min(f[1] for f in figures)
        print(f"{name:<24} {cpu:>12.3f} {wall:>13.3f}")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000, help="sends per transport per round")
    parser.add_argument("--concurrency", type=int, default=4, help="sends in flight at once")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (the best is shown)")
    args = parser.parse_args()
    asyncio.run(_main(args.messages, args.concurrency, args.rounds))


if __name__ == "__main__":
    main()
