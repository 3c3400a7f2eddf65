"""Fuzzing every text input and button payload at every step, through the Engine.

Hypothesis drives random walks: from wherever a chat is, press one of the buttons on screen,
type anything (any unicode, right-to-left, zero-width, 10,000 characters, SQL, HTML and
Markdown injection), send a command with such arguments, or press a forged button (random
payloads, made-up or replayed tokens, other people's buttons, out-of-range choices).

Proved, at every step of every flow reached: the engine never fails (it answers
``error.generic`` only when a handler raised), and a forged or stale button changes nothing
stored. ``make test`` runs a small fixed sample; ``make proof`` runs hundreds of walks.
"""

from __future__ import annotations

import string
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.core.clock import FakeClock
from dialogs.core.events import EventKind, Reply
from storage.db import Database
from storage.migrate import upgrade
from storage.uow import unit_of_work
from tests.proof.world import (
    Session,
    build,
    changed,
    last_outbox_id,
    outbox_chats,
    snapshot,
)
from tests.support.world import ALEX, GROUP, PAT, SAM, STRANGER, Chat

BO = 5002  # invited to Kent, not joined yet: the consent steps
INJECTIONS = [
    "'; DROP TABLE young_person; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM person WHERE ('1'='1",
    "<script>alert(1)</script>",
    "<b>bold</b> <a href='tg://user?id=1'>x</a> &amp; &lt;",
    "*bold* _it_ `code` [link](http://example.com) ~~s~~ ||spoiler|| \\",
    "{name} {0} %s %(name)s {{}} ${HOME}",
    "\u202eevil\u202c \u2066iso\u2069 \u200f\u200e",
    "\u200b\u200c\u200d\ufeff\u2060",
    "مرحبا بك، اسمي علي",
    "שלום עולם",
    "Zalgo: Z̷̢̛a̶l̵g̸o̴",
    "👩‍👩‍👧‍👦🏳️‍🌈🇬🇧",
    "\x00\x01\x1b[31mred\x7f",
    "/start@OtherBot x",
    "R-AAAA",
    "help",
    "menu",
    "",
    " ",
    "\n\n\n",
]
URLSAFE = string.ascii_letters + string.digits + "-_"


def long_text() -> st.SearchStrategy[str]:
    """Texts of thousands of characters, up to 10,000."""
    return st.builds(
        lambda piece, n: (piece * n)[:10_000],
        st.text(min_size=1, max_size=12),
        st.integers(min_value=300, max_value=10_000),
    )


TEXTS = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(max_size=80),
    st.text(alphabet=st.characters(categories=["Cf", "Mn", "Zs", "Cc"]), max_size=20),
    long_text(),
)
COMMANDS = ["start", "menu", "cancel", "help", "people", "plan", "data", "nonsense"]
STAFF_COMMANDS = ["caseload", "case", "newcase", "plan", "link", "start", "help", "x"]


RESHOWN = frozenset({"action_token"})


def forged_payloads(session: Session) -> st.SearchStrategy[str]:
    """Button data nobody was given, or was given in another chat (read once, at the start:
    every example starts from the same world)."""
    others = sorted(
        {
            data
            for sent in session.world.tg.sent
            if sent.chat_id not in (ALEX, BO)
            for row in sent.buttons
            for _, data in row
        }
    )
    token = st.text(alphabet=URLSAFE, min_size=1, max_size=24)
    return st.one_of(
        st.text(max_size=64),
        st.builds(lambda s, i: f"{s}.{i}", token, st.integers(-5, 10**6)),
        st.builds(lambda s: f"t:{s}", token),
        st.builds(lambda s, c: f"t:{s}.{c}", token, st.sampled_from(["start", "talk", "x"])),
        st.sampled_from(others) if others else st.just("t:none"),
    )


@pytest.fixture
def session(tmp_path, clock: FakeClock) -> Iterator[Session]:
    db = Database(f"sqlite:///{tmp_path}/fuzz.db")
    upgrade(db)
    session = build(db, clock)
    session.save()
    yield session
    db.dispose()


