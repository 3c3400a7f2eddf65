"""Tests of the local Bot API stand-in, over raw HTTP and through python-telegram-bot."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import telegram
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from bot.standin import BotApiStandIn
from bot.standin.media import PLACEHOLDER_PNG
from bot.standin.state import RateMeter

ALEX = 1001  # a young person, private chat
SAM = 1002  # a coordinator
GROUP = -1001234567890  # coordinators' group
OTHER_GROUP = -1009876543210  # a group the bot is not in


def local_request(read_timeout: float = 3) -> HTTPXRequest:
    """A PTB request object for plain HTTP to 127.0.0.1 (no TLS context: faster to create)."""
    return HTTPXRequest(read_timeout=read_timeout, httpx_kwargs={"verify": False})


class FakeClock:
    """A settable clock for the rate-limit windows."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def standin(clock: FakeClock) -> AsyncIterator[BotApiStandIn]:
    server = BotApiStandIn(clock=clock)
    server.add_user(ALEX, "Alex", username="alex_t")
    server.add_user(SAM, "Sam", last_name="Okafor")
    server.add_group(GROUP, "Kent coordinators", member_ids=[SAM])
    server.add_group(OTHER_GROUP, "Elsewhere", member_ids=[SAM], bot_is_member=False)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def http(standin: BotApiStandIn) -> AsyncIterator[httpx.AsyncClient]:
    base_url = f"{standin.url}/bot{standin.token}/"
    async with httpx.AsyncClient(base_url=base_url, verify=False) as client:
        yield client


@pytest.fixture
async def bot(standin: BotApiStandIn) -> AsyncIterator[telegram.Bot]:
    ptb = telegram.Bot(
        standin.token,
        base_url=f"{standin.url}/bot",
        base_file_url=f"{standin.url}/file/bot",
        request=local_request(),
        get_updates_request=local_request(),
    )
    async with ptb:
        yield ptb


def keyboard(*datas: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d)] for d in datas])


async def call(http: httpx.AsyncClient, method: str, **params: Any) -> httpx.Response:
    return await http.post(method, json=params)


# --------------------------------------------------------------------------- wire


async def test_get_me_through_ptb(bot: telegram.Bot, standin: BotApiStandIn) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.id == standin.bot_id
    assert me.username == "LifelinksTestBot"


