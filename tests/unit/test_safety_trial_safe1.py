"""The safety trial of 7 December 2026 (findings 1-5 and the alert-card polish), over the Engine.

The detector is replaced (``tests/support/crisis.py``) so these hold whatever it learns next.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from dialogs.cases import relay
from dialogs.safety import CrisisCategory, SafetyVerdict
from storage.db import Database
from storage.models import (
    OutboxMessage,
    RequestKind,
    RequestStatus,
    SupportRequest,
)
from storage.uow import unit_of_work
from tests.support.crisis import WAY_ON, audit, high, threads, unsure
from tests.support.crisis import detector as detector  # the fixture
from tests.support.world import ALEX, World
from tests.support.world import world as world  # the fixture

DONE = "im so done w everything"
CHECK_IN = ["I'm safe", "I'm not safe", "Talk to someone"]


def outbox(db: Database, kind: str) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def card_of(db: Database, request: SupportRequest) -> str:
    with unit_of_work(db) as uow:
        found = uow.support.get(request.service_id, request.id or 0)
        case = uow.cases.own_case(ALEX)
        assert found is not None and case is not None
        return relay.card_text(uow, found, case)


# --- 1. answering "are you safe?" in your own words ------------------------------------------


def test_any_answer_but_a_clear_yes_is_not_sure_kind_and_the_team_is_told(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text(DONE)
    assert alex.keys() == ["checkin.ask"]
    alex.text("leave me alone")
    assert alex.keys() == ["safe1.checkin.unsure"]
    assert "didn't get that" not in alex.said
    assert "116 123" in alex.said and "You don't have to talk" in alex.said
    assert alex.labels() == CHECK_IN
    [talk] = threads(db)  # a low-key card, not an URGENT alert
    assert (talk.kind, talk.origin) == (RequestKind.TALK, "checkin")
    card = card_of(db, talk)
    assert "didn't say yes" in card and "URGENT" not in card
    alex.text("whatever")  # no loop, and no second note to the team
    assert alex.keys() == ["safe1.checkin.unsure.again"] and alex.labels() == CHECK_IN
    assert len(threads(db)) == 1
    assert "checkin_unsure" in audit(db)
    alex.text("no")  # a clear no is still URGENT
    assert alex.keys() == ["checkin.not_safe"] and alex.labels() == WAY_ON
    assert [t.kind for t in threads(db)] == [RequestKind.TALK, RequestKind.ALERT]


def test_a_clear_yes_in_young_peoples_words_is_safe(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text(DONE)
    alex.text("ye")
    assert alex.keys() == ["checkin.safe"]
    assert threads(db) == []


def test_the_check_in_itself_notes_the_team_once_a_day_without_words(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text(DONE)  # and never answered
    [note] = outbox(db, "safe1.notify.checkin_asked")
    assert "asked if they are safe" in note.text and DONE not in note.text
    alex.command("menu")
    alex.text(DONE)
    assert alex.keys() == ["checkin.ask"]
    assert len(outbox(db, "safe1.notify.checkin_asked")) == 1
    assert threads(db) == []  # nothing to pick up or close for a check-in alone


# --- 2. a warning sign typed as a request's words --------------------------------------------


def test_a_warning_sign_in_a_requests_words_gets_the_check_in_and_flags_the_request(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Money")
    alex.text(DONE)
    assert alex.keys() == ["checkin.ask"]
    assert "Got it" not in alex.said
    assert len(outbox(db, "safe1.notify.checkin_asked")) == 1  # the team is told
    alex.press("I'm safe")
    alex.press("Back to where I was")
    alex.press("Next ➡")
    alex.press("As soon as possible")
    alex.press("Send it")
    [request] = [r for r in threads(db) if r.kind == RequestKind.REQUEST]
    assert request.text == DONE  # still kept for the request
    assert request.origin == relay.WORRY_ORIGIN
    card = card_of(db, request)
    assert "safety net was worried" in card and "Needed: as soon as possible" in card
    assert "URGENT" not in card


def test_a_warning_sign_added_to_a_sent_request_flags_its_card(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Money")
    alex.text("rent is late")
    alex.press("Next ➡")
    alex.press("As soon as possible")
    alex.press("Send it")
    [request] = threads(db)
    assert request.origin is None
    alex.press("My requests")
    alex.press(f"{request.reference} · Money · sent")
    alex.press("Add something")
    alex.text(DONE)
    assert alex.keys() == ["checkin.ask"]
    [flagged] = threads(db)
    assert flagged.origin == relay.WORRY_ORIGIN
    assert DONE in (flagged.text or "")  # the words still went to the request
    assert "safety net was worried" in card_of(db, flagged)


# --- 3. only the worrying message is quoted, and a name never raises the tier ---------------


def test_earlier_text_never_raises_a_message_that_worries_on_its_own(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    detector[f"placement ending n stuff {DONE}"] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text("placement ending n stuff")
    alex.text(DONE)
    assert alex.keys() == ["checkin.ask"]
    assert threads(db) == []
    alex.press("I'm not safe")
    [alert] = threads(db)
    assert alert.text == DONE  # the words that led to the check-in, and only those
    assert "placement" not in card_of(db, alert)
    assert f"Their words:\n{DONE}" in card_of(db, alert)


def test_a_name_typed_for_my_people_is_never_read_with_the_next_message(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    detector[f"jay {DONE}"] = high(CrisisCategory.SUICIDE)
    detector["jay end it"] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.press("My people")
    alex.press("➕ Add someone")
    alex.text("jay")
    alex.text("end it")  # a short tail: would be joined with a message, never with a name
    assert "crisis.reply" not in [*alex.keys()]
    assert threads(db) == []


def test_a_split_thought_is_still_read_whole(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["end it"] = unsure()
    detector["i want to end it"] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text("i want to")
    alex.text("end it")
    assert alex.keys() == ["crisis.reply"]
    [alert] = threads(db)
    assert alert.text == "i want to end it"


def test_the_not_safe_card_never_shows_words_when_they_do_not_share(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[DONE] = unsure(CrisisCategory.SUICIDE)
    alex = world.join(share=False)
    alex.text(DONE)
    alex.text("no")
    [alert] = threads(db)
    card = card_of(db, alert)
    assert DONE not in card and "chose not to share" in card
    assert alert.text is None


# --- 4. an alert card never downgrades --------------------------------------------------------


def test_an_alert_keeps_every_kind_most_serious_first(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["everyone would be better off without me"] = high(CrisisCategory.SUICIDE)
    detector["my foster carer kicked me out last night"] = high(CrisisCategory.HOMELESS)
    detector["took loads of pills"] = high(CrisisCategory.MEDICAL)
    alex = world.join(share=False)
    alex.text("everyone would be better off without me")
    alex.press("Menu")
    alex.text("my foster carer kicked me out last night")
    [alert] = threads(db)
    card = card_of(db, alert)
    assert "(thoughts of suicide; nowhere to sleep tonight)" in card
    alex.press("Menu")
    alex.text("took loads of pills")
    [alert] = threads(db)
    assert "(medical emergency; thoughts of suicide; nowhere to sleep tonight)" in card_of(
        db, alert
    )
    alex.press("Menu")
    alex.press("Talk to someone")  # the alert's numbers are the most serious kind's
    assert "999" in alex.said


# --- 5. a medical emergency: what to do first -------------------------------------------------


def test_a_medical_emergency_leads_with_what_to_do(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["took loads of pills"] = high(CrisisCategory.MEDICAL)
    world.clock.advance(timedelta(hours=15))  # 03:00: out of hours
    alex = world.join()
    alex.text("took loads of pills")
    assert alex.keys() == ["safe1.crisis.reply.medical"]
    said = alex.said
    assert said.startswith("Please call 999 now") and "what you took" in said
    assert "Even if you feel OK" in said
    assert "back" not in said.split("111")[-1]  # no "back at 9:00" after the numbers


# --- polish: closed alert cards and ordinary requests ----------------------------------------


def test_a_closed_alert_card_says_closed_first(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["i want to kill myself"] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text("i want to kill myself")
    [alert] = threads(db)
    assert card_of(db, alert).startswith("URGENT")
    with unit_of_work(db) as uow:
        found = uow.support.get(alert.service_id, alert.id or 0)
        assert found is not None
        found.status = RequestStatus.CLOSED
        found.closed_at = world.clock.now()
        found.outcome = "Spoke on phone"
    card = card_of(db, alert)
    assert card.startswith("Closed") and "Please contact them now" not in card
    assert "URGENT" not in card.split("\n")[0]


def test_alert_kinds_merge_most_serious_first_and_fit_the_column() -> None:
    from dialogs.cases import crisis_kinds

    assert crisis_kinds.merged("suicide", "homeless") == "su+ho"
    assert crisis_kinds.merged("su+ho", "medical") == "me+su+ho"
    assert crisis_kinds.merged("suicide", "danger") == "suicide"  # never hides a known kind
    assert crisis_kinds.merged("danger", "abuse") == "abuse"
    assert crisis_kinds.merged(None, "suicide") == "suicide"
    every = None
    for kind in crisis_kinds.ORDER:
        every = crisis_kinds.merged(every, kind)
    assert every is not None and len(every) <= 20  # the crisis_category column
    assert crisis_kinds.kinds(every)[0] == "medical" and "danger" not in every
    assert crisis_kinds.label("su+ho") == "thoughts of suicide; nowhere to sleep tonight"
