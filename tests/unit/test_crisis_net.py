"""The safety net's conversation without Telegram: tiers, check-in, bursts, bad input.

Where a test needs a particular verdict it replaces the detector in ``dialogs.safety.crisis_net``,
so these tests hold whatever the detector learns next.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import text as sql
from sqlmodel import select

from dialogs.core.context import FlowState
from dialogs.safety import CrisisCategory, SafetyVerdict, crisis_net
from dialogs.staff.plan_import import import_plan
from storage.db import Database
from storage.models import OutboxMessage, RequestKind
from storage.uow import unit_of_work
from tests.support.crisis import WAY_ON, audit, high, threads, unsure
from tests.support.crisis import detector as detector  # the fixture
from tests.support.world import ALEX, GROUP, SAM, World
from tests.support.world import world as world  # the fixture

BURST = "i want to end it"


def cards(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(
            uow.session.exec(select(OutboxMessage).where(OutboxMessage.kind == "card_new")).all()
        )


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("no", "not_safe"),
        ("Nope", "not_safe"),
        ("not really", "not_safe"),
        ("im not ok", "not_safe"),
        ("I don't feel safe", "not_safe"),
        ("yes im ok", "safe"),
        ("Yeah I'm fine thanks", "safe"),
        ("ok", "safe"),
        ("i want to talk to someone", "talk"),
        ("can I speak to a person", "talk"),
        ("nah", "not_safe"),
        ("ye", "safe"),
        ("yeah im fine", "safe"),
        ("no im fine", "unsure"),  # not a clear yes
        ("hmm", "unsure"),
        ("🙂", "unsure"),
        ("idk", "unsure"),
        ("not sure", "unsure"),
        ("leave me alone", "unsure"),
        ("whatever", "unsure"),
        ("i dont want to talk about it", "unsure"),
        ("", None),
    ],
)
def test_typed_answers_to_are_you_safe(typed: str, meaning: str | None) -> None:
    assert crisis_net._intent(typed) == meaning


def test_high_gives_the_categorys_numbers_an_alert_and_the_way_on(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["nobody will let me leave this job"] = high(CrisisCategory.EXPLOITATION)
    alex = world.join(share=False)
    alex.text("nobody will let me leave this job")
    assert alex.keys() == ["crisis.reply"]
    assert "08000 121 700" in alex.said and "020 7008 0151" in alex.said
    assert "Samaritans" not in alex.said  # the numbers for this kind of danger
    assert alex.labels() == WAY_ON
    [alert] = threads(db)
    assert (alert.kind, alert.crisis_category, alert.origin) == (
        RequestKind.ALERT,
        "exploitation",
        "net",
    )
    assert alert.text is None and not alert.share_text  # they don't share: no words kept
    [card] = cards(db)
    assert card.chat_id == GROUP and "leave this job" not in card.text
    alex.press("Talk to someone")  # while the alert is open: the same chat, not a new one
    assert alex.keys() == ["support.reply.ask"]
    assert "same chat" in alex.said and "08000 121 700" in alex.said
    assert [t.kind for t in threads(db)] == [RequestKind.ALERT]
    with unit_of_work(db) as uow:
        notes = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == "relay.alert.talk")
        ).all()
    assert len(notes) == 1 and notes[0].target_outbox_id == card.id


def test_a_burst_alerts_once_and_is_forgotten(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[BURST] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text("i want to")
    assert "crisis.reply" not in [*alex.keys()]
    with db.engine.connect() as conn:
        raw = " ".join(
            str(row[0]) for row in conn.execute(sql("SELECT data FROM conversation_state"))
        )
    assert "i want to" not in raw  # kept encrypted, like everything they type
    alex.text("end it")
    assert alex.keys() == ["crisis.reply"]
    assert len(threads(db)) == 1 and BURST in (threads(db)[0].text or "")
    alex.press("Back to where I was")
    alex.text("end it")  # the burst was used up: this alone says nothing here
    assert "crisis.reply" not in [*alex.keys()]
    assert len(cards(db)) == 1


def test_the_card_quotes_only_the_words_the_verdict_rests_on(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["can you tell my carer i want to kill myself"] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text("yeah im in my room")
    alex.text("can you tell my carer i want to kill myself")
    assert alex.keys() == ["crisis.reply"]
    [alert] = threads(db)
    assert alert.text == "can you tell my carer i want to kill myself"
    [card] = cards(db)
    assert "yeah im in my room" not in card.text


def test_words_used_for_a_request_are_forgotten_by_the_net(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["i need help with money i want to end it"] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Money")
    alex.text("i need help with money")
    alex.text("i want to end it")  # read with the request's words, this would alert
    assert "crisis.reply" not in [*alex.keys()]
    assert [t for t in threads(db) if t.kind == RequestKind.ALERT] == []


def test_a_burst_only_spans_two_minutes(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[BURST] = high(CrisisCategory.SUICIDE)
    alex = world.join()
    alex.text("i want to")
    world.clock.advance(timedelta(minutes=3))
    alex.text("end it")
    assert "crisis.reply" not in [*alex.keys()] and threads(db) == []


def test_nothing_is_remembered_for_someone_who_said_no(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector[BURST] = high(CrisisCategory.SUICIDE)
    detector["end it all"] = high(CrisisCategory.SUICIDE)
    alex = world.chat(ALEX)
    alex.command("start", world.codes["alex"])
    alex.press("No")  # no to keeping what they write
    alex.text("i want to")
    alex.text("end it")
    assert "crisis.reply" not in [*alex.keys()]
    alex.text("end it all")  # one message still passes the net, and the team hears
    assert alex.keys() == ["crisis.reply"] and "Back to where I was" in alex.labels()
    assert "Menu" not in alex.labels()  # not an active case: no menu to go to
    assert len(threads(db)) == 1


def test_unsure_checks_in_and_not_safe_alerts_with_danger(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["help"] = unsure()
    alex = world.join()
    alex.press("My people")
    alex.text("help")
    assert alex.keys() == ["checkin.ask"]
    assert alex.labels() == ["I'm safe", "I'm not safe", "Talk to someone"]
    assert threads(db) == []  # nothing goes to the team before they answer
    alex.press("I'm not safe")
    assert alex.keys() == ["checkin.not_safe"] and alex.labels() == WAY_ON
    assert "116 123" in alex.said  # no kind of danger known: the general numbers
    [alert] = threads(db)
    assert (alert.crisis_category, alert.origin) == ("danger", "checkin")
    alex.press("Back to where I was")
    assert alex.keys()[-1].startswith("people.")  # My people, where they were
    assert "checkin_not_safe" in audit(db)


def test_unsure_at_the_check_in_counts_as_not_safe(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["help"] = unsure()
    detector["im scared"] = unsure(CrisisCategory.DANGER)
    detector["no"] = high(CrisisCategory.HOMELESS)  # a detector's guess at a bare "no"
    alex = world.join()
    alex.text("help")
    alex.text("im scared")
    assert alex.keys() == ["checkin.not_safe"]
    alex.press("Menu")
    alex.text("help")
    alex.text("no")  # an answer to "are you safe?", whatever the detector makes of it
    assert alex.keys() == ["checkin.not_safe"]
    assert [a.crisis_category for a in threads(db)] == ["danger"]  # joined the open alert


def test_im_safe_tells_nobody_unless_asked(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["everything is too much"] = unsure()
    alex = world.join()
    alex.text("everything is too much")
    alex.press("I'm safe")
    assert alex.keys() == ["checkin.safe"]
    assert alex.labels() == ["Let my Lifelong Links worker know", *WAY_ON]
    with unit_of_work(db) as uow:
        before = len([r for r in uow.outbox.pending() if not r.kind.startswith("reply:")])
    alex.press("Let my Lifelong Links worker know")
    with unit_of_work(db) as uow:
        notes = [r for r in uow.outbox.pending() if r.kind == "notify.safe_checkin"]
        after = [r for r in uow.outbox.pending() if not r.kind.startswith("reply:")]
        assert len(after) == before + 1
    assert len(notes) == 1 and "everything" not in notes[0].text
    assert threads(db) == []


def test_no_team_to_tell_is_said_honestly(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    detector["i will kill myself"] = high(CrisisCategory.SUICIDE)
    with unit_of_work(db) as uow:
        for link in uow.groups.linked_to(GROUP):
            link.chat_id = None
        case = uow.cases.own_case(ALEX)
        assert case is None
    alex = world.join()
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        case.coordinator_id = None
    alex.text("i will kill myself")
    assert alex.keys() == ["crisis.reply"]
    assert "Please tell your Lifelong Links worker too" in alex.said
    assert threads(db) == []
    alex.press("Talk to someone")
    assert "can't reach your Lifelong Links worker" in alex.said and "crisis.next" in [*alex.keys()]


@pytest.mark.parametrize(
    "words",
    [
        "a" * 10_000,
        "i want to " + "x" * 9_990,
        "ki\u200bll my\u200dself\ufeff",
        "😭😭😭😭",
        "🙂",
        "мне плохо help 我很害怕 مساعدة",
        "\u202eevil\u202c",
        " \u200b ",
    ],
)
def test_bad_input_never_crashes_and_is_never_logged(
    world: World, db: Database, caplog: pytest.LogCaptureFixture, words: str
) -> None:
    alex = world.join()
    with caplog.at_level(logging.DEBUG):
        alex.text(words)
        alex.text(words)
        alex.command("menu")
        alex.press("My people")
        alex.press("➕ Add someone")
        alex.text(words)
    assert "error.generic" not in [*alex.keys()]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for piece in (words.strip(), "мне плохо", "我很害怕", "x" * 40):
        assert not piece or piece not in logged


def test_a_review_asking_to_be_contacted_can_be_answered_from_the_group(
    world: World, db: Database
) -> None:
    alex = world.join()
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        plan = "items:\n  - help: food\n    who: Nan\n"
        import_plan(uow, case.reference, plan, world.clock.now())
    alex.command("plan")
    alex.press("Review my plan")
    alex.press(alex.labels()[0])  # the item: happening
    while "review.wellbeing" not in [*alex.keys()]:
        alex.press("Skip")
    alex.press(alex.labels()[0])
    alex.press("Skip")
    alex.press("Yes please")
    alex.press("Send")
    world.deliver()
    [talk] = threads(db)
    assert (talk.kind, talk.origin) == (RequestKind.TALK, "review")
    review = world.tg.find(GROUP, "review")
    world.group().send(SAM, "Hi Alex, I'll ring you tomorrow", reply_to=review.message_id)
    world.deliver()
    assert "I'll ring you tomorrow" in world.tg.find(ALEX, "ring you").text


def test_talk_to_someone_from_the_menu_and_again(world: World, db: Database) -> None:
    alex = world.join()
    assert "Talk to someone" in alex.labels()
    alex.press("Talk to someone")
    assert alex.keys() == ["support.reply.ask"]
    assert "I've asked Sam, your Lifelong Links worker, to message you here" in alex.said
    assert "within an hour" in alex.said
    alex.text("can we talk about seeing my brother")
    assert alex.keys() == ["support.reply.sent"]
    alex.press("Done")
    alex.press("Talk to someone")  # one thread at a time: back into the open one
    assert "already asked to talk" in alex.said
    [talk] = threads(db)
    assert (talk.kind, talk.origin) == (RequestKind.TALK, "talk")
    world.deliver()
    card = world.tg.find(GROUP, "would like to talk to someone")
    assert [label for label, _ in card.buttons[0]] == ["Pick up", "Reply", "Close"]
    assert "seeing my brother" in world.tg.find(GROUP, "seeing my brother").text


def test_remembered_texts_go_once_the_window_has_passed(
    world: World, db: Database, detector: dict[str, SafetyVerdict]
) -> None:
    alex = world.join()
    alex.text("i want to")

    def remembered() -> list[list[str]]:
        with unit_of_work(db) as uow:
            row = uow.states.get(ALEX)
            assert row is not None
            return FlowState.load(row).recent

    assert [words for _, words in remembered()] == ["i want to"]
    world.clock.advance(timedelta(minutes=3))
    alex.press("My people")  # any event, not only another text
    assert remembered() == []
