"""A coordinator's private chat over HTTP through both frameworks: /newcase, /caseload, /case."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import func, select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.coordinator import qr_png
from storage.db import Database
from storage.models import (
    AuditEvent,
    CaseStatus,
    ContactStatus,
    Invite,
    Person,
    PersonCircle,
    YoungPerson,
)
from storage.repositories import hash_code
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import YoungPerson as User  # drives any private chat

LINK = re.compile(r"https://t\.me/LifelinksTestBot\?start=([A-Za-z0-9_-]{1,64})")
REF = re.compile(r"\((KENT-[A-Z0-9]{5})\)")
STRANGER = 7001


def count(db: Database, model: type[Any]) -> int:
    with unit_of_work(db) as uow:
        return int(uow.session.exec(select(func.count()).select_from(model)).one())


async def test_sam_invites_a_young_person_who_joins_and_shows_up(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    sam = User(standin, SAM)
    alex = User(standin, ALEX)
    stranger = User(standin, STRANGER)
    async with run_bot():
        [ask_name] = await sam.send("/newcase", 1)
        assert "first name" in ask_name["text"]
        assert all(len(data.encode()) <= 64 for data in buttons(ask_name).values())
        [ask_dob] = await sam.send("Alex", 1)
        assert "Alex's date of birth" in ask_dob["text"]
        [oops, again] = await sam.send("May 2008", 2)
        assert "can't read that date" in oops["text"] and "date of birth" in again["text"]
        [confirm] = await sam.send("01/05/2008", 1)
        assert "Born: 1 May 2008 (age 18)" in confirm["text"]
        assert "Kent Lifelong Links" in confirm["text"]
        assert count(db, YoungPerson) == 3  # nothing made before confirming
        done, photo = await sam.tap(confirm, "Make the invite", 2)

        link = LINK.search(done["text"])
        ref = REF.search(done["text"])
        assert link is not None and ref is not None
        assert "until 7 December 2026" in done["text"]
        assert photo.get("photo") and ref.group(1) in photo["caption"]
        image = standin.file_bytes(photo["photo"][-1]["file_id"])
        assert image.startswith(b"\x89PNG") and image == qr_png(link.group(0))

        # The link's code lets Alex join.
        question = (await alex.send(f"/start {link.group(1)}", 2))[1]
        share = (await alex.tap(question, "Yes", 1))[0]
        await alex.tap(share, "Yes", 2)
        await standin.wait_until(
            lambda: any(ref.group(1) in m.get("text", "") for m in standin.bot_messages(GROUP))
        )
        with unit_of_work(db) as uow:
            case = uow.cases.own_case(ALEX)
            assert case is not None and case.reference == ref.group(1)
            uow.people.add(
                case,
                Person(
                    service_id=0,
                    young_person_id=0,
                    name="Nan Betty",
                    relationship="nan",
                    circle=PersonCircle.FAMILY,
                    closeness=1,
                    contact=ContactStatus.IN_TOUCH,
                    created_at=clock.now(),
                    updated_at=clock.now(),
                ),
            )

        [listing] = await sam.send("/caseload", 1)
        assert "Your young people: 3." in listing["text"]
        assert f"{ref.group(1)}: Alex (active)" in listing["text"]
        assert "Last active: today. People named: 1." in listing["text"]
        assert "Keeps data: yes. Shares: yes." in listing["text"]
        assert kent["kim"].reference in listing["text"]
        assert kent["spare"].reference not in listing["text"]  # nobody's: not Sam's caseload

        [summary] = await sam.send(f"/case {ref.group(1)}", 1)
        assert f"{ref.group(1)}: Alex, age 18" in summary["text"]
        assert "Status: active." in summary["text"]
        assert "• Family (1): Nan Betty" in summary["text"]
        assert "No plan yet." in summary["text"]

        [refused] = await stranger.send("/caseload", 1)
        assert ref.group(1) not in refused["text"] and "Alex" not in refused["text"]
        assert (
            "I don't know that command" in refused["text"]
            or "invited by their Lifelong Links worker" in refused["text"]
        )
        [refused] = await stranger.send(f"/case {ref.group(1)}", 1)
        assert "Nan Betty" not in refused["text"] and "age 18" not in refused["text"]

    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        sam_staff = uow.staff.in_service(case.service_id, SAM) if case else None
        assert case is not None and sam_staff is not None
        assert case.status == CaseStatus.ACTIVE and case.coordinator_id == sam_staff.id
        [invite] = uow.session.exec(select(Invite).where(Invite.young_person_id == case.id))
        assert invite.code_hash == hash_code(link.group(1)) and invite.used_at is not None
        views = uow.session.exec(select(AuditEvent).where(AuditEvent.action == "case_viewed"))
        assert [v.young_person_id for v in views] == [case.id]


async def test_cancel_and_unknown_references(standin: BotApiStandIn, run_bot, kent, db) -> None:
    sam = User(standin, SAM)
    async with run_bot():
        await sam.send("/newcase", 1)
        await sam.send("Robin", 1)
        [confirm] = await sam.send("2/2/2008", 1)
        [welcome] = await sam.send("/cancel", 1)
        assert "Hello Sam" in welcome["text"]
        [after] = await sam.tap(confirm, "Make the invite", 1)  # too late: gone
        assert "t.me/" not in after["text"]

        await sam.send("/newcase", 1)
        await sam.send("Robin", 1)
        [confirm] = await sam.send("2/2/2008", 1)
        [cancelled] = await sam.tap(confirm, "Cancel", 1)
        assert "haven't made an invite" in cancelled["text"]

        [unknown] = await sam.send("/case KENT-ZZZZZ", 1)
        [garbled] = await sam.send("/case ../../etc", 1)
        assert unknown["text"] == garbled["text"]
        assert "can't find that case in your service" in unknown["text"]
    assert count(db, YoungPerson) == 3 and count(db, Invite) == 3
    assert count(db, AuditEvent) == 3  # the fixture's three invites, no views
