"""Support requests through the engine: asking, My requests, the team's side and the relay.

No Telegram here: the young person and the staff are driven as Events, and the outbox is
delivered by the real :class:`~scheduler.outbox.OutboxSender` into a fake transport (on a fake
clock, so no real waiting), which also stores the relay map the way a real send does.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text as sql
from sqlmodel import select

from dialogs.staff.admin import create_link_code
from scheduler.outbox.limits import text_parts
from scheduler.outbox.sender import OutboxSender
from scheduler.wiring import domain_reactions
from storage.db import Database
from storage.models import (
    ActionToken,
    CaseStatus,
    GroupPurpose,
    HelpKind,
    OutboxStatus,
    Person,
    Plan,
    PlanItem,
    PlanReview,
    RelayMessage,
    RelayRole,
    RequestStatus,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.uow import unit_of_work
from tests.support.world import (
    ALEX,
    BO,
    GROUP,
    JO,
    LONDON,
    MANAGERS,
    MORGAN,
    NUMBERS,
    PAT,
    SAM,
    STRANGER,
    SURREY_GROUP,
    WORDS,
    World,
    ask,
    audit,
    buttons,
    card_of,
    count,
    outbox,
    relays,
    request,
    requests,
    seed_plan,
    state,
    toasts,
    uk,
)
from tests.support.world import world as world  # the fixture


# ---------------------------------------------------------------------------- asking
def test_happy_path_stores_the_request_and_queues_a_card(world: World, db: Database) -> None:
    alex = world.join()
    alex.press("Ask for support")
    assert alex.keys() == ["support.ask.category"]
    assert set(alex.labels()) >= {
        "Money",
        "Housing",
        "Food",
        "School, college or work",
        "Health",
        "Family contact",
        "Someone to talk to",
        "Something else",
    }
    alex.press("Money")
    alex.text(WORDS)
    assert "Got it" in alex.said
    alex.press("Next ➡")
    assert alex.labels() == ["As soon as possible", "This week", "Whenever", "⬅ Back"]
    alex.press("As soon as possible")
    assert alex.keys() == ["support.check.question"]  # shares with their worker: no question
    assert "Help with: Money\nHow soon: As soon as possible" in alex.said
    assert (
        f"What you said: {WORDS}" in alex.said
        and "Your Lifelong Links worker will see your words" in alex.said
    )
    alex.press("Send it")
    assert alex.keys() == ["support.after_sent"]
    ref = re.search(r"R-[0-9A-Z]{4}", alex.said)
    assert ref is not None
    assert "pick it up by Monday 23 November, 13:00" in alex.said
    assert not any(number in alex.said for number in NUMBERS)  # in working hours

    [stored] = requests(db)
    assert stored.reference == ref.group(0)
    assert (stored.category, stored.urgency, stored.status) == (
        SupportCategory.MONEY,
        Urgency.TODAY,
        RequestStatus.SENT,
    )
    assert stored.text == WORDS and stored.share_text and json.loads(stored.media) == []
    assert stored.escalate_at == uk(2026, 11, 23, 13, 0)
    with db.engine.connect() as conn:
        raw = conn.execute(sql("SELECT text FROM support_request")).scalar_one()
    assert "gas bill" not in raw  # encrypted at rest

    [card] = outbox(db, kind="card_new")
    assert stored.card_outbox_id == card.id
    assert (card.chat_id, card.method, card.relay_role) == (GROUP, "send", RelayRole.CARD)
    assert card.relay_request_id == stored.id and card.young_person_id == stored.young_person_id
    assert f"Request {stored.reference} · Needed: as soon as possible" in card.text
    assert "Alex (KENT-" in card.text and "asked for help with: Money" in card.text
    assert f"Their words:\n{WORDS}" in card.text and "Not picked up yet." in card.text
    assert list(buttons(card)) == ["Pick up", "Reply", "Close"]
    assert all(d.startswith("t:") and len(d.encode()) <= 64 for d in buttons(card).values())
    with unit_of_work(db) as uow:
        tokens = uow.session.exec(select(ActionToken).where(ActionToken.chat_id == GROUP)).all()
    assert sorted(tok.action for tok in tokens) == [
        "support:close",
        "support:pick",
        "support:reply",
    ]
    assert all(json.loads(tok.payload) == {"request": stored.id} for tok in tokens)
    assert ("young_person", "support_requested") in audit(db)

    assert world.deliver() >= 1
    sent_card = world.tg.find(GROUP, f"Request {stored.reference}")
    assert [(r.chat_id, r.message_id, r.role) for r in relays(db)] == [
        (GROUP, sent_card.message_id, RelayRole.CARD)
    ]


@pytest.mark.parametrize("answer", ["No, just say I asked", "Yes, show my words"])
def test_not_sharing_asks_about_each_request(world: World, db: Database, answer: str) -> None:
    alex = world.join(share=False)
    alex.press("Ask for support")
    alex.press("Housing")
    alex.text("The damp in my room is bad")
    alex.media("photo", caption="the wall")
    photo_id = alex.last_message_id
    assert alex.keys() == ["support.ask.more"]
    alex.press("Next ➡")
    alex.press("This week")
    assert alex.keys() == ["support.ask.share"]
    assert alex.labels() == ["Yes, show my words", "No, just say I asked"]
    alex.press(answer)
    shared = answer.startswith("Yes")
    assert "Photos, files or voice notes: 1" in alex.said
    if shared:
        assert "Your Lifelong Links worker will see your words." in alex.said
    else:
        assert (
            "Your Lifelong Links worker will see that you asked, but not your words." in alex.said
        )
    alex.press("Send it")
    [stored] = requests(db)
    assert stored.share_text is shared
    # Kept for them either way; a caption is part of their words.
    assert stored.text == "The damp in my room is bad\n\nthe wall"
    assert json.loads(stored.media) == [[photo_id, "photo"]]
    card = card_of(db, stored.reference)
    copies = outbox(db, method="copy")
    if shared:
        assert "The damp in my room is bad" in card.text
        assert "Photos, files or voice notes: 1 (below)" in card.text
        [copy] = copies
        assert (copy.chat_id, copy.source_chat_id, copy.source_message_id) == (
            GROUP,
            ALEX,
            photo_id,
        )
        assert copy.target_outbox_id == card.id and copy.relay_role == RelayRole.TO_GROUP
    else:
        assert "Asked for support. Open the case to see." in card.text
        assert "damp" not in card.text and "Photos" not in card.text
        assert copies == []
        assert all("damp" not in row.text for row in outbox(db))

    world.deliver()
    sent_card = world.tg.find(GROUP, f"Request {stored.reference}")
    group_copies = [m for m in world.tg.messages(GROUP) if m.source is not None]
    if shared:
        assert [(m.source, m.reply_to) for m in group_copies] == [
            ((ALEX, photo_id), sent_card.message_id)
        ]
    else:
        assert group_copies == []


@pytest.mark.parametrize(
    ("when", "urgency", "due", "back"),
    [
        (uk(2026, 11, 23, 12, 0), "As soon as possible", "Monday 23 November, 13:00", None),
        (uk(2026, 11, 23, 12, 0), "This week", "Tuesday 24 November, 12:00", None),
        (uk(2026, 11, 23, 12, 0), "Whenever", "Tuesday 24 November, 12:00", None),
        (uk(2026, 11, 27, 16, 30), "As soon as possible", "Monday 30 November, 09:30", None),
        (uk(2026, 11, 27, 16, 30), "This week", "Monday 30 November, 16:30", None),
        (
            uk(2026, 11, 28, 11, 0),
            "As soon as possible",
            "Monday 30 November, 10:00",
            "Monday 30 November, 09:00",
        ),
        (
            uk(2026, 11, 23, 18, 0),
            "Whenever",
            "Tuesday 24 November, 17:00",
            "Tuesday 24 November, 09:00",
        ),
        # Christmas Day, a weekend and Boxing Day's substitute Monday are all off.
        (uk(2026, 12, 24, 16, 30), "As soon as possible", "Tuesday 29 December, 09:30", None),
        (
            uk(2026, 12, 25, 10, 0),
            "As soon as possible",
            "Tuesday 29 December, 10:00",
            "Tuesday 29 December, 09:00",
        ),
    ],
)
def test_due_time_and_out_of_hours_note(
    world: World, db: Database, when: datetime, urgency: str, due: str, back: str | None
) -> None:
    alex = world.join()
    world.clock.set(when)
    ask(alex, urgency=urgency)
    assert f"pick it up by {due}." in alex.said
    if back is None:
        assert "not at work right now" not in alex.said
        assert not any(number in alex.said for number in NUMBERS)
    else:
        assert f"They are back on {back}." in alex.said
        # A money request: practical help while they wait, not a crisis line.
        assert "Citizens Advice" in alex.said and "0800 144 8848" in alex.said
        assert "Samaritans" not in alex.said
    [stored] = requests(db)
    assert stored.created_at == when
    local = stored.escalate_at.astimezone(LONDON)
    assert f"{local:%A} {local.day} {local:%B}, {local:%H:%M}" == due


def test_the_sixth_open_request_is_refused_kindly(world: World, db: Database) -> None:
    alex = world.join()
    now = world.clock.now()
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        made = [
            uow.support.create(case, SupportCategory.FOOD, Urgency.WEEK, "x", [], True, now, now)
            for _ in range(5)
        ]
        first_id = made[0].id
    alex.command("menu")
    alex.press("Ask for support")
    assert alex.keys() == ["support.list"]
    assert "You have 5 requests open already" in alex.said
    assert len(requests(db)) == 5 and outbox(db, kind="card_new") == []

    # One is stopped; while Alex is at the check screen another is opened (say on a phone
    # and a laptop): Send it is refused too, and nothing is stored.
    with unit_of_work(db) as uow:
        first = uow.session.get(SupportRequest, first_id)
        assert first is not None
        first.status = RequestStatus.WITHDRAWN
    alex.command("menu")
    alex.press("Ask for support")
    alex.press("Food")
    alex.text("I need a food bank voucher")
    alex.press("Next ➡")
    alex.press("Whenever")
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        uow.support.create(case, SupportCategory.FOOD, Urgency.WEEK, "y", [], True, now, now)
    alex.press("Send it")
    assert alex.keys() == ["support.list"] and "You have 5 requests open already" in alex.said
    assert len(requests(db)) == 6 and outbox(db, kind="card_new") == []
    assert all(r.text != "I need a food bank voucher" for r in requests(db))

    # Opening the stopped one again would make six open: refused as well.
    alex.press(next(label for label in alex.labels() if "stopped by you" in label))
    assert alex.keys() == ["support.view"]
    alex.press("Open it again")
    assert "You have 5 requests open already" in alex.said
    assert requests(db)[0].status == RequestStatus.WITHDRAWN


def test_withdraw_reopen_and_withdraw_again(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    card = card_of(db, ref)
    alex.press("My requests")
    assert alex.keys() == ["support.list"]
    assert f"{ref} · Money · sent" in alex.labels()
    alex.press(f"{ref} · Money · sent")
    assert alex.keys() == ["support.view"]
    assert f"{ref}: Money\nSent: Monday 23 November, 12:00\nNow: sent" in alex.said
    alex.press("I don't need this now")
    assert alex.keys() == ["support.withdraw.confirm"]
    alex.press("No, keep it")
    assert alex.keys() == ["support.view"]
    alex.press("I don't need this now")
    world.clock.advance(timedelta(minutes=5))
    alex.press("Yes, stop it")
    assert alex.keys() == ["support.list"] and f"{ref} is stopped" in alex.said
    assert f"{ref} · Money · stopped by you" in alex.labels()

    stopped = request(db, ref)
    assert stopped.status == RequestStatus.WITHDRAWN
    assert stopped.closed_at == world.clock.now()
    [edit] = outbox(db, kind="card_edit")
    assert (edit.method, edit.target_outbox_id, edit.chat_id) == ("edit", card.id, GROUP)
    assert "The young person stopped this request." in edit.text and buttons(edit) == {}
    [note] = outbox(db, kind="relay.withdrawn")
    assert note.target_outbox_id == card.id and note.relay_role == RelayRole.TO_GROUP
    assert f"stopped {ref}" in note.text
    assert ("young_person", "support_withdrawn") in audit(db)

    world.deliver()
    sent_card = world.tg.find(GROUP, f"Request {ref}")
    assert "The young person stopped this request." in sent_card.text
    assert sent_card.buttons == []
    assert world.tg.find(GROUP, f"stopped {ref}").reply_to == sent_card.message_id
    # Sam writes to the stopped request: not sent, and no Reopen is offered (only Alex can).
    group = world.group()
    group.send(SAM, "Are you sure?", reply_to=sent_card.message_id)
    [refused] = outbox(db, kind="team.withdrawn_not_sent")
    assert f"The young person stopped {ref}, so I didn't send that." in refused.text
    assert buttons(refused) == {} and refused.target_message_id == group.last_message_id
    assert outbox(db, kind="relay.to_yp") == [] and outbox(db, kind="team.closed_reopen") == []

    alex.press(f"{ref} · Money · stopped by you")
    assert alex.labels()[0] == "Open it again"
    world.clock.advance(timedelta(minutes=5))
    alex.press("Open it again")
    assert alex.keys() == ["support.view"] and f"{ref} is open again" in alex.said
    assert "Now: open again" in alex.said
    opened = request(db, ref)
    assert opened.status == RequestStatus.SENT and opened.closed_at is None
    assert opened.escalate_at == world.clock.now() + timedelta(hours=1)
    edits = outbox(db, kind="card_edit")
    assert len(edits) == 2 and list(buttons(edits[-1])) == ["Pick up", "Reply", "Close"]
    [again] = outbox(db, kind="relay.reopened_by_yp")
    assert f"opened {ref} again" in again.text
    assert ("young_person", "support_reopened") in audit(db)

    # And stopped a second time: a second note, not a clash with the first.
    alex.press("I don't need this now")
    alex.press("Yes, stop it")
    assert alex.keys() == ["support.list"], alex.keys()
    assert request(db, ref).status == RequestStatus.WITHDRAWN
    assert len(outbox(db, kind="relay.withdrawn")) == 2
    world.deliver()
    assert "The young person stopped this request." in world.tg.find(GROUP, f"Request {ref}").text


def test_add_something_appends_and_relays(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    card = card_of(db, ref)
    alex.press("My requests")
    alex.press(f"{ref} · Money · sent")
    alex.press("Add something")
    assert alex.keys() == ["support.add.ask"]
    alex.text("   ")
    assert alex.keys() == ["support.empty", "support.add.ask"]
    alex.text("Also my phone was cut off")
    added_id = alex.last_message_id
    assert alex.keys() == ["support.view"] and "Added ✓" in alex.said
    assert request(db, ref).text == f"{WORDS}\n\nAlso my phone was cut off"
    [relayed] = outbox(db, kind="relay.from_yp")
    assert relayed.chat_id == GROUP and relayed.target_outbox_id == card.id
    assert "Also my phone was cut off" in relayed.text and ref in relayed.text
    assert relayed.relay_role == RelayRole.TO_GROUP
    assert (ALEX, added_id, RelayRole.TO_GROUP) in [
        (r.chat_id, r.message_id, r.role) for r in relays(db)
    ]
    assert ("young_person", "support_added") in audit(db)

    alex.press("Add something")
    alex.media("voice")
    voice_id = alex.last_message_id
    assert alex.keys() == ["support.view"]
    assert json.loads(request(db, ref).media) == [[voice_id, "voice"]]
    [copy] = outbox(db, method="copy")
    assert (copy.source_chat_id, copy.source_message_id, copy.target_outbox_id) == (
        ALEX,
        voice_id,
        card.id,
    )
    world.deliver()
    sent_card = world.tg.find(GROUP, f"Request {ref}")
    assert world.tg.find(GROUP, "Also my phone").reply_to == sent_card.message_id


def test_adding_to_a_private_request_keeps_the_words_private(world: World, db: Database) -> None:
    alex = world.join(share=False)
    ref = ask(alex, share="No, just say I asked")
    alex.press("My requests")
    alex.press(f"{ref} · Money · sent")
    alex.press("Add something")
    alex.text("It is the landlord again")
    assert request(db, ref).text == f"{WORDS}\n\nIt is the landlord again"
    [note] = outbox(db, kind="relay.added_private")
    assert "chose not to share it" in note.text
    assert all("landlord" not in row.text for row in outbox(db))


@pytest.mark.parametrize("pieces", [[3000, 3000, 3000], [4096]])
def test_long_words_follow_the_card_whole_in_parts(
    world: World, db: Database, pieces: list[int]
) -> None:
    def piece(n: int, size: int) -> str:
        words = " ".join(f"m{n}w{i}" for i in range(size))[: size - 1]
        return words.rstrip() + "." * (size - len(words.rstrip()))

    said = tuple(piece(n, size) for n, size in enumerate(pieces))
    assert [len(p) for p in said] == pieces
    alex = world.join()
    alex.command("menu")
    alex.press("Ask for support")
    alex.press("Money")
    for words in said:
        alex.text(words)
    alex.press("Next ➡")
    alex.press("This week")
    preview = alex.said.split("What you said: ")[1].split("\n")[0]
    assert len(preview) <= 302 and preview.endswith(" …")
    alex.press("Send it")
    [stored] = requests(db)
    assert stored.text == "\n\n".join(said)
    card = card_of(db, stored.reference)
    assert "Their words are long, so they follow below." in card.text
    assert said[0][:50] not in card.text and len(card.text) < 1000
    [long] = outbox(db, kind="relay.words")
    assert long.target_outbox_id == card.id and long.chat_id == GROUP
    assert stored.text in long.text  # whole, in one row
    parts = text_parts(long.text)
    assert len(parts) == (3 if len(pieces) == 3 else 2)
    assert all(len(part) <= 4096 for part in parts)

    world.deliver()
    sent_card = world.tg.find(GROUP, f"Request {stored.reference}")
    after = [m for m in world.tg.messages(GROUP) if m.message_id > sent_card.message_id]
    assert [len(m.text) <= 4096 for m in after] == [True] * len(parts)
    assert after[0].reply_to == sent_card.message_id
    assert " ".join(m.text for m in after).split() == long.text.split()
    [row] = outbox(db, kind="relay.words")
    assert row.status == OutboxStatus.SENT
    # Every part is mapped: Sam can answer any of them and it reaches Alex.
    mapped = {(r.chat_id, r.message_id) for r in relays(db) if r.role == RelayRole.TO_GROUP}
    assert {(GROUP, m.message_id) for m in after} <= mapped
    world.group().send(SAM, "Thanks for telling us all that.", reply_to=after[-1].message_id)
    [to_alex] = outbox(db, kind="relay.to_yp")
    assert to_alex.chat_id == ALEX and "Thanks for telling us all that." in to_alex.text


@pytest.mark.parametrize("where", ["menu", "describe", "more", "urgency", "check", "view", "reply"])
def test_stickers_places_contacts_and_polls_are_declined(
    world: World, db: Database, where: str
) -> None:
    alex = world.join()
    if where in ("view", "reply"):
        ref = ask(alex)
        if where == "view":
            alex.press("My requests")
            alex.press(f"{ref} · Money · sent")
        else:
            world.deliver()
            world.group().send(SAM, "Hi Alex", reply_to=world.tg.find(GROUP, ref).message_id)
            world.deliver()
            alex.press_data(world.tg.find(ALEX, "Hi Alex").button("Reply"))
            assert alex.keys() == ["support.reply.ask"]
    elif where != "menu":
        alex.press("Ask for support")
        alex.press("Money")
        if where != "describe":
            alex.text(WORDS)
        if where in ("urgency", "check"):
            alex.press("Next ➡")
        if where == "check":
            alex.press("As soon as possible")
    before = state(db, ALEX)
    rows, requests_before = len(outbox(db)), len(requests(db))
    alex.other()
    assert alex.keys()[0] == "media.other_declined"
    assert "can't use stickers, places, contacts or polls" in alex.last[0].text
    # One short line with the same screen's buttons, not the whole screen again.
    assert len(alex.keys()) == 1 and alex.last[0].buttons
    assert state(db, ALEX) == before
    assert len(outbox(db)) == rows and len(requests(db)) == requests_before


def test_stale_and_forged_buttons_change_nothing(world: World, db: Database) -> None:
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Money")
    alex.text(WORDS)
    more = alex.last
    alex.press("Next ➡")
    alex.press("As soon as possible")
    check = alex.last
    alex.press("Next ➡", more)  # a button of an earlier screen
    assert alex.keys() == ["button.expired", "support.check.question"]
    alex.press_data("forged.0")
    assert alex.keys() == ["button.expired", "support.check.question"]
    alex.press_data("t:AAAAAAAAAAAAAAAA")
    assert alex.keys() == ["button.expired", "support.check.question"]
    alex.press("Send it", check)
    alex.press("Send it", check)  # a double tap
    assert alex.keys() == ["button.expired", "support.after_sent"]
    [stored] = requests(db)

    # Alex's Reply button, pressed in someone else's chat, is refused.
    bo = world.join("bo", BO)
    world.deliver()
    world.group().send(SAM, "Hi Alex", reply_to=world.tg.find(GROUP, stored.reference).message_id)
    world.deliver()
    reply_data = world.tg.find(ALEX, "Hi Alex").button("Reply")
    before = state(db, BO)
    bo.press_data(reply_data)
    assert bo.keys() == ["button.expired", "menu.title"]
    assert state(db, BO)[:2] == before[:2]
    # A card's button pressed in a private chat is not a young person's action either.
    alex.press_data(buttons(card_of(db, stored.reference))["Pick up"])
    assert alex.keys()[0] == "button.expired"
    assert request(db, stored.reference).status == RequestStatus.ANSWERED


def test_my_requests_shows_each_status(world: World, db: Database) -> None:
    alex = world.join()
    picked = ask(alex, "Money")
    answered = ask(alex, "Housing")
    closed = ask(alex, "Food")
    waiting = ask(alex, "Health")
    world.deliver()
    group = world.group()
    group.press(SAM, buttons(card_of(db, picked))["Pick up"])
    assert toasts(group.last) == [("team.picked", False)]
    group.send(SAM, "On it", reply_to=world.tg.find(GROUP, f"Request {answered}").message_id)
    group.press(JO, buttons(card_of(db, closed))["Close"])
    assert toasts(group.last) == [("team.close_prompt_toast", False)]
    world.deliver()
    prompt = world.tg.find(GROUP, f"how {closed} ended")
    assert "Alex will see it word for word" in prompt.text  # a case note would reach them
    assert (
        prompt.force_reply
        and prompt.reply_to == world.tg.find(GROUP, f"Request {closed}").message_id
    )
    group.send(JO, "Food bank voucher sent", reply_to=prompt.message_id)
    world.deliver()

    alex.command("menu")
    alex.press("My requests")
    assert alex.keys() == ["support.list"]
    assert alex.labels()[:4] == [
        f"{waiting} · Health · sent",
        f"{closed} · Food · closed",
        f"{answered} · Housing · answered by Sam",
        f"{picked} · Money · picked up by Sam",
    ]
    assert "Sam is looking at your request" in world.tg.find(ALEX, picked).text
    jo_closed = world.tg.find(ALEX, "Jo has closed your").text
    # Which request: what it was about, the reference they were given, and what was agreed.
    assert f"your Food request ({closed})" in jo_closed
    assert "Jo wrote: “Food bank voucher sent”" in jo_closed
    closed_card = world.tg.find(GROUP, f"Request {closed}")
    assert "Closed by Jo 12:00: Food bank voucher sent" in closed_card.text
    assert [label for row in closed_card.buttons for label, _ in row] == ["Reopen"]
    alex.press(f"{answered} · Housing · answered by Sam")
    assert "Now: answered by Sam" in alex.said


def test_cancel_mid_flow_stores_nothing(world: World, db: Database) -> None:
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Money")
    alex.text(WORDS)
    alex.press("Next ➡")
    alex.press("As soon as possible")
    check = alex.last
    alex.command("cancel")
    assert alex.keys() == ["menu.title"]
    alex.press("Send it", check)
    assert alex.keys() == ["button.expired", "menu.title"]
    assert requests(db) == [] and outbox(db, kind="card_new") == []
    # Starting again starts from nothing.
    alex.press("Ask for support")
    alex.press("Money")
    assert alex.keys() == ["support.ask.describe"] and "Next ➡" not in alex.labels()


# ---------------------------------------------------------------------------- my data


def test_delete_everything_with_plan_reviews_and_requests(world: World, db: Database) -> None:
    alex = world.join()
    seed_plan(db, world.clock.now())
    first = ask(alex)
    ask(alex, "Housing", urgency="Whenever")
    world.deliver()
    group = world.group()
    group.send(SAM, "I can help", reply_to=world.tg.find(GROUP, f"Request {first}").message_id)
    world.deliver()
    alex.text("Thank you", reply_to=world.tg.find(ALEX, "I can help").message_id)
    assert alex.keys() == ["support.reply.sent_short"]
    world.deliver()
    assert len(relays(db)) >= 5

    alex.command("data")
    alex.press("What you hold about me")
    [document] = [r for r in alex.last if r.document is not None]
    held = json.loads(document.document or b"")
    assert held["plan"]["lead"] == "Nan"
    assert [i["who"] for i in held["plan"]["items"]] == ["Nan", "Jo", "Nan"]
    assert [r["how_supported_1_to_5"] for r in held["plan_reviews"]] == [3, 4]
    assert {r["what_you_said"] for r in held["support_requests"]} == {WORDS}
    assert {r["reference"] for r in held["support_requests"]} == {r.reference for r in requests(db)}

    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    assert alex.keys()[-1] == "delete.done"
    for model in (SupportRequest, RelayMessage, Plan, PlanItem, PlanReview, Person):
        assert count(db, model) == 0, model.__name__
    with unit_of_work(db) as uow:
        case = uow.session.exec(
            select(YoungPerson).where(YoungPerson.status == CaseStatus.LEFT)
        ).one()
        assert case.telegram_user_id is None and case.first_name is None
    left = outbox(db, young_person_id=case.id)
    assert all(row.text == "" for row in left if row.kind not in ("notify.left", "card.deleted"))
    scrubs = [row for row in left if row.kind == "card.deleted"]
    assert scrubs and {row.text for row in scrubs} == {"(deleted at the young person's request)"}

    # A late reply to the old card finds nothing to relay to, and nothing breaks.
    before = len(outbox(db))
    group.send(SAM, "Are you ok?", reply_to=world.tg.find(GROUP, f"Request {first}").message_id)
    assert group.keys() == [] and len(outbox(db)) == before


def test_removing_the_plan_lead_and_a_helper_keeps_the_items(world: World, db: Database) -> None:
    alex = world.join()
    ids = seed_plan(db, world.clock.now())
    ref = ask(alex)
    assert "Plan lead: Nan" in card_of(db, ref).text
    alex.command("people")
    for name in ("Nan", "Jo"):
        alex.press(next(label for label in alex.labels() if label.startswith(f"{name} — ")))
        alex.press("Remove")
        alex.press("Yes, remove")
        assert alex.keys()[0] == "people.removed"
    with unit_of_work(db) as uow:
        plan = uow.session.get(Plan, ids["plan"])
        assert plan is not None and plan.lead_person_id is None
        items = uow.session.exec(select(PlanItem).order_by(PlanItem.position)).all()
        assert [(i.kind, i.person_id) for i in items] == [
            (HelpKind.MONEY, None),
            (HelpKind.TALK, None),
            (HelpKind.FOOD, None),
        ]
    assert count(db, Person) == 0
    alex.command("plan")
    assert alex.keys()[-1] == "plan.show"
    assert "someone to be agreed" in alex.said and "Plan lead: not chosen yet" in alex.said
    second = ask(alex, "Food")
    assert "Plan lead" not in card_of(db, second).text


# ---------------------------------------------------------------------------- the team
def test_linking_a_group_with_a_code(world: World, db: Database) -> None:
    now = world.clock.now()
    with unit_of_work(db) as uow:
        code = create_link_code(uow, "kent", GroupPurpose.MANAGERS, now, timedelta(days=7)).code
        short = create_link_code(
            uow, "kent", GroupPurpose.COORDINATORS, now, timedelta(minutes=10)
        ).code
    sam = world.chat(SAM)
    sam.command("link", code)
    assert sam.keys() == ["team.link.private"]
    managers = world.group(MANAGERS)
    managers.command(SAM, "link")
    assert managers.keys() == ["team.link.usage"]
    managers.command(SAM, "link", "not-a-real-code")
    assert managers.keys() == ["team.link.bad_code"]
    for outsider in (STRANGER, PAT):  # nobody's staff; another service's staff
        managers.command(outsider, "link", code)
        assert managers.keys() == ["team.link.not_staff"]
    with unit_of_work(db) as uow:
        jo = uow.staff.in_service(1, JO)
        assert jo is not None
        jo.active = False
    managers.command(JO, "link", code)
    assert managers.keys() == ["team.link.not_staff"]
    with unit_of_work(db) as uow:
        assert uow.groups.chat_for(1, GroupPurpose.MANAGERS) is None
    managers.command(MORGAN, "link", code)
    assert managers.keys() == ["team.link.done.managers"]
    assert "reports and alerts for Kent Lifelong Links" in managers.last[0].text
    with unit_of_work(db) as uow:
        assert uow.groups.chat_for(1, GroupPurpose.MANAGERS) == MANAGERS
    assert ("staff", "group_linked_managers") in audit(db)
    other = world.group(-100800)
    other.command(SAM, "link", code)  # used
    assert other.keys() == ["team.link.bad_code"]
    world.clock.advance(timedelta(minutes=11))
    other.command(SAM, "link", short)  # expired
    assert other.keys() == ["team.link.bad_code"]
    with unit_of_work(db) as uow:
        assert uow.groups.chat_for(1, GroupPurpose.MANAGERS) == MANAGERS
        assert uow.groups.chat_for(1, GroupPurpose.COORDINATORS) == GROUP
    managers.command(SAM, "caseload")
    assert managers.keys() == ["team.private_only"]
    managers.command(SAM, "help")
    assert managers.keys() == ["team.help"]


def test_strangers_and_other_services_cannot_use_a_card(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    card = card_of(db, ref)
    sent_card = world.tg.find(GROUP, f"Request {ref}")
    group = world.group()
    rows = len(outbox(db))
    for outsider in (STRANGER, PAT):
        for label in ("Pick up", "Reply", "Close"):
            group.press(outsider, buttons(card)[label])
            assert toasts(group.last) == [("team.not_staff", True)]
        group.send(outsider, "let me answer", reply_to=sent_card.message_id)
        assert group.keys() == []
    refusals = outbox(db, kind="team.not_staff")
    assert sorted(r.chat_id for r in refusals) == sorted([STRANGER, PAT])  # privately
    assert len(outbox(db)) == rows + 2
    assert outbox(db, chat_id=ALEX, kind="relay.to_yp") == []
    # The card's token does not work in another chat, and a forged one does nothing.
    surrey = world.group(SURREY_GROUP)
    surrey.press(PAT, buttons(card)["Pick up"])
    assert toasts(surrey.last) == [("button.expired", False)]
    group.press(SAM, "t:AAAAAAAAAAAAAAAA")
    assert toasts(group.last) == [("button.expired", False)]
    stored = request(db, ref)
    assert stored.status == RequestStatus.SENT and stored.claimed_by_staff_id is None

    group.press(SAM, buttons(card)["Pick up"])
    assert toasts(group.last) == [("team.picked", False)]
    assert "Thanks Sam" in group.last[0].text
    group.press(JO, buttons(card)["Pick up"])  # the old card's button
    assert toasts(group.last) == [("team.already_picked", True)]
    assert "Sam has already picked this up" in group.last[0].text
    stored = request(db, ref)
    assert stored.status == RequestStatus.PICKED_UP and stored.picked_up_at == world.clock.now()
    [edit] = outbox(db, kind="card_edit")
    assert "Picked up by Sam 12:00" in edit.text and list(buttons(edit)) == ["Reply", "Close"]
    [told] = outbox(db, kind="support.picked_up")
    assert told.chat_id == ALEX and told.relay_role == RelayRole.TO_YOUNG_PERSON
    assert ("staff", "support_picked_up") in audit(db)


def test_staff_replies_reach_the_young_person_and_back(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    stored = request(db, ref)
    sent_card = world.tg.find(GROUP, f"Request {ref}")
    group = world.group()
    group.send(SAM, "Just chatting in the group")  # not a reply: stays in the group
    group.send(SAM, "Still here", reply_to=world.tg.find(GROUP, "has joined").message_id)
    assert outbox(db, chat_id=ALEX, kind="relay.to_yp") == []

    group.send(SAM, "Hi Alex, I can help with that.", reply_to=sent_card.message_id)
    sam_message = group.last_message_id
    assert group.keys() == []
    [relayed] = outbox(db, kind="relay.to_yp")
    assert relayed.chat_id == ALEX and relayed.relay_role == RelayRole.TO_YOUNG_PERSON
    assert relayed.relay_request_id == stored.id
    assert relayed.text == "Sam from Lifelong Links:\n\nHi Alex, I can help with that."
    assert list(buttons(relayed)) == ["Reply"] and buttons(relayed)["Reply"].startswith("t:")
    [mine] = [r for r in relays(db) if r.message_id == sam_message and r.chat_id == GROUP]
    assert mine.role == RelayRole.TO_YOUNG_PERSON and mine.staff_id is not None
    answered = request(db, ref)
    assert answered.status == RequestStatus.ANSWERED and answered.answered_at is not None
    assert answered.claimed_by_staff_id == mine.staff_id
    [edit] = outbox(db, kind="card_edit")
    assert "Picked up by Sam" in edit.text
    assert ("staff", "support_replied") in audit(db)

    world.deliver()
    message = world.tg.find(ALEX, "Hi Alex, I can help")
    alex.press_data(message.button("Reply"))
    assert alex.keys() == ["support.reply.ask"] and "Type your message to Sam" in alex.said
    sent = alex.text("Thank you so much")
    assert alex.keys() == ["support.reply.sent"] and "Sent to Sam ✓" in alex.said
    [back] = outbox(db, kind="relay.from_yp")
    assert back.chat_id == GROUP and back.target_outbox_id == stored.card_outbox_id
    assert "Alex (KENT-" in back.text and "Thank you so much" in back.text
    alex.media("photo", caption="the letter")
    assert alex.keys() == []  # the same burst: one "Sent" is enough
    [head] = outbox(db, kind="relay.from_yp.media")
    [copy] = outbox(db, method="copy", chat_id=GROUP)
    assert copy.source_chat_id == ALEX and copy.target_outbox_id == stored.card_outbox_id
    assert head.id is not None and copy.id is not None and head.id < copy.id
    alex.press("Done", sent)
    assert alex.keys() == ["menu.title"]

    # A Telegram reply to the relayed message goes to Sam as well.
    alex.text("One more thing", reply_to=message.message_id)
    assert alex.keys() == ["support.reply.sent_short"]
    assert len(outbox(db, kind="relay.from_yp")) == 2
    world.deliver()
    answer = world.tg.find(GROUP, "One more thing")
    assert answer.reply_to == sent_card.message_id

    # Sam answers that message (not the card): still relayed; then a photo.
    group.send(SAM, "Got it", reply_to=answer.message_id)
    assert "Got it" in outbox(db, kind="relay.to_yp")[-1].text
    group.media(SAM, reply_to=sent_card.message_id, caption="form to fill in")
    photo_id = group.last_message_id
    [media_head] = outbox(db, kind="relay.to_yp.media")
    assert media_head.chat_id == ALEX
    [to_alex] = outbox(db, method="copy", chat_id=ALEX)
    assert (to_alex.source_chat_id, to_alex.source_message_id) == (GROUP, photo_id)

    # The Reply button on the card: a prompt that asks for a (forced) reply.
    group.press(JO, buttons(card_of(db, ref))["Reply"])
    assert toasts(group.last) == [("team.reply_prompt_toast", False)]
    [prompt] = outbox(db, kind="team.reply_prompt")
    assert prompt.force_reply and prompt.relay_role == RelayRole.REPLY_PROMPT
    world.deliver()
    group.send(JO, "Jo here too", reply_to=world.tg.find(GROUP, "Jo, reply to this").message_id)
    assert outbox(db, kind="relay.to_yp")[-1].text.startswith("Jo from Lifelong Links")


def test_a_reply_to_a_closed_request_offers_to_reopen(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    card_row = card_of(db, ref)
    sent_card = world.tg.find(GROUP, f"Request {ref}")
    group = world.group()
    group.press(SAM, buttons(card_row)["Close"])
    world.deliver()
    prompt = world.tg.find(GROUP, f"how {ref} ended")
    group.send(SAM, "  Sorted   via the   hardship fund ", prompt.message_id)
    closed = request(db, ref)
    assert (
        closed.status == RequestStatus.CLOSED and closed.outcome == "Sorted via the hardship fund"
    )
    assert closed.claimed_by_staff_id is not None  # closed without a pick-up: Sam did it
    [told] = outbox(db, kind="flows.support.closed.outcome")
    assert told.chat_id == ALEX
    assert list(buttons(told)) == ["Open it again", "Talk to someone", "Menu"]
    assert ("staff", "support_closed") in audit(db)
    world.deliver()
    assert "Closed by Sam 12:00: Sorted via the hardship fund" in sent_card.text

    to_alex = len(outbox(db, chat_id=ALEX))
    group.send(SAM, "one more thing", reply_to=sent_card.message_id)
    [offer] = outbox(db, kind="team.closed_reopen")
    assert offer.chat_id == GROUP and offer.target_message_id == group.last_message_id
    assert "This request is closed" in offer.text and list(buttons(offer)) == ["Reopen"]
    assert len(outbox(db, chat_id=ALEX)) == to_alex

    # Alex's Reply on an earlier message of a closed request is not sent either.
    alex.text("hello?", reply_to=world.tg.find(ALEX, "has closed your Money request").message_id)
    assert (
        alex.keys() == ["support.view"] and f"{ref} is closed, so I didn't send that" in alex.said
    )
    assert outbox(db, kind="relay.from_yp") == []

    group.press(SAM, buttons(offer)["Reopen"])
    assert toasts(group.last) == [("team.reopened", False)]
    reopened = request(db, ref)
    assert reopened.status == RequestStatus.PICKED_UP and reopened.outcome is None
    assert "has opened your request" in outbox(db, kind="support.reopened_by_team")[0].text
    group.press(SAM, buttons(offer)["Reopen"])
    assert toasts(group.last) == [("team.already_open", False)]

    # Closed again; Alex opens it from the message that said so.
    group.press(SAM, buttons(outbox(db, kind="card_edit")[-1])["Close"])
    world.deliver()
    group.send(SAM, "Done now", reply_to=world.tg.find(GROUP, f"how {ref} ended").message_id)
    world.deliver()
    # One tap opens it again: no second "Open it again" on the way.
    alex.press_data(world.tg.find(ALEX, "has closed your Money request").button("Open it again"))
    assert alex.keys() == ["support.view"] and "is open again" in alex.said
    assert "Open it again" not in alex.labels()
    assert request(db, ref).status == RequestStatus.SENT


def test_the_close_prompt_wants_one_short_line(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    group = world.group()
    group.press(SAM, buttons(card_of(db, ref))["Close"])
    world.deliver()
    prompt = world.tg.find(GROUP, f"how {ref} ended")
    group.send(SAM, "x" * 201, reply_to=prompt.message_id)
    [bad] = outbox(db, kind="team.close_bad")
    assert bad.force_reply and bad.target_message_id == group.last_message_id
    assert bad.relay_role == RelayRole.CLOSE_PROMPT and "up to 200 letters" in bad.text
    group.media(SAM, reply_to=prompt.message_id)
    assert len(outbox(db, kind="team.close_bad")) == 2
    assert request(db, ref).status == RequestStatus.SENT
    assert outbox(db, kind="flows.support.closed.outcome") == []
    world.deliver()
    again = world.tg.find(GROUP, "please reply with one line")
    group.send(SAM, "y" * 200, reply_to=again.message_id)
    closed = request(db, ref)
    assert closed.status == RequestStatus.CLOSED and closed.outcome == "y" * 200


def test_edits_are_relayed_marked_edited(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    group = world.group()
    group.send(SAM, "Calling at 3pm", reply_to=world.tg.find(GROUP, f"Request {ref}").message_id)
    sam_message = group.last_message_id
    group.send(SAM, "Not for Alex")
    plain = group.last_message_id
    world.deliver()
    group.edit(SAM, sam_message, "Calling at 4pm instead")
    [edited] = outbox(db, kind="relay.to_yp.edited")
    assert edited.chat_id == ALEX and "(edited)" in edited.text
    assert "Calling at 4pm instead" in edited.text and list(buttons(edited)) == ["Reply"]
    group.edit(SAM, plain, "Still not for Alex")
    assert len(outbox(db, chat_id=ALEX, kind="relay.to_yp.edited")) == 1

    world.deliver()
    alex.text("ok", reply_to=world.tg.find(ALEX, "Calling at 3pm").message_id)
    said = alex.last_message_id
    alex.edit(said, "ok, 4pm is fine")
    assert alex.last == []
    [changed] = outbox(db, kind="relay.from_yp.edited")
    assert changed.chat_id == GROUP and "(edited)" in changed.text
    assert "ok, 4pm is fine" in changed.text
    alex.edit(alex.last_message_id - 1, "an old message, never relayed")
    assert len(outbox(db, kind="relay.from_yp.edited")) == 1


def test_picked_up_again_after_the_young_person_reopens(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    group = world.group()
    group.press(SAM, buttons(card_of(db, ref))["Pick up"])
    alex.press("My requests")
    alex.press(f"{ref} · Money · picked up by Sam")
    alex.press("I don't need this now")
    alex.press("Yes, stop it")
    alex.press(f"{ref} · Money · stopped by you")
    alex.press("Open it again")
    assert alex.keys() == ["support.view"] and "Now: open again" in alex.said
    reopened = request(db, ref)
    assert reopened.status == RequestStatus.SENT and reopened.claimed_by_staff_id is None
    group.press(JO, buttons(outbox(db, kind="card_edit")[-1])["Pick up"])
    assert toasts(group.last) == [("team.picked", False)], group.keys()
    assert request(db, ref).status == RequestStatus.PICKED_UP
    told = outbox(db, kind="support.picked_up")
    assert [row.text.split()[0] for row in told] == ["Sam", "Jo"]
    assert "Picked up by Jo" in outbox(db, kind="card_edit")[-1].text


def test_delete_everything_before_the_outbox_ran(world: World, db: Database) -> None:
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Housing")
    alex.media("photo", caption="my room")
    alex.press("Next ➡")
    alex.press("As soon as possible")
    alex.press("Send it")
    assert len(outbox(db, method="copy")) == 1
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    world.deliver()
    group = world.tg.messages(GROUP)
    assert [m for m in group if m.source is not None] == []  # their photo stays theirs
    assert ["deleted their data" in m.text for m in group] == [True]
    assert {row.status for row in outbox(db)} <= {OutboxStatus.SENT, OutboxStatus.FAILED}
    [copy] = outbox(db, method="copy")
    assert copy.status == OutboxStatus.FAILED and copy.relay_request_id is None


def test_a_message_on_its_way_during_deletion_is_marked_without_its_request(
    world: World, db: Database
) -> None:
    alex = world.join()
    ask(alex)
    [card] = outbox(db, kind="card_new")
    assert card.id is not None
    with unit_of_work(db) as uow:
        assert uow.outbox.claim_one(card.id, world.clock.now()) is not None  # being sent
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    sender = OutboxSender(db, world.tg, world.clock, reactions=domain_reactions())
    sender._mark_sent(card.id, 77)  # the answer arrives after the deletion
    assert outbox(db, id=card.id)[0].status == OutboxStatus.SENT
    assert relays(db) == []


def test_without_a_group_cards_go_to_the_coordinator_privately(world: World, db: Database) -> None:
    with unit_of_work(db) as uow:
        uow.session.execute(sql("DELETE FROM group_link WHERE chat_id = :c"), {"c": GROUP})
    alex = world.join()
    ref = ask(alex)
    card = card_of(db, ref)
    assert card.chat_id == SAM and list(buttons(card)) == ["Pick up", "Reply", "Close"]
    world.deliver()
    sam = world.chat(SAM)
    sam.press_data(buttons(card)["Pick up"])
    assert toasts(sam.last) == [("team.picked", False)]
    assert request(db, ref).status == RequestStatus.PICKED_UP
    sam.text("Hello from Sam", reply_to=world.tg.find(SAM, f"Request {ref}").message_id)
    assert sam.last == []
    assert "Hello from Sam" in outbox(db, kind="relay.to_yp")[0].text
    # Jo is Kent staff too, but the card's token is for Sam's chat.
    jo = world.chat(JO)
    jo.press_data(buttons(card)["Close"])
    assert toasts(jo.last) == [] and outbox(db, kind="team.close_prompt") == []
    assert request(db, ref).status == RequestStatus.ANSWERED


def test_with_no_team_at_all_nothing_is_sent(world: World, db: Database) -> None:
    alex = world.join()
    with unit_of_work(db) as uow:
        uow.session.execute(sql("DELETE FROM group_link WHERE chat_id = :c"), {"c": GROUP})
        case = uow.cases.own_case(ALEX)
        assert case is not None
        case.coordinator_id = None
    alex.press("Ask for support")
    alex.press("Money")
    alex.text(WORDS)
    alex.press("Next ➡")
    alex.press("As soon as possible")
    alex.press("Send it")
    assert alex.keys() == ["menu.title"]
    assert "your Lifelong Links worker isn't set up here yet" in alex.said and "999" in alex.said
    assert requests(db) == [] and outbox(db, kind="card_new") == []


def test_after_deletion_the_old_card_and_buttons_do_nothing(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    card = card_of(db, ref)
    world.group().send(SAM, "Hi Alex", reply_to=world.tg.find(GROUP, ref).message_id)
    world.deliver()
    reply_button = world.tg.find(ALEX, "Hi Alex").button("Reply")
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    group = world.group()
    group.press(SAM, buttons(card)["Close"])
    assert toasts(group.last) == [("team.request_gone", True)]
    alex.press_data(reply_button)
    assert alex.keys() == ["not_invited"]
    assert outbox(db, kind="team.close_prompt") == []


def test_replying_to_a_closed_request_from_its_buttons(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    group = world.group()
    group.send(SAM, "Hi Alex", reply_to=world.tg.find(GROUP, f"Request {ref}").message_id)
    group.press(SAM, buttons(card_of(db, ref))["Close"])
    world.deliver()
    group.send(SAM, "Sorted", reply_to=world.tg.find(GROUP, f"how {ref} ended").message_id)
    world.deliver()
    alex.press_data(world.tg.find(ALEX, "Hi Alex").button("Reply"))
    assert alex.keys() == ["support.view"]
    assert f"{ref} is closed, so I didn't send that" in alex.said
    assert alex.labels()[0] == "Open it again"
    # In the middle of writing back when Sam closes it: told, not sent.
    alex.press("Open it again")
    group.send(SAM, "Back again", reply_to=world.tg.find(GROUP, f"Request {ref}").message_id)
    world.deliver()
    alex.press_data(world.tg.find(ALEX, "Back again").button("Reply"))
    assert alex.keys() == ["support.reply.ask"]
    group.press(SAM, buttons(outbox(db, kind="card_edit")[-1])["Close"])
    world.deliver()
    group.send(SAM, "Sorted again", reply_to=world.tg.find(GROUP, f"how {ref} ended").message_id)
    alex.text("wait, one more thing")
    assert alex.keys() == ["support.view"] and "didn't send that" in alex.said
    assert all("one more thing" not in row.text for row in outbox(db, chat_id=GROUP))


def test_words_that_worry_the_safety_net_still_go_in_the_request(
    world: World, db: Database
) -> None:
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Housing")
    alex.text("I have nowhere to sleep tonight")
    assert alex.keys() == ["crisis.reply"]
    assert "Shelter: 0808 800 4444" in alex.said
    assert alex.labels() == ["Talk to someone", "Back to where I was", "Menu"]
    alex.press("Back to where I was")
    assert alex.keys() == ["support.ask.more"]
    alex.press("Next ➡")
    alex.press("As soon as possible")
    assert "What you said: I have nowhere to sleep tonight" in alex.said
    alex.press("Send it")
    alert, stored = requests(db)
    assert stored.text == "I have nowhere to sleep tonight"
    assert (alert.kind, alert.crisis_category) == ("alert", "homeless")


def test_an_old_close_prompt_does_not_close_a_reopened_request(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    group = world.group()
    group.press(SAM, buttons(card_of(db, ref))["Close"])
    world.deliver()
    [prompt] = outbox(db, relay_role=RelayRole.CLOSE_PROMPT)
    assert prompt.telegram_message_id is not None
    group.send(SAM, "Sorted", reply_to=prompt.telegram_message_id)
    world.deliver()
    assert request(db, ref).status == RequestStatus.CLOSED
    alex.command("menu")
    alex.press("My requests")
    alex.press(alex.labels()[0])
    alex.press("Open it again")
    world.deliver()
    assert request(db, ref).status == RequestStatus.SENT
    group.send(SAM, "Sorted again", reply_to=prompt.telegram_message_id)
    world.deliver()
    assert request(db, ref).status == RequestStatus.SENT
