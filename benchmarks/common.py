"""Shared machinery for the benchmarks: a remote-controlled Bot API stand-in and process helpers.

The stand-in runs in its own process (``python -m benchmarks.common standin``) so that the bot
under test and the fake Telegram do not share one core and one event loop.  Next to the Bot API
it serves a small JSON control API on 127.0.0.1 that adds users, queues a workload of updates
and reports, measured inside the stand-in, how long the bot took to make the expected calls.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
READY_PREFIX = "READY "
TEXT_PREFIX_CHARS = 32
STALL_SECONDS = 5.0


# ---------------------------------------------------------------------------- small helpers
def median(values: Sequence[float]) -> float:
    """The median of a non-empty sequence."""
    return float(statistics.median(values))


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), or None where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    # After the ")" of the command name: state is field 0, utime 11, stime 12.
    return (int(fields[11]) + int(fields[12])) / ticks


def install_stop_handlers(loop: asyncio.AbstractEventLoop) -> asyncio.Event:
    """An event set on SIGTERM/SIGINT or when stdin reaches EOF (the parent went away)."""
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def watch_stdin() -> None:
        # A plain daemon thread, not asyncio.to_thread: the default executor is the bot's.
        with contextlib.suppress(Exception):
            sys.stdin.read()
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()
    return stop


def announce_ready(payload: dict[str, Any]) -> None:
    """Tell the parent process we are up (one ``READY {json}`` line on stdout)."""
    sys.stdout.write(READY_PREFIX + json.dumps(payload) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------- child processes
@dataclass
class Child:
    """A helper process started by the benchmark; its stderr goes to a log file."""

    name: str
    process: subprocess.Popen[str]
    log_path: Path
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        """The process id."""
        return self.process.pid

    def cpu(self) -> float | None:
        """CPU seconds used so far."""
        return cpu_seconds(self.pid)

    def wait_ready(self, timeout: float = 60.0) -> dict[str, Any]:
        """Wait for the child's ``READY {json}`` line; remember and return the JSON."""
        assert self.process.stdout is not None
        self.info = _read_ready(self, self.process.stdout, timeout)
        return self.info

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the child's log, for error messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 15.0) -> int | None:
        """Ask the child to stop (SIGTERM, stdin closed); kill it after ``timeout`` seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            return None


def launch(name: str, args: list[str], log_dir: Path) -> Child:
    """Start ``python -m <args>`` from the repository root; see :meth:`Child.wait_ready`."""
    log_path = log_dir / f"{name}.log"
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        )
    return Child(name, process, log_path)


def spawn(name: str, args: list[str], log_dir: Path, timeout: float = 60.0) -> Child:
    """Start ``python -m <args>`` from the repository root and wait for its READY line."""
    child = launch(name, args, log_dir)
    child.wait_ready(timeout)
    return child


def _read_ready(child: Child, stdout: IO[str], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            child.stop()
            raise RuntimeError(f"{child.name} not ready within {timeout}s:\n{child.log_tail()}")
        readable, _, _ = select.select([stdout], [], [], remaining)
        if not readable:
            continue
        line = stdout.readline()
        if not line:
            code = child.process.wait(5)
            raise RuntimeError(f"{child.name} exited ({code}) before ready:\n{child.log_tail()}")
        if line.startswith(READY_PREFIX):
            info: dict[str, Any] = json.loads(line[len(READY_PREFIX) :])
            return info


# ---------------------------------------------------------------------------- the stand-in
def _press_target(messages: list[dict[str, Any]], label: str | None) -> tuple[int, str] | None:
    """(message id, callback data) of the newest bot message with a button ``label``.

    With ``label`` None: the newest bot message and no data (the caller supplies it).
    """
    for message in reversed(messages):
        if label is None:
            return int(message["message_id"]), ""
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for row in rows:
            for button in row:
                if button.get("text") == label and "callback_data" in button:
                    return int(message["message_id"]), str(button["callback_data"])
    return None


class ControlServer:
    """JSON control API for a :class:`~bot.standin.server.BotApiStandIn` in this process.

    ``POST /users``  ``{"first_id", "count"}``: add users (private chats) ``first_id`` onwards.
    ``POST /round``  ``{"workload", "expect", "timeout"}``: queue every update of the workload,
    then wait until the bot has made at least ``expect[method]`` calls of each method (or has
    fetched every update and made no call for ``stall`` seconds, e.g. because it answered with
    fewer or other messages than expected); answer
    with the wall time from "all queued" to "last expected call received", the calls counted,
    send failures, a histogram of the sent texts and this process's CPU time.

    Workloads: ``{"kind": "texts", "items": [[user, text], ...]}``; ``{"kind": "text", "users",
    "rounds", "text"}``; ``{"kind": "press", "users", "rounds", "label", "data"}`` (presses the
    newest bot message carrying a button ``label``, or with ``label`` null the newest bot message
    with ``data``).  ``rounds`` go round-robin over ``users``.
    """

    def __init__(self, standin: Any) -> None:
        self.standin = standin
        self._runner: Any = None
        self.port = 0
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """Listen on 127.0.0.1 (a free port)."""
        from aiohttp import web

        app = web.Application()
        app.router.add_post("/users", self._users)
        app.router.add_post("/round", self._round)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        """The control API root."""
        return f"http://{HOST}:{self.port}"

    async def _users(self, request: Any) -> Any:
        from aiohttp import web

        body = await request.json()
        first, count = int(body["first_id"]), int(body["count"])
        for user_id in range(first, first + count):
            self.standin.add_user(user_id, f"User{user_id}")
        return web.json_response({"users": list(range(first, first + count))})

    def _queue(self, workload: dict[str, Any]) -> int:
        """Queue every update of a workload; returns how many."""
        kind = workload["kind"]
        if kind == "texts":
            for user_id, text in workload["items"]:
                self.standin.user_sends(int(user_id), str(text))
            return len(workload["items"])
        users = [int(u) for u in workload["users"]]
        rounds = int(workload["rounds"])
        if kind == "text":
            text = str(workload["text"])
            for _ in range(rounds):
                for user_id in users:
                    self.standin.user_sends(user_id, text)
            return rounds * len(users)
        if kind == "press":
            label = workload.get("label")
            targets: dict[int, tuple[int, str]] = {}
            for user_id in users:
                target = _press_target(self.standin.bot_messages(user_id), label)
                if target is None:
                    raise ValueError(f"user {user_id} has no bot message to press ({label!r})")
                message_id, data = target
                targets[user_id] = (message_id, data or str(workload.get("data", "")))
            for _ in range(rounds):
                for user_id in users:
                    message_id, data = targets[user_id]
                    self.standin.user_presses(user_id, message_id, data)
            return rounds * len(users)
        raise ValueError(f"unknown workload kind {kind!r}")

    def _bot_sent_total(self) -> int:
        return sum(chat.bot_sent for chat in self.standin.world.chats.values())

    async def _round(self, request: Any) -> Any:
        from aiohttp import web

        body = await request.json()
        expect: dict[str, int] = {str(k): int(v) for k, v in body["expect"].items()}
        timeout = float(body.get("timeout", 60.0))
        stall = float(body.get("stall", STALL_SECONDS))
        async with self._lock:
            world = self.standin.world
            index = len(world.calls)
            sent_before = self._bot_sent_total()
            try:
                queued = self._queue(body["workload"])
            except (KeyError, ValueError) as exc:
                return web.json_response({"error": str(exc)}, status=400)
            # Nothing reached the bot yet: this handler has not yielded since queueing began.
            cpu0, t0 = time.process_time(), time.perf_counter()
            counts: Counter[str] = Counter()
            texts: Counter[str] = Counter()
            finished: list[float] = []
            progress = time.monotonic()
            stalled = False

            def done() -> bool:
                nonlocal index, progress, stalled
                calls = world.calls
                if index < len(calls) and calls[-1][0] != "getUpdates":
                    progress = time.monotonic()
                while index < len(calls):
                    method, params = calls[index]
                    index += 1
                    counts[method] += 1
                    if method == "sendMessage":
                        texts[str(params.get("text", ""))[:TEXT_PREFIX_CHARS]] += 1
                if all(counts[m] >= n for m, n in expect.items()):
                    finished.append(time.perf_counter())
                    return True
                # Everything fetched and no call for a while: the bot answered differently.
                if not world.pending and time.monotonic() - progress > stall:
                    stalled = True
                    return True
                return False

            timed_out = False
            try:
                await self.standin.wait_until(done, timeout)
            except AssertionError:
                timed_out = True

            t1 = finished[0] if finished else time.perf_counter()
            cpu1 = time.process_time()
            sent = self._bot_sent_total() - sent_before
            # Let the bot acknowledge the last batch so the next round starts clean (untimed).
            with contextlib.suppress(AssertionError):
                await self.standin.wait_idle(timeout=15)
        return web.json_response(
            {
                "queued": queued,
                "seconds": t1 - t0,
                "timed_out": timed_out,
                "stalled": stalled,
                "counts": dict(counts),
                "send_failures": counts["sendMessage"] - sent,
                "texts": dict(texts.most_common(8)),
                "standin_cpu": cpu1 - cpu0,
                "pending_after": self.standin.pending_update_count,
            }
        )


async def serve_standin(token: str, bot_id: int, bot_username: str) -> None:
    """Run a stand-in plus its control API until SIGTERM or stdin EOF."""
    from bot.standin.server import BotApiStandIn

    stop = install_stop_handlers(asyncio.get_running_loop())
    standin = BotApiStandIn(token=token, bot_id=bot_id, bot_username=bot_username, host=HOST)
    await standin.start()
    control = ControlServer(standin)
    await control.start()
    announce_ready({"api_url": standin.url, "control_url": control.url})
    try:
        await stop.wait()
    finally:
        await control.stop()
        await standin.stop()


class StandInClient:
    """Talks to a stand-in process's control API (synchronously, with bounded timeouts)."""

    def __init__(self, child: Child) -> None:
        import httpx

        self.child = child
        self.api_url = str(child.info["api_url"])
        self._http = httpx.Client(base_url=str(child.info["control_url"]), timeout=30.0)

    def add_users(self, first_id: int, count: int) -> list[int]:
        """Add ``count`` users from ``first_id``; returns their ids."""
        response = self._http.post("/users", json={"first_id": first_id, "count": count})
        response.raise_for_status()
        return [int(u) for u in response.json()["users"]]

    def run_round(
        self, workload: dict[str, Any], expect: dict[str, int], timeout: float
    ) -> dict[str, Any]:
        """Queue a workload and wait for the expected calls (see :class:`ControlServer`)."""
        response = self._http.post(
            "/round",
            json={"workload": workload, "expect": expect, "timeout": timeout},
            timeout=timeout + 30.0,
        )
        if response.status_code != 200:
            raise RuntimeError(f"stand-in control error: {response.text}")
        result: dict[str, Any] = response.json()
        if result["timed_out"] or result["stalled"]:
            why = "the bot went quiet" if result["stalled"] else f"no result within {timeout}s"
            raise RuntimeError(
                f"{self.child.name}: expected {expect}, got {result['counts']} ({why}); "
                f"texts sent: {result['texts']}"
            )
        return result

    def close(self) -> None:
        """Close the HTTP client."""
        self._http.close()


