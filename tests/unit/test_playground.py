"""The playground's demo world, its clock, and the page endpoints the playground adds."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlmodel import select

from bot.playground import build_standin, panels_for
from bot.playground_world import (
    COORDINATOR_ID,
    COORDINATORS_GROUP,
    MANAGER_ID,
    MANAGERS_GROUP,
    YOUNG_PERSON_ID,
    Checklist,
    PlaygroundClock,
    next_review,
    nine_tomorrow,
    run_sweeps,
    seed_demo,
)
from bot.standin import BotApiStandIn
from bot.standin.media import PLACEHOLDER_PNG
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    CaseStatus,
    OutboxMessage,
    Person,
    PersonCircle,
    PlanItem,
    YoungPerson,
)
from storage.uow import unit_of_work

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path}/playground.db")
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandIn]:
    server = build_standin(0)
    await server.start()
    yield server
    await server.stop()


def test_clock_moves_only_forward() -> None:
    clock = PlaygroundClock()
    before = datetime.now(UTC)
    clock.advance(timedelta(days=1))
    assert clock.now() - before >= timedelta(days=1)
    assert clock.offset >= timedelta(days=1)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))
    moved = clock.now()
    clock.move_to(moved - timedelta(hours=3))  # the past: stays put
    assert clock.now() >= moved
    clock.move_to(moved + timedelta(hours=5))
    assert clock.now() >= moved + timedelta(hours=5)


def test_nine_tomorrow_is_london_time_in_summer_and_winter() -> None:
    winter = nine_tomorrow(datetime(2026, 12, 7, 23, 30, tzinfo=UTC))
    assert winter == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    summer = nine_tomorrow(datetime(2026, 7, 1, 23, 30, tzinfo=UTC))  # 00:30 on 2 July in London
    assert summer.astimezone(LONDON) == datetime(2026, 7, 3, 9, 0, tzinfo=LONDON)


def test_seed_gives_alex_an_invite_and_a_plan_with_a_review_coming(sqlite: Database) -> None:
    now = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    world = seed_demo(sqlite, now)
    due = next_review(sqlite, world)
    assert due is not None
    assert due.astimezone(LONDON).date() == date(2026, 12, 9)
    assert due.astimezone(LONDON).hour == 10
    with unit_of_work(sqlite) as uow:
        case = uow.session.get(YoungPerson, world.case_id)
        assert case is not None and case.status == CaseStatus.INVITED
        age = (now.date() - case.date_of_birth).days // 365
        assert age == 17
        items = uow.session.exec(select(PlanItem)).all()
        known = {(p.name, p.relationship, p.circle) for p in uow.session.exec(select(Person))}
    assert len(items) == 2
    # Who they are to Alex, so nothing reads "not said" (trial 2026-12-07, finding 3).
    assert known == {
        ("Nan", "nan", PersonCircle.FAMILY),
        ("Uncle Dev", "uncle", PersonCircle.FAMILY),
    }
    assert world.people_at_start == 2  # Nan and Uncle Dev, from the family meeting
    assert world.invite_code and world.reference.startswith("DEMO-")


def test_panels_give_sam_a_private_chat_with_staff_commands(sqlite: Database) -> None:
    world = seed_demo(sqlite, datetime.now(UTC))
    alex, group, sam, managers = panels_for(world)
    assert alex["intro"]["send"] == f"/start {world.invite_code}"
    assert managers["chat_id"] == MANAGERS_GROUP and managers["as_user_id"] == MANAGER_ID
    assert managers["quick_texts"] == ["/report"]
    assert alex["intro"]["button"] == "Join"
    assert group["chat_id"] == COORDINATORS_GROUP and group["as_user_id"] == COORDINATOR_ID
    assert sam["chat_id"] == COORDINATOR_ID
    assert f"/plan {world.reference}" in sam["quick_texts"]
    assert {"/caseload", "/newcase"} <= set(sam["quick_texts"])


async def test_checklist_ticks_from_what_the_chats_and_data_show(
    sqlite: Database, standin: BotApiStandIn
) -> None:
    world = seed_demo(sqlite, datetime.now(UTC))
    checklist = Checklist(sqlite, world, standin)
    assert not any(item["done"] for item in checklist.items())
    alex_chat = standin.world.chats[YOUNG_PERSON_ID]
    photo = [{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}]
    standin.world.add_message(alex_chat, {"photo": photo})  # no sender: the bot sent it
    group = standin.world.chats[COORDINATORS_GROUP]
    card = standin.world.add_message(group, {"text": "card"})
    standin.user_sends(COORDINATOR_ID, "Hi Alex", COORDINATORS_GROUP, card.message_id)
    with unit_of_work(sqlite) as uow:
        case = uow.session.get(YoungPerson, world.case_id)
        assert case is not None
        case.status = CaseStatus.LEFT
    done = {item["key"] for item in checklist.items() if item["done"]}
    assert done == {"join", "picture", "answer", "delete"}
    with unit_of_work(sqlite) as uow:
        case = uow.session.get(YoungPerson, world.case_id)
        assert case is not None
        case.status = CaseStatus.INVITED
    assert "join" in {item["key"] for item in checklist.items() if item["done"]}  # ticks stay


async def test_page_sends_a_photo_as_telegram_would(standin: BotApiStandIn) -> None:
    async with httpx.AsyncClient(base_url=standin.url) as http:
        response = await http.post(
            "/_page/api/send_media",
            data={
                "chat_id": str(YOUNG_PERSON_ID),
                "user_id": str(YOUNG_PERSON_ID),
                "kind": "photo",
                "caption": "my room",
            },
            files={"file": ("room.png", PLACEHOLDER_PNG, "image/png")},
        )
        assert response.status_code == 200, response.text
        view = response.json()["message"]
        assert view["photo"] and view["caption"] == "my room"
        [update] = standin.world.pending
        message = update.update["message"]
        assert message["photo"][-1]["file_id"] == view["photo"]["file_id"]
        assert standin.file_bytes(view["photo"]["file_id"]) == PLACEHOLDER_PNG
        served = await http.get(f"/_page/files/{view['photo']['file_id']}")
        assert served.content == PLACEHOLDER_PNG

        doc = await http.post(
            "/_page/api/send_media",
            data={"chat_id": str(COORDINATOR_ID), "user_id": str(COORDINATOR_ID)}
            | {"kind": "document"},
            files={"file": ("notes.txt", b"hello", "text/plain")},
        )
        assert doc.json()["message"]["document"]["file_name"] == "notes.txt"
        voice = await http.post(
            "/_page/api/send_media",
            data={"chat_id": str(YOUNG_PERSON_ID), "user_id": str(YOUNG_PERSON_ID)}
            | {"kind": "voice"},
            files={"file": ("voice.ogg", b"OggS-voice", "audio/ogg")},
        )
        assert voice.json()["message"]["other"].startswith("Voice message")


@pytest.mark.parametrize(
    ("fields", "files", "error"),
    [
        ({"kind": "sticker"}, {"file": ("a.png", PLACEHOLDER_PNG)}, "kind must be one of"),
        ({"kind": "photo"}, None, "expected a file"),
        ({"kind": "photo"}, {"file": ("a.png", b"")}, "the file is empty"),
    ],
)
async def test_page_media_refuses_what_telegram_would_not_send(
    standin: BotApiStandIn, fields: dict[str, str], files: Any, error: str
) -> None:
    data = {"chat_id": str(YOUNG_PERSON_ID), "user_id": str(YOUNG_PERSON_ID), **fields}
    async with httpx.AsyncClient(base_url=standin.url) as http:
        response = await http.post("/_page/api/send_media", data=data, files=files or {"x": b""})
    assert response.status_code == 400 and error in response.json()["error"]
    assert standin.world.pending == []


async def test_page_actions_and_status_belong_to_the_host(standin: BotApiStandIn) -> None:
    calls: list[dict[str, Any]] = []

    async def clock(body: dict[str, Any]) -> dict[str, Any]:
        if body.get("step") != "hour":
            raise ValueError("step must be hour")
        calls.append(body)
        return {"moved": True}

    standin.configure_page(
        [{"title": "Alex", "chat_id": YOUNG_PERSON_ID, "as_user_id": YOUNG_PERSON_ID}],
        status=lambda: {"clock": 42},
        actions={"clock": clock},
    )
    async with httpx.AsyncClient(base_url=standin.url) as http:
        config = (await http.get("/_page/api/config")).json()
        assert config["actions"] == ["clock"] and config["status"] == {"clock": 42}
        assert config["panels"][0]["tab"] == "Alex" and config["panels"][0]["intro"] is None
        updates = (await http.get("/_page/api/updates?since=0&epoch=1")).json()
        assert updates["status"] == {"clock": 42}
        ok = await http.post("/_page/api/act/clock", json={"step": "hour"})
        assert ok.json() == {"ok": True, "moved": True} and calls == [{"step": "hour"}]
        bad = await http.post("/_page/api/act/clock", json={"step": "year"})
        assert bad.status_code == 400 and "step must be hour" in bad.json()["error"]
        assert (await http.post("/_page/api/act/clock", json=[1])).status_code == 400
        assert (await http.post("/_page/api/act/reset", json={})).status_code == 404


async def test_a_plain_stand_in_has_no_controls() -> None:
    async with BotApiStandIn() as server, httpx.AsyncClient(base_url=server.url) as http:
        config = (await http.get("/_page/api/config")).json()
        assert config["actions"] == [] and config["status"] is None
        assert (await http.post("/_page/api/act/clock", json={"step": "day"})).status_code == 404


async def test_messages_carry_the_demo_clocks_time(standin: BotApiStandIn) -> None:
    clock = PlaygroundClock()
    clock.advance(timedelta(days=3))
    standin.world.wall_clock = clock.timestamp
    message = standin.user_sends(YOUNG_PERSON_ID, "hello")
    assert message["date"] >= int((datetime.now(UTC) + timedelta(days=3)).timestamp()) - 2


def _alex_joined(db: Database, world: Any) -> None:
    with unit_of_work(db) as uow:
        case = uow.session.get(YoungPerson, world.case_id)
        assert case is not None
        case.status = CaseStatus.ACTIVE
        case.telegram_user_id = YOUNG_PERSON_ID


def _nudges(db: Database) -> int:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage)).all()
    return sum(1 for row in rows if row.chat_id == YOUNG_PERSON_ID)


def test_the_clock_brings_the_review_nudge_at_ten(sqlite: Database) -> None:
    clock = PlaygroundClock()
    world = seed_demo(sqlite, clock.now())
    _alex_joined(sqlite, world)
    run_sweeps(sqlite, clock)  # (and Priya's monthly digest, unless it is the 1st before 09:00)
    assert _nudges(sqlite) == 0
    due = next_review(sqlite, world)
    assert due is not None
    clock.move_to(due)
    assert run_sweeps(sqlite, clock) >= 1
    assert _nudges(sqlite) == 1
    assert run_sweeps(sqlite, clock) == 0  # idempotent, as live (the digest's month is sent)


def test_quiet_hours_hold_the_nudge_until_the_morning(sqlite: Database) -> None:
    clock = PlaygroundClock()
    world = seed_demo(sqlite, clock.now())
    _alex_joined(sqlite, world)
    due = next_review(sqlite, world)
    assert due is not None
    late = datetime.combine(due.astimezone(LONDON).date(), datetime.min.time(), LONDON)
    clock.move_to((late + timedelta(hours=22)).astimezone(UTC))  # 22:00, quiet hours
    run_sweeps(sqlite, clock)  # (a new month's digest may go: managers have no quiet hours)
    assert _nudges(sqlite) == 0
    clock.move_to(nine_tomorrow(clock.now()))
    assert run_sweeps(sqlite, clock) >= 1 and _nudges(sqlite) == 1


def test_only_the_playground_can_move_a_clock() -> None:
    """`lifelinks run` builds its runtime on the system clock; no other module has the control."""
    root = Path(__file__).resolve().parents[2]
    users = sorted(
        str(path.relative_to(root))
        for folder in ("bot", "scheduler", "dialogs", "storage")
        for path in (root / folder).rglob("*.py")
        if "PlaygroundClock" in path.read_text(encoding="utf-8")
        or "/_page/api/act" in path.read_text(encoding="utf-8")
    )
    assert users == [
        "bot/playground.py",
        "bot/playground_world.py",
        "bot/standin/page.py",
        "bot/standin/server.py",
    ]
    cli = (root / "bot" / "cli.py").read_text(encoding="utf-8")
    assert "FakeClock" not in cli and "advance(" not in cli


def _databases(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("playground-*.db"))


async def test_playground_clock_steps_and_reset_in_process(tmp_path: Path) -> None:
    """The page's controls on a running playground: the clock's steps, then Reset world."""
    from bot.playground import Playground
    from bot.settings import Settings

    playground = Playground(Settings(TELEGRAM_BOT_TOKEN=None), 0, tmp_path)
    await playground.start()
    try:
        first = playground.world
        assert first is not None
        start = playground.clock.now()
        moved = await playground.move_clock({"step": "hour"})
        assert playground.clock.now() - start >= timedelta(hours=1)
        assert moved["status"]["moved"] is True
        await playground.move_clock({"step": "morning"})
        local = playground.clock.now().astimezone(LONDON)
        assert (local.hour, local.minute) == (9, 0)
        assert playground.status()["quiet"] is False  # quiet hours end at 09:00
        await playground.move_clock({"step": "day"})
        review = await playground.move_clock({"step": "review"})
        assert review["status"]["clock"] == pytest.approx(review["status"]["next_review"], abs=2)
        with pytest.raises(ValueError, match="already due"):
            await playground.move_clock({"step": "review"})
        with pytest.raises(ValueError, match="step must be one of"):
            await playground.move_clock({"step": "week"})
        with pytest.raises(ValueError, match="confirm"):
            await playground.reset({})
        playground.standin.user_sends(YOUNG_PERSON_ID, "hello")
        await playground.reset({"confirm": True})
        second = playground.world
        assert second is not None and second.invite_code != first.invite_code
        assert playground.clock.offset == timedelta(0)
        assert _databases(tmp_path) == ["playground-2.db"]
        assert playground.standin.messages(YOUNG_PERSON_ID) == []
        assert [p["title"] for p in playground.standin.panels][2].startswith("Sam")
    finally:
        await playground.stop()


def _said(message: dict[str, Any]) -> str:
    """A message's text, caption and file name, as one line to search."""
    document = message.get("document") or {}
    parts = (message.get("text"), message.get("caption"), document.get("file_name"))
    return " ".join(part for part in parts if part)


