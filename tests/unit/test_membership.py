"""Losing a linked group: unlinked, cards sent anew, waiting words moved, staff told, once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from bot.updates import event_from_update
from dialogs.cases import relay
from dialogs.cases.membership import GROUP_LOST_REASON, MOVED_NOTE, lose_group, move_group
from dialogs.cases.notify import notify_team
from dialogs.core.clock import FakeClock
from dialogs.core.events import MIGRATED, EventKind
from storage.db import Database
from storage.models import (
    GroupPurpose,
    OutboxMessage,
    OutboxStatus,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.uow import unit_of_work
from tests.support.seed import COORDINATORS, MANAGERS, SECRET, seed

SAM = 1001


def open_request(db: Database, now: datetime) -> int:
    """A request whose card (as the support flow sends it) waits for the coordinators."""
    with unit_of_work(db) as uow:
        case = uow.session.exec(select(YoungPerson)).one()
        request = uow.support.create(
            case, SupportCategory.MONEY, Urgency.WEEK, SECRET, [], True, now, now
        )
        assert relay.send_card(uow, request, case, now)
        assert request.id is not None
        return request.id


def request_with_waiting_rows(db: Database, now: datetime) -> int:
    """Alex's open request, with words for its card's thread and a note for the team waiting."""
    seed(db, now)
    request_id = open_request(db, now)
    with unit_of_work(db) as uow:
        case = uow.session.exec(select(YoungPerson)).one()
        request = uow.session.get(SupportRequest, request_id)
        assert request is not None
        relay.to_team(uow, request, case, "relay.from_yp", "words:1", now, text="Still need it")
        notify_team(uow, case, "notify.unreachable", "note:1", now)
    return request_id


def rows(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def test_losing_the_coordinators_group_moves_everything_waiting(
    db: Database, clock: FakeClock
) -> None:
    now = clock.now()
    request_id = request_with_waiting_rows(db, now)
    with unit_of_work(db) as uow:
        request = uow.session.get(SupportRequest, request_id)
        assert request is not None
        relay.refresh_card(uow, request, "edit:1", now)
    before = {row.id for row in rows(db)}

    with unit_of_work(db) as uow:
        assert lose_group(uow, COORDINATORS, now)
        assert uow.groups.chat_for(1, GroupPurpose.COORDINATORS) is None
        assert uow.groups.chat_for(1, GroupPurpose.MANAGERS) == MANAGERS

    all_rows = rows(db)
    old = [row for row in all_rows if row.id in before]
    assert all(row.status == OutboxStatus.FAILED for row in old)
    # What was queued again is marked so (the digest does not count it as lost); the card's
    # edit had nowhere else to go.
    notes = {row.kind: row.last_error for row in old}
    assert notes == {
        "card_new": MOVED_NOTE,
        "relay.from_yp": MOVED_NOTE,
        "notify.unreachable": MOVED_NOTE,
        "card_edit": GROUP_LOST_REASON,
    }
    new = [row for row in all_rows if row.id not in before]
    assert all(row.chat_id == SAM for row in new)
    kinds = [row.kind for row in new]
    # A fresh card, Sam told, the young person's words and the note moved; the edit not.
    assert sorted(kinds) == sorted(
        ["card_new", "team.group_lost.moved", "relay.from_yp", "notify.unreachable"]
    )
    [card] = [row for row in new if row.kind == "card_new"]
    [words] = [row for row in new if row.kind == "relay.from_yp"]
    assert "Still need it" in words.text and words.target_outbox_id == card.id
    assert words.relay_request_id == request_id
    with unit_of_work(db) as uow:
        request = uow.session.get(SupportRequest, request_id)
        assert request is not None and request.card_outbox_id == card.id

    with unit_of_work(db) as uow:
        assert not lose_group(uow, COORDINATORS, now)  # nothing linked there any more
    assert len(rows(db)) == len(all_rows)


def test_a_row_that_fails_after_the_group_was_lost_is_moved_once(
    db: Database, clock: FakeClock
) -> None:
    now = clock.now()
    seed(db, now)
    request_id = open_request(db, now)
    with unit_of_work(db) as uow:
        assert lose_group(uow, COORDINATORS, now)
    with unit_of_work(db) as uow:  # a reply that was already on its way, sent to the old card
        request = uow.session.get(SupportRequest, request_id)
        case = uow.session.exec(select(YoungPerson)).one()
        assert request is not None
        late = uow.outbox.enqueue(
            chat_id=COORDINATORS,
            text="late words",
            kind="relay.to_team",
            idempotency_key="late",
            now=now,
            service_id=1,
            young_person_id=case.id,
            relay=(request_id, relay.RelayRole.TO_GROUP),
        )
        late.status = OutboxStatus.FAILED
    for _ in range(2):
        with unit_of_work(db) as uow:
            assert late.id is not None
            assert not lose_group(uow, COORDINATORS, now, failed_row_id=late.id)
    moved = [row for row in rows(db) if row.text == "late words" and row.chat_id == SAM]
    assert len(moved) == 1


def test_losing_the_managers_group_tells_the_staff(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    seed(db, now)
    open_request(db, now)
    with unit_of_work(db) as uow:
        assert lose_group(uow, MANAGERS, now)
        assert uow.groups.chat_for(1, GroupPurpose.MANAGERS) is None
        assert uow.groups.chat_for(1, GroupPurpose.COORDINATORS) == COORDINATORS
    told = [row for row in rows(db) if row.kind == "team.group_lost.managers"]
    assert [row.chat_id for row in told] == [SAM]
    assert "managers' group" in told[0].text and "/link" in told[0].text
    assert [row.chat_id for row in rows(db) if row.kind == "card_new"] == [COORDINATORS]


def test_without_a_coordinator_the_card_stays_and_staff_are_told(
    db: Database, clock: FakeClock
) -> None:
    now = clock.now()
    seed(db, now)
    open_request(db, now)
    with unit_of_work(db) as uow:
        uow.session.exec(select(YoungPerson)).one().coordinator_id = None
    with unit_of_work(db) as uow:
        assert lose_group(uow, COORDINATORS, now)
    kinds = [row.kind for row in rows(db)]
    assert kinds.count("card_new") == 1 and "team.group_lost" in kinds


def test_a_chat_that_was_never_linked_changes_nothing(db: Database, clock: FakeClock) -> None:
    seed(db, clock.now())
    with unit_of_work(db) as uow:
        assert not lose_group(uow, -999, clock.now())
    assert rows(db) == []


def test_my_chat_member_becomes_a_membership_event() -> None:
    update = {
        "update_id": 9,
        "my_chat_member": {
            "chat": {"id": -100, "type": "supergroup", "title": "Team"},
            "from": {"id": 1001, "is_bot": False, "first_name": "Sam"},
            "date": 0,
            "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": True}},
            "new_chat_member": {"status": "kicked", "user": {"id": 1, "is_bot": True}},
        },
    }
    event = event_from_update(update, "LifelinksBot")
    assert event is not None and event.kind == EventKind.MEMBERSHIP
    assert (event.chat_id, event.user_id, event.member_status) == (-100, 1001, "kicked")
    assert not event.is_private


def test_a_moved_group_keeps_its_link_and_gets_everything_waiting(
    db: Database, clock: FakeClock
) -> None:
    now = clock.now()
    request_with_waiting_rows(db, now)
    before = {row.id for row in rows(db)}
    new_group = -1009

    with unit_of_work(db) as uow:
        assert move_group(uow, COORDINATORS, new_group, now)
        assert uow.groups.chat_for(1, GroupPurpose.COORDINATORS) == new_group
    with unit_of_work(db) as uow:  # Telegram says so twice (old chat and new chat)
        assert not move_group(uow, COORDINATORS, new_group, now)

    new = [row for row in rows(db) if row.id not in before]
    assert [row.kind for row in new] == [
        "team.group_moved.cards",
        "card_new",
        "relay.from_yp",
        "notify.unreachable",
    ]
    assert all(row.chat_id == new_group for row in new)
    assert new[2].target_outbox_id == new[1].id
    assert not [row for row in rows(db) if row.kind.startswith("team.group_lost")]


def test_migration_messages_become_membership_events() -> None:
    sam = {"id": 1001, "is_bot": False, "first_name": "Sam"}
    to = {
        "update_id": 10,
        "message": {
            "message_id": 5,
            "from": sam,
            "date": 0,
            "chat": {"id": -100, "type": "group", "title": "Team"},
            "migrate_to_chat_id": -1009,
        },
    }
    from_ = {
        "update_id": 11,
        "message": {
            "message_id": 1,
            "from": sam,
            "date": 0,
            "chat": {"id": -1009, "type": "supergroup", "title": "Team"},
            "migrate_from_chat_id": -100,
        },
    }
    for update in (to, from_):
        event = event_from_update(update, "LifelinksBot")
        assert event is not None and event.kind == EventKind.MEMBERSHIP
        assert (event.chat_id, event.migrated_to, event.member_status) == (-100, -1009, MIGRATED)