def stand_in_child(name: str, log_dir: Path, token: str, bot_id: int, username: str) -> Child:
    """Start a stand-in process (call :meth:`Child.wait_ready` before using it)."""
    args = ["benchmarks.common", "standin", "--token", token]
    args += ["--bot-id", str(bot_id), "--username", username]
    return launch(name, args, log_dir)


# ---------------------------------------------------------------------------- profiling
def py_spy_path() -> str | None:
    """The py-spy executable (next to this Python, or on PATH), if installed."""
    beside = Path(sys.executable).parent / "py-spy"
    if beside.exists():
        return str(beside)
    return shutil.which("py-spy")


class Profiler:
    """``py-spy record`` attached to a child for a while, writing collapsed stacks."""

    def __init__(self, child: Child, out_dir: Path, rate: int = 200) -> None:
        executable = py_spy_path()
        if executable is None:
            raise RuntimeError("--profile needs py-spy: .venv/bin/pip install py-spy")
        out_dir.mkdir(parents=True, exist_ok=True)
        self.output = out_dir / f"{child.name}.collapsed.txt"
        command = [executable, "record", "--pid", str(child.pid), "--rate", str(rate)]
        # --gil: only samples holding the GIL, i.e. where the single core's time goes.
        command += ["--gil", "--format", "raw", "--output", str(self.output)]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)  # py-spy needs a moment to attach; profiling runs are not timed.

    def stop(self) -> Path:
        """Stop sampling and write the file."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        return self.output


_WRAPPER_FILES: tuple[str, ...] = (
    "asyncio/",
    "<frozen runpy>",
    "threading.py",
    "concurrent/futures/",
    "bench_updates.py",
    "common.py",
    "contextlib.py",
)


def summarize_collapsed(path: Path, top: int = 30) -> str:
    """The functions holding the GIL most, from a py-spy ``raw`` (collapsed stacks) profile.

    Inclusive share per function (line numbers merged), event-loop and thread plumbing left
    out, then the top "self" frames.
    """
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [re.sub(r":\d+\)$", ")", frame.strip()) for frame in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count

    def share(count: int) -> str:
        return f"{100 * count / max(total, 1):5.1f}%"

    lines = [f"{path.name}: {total} samples holding the GIL; inclusive:"]
    shown = [
        (frame, count)
        for frame, count in inclusive.most_common()
        if not any(marker in frame for marker in _WRAPPER_FILES)
    ]
    lines += [f"  {share(count)}  {frame}" for frame, count in shown[:top]]
    lines.append("  self:")
    lines += [f"  {share(count)}  {frame}" for frame, count in own.most_common(top // 3)]
    return "\n".join(lines)


def run_async_main(main: Callable[[], Any]) -> None:
    """``asyncio.run`` a coroutine function, quietly on Ctrl-C."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


def _main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="benchmark helper processes")
    sub = parser.add_subparsers(dest="role", required=True)
    standin = sub.add_parser("standin", help="a Bot API stand-in with a control API")
    standin.add_argument("--token", required=True)
    standin.add_argument("--bot-id", type=int, required=True)
    standin.add_argument("--username", required=True)
    args = parser.parse_args(argv)
    if args.role == "standin":
        run_async_main(lambda: serve_standin(args.token, args.bot_id, args.username))


if __name__ == "__main__":
    _main()
