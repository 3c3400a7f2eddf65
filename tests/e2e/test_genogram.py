"""The network record and the genogram over HTTP through both frameworks: the young person
says in their own words whether they want contact; staff mark who is safe and get the
genogram from /case; no lead goes out about someone not safe."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import ContactWish, OutboxMessage, Person, PersonSafety
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.gedcom_read import family, with_ged4py, with_python_gedcom
from tests.support.journeys import YoungPerson as User


def seed_family(db: Database) -> None:
    """Alex's family, with nothing recorded yet about Dave's safety or Alex's wish."""
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        for person in family():
            if person.name == "Dave":
                person.safety = person.wish = None
            uow.people.add(case, person)


def dave(db: Database) -> Person:
    with unit_of_work(db) as uow:
        [found] = [p for p in uow.session.exec(select(Person)).all() if p.name == "Dave"]
        uow.session.expunge(found)
        return found


async def test_young_person_says_their_wish_in_their_own_words(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = User(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        seed_family(db)
        people = await alex.open_people(menu)
        [card] = await alex.tap(people, "Dave — Dad", 1)
        assert "Would you like to be in touch? Not said yet" in card["text"]
        [ask] = await alex.tap(card, "Do I want contact?", 1)
        assert "Would you like to be in touch with Dave?" in ask["text"]
        assert {"Yes, I'd like that", "Maybe, I'm not sure", "No, I'd rather not"} <= set(
            buttons(ask)
        )
        saved, card = await alex.send("nah", 2)
        assert "Thanks for telling me" in saved["text"]
        assert "Would you like to be in touch? No" in card["text"]
        assert dave(db).wish == ContactWish.NO_CONTACT
        [ask] = await alex.tap(card, "Do I want contact?", 1)
        _, card, lead = await alex.send("dunno tbh", 3)
        assert "Would you like to be in touch? Maybe" in card["text"]
        assert dave(db).wish == ContactWish.MAYBE
        # No longer "no contact": the family-finding lead is theirs to send, or not.
        assert "Shall I send them this" in lead["text"]
        [ask] = await alex.tap(card, "Do I want contact?", 1)
        _, card = await alex.send("not him", 2)
        assert dave(db).wish == ContactWish.NO_CONTACT
        # The picture marks him, and its caption says so in words.
        [listing] = await alex.tap(card, "⬅ My people", 1)
        photo, _ = await alex.tap(listing, "See my people", 2)
        assert "Dave (Lost touch, ⊘ You'd rather not be in touch)" in photo["caption"]


async def test_staff_mark_who_is_safe_and_get_the_genogram(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    alex = User(standin)
    sam = User(standin, SAM)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        seed_family(db)
        ref = kent["alex"].reference
        [summary] = await sam.send(f"/case {ref}", 1)
        assert set(buttons(summary)) == {"Who is safe", "Genogram (GEDCOM)"}
        assert all(len(data.encode()) <= 64 for data in buttons(summary).values())
        [listing] = await sam.tap(summary, "Who is safe", 1)
        [person] = await sam.tap(listing, "Dave — Dad", 1)
        assert "Is Dave safe?" in person["text"] and "no contact" not in person["text"]
        saved, listing = await sam.tap(person, "⚠ Not safe", 2)
        assert "Dave is marked NOT SAFE" in saved["text"]
        assert "⚠ Dave — Dad" in buttons(listing)
        assert dave(db).safety == PersonSafety.NOT_SAFE

        [summary] = await sam.tap(listing, "⬅ Back to the case", 1)
        assert ref in summary["text"] and "Genogram (GEDCOM)" in buttons(summary)
        [document] = await sam.tap(summary, "Genogram (GEDCOM)", 1)
        assert document["document"]["file_name"] == f"{ref}.ged"
        assert ref in document["caption"] and "Dave" not in document["caption"]
        path = tmp_path / "sent.ged"
        path.write_bytes(standin.file_bytes(document["document"]["file_id"]))
        one, other = with_python_gedcom(path), with_ged4py(path)
        assert one.parents == other.parents and one.notes == other.notes
        assert other.parents["Kai"] == {"Mum Jo", "Dave"}
        assert any("Safety: NOT SAFE" in note for note in other.notes["Dave"])

        # Alex would now like to find Dave: no lead goes out about someone not safe.
        people = await alex.open_people(menu)
        [card] = await alex.tap(people, "Dave — Dad", 1)
        assert "Safe to be in touch? Not right now" in card["text"]
        [contact] = await alex.tap(card, "Change contact", 1)
        after = await alex.tap(contact, "I'd like to find them", 3)
        assert not any("Shall I send them this" in m["text"] for m in after)
        [_again] = await alex.send("menu", 1)  # one more exchange: nothing else came
    with unit_of_work(db) as uow:
        notes = uow.session.exec(select(OutboxMessage).where(OutboxMessage.chat_id == GROUP))
        assert not any("lead" in row.kind for row in notes)


async def test_sharing_off_refuses_the_genogram(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = User(standin)
    sam = User(standin, SAM)
    async with run_bot():
        await alex.join(kent["alex"].code, share=False)
        seed_family(db)
        [summary] = await sam.send(f"/case {kent['alex'].reference}", 1)
        [refused] = await sam.tap(summary, "Genogram (GEDCOM)", 1)
        assert "doesn't share their people with you" in refused["text"]
        assert "document" not in refused and "Dave" not in refused["text"]
        [refused] = await sam.tap(summary, "Who is safe", 1)
        assert "Dave" not in str(buttons(refused)) and "Dave" not in refused["text"]
