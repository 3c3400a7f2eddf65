"""Privacy that tells the truth: deletion scrubs the team's chats, sharing off shares no
words, notes are confirmed first, the export holds every table, and *Who can see what*.

Driven through the engine with the fake Telegram of ``test_support`` (the real outbox
sender delivers, so edits and the relay map behave as they do live).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from dialogs.safety import CrisisCategory
from storage.db import Database
from storage.export import COVERED_TABLES
from storage.milestones import mark_sent, milestones
from storage.models import (
    ConsentEvent,
    GroupLink,
    OutboxMessage,
    OutboxStatus,
    SupportRequest,
    YoungPerson,
)
from storage.uow import unit_of_work
from tests.support.crisis import detector as detector  # the fixture
from tests.support.crisis import high
from tests.support.privacy import held_ids, linked_tables, section
from tests.support.world import ALEX, GROUP, SAM, WORDS, World, ask, outbox, seed_plan
from tests.support.world import world as world  # the fixture

DELETED = "(deleted at the young person's request)"
REPLY = "thanks, tuesday works"
DANGER = "i am going to end it tonight"


def deliver_all(world: World) -> None:
    """Deliver until nothing is left, a minute apart (a group takes 20 a minute)."""
    for _ in range(10):
        world.clock.advance(timedelta(minutes=2))
        if not world.deliver():
            return


def case_of(db: Database) -> YoungPerson:
    with unit_of_work(db) as uow:
        found = uow.session.exec(select(YoungPerson).where(YoungPerson.reference != "")).all()
        return next(case for case in found if case.first_name == "Alex")


def rich_case(world: World, db: Database, detector: dict[str, Any]) -> None:
    """Alex with people, a plan, a review, a request both ways, an alert and a talk thread."""
    alex = world.join()
    seed_plan(db, world.clock.now())
    reference = ask(alex)
    world.deliver()
    group = world.group()
    group.send(SAM, "Can I call you at 2?", reply_to=world.tg.find(GROUP, reference).message_id)
    world.deliver()
    alex.text(REPLY, reply_to=world.tg.find(ALEX, "call you at 2").message_id)
    alex.command("menu")
    alex.press("Talk to someone")
    alex.text("can we talk about my brother")
    alex.press("Done")
    detector[DANGER] = high(CrisisCategory.SUICIDE)
    alex.text(DANGER)
    alex.command("plan")
    alex.press("Review my plan")
    while "review.wellbeing" not in [*alex.keys()]:
        alex.press(alex.labels()[0])
    alex.press(alex.labels()[0])
    alex.press("Skip")
    alex.press("No thanks")
    alex.press("Send")
    world.deliver()
    with unit_of_work(db) as uow:  # a life milestone already sent to them (issue 17)
        case = uow.cases.own_case(ALEX)
        assert case is not None and case.date_of_birth is not None
        mark_sent(uow.session, case, milestones(case.date_of_birth)[0], world.clock.now())


# ---------------------------------------------------------------------------- the export


def test_the_export_holds_every_table_of_the_case(
    world: World, db: Database, detector: dict[str, Any]
) -> None:
    rich_case(world, db, detector)
    alex = world.chat(ALEX)
    alex.command("data")
    tables = linked_tables()
    # The export's own answers (the summary, the file) are queued as it commits: not in it.
    queued_before = held_ids(db, tables["outbox"], case_of(db), {})
    alex.press("What you hold about me")
    [document] = [r for r in alex.last if r.document is not None]
    held = json.loads(document.document or b"")
    case = case_of(db)

    missing = sorted(set(tables) - set(COVERED_TABLES))
    assert not missing, f"tables of a case with no place in the export: {missing}"
    known: dict[str, set[Any]] = {}
    order = ["young_person", "plan", "support_request", *sorted(tables)]
    for name in dict.fromkeys(order):
        known[name] = held_ids(db, tables[name], case, known)
    assert queued_before < known["outbox"]
    known["outbox"] = queued_before
    for name, path in COVERED_TABLES.items():
        assert len(section(held, path)) == len(known[name]), (name, path)
        if name not in ("young_person", "conversation_state"):
            assert known[name], f"the rich case has no {name} rows: the test proves nothing"

    # The words, both ways and decrypted, and what the team was sent about them.
    words = [m["words"] for m in held["messages"]]
    assert any(WORDS in w for w in words) and any(REPLY in w for w in words)
    assert any("Can I call you at 2?" in w for w in words)
    assert any("my brother" in w for w in words)
    kinds = {r["what"] for r in held["support_requests"]}
    assert len(kinds) == 3  # a request, a safety alert and a talk thread
    assert any(m["kind"].startswith("notify.") for m in held["messages"])
    with unit_of_work(db) as uow:
        consents = uow.session.exec(
            select(func.count())
            .select_from(ConsentEvent)
            .where(ConsentEvent.young_person_id == case.id)
        ).one()
    assert len(held["consents"]) == consents >= 2
    assert [r["how_supported_1_to_5"] for r in held["plan_reviews"]][-1] == 5


# ---------------------------------------------------------------------------- deleting
def test_deleting_scrubs_every_message_about_them_in_the_group(
    world: World, db: Database, detector: dict[str, Any]
) -> None:
    rich_case(world, db, detector)
    before = [m for m in world.tg.messages(GROUP)]
    card = world.tg.find(GROUP, WORDS)
    pick = card.button("Reply")
    alex = world.chat(ALEX)
    late = ask(alex, "Housing", words=("a secret that must never be posted",))
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    assert alex.keys()[-1] == "delete.done"
    deliver_all(world)

    group = world.tg.messages(GROUP)
    for message in group:
        for secret in (WORDS, REPLY, "my brother", "Alex", late, "a secret"):
            assert secret not in message.text or "deleted their data" in message.text, message.text
    scrubbed = [m for m in group if m.text == DELETED]
    assert len(scrubbed) >= 6 and all(m.buttons == [] for m in scrubbed)
    assert not any(m.buttons for m in before if m.text == DELETED)
    notes = [m for m in group if "deleted their data" in m.text]
    assert len(notes) == 1 and "Their messages in this chat have been removed" in notes[0].text
    assert not any(REPLY in m.text or WORDS in m.text for m in notes)
    with unit_of_work(db) as uow:
        assert not uow.session.exec(select(SupportRequest)).all()
        left = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)
        ).all()
    assert left == []

    # The card's old button gets a clear answer, not a failure.
    team = world.group()
    team.press(SAM, pick)
    [toast] = team.last
    assert toast.toast and "deleted at the young person's request" in toast.text


# ---------------------------------------------------------------------------- sharing off
def _review(alex: Any) -> None:
    alex.command("plan")
    alex.press("Review my plan")
    alex.press("No")
    alex.text("nan moved away")
    while "review.wellbeing" not in [*alex.keys()]:
        alex.press(alex.labels()[0])
    alex.press(alex.labels()[0])
    alex.text("I want my uncle Dev in it")
    alex.press("No thanks")


def test_a_review_with_sharing_off_tells_only_that_it_happened(world: World, db: Database) -> None:
    alex = world.join(share=False)
    seed_plan(db, world.clock.now())
    world.deliver()
    seen = len(world.tg.messages(GROUP))
    _review(alex)
    assert alex.keys() == ["review.send.ask"]
    assert "has reviewed their plan: ask them about it" in alex.said
    assert "nan moved away" not in alex.said and "Dev" not in alex.said
    alex.press("Send")
    assert alex.keys()[0] == "review.done"
    world.deliver()
    new = world.tg.messages(GROUP)[seen:]
    assert len(new) == 1 and "has reviewed their plan" in new[0].text
    for words in ("nan", "Nan", "Dev", "moved away", "out of 5"):
        assert words not in new[0].text


def test_saying_no_to_a_review_note_sends_nothing(world: World, db: Database) -> None:
    alex = world.join(share=True)
    seed_plan(db, world.clock.now())
    world.deliver()
    seen = len(world.tg.messages(GROUP))
    _review(alex)
    assert "nan moved away" in alex.said and "uncle Dev" in alex.said  # what would be shared
    alex.press("Don't send")
    assert alex.keys()[0] == "review.done.not_sent"
    world.deliver()
    assert world.tg.messages(GROUP)[seen:] == []
    with unit_of_work(db) as uow:
        assert (
            len(
                uow.session.exec(
                    select(OutboxMessage.id).where(
                        OutboxMessage.kind.startswith("notify.review")  # type: ignore[attr-defined]
                    )
                ).all()
            )
            == 0
        )


def test_support_cards_name_the_plan_lead_only_when_sharing(world: World, db: Database) -> None:
    alex = world.join(share=False)
    seed_plan(db, world.clock.now())
    reference = ask(alex, share="No, just say I asked")
    world.deliver()
    card = world.tg.find(GROUP, reference)
    assert "Nan" not in card.text and WORDS not in card.text


# ---------------------------------------------------------------------------- who sees what
def test_who_can_see_what_is_true_to_the_switch(world: World, db: Database) -> None:
    alex = world.join(share=True)
    alex.command("data")
    alex.press("Who can see what")
    assert alex.keys() == ["who.text"]
    for heading in ("Your people", "Your plan and reviews", "Safety alerts", "Your data file"):
        assert heading in alex.said
    assert "Sam, your Lifelong Links worker" in alex.said
    assert "Sharing is on" in alex.said and "with what you wrote" in alex.said
    alex.press("Stop sharing with my Lifelong Links worker")
    assert alex.keys()[-1] == "who.text"
    assert "Sharing is off" in alex.said and "They don't see your words" in alex.said
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        assert uow.consents.current(case)
        from dialogs.young.team_notes import sharing

        assert sharing(uow, case) is False
    alex.press("Start sharing with my Lifelong Links worker")
    assert "Sharing is on" in alex.said
    alex.press("⬅ Back")
    assert alex.keys()[-1] == "data.menu"
    world.deliver()
    notes = [
        m.text for m in world.tg.messages(GROUP) if "shar" in m.text and "joined" not in m.text
    ]
    assert len(notes) == 2


def test_outbox_rows_for_other_cases_are_left_alone(world: World, db: Database) -> None:
    """Deleting one case scrubs nothing of another's."""
    bo = world.join("bo", 5002)
    other = ask(bo)
    world.deliver()
    alex = world.join()
    ask(alex)
    world.deliver()
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    deliver_all(world)
    assert WORDS in world.tg.find(GROUP, other).text
    assert outbox(db, kind="card.deleted")


def test_with_no_group_the_coordinators_private_chat_is_scrubbed(
    world: World, db: Database
) -> None:
    alex = world.join()
    with unit_of_work(db) as uow:
        for link in uow.session.exec(select(GroupLink)).all():
            link.chat_id = None  # the service has no coordinators' group
    reference = ask(alex)
    deliver_all(world)
    card = world.tg.find(SAM, reference)
    assert WORDS in card.text and card.buttons
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    deliver_all(world)
    assert card.text == DELETED and card.buttons == []
    assert not any(WORDS in m.text for m in world.tg.messages(SAM))
    assert any("deleted their data" in m.text for m in world.tg.messages(SAM))