def _bot_said(standin: BotApiStandIn, chat_id: int) -> list[str]:
    """What the bot's messages in a chat say (texts, captions, file names), in order."""
    return [_said(message) for message in standin.bot_messages(chat_id)]


async def test_the_managers_group_gets_the_digest_on_the_first_of_next_month(
    tmp_path: Path,
) -> None:
    """Priya's group: the Clock's "1st of next month" brings the digest and the report."""
    from bot.playground import Playground
    from bot.settings import Settings

    playground = Playground(Settings(TELEGRAM_BOT_TOKEN=None), 0, tmp_path)
    await playground.start()
    try:
        before = playground.clock.now().astimezone(LONDON)
        moved = await playground.move_clock({"step": "month"})
        local = playground.clock.now().astimezone(LONDON)
        assert (local.day, local.hour, local.minute) == (1, 9, 0)
        assert (local.year * 12 + local.month) - (before.year * 12 + before.month) == 1
        assert moved["queued"] >= 1
        # The digest, then last month's report: the chart and the CSVs, cases.csv last.
        standin = playground.standin
        await standin.wait_until(
            lambda: any("cases.csv" in text for text in _bot_said(standin, MANAGERS_GROUP)), 20
        )
        texts = _bot_said(standin, MANAGERS_GROUP)
        assert "monthly digest for Demo Lifelong Links" in texts[0]
        assert standin.bot_messages(COORDINATORS_GROUP) == []  # not the team's
        # /report in the managers' group answers there, as Priya: the three files again.
        standin.user_sends(MANAGER_ID, "/report", chat_id=MANAGERS_GROUP)
        await standin.wait_until(
            lambda: (
                len(_bot_said(standin, MANAGERS_GROUP)) >= len(texts) + 3
                and "cases.csv" in _bot_said(standin, MANAGERS_GROUP)[-1]
            ),
            20,
        )
    finally:
        await playground.stop()