def no_failure(replies: list[Reply], what: object) -> None:
    keys = [reply.key for reply in replies]
    assert "error.generic" not in keys, f"unhandled error on {what!r}"


def current_screen(db: Database, chat_id: int) -> str | None:
    with unit_of_work(db) as uow:
        row = uow.states.get(chat_id)
        return None if row is None else row.screen


def pressable(chat: Chat) -> list[str]:
    """Button data on the latest replies, leaving out ones that erase everything."""
    found = []
    for reply in chat.last:
        for row in reply.buttons:
            for button in row:
                if "delete" not in button.label.lower():
                    found.append(button.data)
    return found


def forged_press(session: Session, chat: Chat, data: str) -> None:
    """A forged button press changes nothing stored; any answer goes to the presser only."""
    before, mark = snapshot(session.db), last_outbox_id(session.db)
    replies = chat.press_data(data)
    no_failure(replies, data)
    after = snapshot(session.db)
    assert changed(before, after, RESHOWN) == [], f"forged button {data!r} changed something"
    assert outbox_chats(session.db, mark) <= {chat.user_id}


ACTION = st.one_of(
    st.tuples(st.just("press"), st.integers(0, 30)),
    st.tuples(st.just("text"), TEXTS),
    st.tuples(st.just("command"), st.sampled_from(COMMANDS), TEXTS),
    st.tuples(st.just("media"), st.sampled_from(["photo", "voice", "document"])),
    st.tuples(st.just("forged"), st.integers(0, 10**6)),
)


def walk(
    session: Session,
    chat: Chat,
    steps: list[tuple],
    forged: st.DataObject,
    payloads: st.SearchStrategy[str],
) -> None:
    """Play one random walk in a young person's chat."""
    for step in steps:
        session.tick()
        if step[0] == "press":
            choices = pressable(chat)
            if choices:
                no_failure(chat.press_data(choices[step[1] % len(choices)]), step)
            else:
                no_failure(chat.command("menu"), step)
        elif step[0] == "text":
            no_failure(chat.text(step[1]), step)
        elif step[0] == "command":
            no_failure(chat.command(step[1], step[2][:200]), step)
        elif step[0] == "media":
            no_failure(chat.media(step[1], caption=None), step)
        else:
            data = forged.draw(payloads, label="forged")
            screen = current_screen(session.db, chat.user_id)
            if screen is not None and step[1] % 3 == 0:
                data = f"{screen}.{10_000 + step[1]}"  # this screen, a choice it never had
            forged_press(session, chat, data)


def test_young_person_walks_never_fail(session: Session) -> None:
    alex = session.world.chat(ALEX)
    payloads = forged_payloads(session)

    @given(steps=st.lists(ACTION, min_size=1, max_size=10), forged=st.data())
    def run(steps: list[tuple], forged: st.DataObject) -> None:
        session.restore()
        no_failure(alex.command("menu"), "menu")
        walk(session, alex, steps, forged, payloads)

    run()


def test_joining_walks_never_fail(session: Session) -> None:
    bo = session.world.chat(BO)
    payloads = forged_payloads(session)

    @given(steps=st.lists(ACTION, min_size=1, max_size=6), forged=st.data())
    def run(steps: list[tuple], forged: st.DataObject) -> None:
        session.restore()
        no_failure(bo.command("start", session.codes["bo"]), "start")
        walk(session, bo, steps, forged, payloads)

    run()


def test_strangers_never_fail_and_store_nothing(session: Session) -> None:
    stranger = session.world.chat(STRANGER)
    payloads = forged_payloads(session)

    @given(
        kind=st.sampled_from(["text", "command", "forged"]),
        words=TEXTS,
        command=st.sampled_from(COMMANDS),
        forged=st.data(),
    )
    def run(kind: str, words: str, command: str, forged: st.DataObject) -> None:
        session.restore()
        before = snapshot(session.db)
        if kind == "text":
            no_failure(stranger.text(words), words)
        elif kind == "command":
            no_failure(stranger.command(command, words[:200]), (command, words))
        else:
            no_failure(stranger.press_data(forged.draw(payloads)), "forged")
        assert changed(before, snapshot(session.db), RESHOWN) == []

    run()