async def test_wrong_token_and_unknown_method(standin: BotApiStandIn) -> None:
    async with httpx.AsyncClient(verify=False) as client:
        wrong = await client.post(f"{standin.url}/bot1:WRONG/getMe")
        unknown = await client.post(f"{standin.url}/bot{standin.token}/sendTelepathy")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_every_parameter_encoding(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    as_json = await http.post("sendMessage", json={"chat_id": ALEX, "text": "json"})
    as_form = await http.post(
        "sendMessage",
        data={"chat_id": str(ALEX), "text": "form", "reply_markup": json.dumps(markup)},
    )
    as_multipart = await http.post(
        "sendmessage",  # methods are case-insensitive
        data={"chat_id": str(ALEX), "text": "multi", "reply_markup": json.dumps(markup)},
        files={"unused": ("x.txt", b"x", "text/plain")},
    )
    as_query = await http.get("SENDMESSAGE", params={"chat_id": ALEX, "text": "query"})
    for response in (as_json, as_form, as_multipart, as_query):
        assert response.status_code == 200, response.text
    assert as_form.json()["result"]["reply_markup"] == markup
    assert as_multipart.json()["result"]["reply_markup"] == markup
    texts = [m["text"] for m in standin.bot_messages(ALEX)]
    assert texts == ["json", "form", "multi", "query"]
    assert [m["message_id"] for m in standin.bot_messages(ALEX)] == [1, 2, 3, 4]
    assert [name for name, _ in standin.calls] == ["sendMessage"] * 4


async def test_sent_message_shape(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    user_message = standin.user_sends(ALEX, "hello")
    response = await call(
        http,
        "sendMessage",
        chat_id=ALEX,
        text="<b>Hi</b> Alex",
        parse_mode="HTML",
        reply_parameters={"message_id": user_message["message_id"]},
    )
    message = response.json()["result"]
    assert message["from"]["is_bot"] is True
    assert message["from"]["id"] == standin.bot_id
    assert message["chat"] == {
        "id": ALEX,
        "type": "private",
        "first_name": "Alex",
        "username": "alex_t",
    }
    assert message["text"] == "<b>Hi</b> Alex"
    assert message["reply_to_message"]["text"] == "hello"
    assert abs(message["date"] - time.time()) < 5
    assert message["message_id"] == user_message["message_id"] + 1


# --------------------------------------------------------------------------- validation

LONG = "x" * 4097
FAT_BUTTON = {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]}  # 66 bytes


@pytest.mark.parametrize(
    ("method", "params", "status", "description"),
    [
        ("sendMessage", {"chat_id": ALEX, "text": "  "}, 400, "Bad Request: message text is empty"),
        ("sendMessage", {"chat_id": ALEX, "text": LONG}, 400, "Bad Request: message is too long"),
        (
            "sendMessage",
            {"chat_id": ALEX, "text": "x", "reply_markup": FAT_BUTTON},
            400,
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        ("sendMessage", {"chat_id": 555, "text": "x"}, 400, "Bad Request: chat not found"),
        (
            "sendMessage",
            {"chat_id": OTHER_GROUP, "text": "x"},
            403,
            "Forbidden: bot is not a member of the supergroup chat",
        ),
        (
            "sendPhoto",
            {"chat_id": ALEX, "photo": "https://example.org/a.png", "caption": "c" * 1025},
            400,
            "Bad Request: message caption is too long",
        ),
        (
            "editMessageText",
            {"chat_id": ALEX, "message_id": 99, "text": "x"},
            400,
            "Bad Request: message to edit not found",
        ),
        (
            "answerCallbackQuery",
            {"callback_query_id": "nope"},
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        ),
    ],
)
async def test_validation_errors(
    http: httpx.AsyncClient, method: str, params: dict[str, Any], status: int, description: str
) -> None:
    response = await call(http, method, **params)
    assert response.status_code == status
    assert response.json() == {"ok": False, "error_code": status, "description": description}


async def test_html_that_telegram_cannot_parse(http: httpx.AsyncClient) -> None:
    response = await call(http, "sendMessage", chat_id=ALEX, text="a <3 b", parse_mode="HTML")
    assert response.status_code == 400
    assert response.json()["description"].startswith("Bad Request: can't parse entities")
    ok = await call(http, "sendMessage", chat_id=ALEX, text="a &lt;3 <i>b</i>", parse_mode="HTML")
    assert ok.status_code == 200


async def test_markdown_v2_reserved_characters(http: httpx.AsyncClient) -> None:
    bad = await call(http, "sendMessage", chat_id=ALEX, text="Hi *Alex*.", parse_mode="MarkdownV2")
    assert bad.status_code == 400
    assert "reserved and must be escaped" in bad.json()["description"]
    good = await call(
        http,
        "sendMessage",
        chat_id=ALEX,
        text="Hi *Alex*\\. [site](https://x.org/a-b)",
        parse_mode="MarkdownV2",
    )
    assert good.status_code == 200, good.text


async def test_reply_keyboard_kept_as_sent(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    markup = {"keyboard": [["Good", "Okay"]], "one_time_keyboard": True}
    result = (
        await call(http, "sendMessage", chat_id=ALEX, text="Mood?", reply_markup=markup)
    ).json()
    assert "reply_markup" not in result["result"]  # Telegram only echoes inline keyboards
    assert standin.bot_messages(ALEX)[0]["reply_markup"] == markup


async def test_user_who_never_started_the_bot(
    http: httpx.AsyncClient, standin: BotApiStandIn
) -> None:
    standin.add_user(3003, "Jo", started=False)
    refused = await call(http, "sendMessage", chat_id=3003, text="hello")
    assert refused.status_code == 403
    assert refused.json()["description"] == "Forbidden: bot can't initiate conversation with a user"
    standin.user_sends(3003, "/start")
    assert (await call(http, "sendMessage", chat_id=3003, text="hello")).status_code == 200


async def test_privacy_mode_hides_plain_group_chatter() -> None:
    async with BotApiStandIn(privacy_mode=True) as server:
        server.add_user(SAM, "Sam")
        server.add_group(GROUP, "Coordinators", [SAM])
        server.user_sends(SAM, "just chatting", chat_id=GROUP)
        server.user_sends(SAM, "/caseload", chat_id=GROUP)
        server.user_sends(SAM, "hey @LifelinksTestBot", chat_id=GROUP)
        texts = [p.update["message"]["text"] for p in server.world.pending]
    assert texts == ["/caseload", "hey @LifelinksTestBot"]


async def test_stop_ends_a_waiting_long_poll(
    http: httpx.AsyncClient, standin: BotApiStandIn
) -> None:
    poll = asyncio.create_task(call(http, "getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await standin.stop()
    response = await poll
    assert time.monotonic() - started < 1.0
    assert response.json() == {"ok": True, "result": []}


async def test_edit_flow_and_not_modified(bot: telegram.Bot, standin: BotApiStandIn) -> None:
    sent = await bot.send_message(ALEX, "Pick one", reply_markup=keyboard("a", "b"))
    edited = await bot.edit_message_text("Picked a", ALEX, sent.message_id)
    assert edited.text == "Picked a"
    assert edited.reply_markup is None  # no reply_markup on edit removes the keyboard
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Picked a", ALEX, sent.message_id)
    await bot.edit_message_reply_markup(ALEX, sent.message_id, reply_markup=keyboard("c"))
    stored = standin.bot_messages(ALEX)[0]
    assert stored["edit_date"] >= stored["date"]
    assert stored["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "c"
    assert await bot.delete_message(ALEX, sent.message_id) is True
    assert standin.bot_messages(ALEX) == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ALEX, sent.message_id)


async def test_callback_answer_too_long(bot: telegram.Bot, standin: BotApiStandIn) -> None:
    sent = await bot.send_message(ALEX, "Q", reply_markup=keyboard("a"))
    query_id = standin.user_presses(ALEX, sent.message_id, "a")
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id, text="x" * 201)


# --------------------------------------------------------------------------- updates


async def test_long_poll_returns_as_soon_as_a_user_writes(
    bot: telegram.Bot, standin: BotApiStandIn
) -> None:
    async def write_later() -> None:
        await asyncio.sleep(0.1)
        standin.user_sends(ALEX, "/start CODE42")

    started = time.monotonic()
    task = asyncio.create_task(write_later())
    updates = await bot.get_updates(timeout=2)
    await task
    assert time.monotonic() - started < 1.0
    (update,) = updates
    assert update.message.text == "/start CODE42"
    entity = update.message.entities[0]
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)
    assert update.message.from_user.id == ALEX


async def test_poll_timeout_is_honoured(http: httpx.AsyncClient) -> None:
    started = time.monotonic()
    response = await call(http, "getUpdates", timeout=0.3)
    elapsed = time.monotonic() - started
    assert response.json() == {"ok": True, "result": []}
    assert 0.25 <= elapsed < 1.0


async def test_offset_acknowledges_and_wait_idle(
    http: httpx.AsyncClient, standin: BotApiStandIn
) -> None:
    standin.user_sends(ALEX, "one")
    standin.user_sends(SAM, "/link abc@LifelinksTestBot", chat_id=GROUP)
    first = (await call(http, "getUpdates")).json()["result"]
    assert [u["message"]["text"] for u in first] == ["one", "/link abc@LifelinksTestBot"]
    assert first[1]["update_id"] == first[0]["update_id"] + 1
    with pytest.raises(AssertionError):
        await standin.wait_idle(timeout=0.05)
    again = (await call(http, "getUpdates")).json()["result"]
    assert again == first  # not acknowledged yet
    await call(http, "getUpdates", offset=first[-1]["update_id"] + 1)
    await standin.wait_idle(timeout=0.5)
    standin.redeliver(first[0]["update_id"])
    redelivered = (await call(http, "getUpdates", offset=first[-1]["update_id"] + 1)).json()
    assert redelivered["result"] == [first[0]]


async def test_allowed_updates(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    await call(http, "getUpdates", allowed_updates=["callback_query"])
    standin.user_sends(ALEX, "ignored")
    sent = (await call(http, "sendMessage", chat_id=ALEX, text="q")).json()["result"]
    standin.user_presses(ALEX, sent["message_id"], "x")
    result = (await call(http, "getUpdates")).json()["result"]
    assert [next(k for k in u if k != "update_id") for u in result] == ["callback_query"]


async def test_second_poller_terminates_the_first(http: httpx.AsyncClient) -> None:
    first = asyncio.create_task(call(http, "getUpdates", timeout=2))
    await asyncio.sleep(0.05)
    second = await call(http, "getUpdates", timeout=0)
    response = await first
    assert second.status_code == 200
    assert response.status_code == 409
    assert "terminated by other getUpdates request" in response.json()["description"]


async def test_user_actions_produce_ptb_parsable_updates(
    bot: telegram.Bot, standin: BotApiStandIn
) -> None:
    sent = await bot.send_message(GROUP, "Card", reply_markup=keyboard("claim:1"))
    for kind in ("photo", "document", "voice", "sticker", "location", "contact", "poll"):
        standin.user_sends_media(ALEX, kind, caption="look" if kind == "photo" else None)
    reply = standin.user_sends(SAM, "On it", chat_id=GROUP, reply_to_message_id=sent.message_id)
    standin.user_edits(SAM, reply["message_id"], "On it now", chat_id=GROUP)
    query_id = standin.user_presses(SAM, sent.message_id, "claim:1", chat_id=GROUP)
    updates = await bot.get_updates()
    media = [u.message for u in updates[:7]]
    assert media[0].photo[-1].width == 2 and media[0].caption == "look"
    assert media[1].document.file_name == "document.pdf"
    assert media[2].voice.mime_type == "audio/ogg"
    assert media[3].sticker.emoji
    assert media[4].location.latitude == pytest.approx(51.2802)
    assert media[5].contact.user_id == ALEX
    assert len(media[6].poll.options) == 2
    assert updates[7].message.reply_to_message.message_id == sent.message_id
    assert updates[8].edited_message.text == "On it now"
    query = updates[9].callback_query
    assert (query.id, query.data, query.from_user.id) == (query_id, "claim:1", SAM)
    assert query.message.message_id == sent.message_id
    assert query.message.reply_markup.inline_keyboard[0][0].callback_data == "claim:1"
    assert query.chat_instance


async def test_callback_flow(bot: telegram.Bot, standin: BotApiStandIn) -> None:
    sent = await bot.send_message(ALEX, "Ready?", reply_markup=keyboard("yes"))
    query_id = standin.user_presses(ALEX, sent.message_id, "yes")
    assert await bot.answer_callback_query(query_id, text="Saved") is True
    assert standin.callback_answers[-1]["text"] == "Saved"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_ptb_application_polls_and_replies(standin: BotApiStandIn) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Welcome, code {context.args[0]}")

    app = (
        Application.builder()
        .token(standin.token)
        .base_url(f"{standin.url}/bot")
        .base_file_url(f"{standin.url}/file/bot")
        .request(local_request())
        .get_updates_request(local_request())
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        standin.user_sends(ALEX, "/start CODE7")
        (reply,) = await standin.wait_for_bot_messages(ALEX, 1)
        await standin.wait_idle()
        await app.updater.stop()
        await app.stop()
    assert reply["text"] == "Welcome, code CODE7"


# --------------------------------------------------------------------------- faults


async def test_fault_429_becomes_retry_after(bot: telegram.Bot, standin: BotApiStandIn) -> None:
    standin.inject_fault("sendMessage", retry_after=5)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ALEX, "hi")
    assert "5 seconds" in str(caught.value)
    assert standin.bot_messages(ALEX) == []
    await bot.send_message(ALEX, "hi")  # only once
    assert len(standin.bot_messages(ALEX)) == 1


async def test_fault_shapes_and_chat_scope(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    standin.inject_fault("sendMessage", chat_id=GROUP, status=502, times=2)
    private = await call(http, "sendMessage", chat_id=ALEX, text="fine")
    group = await call(http, "sendMessage", chat_id=GROUP, text="x")
    assert private.status_code == 200
    assert group.status_code == 502
    assert group.json() == {"ok": False, "error_code": 502, "description": "Bad Gateway"}
    standin.inject_fault("sendMessage", retry_after=7)
    limited = await call(http, "sendMessage", chat_id=ALEX, text="x")
    assert limited.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }


async def test_502_and_blocked_through_ptb(bot: telegram.Bot, standin: BotApiStandIn) -> None:
    standin.inject_fault("sendMessage", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ALEX, "x")
    standin.set_blocked(ALEX)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(ALEX, "x")
    standin.set_blocked(ALEX, False)
    await bot.send_message(ALEX, "back")


async def test_delay_fault_times_out_but_delivers(standin: BotApiStandIn) -> None:
    standin.inject_fault("sendMessage", status=200, delay=0.4)
    slow = telegram.Bot(
        standin.token, base_url=f"{standin.url}/bot", request=local_request(read_timeout=0.1)
    )
    with pytest.raises(TimedOut):
        await slow.send_message(ALEX, "late")
    await standin.wait_for_bot_messages(ALEX, 1, timeout=2)
    await slow.shutdown()


async def test_wait_for_bot_messages_reports_what_it_saw(standin: BotApiStandIn) -> None:
    with pytest.raises(AssertionError, match=r"expected 1 bot message\(s\)"):
        await standin.wait_for_bot_messages(ALEX, 1, timeout=0.05)


# --------------------------------------------------------------------------- files


async def test_file_upload_and_download_round_trip(
    bot: telegram.Bot, standin: BotApiStandIn
) -> None:
    photo_message = await bot.send_photo(ALEX, photo=PLACEHOLDER_PNG, caption="Your ecomap")
    largest = photo_message.photo[-1]
    assert (largest.width, largest.height) == (2, 2)
    downloaded = await (await bot.get_file(largest.file_id)).download_as_bytearray()
    assert bytes(downloaded) == PLACEHOLDER_PNG
    doc_message = await bot.send_document(
        GROUP, document=b"name,size\n", filename="report.csv", caption="Report"
    )
    assert doc_message.document.file_name == "report.csv"
    assert standin.file_bytes(doc_message.document.file_id) == b"name,size\n"
    assert standin.calls[-1][1]["document"]["size"] == len(b"name,size\n")
    user_photo = standin.user_sends_media(ALEX, "photo", data=PLACEHOLDER_PNG)
    user_file = await bot.get_file(user_photo["photo"][-1]["file_id"])
    assert bytes(await user_file.download_as_bytearray()) == PLACEHOLDER_PNG
    again = await bot.send_photo(GROUP, photo=largest.file_id)  # resend by file_id
    assert again.photo[-1].file_unique_id == largest.file_unique_id
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


# --------------------------------------------------------------------------- webhook


async def test_webhook_delivery_with_secret_and_retry(
    bot: telegram.Bot, standin: BotApiStandIn
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=500 if len(received) == 1 else 200)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cr3t")
        standin.user_sends(ALEX, "via webhook")
        await standin.wait_idle(timeout=2)
        assert len(received) == 2  # first attempt answered 500, retried
        assert received[0] == received[1]
        secret, update = received[-1]
        assert secret == "s3cr3t"
        assert update["message"]["text"] == "via webhook"
        with pytest.raises(Conflict):
            await bot.get_updates()
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook")
        assert info.pending_update_count == 0
        await bot.delete_webhook()
        assert (await bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


async def test_stop_with_an_idle_webhook_is_prompt(
    http: httpx.AsyncClient, standin: BotApiStandIn
) -> None:
    await call(http, "setWebhook", url="http://127.0.0.1:9/hook", secret_token="abc")
    await asyncio.sleep(0.05)  # the pusher is now waiting for updates
    started = time.monotonic()
    async with asyncio.timeout(3):  # fail rather than hang
        await standin.stop()
    assert time.monotonic() - started < 0.5


# --------------------------------------------------------------------------- limits


async def test_rate_violations_with_fake_clock(
    http: httpx.AsyncClient, standin: BotApiStandIn, clock: FakeClock
) -> None:
    for n in range(4):  # a private chat may get a short burst at once...
        await call(http, "sendMessage", chat_id=ALEX, text=f"burst {n}")
    assert standin.rate_violations == 0
    clock.now += 0.5
    await call(http, "sendMessage", chat_id=ALEX, text="5th")  # ...but not a 5th
    assert standin.rate_violations == 1
    clock.now += 0.5
    await call(http, "sendMessage", chat_id=ALEX, text="refilled one")  # 1/s sustained
    assert standin.rate_violations == 1
    for _ in range(20):
        clock.now += 2.0
        await call(http, "sendMessage", chat_id=GROUP, text="g")
    assert standin.rate_violations == 1  # 20 in 40 s is fine
    clock.now += 2.0
    await call(http, "sendMessage", chat_id=GROUP, text="g")  # 21st within a minute
    assert standin.rate_violations == 2
    clock.now += 120
    standin.add_group(-1001, "A", [SAM])
    standin.add_group(-1002, "B", [SAM])
    for index in range(31):
        await call(http, "sendMessage", chat_id=-1001 - index % 2, text="burst")
    assert standin.rate_violations == 3  # the 31st in one second overall


def test_private_chat_limit_is_a_token_bucket() -> None:
    now = [0.0]
    meter = RateMeter(lambda: now[0])
    assert [meter.record(ALEX, True) for _ in range(5)] == [False] * 4 + [True]
    assert meter.record(SAM, True) is False  # each chat has its own bucket
    for _ in range(10):  # then one a second is kept up for ever
        now[0] += 1.0
        assert meter.record(ALEX, True) is False
    now[0] += 0.5
    assert meter.record(ALEX, True) is True  # faster than 1/s is not
    now[0] += 30.0  # idle: the bucket refills, but only to the burst
    assert [meter.record(ALEX, True) for _ in range(5)] == [False] * 4 + [True]
    assert meter.violations == 3


# --------------------------------------------------------------------------- other methods


async def test_copy_forward_commands_chat_and_members(
    bot: telegram.Bot, standin: BotApiStandIn
) -> None:
    original = standin.user_sends(ALEX, "I need help")
    copied = await bot.copy_message(GROUP, ALEX, original["message_id"])
    assert standin.bot_messages(GROUP)[-1]["text"] == "I need help"
    assert copied.message_id == standin.bot_messages(GROUP)[-1]["message_id"]
    assert "forward_origin" not in standin.bot_messages(GROUP)[-1]
    await bot.forward_message(GROUP, ALEX, original["message_id"])
    assert "forwardMessage" in [name for name, _ in standin.calls]
    await bot.set_my_commands([("start", "Start"), ("help", "Get help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert standin.my_commands()[1] == {"command": "help", "description": "Get help"}
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    chat = await bot.get_chat(GROUP)
    assert (chat.type, chat.title) == ("supergroup", "Kent coordinators")
    member = await bot.get_chat_member(GROUP, standin.bot_id)
    assert member.status == "member"
    assert (await bot.get_chat_member(GROUP, ALEX)).status == "left"
    assert await bot.send_chat_action(ALEX, "typing") is True
    with pytest.raises(Forbidden):
        await bot.get_chat(OTHER_GROUP)


async def test_reset_keeps_world(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    standin.user_sends(ALEX, "x")
    await call(http, "sendMessage", chat_id=ALEX, text="y")
    standin.inject_fault("sendMessage")
    standin.reset()
    assert standin.messages(ALEX) == []
    assert standin.calls == []
    assert standin.pending_update_count == 0
    assert (await call(http, "sendMessage", chat_id=ALEX, text="z")).status_code == 200


# --------------------------------------------------------------------------- web page


async def test_page_and_its_json_api(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    standin.configure_page(
        [
            {"title": "Alex", "chat_id": ALEX, "as_user_id": ALEX, "quick_texts": ["/start CODE"]},
            {"title": "Coordinators", "chat_id": GROUP, "as_user_id": SAM, "quick_texts": []},
        ]
    )
    async with httpx.AsyncClient(base_url=standin.url, verify=False) as page:
        index = await page.get("/")
        assert index.status_code == 200 and "/_page/static/app.js" in index.text
        assert (await page.get("/_page/static/app.js")).status_code == 200
        assert (await page.get("/_page/static/style.css")).status_code == 200
        config = (await page.get("/_page/api/config")).json()
        assert [p["chat_id"] for p in config["panels"]] == [ALEX, GROUP]
        assert standin.token not in json.dumps(config)

        sent = await page.post(
            "/_page/api/send", json={"chat_id": ALEX, "user_id": ALEX, "text": "/start CODE"}
        )
        assert sent.json()["message"]["from_bot"] is False
        update = (await call(http, "getUpdates")).json()["result"][-1]
        assert update["message"]["text"] == "/start CODE"

        photo = (
            await http.post(
                "sendPhoto",
                data={
                    "chat_id": str(ALEX),
                    "reply_markup": json.dumps(
                        {"inline_keyboard": [[{"text": "Yes", "callback_data": "consent:y"}]]}
                    ),
                },
                files={"photo": ("map.png", PLACEHOLDER_PNG, "image/png")},
            )
        ).json()["result"]
        changes = (await page.get("/_page/api/updates", params={"since": 0, "epoch": 0})).json()
        views = {v["message_id"]: v for v in changes["messages"]}
        bot_view = views[photo["message_id"]]
        assert bot_view["from_bot"] is True
        assert bot_view["inline_keyboard"] == [[{"text": "Yes", "callback_data": "consent:y"}]]
        image = await page.get(f"/_page/files/{bot_view['photo']['file_id']}")
        assert image.content == PLACEHOLDER_PNG
        assert image.headers["content-type"] == "image/png"

        waiting = asyncio.create_task(
            page.get(
                "/_page/api/updates",
                params={"since": changes["rev"], "epoch": changes["epoch"], "wait": 3},
            )
        )
        await asyncio.sleep(0.05)
        pressed = await page.post(
            "/_page/api/press",
            json={
                "chat_id": ALEX,
                "user_id": ALEX,
                "message_id": photo["message_id"],
                "data": "consent:y",
            },
        )
        query_id = pressed.json()["callback_query_id"]
        await call(http, "answerCallbackQuery", callback_query_id=query_id, text="Thanks")
        await call(
            http, "editMessageCaption", chat_id=ALEX, message_id=photo["message_id"], caption="Done"
        )
        woke = (await waiting).json()
        assert woke["rev"] > changes["rev"]
        later = (
            await page.get(
                "/_page/api/updates", params={"since": changes["rev"], "epoch": changes["epoch"]}
            )
        ).json()
        assert any(n["text"] == "Thanks" for n in later["notices"])
        edited = next(v for v in later["messages"] if v["message_id"] == photo["message_id"])
        assert edited["edited"] and edited["caption"] == "Done"
        assert edited["inline_keyboard"] is None

        bad = await page.post("/_page/api/send", json={"chat_id": 5, "user_id": 5, "text": "x"})
        assert bad.status_code == 400


async def test_page_view_shows_force_reply(http: httpx.AsyncClient, standin: BotApiStandIn) -> None:
    markup = {"force_reply": True, "input_field_placeholder": "How did it end?"}
    prompt = (
        await call(http, "sendMessage", chat_id=GROUP, text="Reply here", reply_markup=markup)
    ).json()["result"]
    plain = (await call(http, "sendMessage", chat_id=GROUP, text="No markup")).json()["result"]
    async with httpx.AsyncClient(base_url=standin.url, verify=False) as page:
        changes = (await page.get("/_page/api/updates", params={"chat_id": GROUP})).json()
        views = {v["message_id"]: v for v in changes["messages"]}
        assert views[prompt["message_id"]]["force_reply"] is True
        assert views[prompt["message_id"]]["input_field_placeholder"] == "How did it end?"
        assert views[plain["message_id"]]["force_reply"] is False
        assert views[plain["message_id"]]["input_field_placeholder"] is None

        sent = await page.post(
            "/_page/api/send",
            json={
                "chat_id": GROUP,
                "user_id": SAM,
                "text": "Sorted",
                "reply_to_message_id": prompt["message_id"],
            },
        )
        assert sent.json()["message"]["reply_to"]["message_id"] == prompt["message_id"]