async def test_an_invite_link_opens_in_the_chat_of_the_person_it_was_made_for(
    tmp_path: Path,
) -> None:
    """The page's ``open_link``: Alex's invite opens Alex's chat; an invite made later opens a
    new chat named for its young person (once, however often it is tapped); anything else is
    refused with a line the page shows, and changes nothing."""
    from bot.playground import NEWCOMER_FIRST_ID, Playground
    from bot.settings import Settings
    from dialogs.staff.admin import create_invite

    playground = Playground(Settings(TELEGRAM_BOT_TOKEN=None), 0, tmp_path)
    await playground.start()
    try:
        world, db = playground.world, playground.db
        assert world is not None and db is not None
        panels = len(playground.standin.panels)
        for bad in ({}, {"start": ""}, {"start": "no spaces"}, {"start": "x" * 65}):
            with pytest.raises(ValueError, match="start must be"):
                await playground.open_link(bad)
        with pytest.raises(ValueError, match="not an invite of this world"):
            await playground.open_link({"start": "made-up-code"})
        assert len(playground.standin.panels) == panels

        alex = await playground.open_link({"start": world.invite_code})
        assert (alex["chat_id"], alex["name"], alex["added"]) == (YOUNG_PERSON_ID, "Alex", False)
        await playground.standin.wait_until(
            lambda: any(
                "Hi Alex" in m.get("text", "")
                for m in playground.standin.bot_messages(YOUNG_PERSON_ID)
            )
        )

        with unit_of_work(db) as uow:
            service = uow.services.get(world.service_id)
            assert service is not None
            made = create_invite(
                uow, service.slug, "Jordan", date(2009, 3, 14), playground.clock.now()
            )
        jordan = await playground.open_link({"start": made.code})
        assert (jordan["chat_id"], jordan["name"], jordan["added"]) == (
            NEWCOMER_FIRST_ID,
            "Jordan",
            True,
        )
        assert len(playground.standin.panels) == panels + 1
        assert playground.standin.panels[-1]["tab"] == "Jordan"
        await playground.standin.wait_until(
            lambda: any(
                "Hi Jordan" in m.get("text", "")
                for m in playground.standin.bot_messages(NEWCOMER_FIRST_ID)
            )
        )
        again = await playground.open_link({"start": made.code})
        assert (again["chat_id"], again["added"]) == (NEWCOMER_FIRST_ID, False)
        assert len(playground.standin.panels) == panels + 1

        await playground.reset({"confirm": True})  # a new world: Jordan's chat goes with the old
        assert len(playground.standin.panels) == panels
    finally:
        await playground.stop()
