"""The isolation matrix: every staff command and button × a case of another service.

Pat is Surrey's coordinator (and, as happens, a member of Kent's coordinators' group). Alex
is Kent's young person, with people, a plan and an open request whose card is in Kent's
group. The matrix is generated from :data:`dialogs.staff_commands.COMMANDS` and from every
button on Kent's cards and screens, and each cell asserts 0 leaks: nothing of Alex's case
(reference, name, people, words, service) in anything Pat or Surrey's group is sent, and
nothing stored changes. The whole matrix runs through the Engine; a sample runs over HTTP
on both frameworks (all of it under ``make proof``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff_commands import COMMANDS
from storage.db import Database
from storage.migrate import upgrade
from storage.models import RequestStatus, SupportRequest
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, PAT, SURREY_GROUP, buttons
from tests.proof.conftest import PROOF
from tests.proof.world import (
    Session,
    build,
    changed,
    last_outbox_id,
    outbox_texts,
    snapshot,
)
from tests.support.journeys import YoungPerson
from tests.support.world import SAM

# Everything Pat may see is Pat's own or Surrey's: these chats are checked for leaks.
PAT_CHATS = {PAT, SURREY_GROUP}


@pytest.fixture
def session(tmp_path, clock: FakeClock) -> Iterator[Session]:
    db = Database(f"sqlite:///{tmp_path}/isolation.db")
    upgrade(db)
    session = build(db, clock)
    # Sam opens a screen with buttons in their own chat (the plan editor) for the matrix.
    sam = session.world.chat(SAM)
    sam.command("plan", session.case_ref)
    yield session
    db.dispose()


def command_cells(session: Session) -> list[tuple[str, str]]:
    """Every staff command, bare and with each thing that names Kent's case."""
    arguments = ["", session.case_ref, session.request_ref, session.case_ref.lower(), "Alex"]
    return [(command, args) for command in sorted(COMMANDS) for args in arguments]


def staff_buttons(session: Session) -> dict[str, str]:
    """Every button Kent's staff have been given: on cards in the group and screens in Sam's
    chat, and the young person's own buttons (name → callback data)."""
    found: dict[str, str] = {}
    for sent in session.world.tg.sent:
        if sent.chat_id in (GROUP, ALEX):
            for row in sent.buttons:
                for label, data in row:
                    found.setdefault(f"{sent.chat_id}:{label}", data)
    sam = session.world.chat(SAM)
    sam.command("plan", session.case_ref)
    for reply in sam.last:
        for row in reply.buttons:
            for button in row:
                found.setdefault(f"sam:{button.label}", button.data)
    return found


def leaks(session: Session, texts: list[str], typed: str = "") -> list[str]:
    """Secrets of Kent's case found in ``texts`` (leaving out what Pat typed himself)."""
    secrets = [s for s in session.secrets() if s.lower() not in typed.lower()]
    joined = "\n".join(texts).lower()
    return [secret for secret in secrets if secret.lower() in joined]


# Pat's own actions are audited in Surrey's trail (e.g. "caseload_viewed"): new audit rows are
# fine, as long as none of them names Kent's service or Alex's case (checked by kent_audited).
AUDITED = frozenset({"audit_event"})


def kent_audited(db: Database, reference: str, since: int) -> list[tuple[Any, ...]]:
    """Audit rows written after id ``since`` that name Kent's service or one of its cases."""
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT a.id, a.action FROM audit_event a"
                    " LEFT JOIN young_person y ON y.id = a.young_person_id"
                    " WHERE a.id > :since AND (a.service_id = :kent OR y.service_id = :kent)"
                ),
                {"since": since, "kent": kent_service_id(db, reference)},
            )
        )


def kent_service_id(db: Database, reference: str) -> int:
    """The id of the service that holds the case ``reference`` (Kent)."""
    query = text("SELECT service_id FROM young_person WHERE reference = :reference")
    with db.engine.connect() as conn:
        return int(conn.execute(query, {"reference": reference}).scalar_one())


def last_audit_id(db: Database) -> int:
    """The newest audit row's id (0 when there is none)."""
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM audit_event")).scalar_one())


def pat_saw(session: Session, replies: list[Any], mark: int) -> list[str]:
    """What the engine answered Pat, and what it queued for Pat's chats since ``mark``."""
    texts = [r.text + " " + " ".join(b.label for row in r.buttons for b in row) for r in replies]
    return texts + outbox_texts(session.db, mark, PAT_CHATS)


def test_every_staff_command_on_another_services_case_leaks_nothing(session: Session) -> None:
    pat = session.world.chat(PAT)
    cells = command_cells(session)
    assert len(cells) >= len(COMMANDS) * 5
    for command, args in cells:
        pat.command("cancel")
        before, mark = snapshot(session.db), last_outbox_id(session.db)
        audited = last_audit_id(session.db)
        replies = pat.command(command, args)
        assert "error.generic" not in [r.key for r in replies], (command, args)
        assert leaks(session, pat_saw(session, replies, mark), args) == [], (command, args)
        assert changed(before, snapshot(session.db), AUDITED) == [], (command, args)
        assert kent_audited(session.db, session.case_ref, audited) == [], (command, args)
        # A second step of whatever it opened (a name, a date, a plan line) leaks nothing.
        replies = pat.text(session.case_ref)
        typed = f"{args} {session.case_ref}"
        assert leaks(session, pat_saw(session, replies, mark), typed) == [], (command, args)
        assert changed(before, snapshot(session.db), AUDITED) == [], (command, args, "then text")
        assert kent_audited(session.db, session.case_ref, audited) == [], (
            command,
            args,
            "then text",
        )


