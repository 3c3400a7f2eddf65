"""How many SQL statements the engine runs for bench_relay's two timed updates.

"Send it" on a support request (the card) and a message in an open request thread (the relay)
are on every young person's path to their team; each statement is a round trip and, through
the ORM, a few hundred microseconds of Python. A count is a figure load cannot move, so a
change that adds statements to these paths shows here (docs/perf/2026-12-07-relay-profile.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from storage.db import Database
from tests.support.world import GROUP, SAM, WORDS, World, outbox
from tests.support.world import world as world  # the fixture

__all__ = ["world"]  # the fixture, shared with test_support

CARD_STATEMENTS = 10  # was 17 before the engine work of 2026-12-07, 16 after it
RELAY_STATEMENTS = 10  # the first of a burst (with "Sent to … ✓"): was 16, then 14
BURST_STATEMENTS = 9  # a later message of the same burst (no answer)


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The statements run inside the block."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_a_card_and_a_thread_message_take_few_statements(
    world: World,
    db: Database,
) -> None:
    alex = world.join()
    alex.command("menu")
    alex.press("Ask for support")
    alex.press("Money")
    alex.text(WORDS)
    alex.press("Next ➡")
    alex.press("This week")
    assert alex.keys() == ["support.check.question"]

    with statements(db) as card:
        alex.press("Send it")
    assert alex.keys() == ["support.after_sent"]
    [row] = outbox(db, kind="card_new")
    assert row.chat_id == GROUP and WORDS in row.text
    assert len(card) <= CARD_STATEMENTS, "\n".join(card)

    found = re.search(r"Your reference is (R-[0-9A-Z]+)\.", alex.said)
    assert found is not None, alex.said

    world.deliver()
    sent_card = world.tg.find(GROUP, f"Request {found.group(1)}")
    world.group().send(SAM, "Hi Alex, I can help with that.", reply_to=sent_card.message_id)
    world.deliver()
    alex.press_data(world.tg.find(alex.user_id, "Hi Alex").button("Reply"))
    assert alex.keys() == ["support.reply.ask"]

    with statements(db) as relay:
        alex.text("Thank you so much")
    assert alex.keys() == ["support.reply.sent"]
    [back] = outbox(db, kind="relay.from_yp")
    assert back.chat_id == GROUP and "Thank you so much" in back.text
    assert len(relay) <= RELAY_STATEMENTS, "\n".join(relay)
    # A thread's card is looked up by its chat, never loaded (and decrypted) whole.
    assert not any(s.startswith("SELECT outbox.id") for s in relay), "\n".join(relay)

    with statements(db) as burst:
        alex.text("It means a lot")
    assert alex.keys() == []  # the same burst: no second "Sent"
    assert "It means a lot" in outbox(db, kind="relay.from_yp")[-1].text
    assert len(burst) <= BURST_STATEMENTS, "\n".join(burst)
