"""My people, my picture, my data and the safety net, over HTTP through python-telegram-bot."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import select

from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import CaseStatus, ContactStatus, OutboxMessage, PersonCircle
from storage.uow import unit_of_work
from tests.e2e.conftest import GROUP, buttons
from tests.support.journeys import NOT_INVITED, YoungPerson, person_rows
from tests.support.seed import seed_people


async def test_add_a_person_the_whole_way(standin, run_bot, kent, db: Database) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        assert set(buttons(menu)) >= {
            "My people",
            "My plan",
            "Ask for support",
            "My data",
            "Help",
        }
        people = await alex.open_people(menu)
        assert "haven't added anyone" in people["text"]
        name_q = (await alex.tap(people, "➕ Add someone", 1))[0]
        assert "What do you call them" in name_q["text"]
        rel_q = (await alex.send("  Nan 👵  ", 1))[0]
        assert "Who is Nan 👵 to you?" in rel_q["text"] and "Foster carer" in buttons(rel_q)
        circle_q = (await alex.tap(rel_q, "Nan", 1))[0]
        assert "I've put Nan 👵 in Family" in circle_q["text"]
        close_q = (await alex.tap(circle_q, "Yes, that's right", 1))[0]
        contact_q = (await alex.tap(close_q, "Very close", 1))[0]
        may_q = (await alex.tap(contact_q, "In touch", 1))[0]
        added, strength, listing = await alex.tap(may_q, "Yes", 3)
        assert "added Nan 👵" in added["text"]
        assert "1 close person" in strength["text"]
        assert "Nan 👵 — Nan" in buttons(listing)
    [nan] = person_rows(db)
    assert (
        nan.name,
        nan.relationship,
        nan.circle,
        nan.closeness,
        nan.contact,
        nan.may_contact,
    ) == ("Nan 👵", "nan", PersonCircle.FAMILY, 1, ContactStatus.IN_TOUCH, True)
    with db.engine.connect() as conn:
        raw = conn.execute(text("SELECT name FROM person")).scalar_one()
    assert "Nan" not in raw


@pytest.mark.parametrize("bad", ["   ", "😀😀😀", "!!!", "x" * 65])
async def test_bad_names_are_refused_kindly(standin, run_bot, kent, db, bad: str) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        people = await alex.open_people(await alex.join(kent["alex"].code))
        await alex.tap(people, "➕ Add someone", 1)
        refusal, again = await alex.send(bad, 2)
        assert ("as words" in refusal["text"]) or ("64 letters" in refusal["text"])
        assert "What do you call them" in again["text"]
        rel_q = (await alex.send("Jo", 1))[0]
        assert "Who is Jo to you?" in rel_q["text"]
    assert person_rows(db) == []


async def test_skip_everything_but_the_name_and_other(standin, run_bot, kent, db) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        people = await alex.open_people(await alex.join(kent["alex"].code))
        await alex.tap(people, "➕ Add someone", 1)
        rel_q = (await alex.send("Big Mike", 1))[0]
        other_q = (await alex.tap(rel_q, "Someone else", 1))[0]
        assert "who Big Mike is" in other_q["text"]
        circle_q = (await alex.send("my boxing coach's brother", 1))[0]
        assert "Which part of your life" in circle_q["text"]
        q = (await alex.tap(circle_q, "Skip", 1))[0]
        q = (await alex.tap(q, "Skip", 1))[0]
        q = (await alex.tap(q, "Skip", 1))[0]
        added, strength, _listing = await alex.tap(q, "Not sure", 3)
        assert "Big Mike" in added["text"] and "people in your corner" in strength["text"]
    [mike] = person_rows(db)
    assert mike.relationship == "other" and mike.relationship_other == "my boxing coach's brother"
    assert (mike.circle, mike.closeness, mike.contact, mike.may_contact) == (None,) * 4


@pytest.mark.parametrize("share", [True, False])
async def test_family_finding_lead(standin, run_bot, kent, db, share: bool) -> None:
    # Imported here: the journeys drive this module's YoungPerson.
    from tests.support.journeys import join_and_add_lead

    alex = YoungPerson(standin)
    async with run_bot():
        ask, joined = await join_and_add_lead(standin, alex, kent["alex"].code, share=share)
        assert ("Dave" in ask["text"]) is share
        await alex.tap(ask, "Send", 1)
        lead = (await standin.wait_for_bot_messages(GROUP, joined + 1))[-1]
    assert kent["alex"].reference in lead["text"]
    if share:
        assert "Family-finding lead" in lead["text"] and "Dave" in lead["text"]
        assert "would like to find their dad" in lead["text"]
    else:  # sharing off: only that there is a lead, no names
        assert "has a family-finding lead: ask them about it" in lead["text"]
        assert "Dave" not in lead["text"] and "dad" not in lead["text"].lower()


async def test_paging_and_the_limit_of_200(standin, run_bot, kent, db, clock: FakeClock) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        seed_people(db, 20, clock.now())
        page1 = await alex.open_people(menu)
        assert "page 1 of 3" in page1["text"]
        names = [label for label in buttons(page1) if label.startswith("Person")]
        assert (
            len(names) == 8 and "More ▶" in buttons(page1) and "◀ Back a page" not in buttons(page1)
        )
        page2 = (await alex.tap(page1, "More ▶", 1))[0]
        page3 = (await alex.tap(page2, "More ▶", 1))[0]
        assert "page 3 of 3" in page3["text"]
        assert len([label for label in buttons(page3) if label.startswith("Person")]) == 4
        seed_people(db, 180, clock.now())
        full, _listing = await alex.tap(page3, "➕ Add someone", 2)
        assert "200 people" in full["text"]
    assert len(person_rows(db)) == 200


async def test_view_edit_and_remove(standin, run_bot, kent, db, clock: FakeClock) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        seed_people(db, 1, clock.now())
        people = await alex.open_people(menu)
        view = (await alex.tap(people, "Person 1 — Friend", 1))[0]
        assert "How close: Close" in view["text"]
        q = (await alex.tap(view, "Change how close", 1))[0]
        saved, _strength, view2 = await alex.tap(q, "Not so close", 3)
        assert saved["text"] == "Saved." and "How close: Not so close" in view2["text"]
        q = (await alex.tap(view2, "Change name", 1))[0]
        saved, view3 = await alex.send("Jojo", 2)
        assert view3["text"].startswith("Jojo")
        confirm = (await alex.tap(view3, "Remove", 1))[0]
        assert "Remove Jojo" in confirm["text"]
        removed, _listing = await alex.tap(confirm, "Yes, remove", 2)
        assert "removed Jojo" in removed["text"]
        # A double tap on the same button, and an edit of the removed person, change nothing.
        expired, _ = await alex.tap(confirm, "Yes, remove", 2)
        assert "expired" in expired["text"]
        expired, _ = await alex.tap(view3, "Change name", 2)
        assert "expired" in expired["text"]
    assert person_rows(db) == []


async def test_my_picture(standin, run_bot, kent, db, clock: FakeClock) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        seed_people(db, 3, clock.now())
        people = await alex.open_people(menu)
        picture, _again = await alex.tap(people, "See my people", 2)
    assert picture.get("photo"), picture
    assert "Person 1" in picture["caption"] and "Person 3" in picture["caption"]
    image = standin.file_bytes(picture["photo"][-1]["file_id"])
    assert image.startswith(b"\x89PNG")


async def test_safety_net_mid_flow_keeps_what_was_entered(standin, run_bot, kent, db) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        people = await alex.open_people(await alex.join(kent["alex"].code, share=False))
        before = len(standin.bot_messages(GROUP))
        await alex.tap(people, "➕ Add someone", 1)
        q = (await alex.send("Aunty Bev", 1))[0]
        [help_] = await alex.send("honestly i just wanna kms tonight", 1)
        assert "116 123" in help_["text"] and "999" in help_["text"] and "85258" in help_["text"]
        assert "I've told" in help_["text"]
        assert set(buttons(help_)) == {"Talk to someone", "Back to where I was", "Menu"}
        card = (await standin.wait_for_bot_messages(GROUP, before + 1))[-1]
        assert card["text"].startswith("URGENT") and kent["alex"].reference in card["text"]
        assert "kms" not in card["text"]  # not shared: no message content
        assert set(buttons(card)) == {"Pick up", "Reply", "Close"}
        [again] = await alex.tap(help_, "Back to where I was", 1)
        # "Aunty Bev" says who she is: the bot asks only what it doesn't know yet.
        assert "How close are you to Aunty Bev?" in again["text"]
        q = (await alex.tap(again, "Very close", 1))[0]
        assert "Aunty Bev" in q["text"]
    with unit_of_work(db) as uow:
        kinds = [row.kind for row in uow.session.exec(select(OutboxMessage)).all()]
    assert "card_new" in kinds


async def test_my_data_export_and_delete(standin, run_bot, kent, db, clock: FakeClock) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        seed_people(db, 2, clock.now())
        data_menu = (await alex.tap(menu, "My data", 1))[0]
        summary, document, again = await alex.tap(data_menu, "What you hold about me", 3)
        assert kent["alex"].reference in summary["text"] and "People: 2" in summary["text"]
        exported = json.loads(standin.file_bytes(document["document"]["file_id"]))
        assert exported["case"]["first_name"] == "Alex"
        assert [p["name"] for p in exported["people"]] == ["Person 1", "Person 2"]
        assert [c["purpose"] for c in exported["consents"]] == ["use", "share"]
        ask = (await alex.tap(again, "Delete everything", 1))[0]
        ask_again = (await alex.tap(ask, "Yes, go on", 1))[0]
        assert "Are you sure" in ask_again["text"]
        [done] = await alex.tap(ask_again, "Yes, delete it all", 1)
        assert "deleted everything" in done["text"]
        [expired] = await alex.tap(ask_again, "Yes, delete it all", 1)  # double tap
        assert NOT_INVITED in expired["text"]
        [after] = await alex.send("/start", 1)
        assert NOT_INVITED in after["text"]
        note = (await standin.wait_for_bot_messages(GROUP, 2))[-1]
        assert "deleted their data" in note["text"]
    assert person_rows(db) == []
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, kent["alex"].reference)
        assert case is not None and case.status == CaseStatus.LEFT
        assert case.first_name is None and case.telegram_user_id is None
        assert case.final_people_count == 2


async def test_withdrawing_sharing_tells_the_team(standin, run_bot, kent, db) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code, share=True)
        data_menu = (await alex.tap(menu, "My data", 1))[0]
        choices = (await alex.tap(data_menu, "Change my choices", 1))[0]
        assert "Share it with my Lifelong Links worker: Yes" in choices["text"]
        done, choices2 = await alex.tap(choices, "Stop sharing with my Lifelong Links worker", 2)
        assert "stopped sharing" in done["text"]
        assert "Share it with my Lifelong Links worker: No" in choices2["text"]
        note = (await standin.wait_for_bot_messages(GROUP, 2))[-1]
        assert "stopped sharing" in note["text"]


async def test_shortcut_commands_and_command_menu(standin, run_bot, kent) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.send("/people", 1)  # not joined yet: the not-invited answer
        await alex.join(kent["alex"].code)
        [people] = await alex.send("/people", 1)
        assert "haven't added anyone" in people["text"]
        [data] = await alex.send("/data", 1)
        assert "about your data" in data["text"]
        nothing, menu = await alex.send("/plan", 2)
        assert "after your family meeting" in nothing["text"] and "My people" in buttons(menu)
    commands = [c["command"] for c in standin.my_commands()]
    assert commands == ["menu", "people", "plan", "data", "help", "cancel"]