@pytest.mark.parametrize("where", ["kent group", "surrey group", "private"])
def test_every_staff_button_pressed_by_another_service_leaks_nothing(
    session: Session, where: str
) -> None:
    chat = {"kent group": GROUP, "surrey group": SURREY_GROUP, "private": PAT}[where]
    found = staff_buttons(session)
    assert any(name.startswith(f"{GROUP}:") for name in found), found  # the card's buttons
    assert any(name.startswith("sam:") for name in found), found  # Sam's screen
    pat = session.world.chat(PAT)
    group = session.world.group(chat)
    for name, data in sorted(found.items()):
        before, mark = snapshot(session.db), last_outbox_id(session.db)
        replies = pat.press_data(data) if chat == PAT else group.press(PAT, data)
        assert "error.generic" not in [r.key for r in replies], name
        seen = pat_saw(session, replies, mark)
        if chat == GROUP:
            # Pat is in Kent's group and sees its cards anyway: what matters is that he is
            # told no more there, and acts on nothing.
            seen = [r.text for r in replies if not r.toast] + outbox_texts(
                session.db, mark, PAT_CHATS
            )
        assert leaks(session, seen) == [], name
        assert changed(before, snapshot(session.db)) == [], name
    with unit_of_work(session.db) as uow:
        [request] = uow.session.exec(select(SupportRequest)).all()
        assert request.status == RequestStatus.SENT and request.claimed_by_staff_id is None


def test_replies_to_another_services_card_are_refused(session: Session) -> None:
    card = session.world.tg.find(GROUP, session.request_ref)
    group = session.world.group(GROUP)
    before, mark = snapshot(session.db), last_outbox_id(session.db)
    replies = group.send(PAT, "pat writes to alex", reply_to=card.message_id)
    assert "error.generic" not in [r.key for r in replies]
    assert leaks(session, pat_saw(session, replies, mark)) == []
    assert changed(before, snapshot(session.db)) == []
    session.world.deliver()
    assert not any("pat writes" in m.text for m in session.world.tg.messages(ALEX))


# --- over HTTP on both frameworks ------------------------------------------------------------
QUICK_COMMANDS = ["case", "plan"]


async def ask_for_support(alex: YoungPerson, menu: dict[str, Any], words: str) -> None:
    category = (await alex.tap(menu, "Ask for support", 1))[0]
    describe = (await alex.tap(category, "Money", 1))[0]
    more = (await alex.send(words, 1))[0]
    urgency = (await alex.tap(more, "Next ➡", 1))[0]
    check = (await alex.tap(urgency, "As soon as possible", 1))[-1]
    await alex.tap(check, "Send it", 1)
    assert describe


async def test_isolation_over_http(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    words = "my phone qwzxv broke and I need a new charger"
    alex = YoungPerson(standin)
    commands = sorted(COMMANDS) if PROOF else QUICK_COMMANDS
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        await ask_for_support(alex, menu, words)
        await standin.wait_until(
            lambda: any(
                "qwzxv" in (m.get("text") or "") and buttons(m) for m in standin.bot_messages(GROUP)
            )
        )
        card = next(m for m in standin.bot_messages(GROUP) if "qwzxv" in (m.get("text") or ""))
        with unit_of_work(db) as uow:
            [request] = uow.session.exec(select(SupportRequest)).all()
            request_ref = request.reference
        ref = kent["alex"].reference
        secrets = [ref, request_ref, "Alex", "qwzxv", "Kent Lifelong"]
        labels = sorted(buttons(card)) if PROOF else sorted(buttons(card))[:1]
        for label in labels:
            standin.user_presses(PAT, card["message_id"], buttons(card)[label], chat_id=GROUP)
        sent = 0
        for command in commands:
            for args in (ref, request_ref):
                standin.user_sends(PAT, f"/{command} {args}")
                sent += 1
                await standin.wait_for_bot_messages(PAT, sent)
                standin.user_sends(PAT, "/cancel")
                sent += 1
                await standin.wait_for_bot_messages(PAT, sent)
        await standin.wait_idle()
    pat_sees = [m.get("text") or m.get("caption") or "" for m in standin.bot_messages(PAT)]
    pat_sees += [m.get("text") or "" for m in standin.bot_messages(SURREY_GROUP)]
    pat_sees += [a.get("text") or "" for a in standin.callback_answers]
    joined = "\n".join(pat_sees).lower()
    typed = f"{ref} {request_ref}".lower()
    assert [s for s in secrets if s.lower() in joined and s.lower() not in typed] == []
    with unit_of_work(db) as uow:
        [request] = uow.session.exec(select(SupportRequest)).all()
        assert request.status == RequestStatus.SENT and request.claimed_by_staff_id is None