STAFF_ACTION = st.one_of(
    st.tuples(st.just("press"), st.integers(0, 30)),
    st.tuples(st.just("text"), TEXTS),
    st.tuples(st.just("command"), st.sampled_from(STAFF_COMMANDS), TEXTS),
    st.tuples(st.just("forged"), st.integers(0, 10**6)),
)


def test_staff_walks_never_fail(session: Session) -> None:
    sam = session.world.chat(SAM)
    ref = session.case_ref
    payloads = forged_payloads(session)

    @given(
        opening=st.sampled_from(["caseload", "case", "newcase", "plan"]),
        steps=st.lists(STAFF_ACTION, min_size=1, max_size=8),
        forged=st.data(),
    )
    def run(opening: str, steps: list[tuple], forged: st.DataObject) -> None:
        session.restore()
        no_failure(sam.command("cancel"), "cancel")
        no_failure(sam.command(opening, ref if opening in ("case", "plan") else ""), opening)
        for step in steps:
            session.tick()
            if step[0] == "press":
                choices = [b.data for r in sam.last for row in r.buttons for b in row]
                if choices:
                    no_failure(sam.press_data(choices[step[1] % len(choices)]), step)
            elif step[0] == "text":
                no_failure(sam.text(step[1]), step)
            elif step[0] == "command":
                args = ref if step[1] in ("case", "plan") and step[2] == "" else step[2][:200]
                no_failure(sam.command(step[1], args), step)
            else:
                forged_press(session, sam, forged.draw(payloads, label="forged"))

    run()


def test_group_messages_and_card_buttons_never_fail(session: Session) -> None:
    group = session.world.group(GROUP)
    card = session.world.tg.find(GROUP, session.request_ref)
    card_buttons = [data for row in card.buttons for _, data in row]
    payloads = forged_payloads(session)

    @given(
        user=st.sampled_from([SAM, PAT, STRANGER]),
        kind=st.sampled_from(["text", "reply", "command", "press", "forged"]),
        words=TEXTS,
        pick=st.integers(0, 30),
        forged=st.data(),
    )
    def run(user: int, kind: str, words: str, pick: int, forged: st.DataObject) -> None:
        session.restore()
        if kind == "text":
            no_failure(group.send(user, words), words)
        elif kind == "reply":
            no_failure(group.send(user, words, reply_to=card.message_id), words)
        elif kind == "command":
            no_failure(group.command(user, "link", words[:200]), words)
        elif kind == "press" and user != SAM:
            # Someone who is not Kent's staff presses a real card button: nothing changes.
            before = snapshot(session.db)
            no_failure(group.press(user, card_buttons[pick % len(card_buttons)]), "card")
            assert changed(before, snapshot(session.db), RESHOWN) == []
        else:
            data = forged.draw(payloads, label="forged")
            if data in card_buttons:
                return
            before = snapshot(session.db)
            no_failure(group.press(user, data), data)
            assert changed(before, snapshot(session.db), RESHOWN) == []

    run()


def test_the_walks_reach_every_flow(session: Session) -> None:
    """The walks can reach each flow: a fixed tour presses into each one without failing."""
    alex = session.world.chat(ALEX)
    seen: set[str] = set()
    for label in ("My people", "My plan", "Ask for support", "My data", "Help"):
        no_failure(alex.command("menu"), "menu")
        no_failure(alex.press(label), label)
        for _ in range(4):
            choices = pressable(alex)
            if not choices:
                break
            no_failure(alex.press_data(choices[0]), label)
            no_failure(alex.text(INJECTIONS[0]), label)
            with unit_of_work(session.db) as uow:
                row = uow.states.get(ALEX)
                if row is not None:
                    seen.add(row.flow)
    assert {"menu", "people", "support"} <= seen, seen
    assert EventKind.TEXT  # the driver sends real Events
