"""What join, safety and the plan editor stored before their step tables still loads as it was."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.core.table import TableFlow
from dialogs.engine import Engine
from dialogs.safety.crisis_net import SAFETY
from dialogs.staff.admin import add_staff, create_invite, create_service
from dialogs.staff.plan_editor import PLAN_EDITOR
from dialogs.young.consent import JOIN
from storage.db import Database
from storage.models import ConversationState, StaffRole
from storage.uow import unit_of_work
from tests.support.chat import Chat

BACK = {"flow": "support", "step": "describe", "data": {"category": "money", "worry": True}}


@pytest.mark.parametrize(
    ("flow", "stored"),
    [
        (JOIN, {}),
        (SAFETY, {}),
        (SAFETY, {"back": BACK, "category": "danger", "words": "i'm scared"}),
        (SAFETY, {"back": None, "category": None, "words": None}),
        (SAFETY, {"back": {"flow": "menu", "step": "main", "data": {}}}),
        (PLAN_EDITOR, {"case_id": 3, "service_id": 1}),
        (PLAN_EDITOR, {"case_id": 3, "service_id": 1, "page": 0}),
        (
            PLAN_EDITOR,
            {"case_id": 3, "service_id": 1, "mode": "add", "draft": {}, "page": 0},
        ),
        (
            PLAN_EDITOR,
            {
                "case_id": 3,
                "service_id": 1,
                "mode": "add",
                "draft": {"kind": "food", "who": None, "what": "Sunday dinners"},
                "page": 0,
            },
        ),
        (
            PLAN_EDITOR,
            {"case_id": 3, "service_id": 1, "item_id": 9, "items_page": 1, "page": 0},
        ),
        (
            PLAN_EDITOR,
            {"case_id": 3, "service_id": 1, "item_id": 9, "page": 1, "mode": "edit"},
        ),
    ],
)
def test_stored_data_loads_and_is_stored_again_as_it_was(
    flow: TableFlow[Any], stored: dict[str, Any]
) -> None:
    adapter = flow._adapter()
    loaded = adapter.validate_python(stored)
    assert adapter.dump_python(loaded, mode="json", exclude_unset=True) == stored


def test_start_at_a_join_step_since_gone_asks_the_first_question(
    db: Database, clock: FakeClock
) -> None:
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        add_staff(uow, "kent", 1001, "Sam", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(uow, "kent", "Alex", date(2008, 5, 1), clock.now())
    chat = Chat(Engine(db, clock), 5302)
    chat.command("start", invite.code)
    assert chat.keys()[-1] == "consent.use.ask"
    with unit_of_work(db) as uow:
        row = uow.session.exec(select(ConversationState)).one()
        row.step = "renamed_long_ago"
        uow.session.add(row)
    chat.command("start", "")
    assert chat.keys() == ["welcome.back", "consent.use.ask"]
    chat.press("Yes")
    assert chat.keys() == ["consent.share.ask"]
