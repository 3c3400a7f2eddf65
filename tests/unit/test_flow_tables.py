"""Flows as explicit state machines: the tables hold together, stale states resume kindly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pytest
from sqlmodel import select

from bot.menus import commands
from dialogs import free_text, staff_commands
from dialogs.commands import COMMANDS, Audience, for_audience, suggestions
from dialogs.core import registry
from dialogs.core.clock import FakeClock
from dialogs.core.registry import FlowName
from dialogs.core.table import Step, TableFlow, To
from dialogs.engine import SHORTCUTS, Engine
from dialogs.staff.admin import add_staff, create_invite, create_service
from dialogs.texts import t
from storage.db import Database
from storage.models import ConversationState, StaffRole
from storage.uow import unit_of_work
from tests.support.chat import Chat

USER = 5301


def _tables() -> list[TableFlow[Any]]:
    flows = [entry.flow for entry in registry.registered().values()]
    return [flow for flow in flows if isinstance(flow, TableFlow)]


def test_every_flow_name_is_registered() -> None:
    assert set(registry.registered()) == set(FlowName)
    assert {flow.name for flow in _tables()} >= {
        FlowName.MENU,
        FlowName.PLAN,
        FlowName.REVIEW,
        FlowName.CASE_NETWORK,
        FlowName.NEW_CASE,
        FlowName.PEOPLE,
        FlowName.PRIVACY,
    }


@pytest.mark.parametrize("flow", _tables(), ids=lambda flow: str(flow.name))
def test_every_step_is_reachable_and_every_choice_leads_somewhere(
    flow: TableFlow[Any],
) -> None:
    assert set(flow.table) == set(flow.steps), "every step has one row in the table"
    assert flow.start in flow.steps
    for step, row in flow.table.items():
        offered = {action for line in row.buttons for _, action in line}
        missing = {action for action in offered if flow.lead(step, action) is None}
        assert not missing, f"{flow.name}.{step}: buttons that lead nowhere: {missing}"
        for target in flow.targets(step):
            if isinstance(target, To):
                assert target.step in flow.steps, f"{flow.name}.{step} -> {target.step}"
            else:
                opened = registry.get(target.flow)
                at = target.step if target.step is not None else opened.start
                assert opened.opens_at(at), f"{flow.name}.{step} opens {target.flow}.{at}"
    reached = {flow.start, *flow.entries}
    frontier = list(reached)
    while frontier:
        for target in flow.targets(frontier.pop()):
            if isinstance(target, To) and target.step not in reached:
                reached.add(target.step)
                frontier.append(target.step)
    assert reached == set(flow.steps), f"{flow.name}: unreachable {set(flow.steps) - reached}"


def test_every_flow_has_a_step_table() -> None:
    # The adapter for flows without a table is gone: every registered flow is a table flow.
    assert all(isinstance(entry.flow, TableFlow) for entry in registry.registered().values())


# --- commands, declared once -----------------------------------------------------------------
def test_menus_and_engine_read_the_one_declaration() -> None:
    young = [name for name, _ in commands(Audience.YOUNG_PERSON)]
    assert young == ["menu", "people", "plan", "data", "help", "cancel"]
    assert [name for name, _ in commands(Audience.STAFF)] == [
        "caseload",
        "case",
        "newcase",
        "plan",
        "help",
        "cancel",
    ]
    assert [name for name, _ in commands(Audience.GROUP)] == ["link", "help"]
    assert set(SHORTCUTS) == {"people", "plan", "data"}
    assert set(staff_commands.COMMANDS) == {"caseload", "case", "newcase", "plan", "link", "report"}
    assert set(suggestions(Audience.YOUNG_PERSON)) == {
        "start",
        "help",
        "menu",
        "cancel",
        "people",
        "plan",
        "data",
    }
    for command in COMMANDS:
        if command.description is not None:
            assert t(command.description)
    for audience in Audience:
        names = [command.name for command in for_audience(audience)]
        assert len(names) == len(set(names)), f"{audience}: a command declared twice"


# --- a saved state whose step is gone ---------------------------------------------------------
@pytest.fixture
def joined(db: Database, clock: FakeClock) -> Chat:
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        add_staff(uow, "kent", 1001, "Sam", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), clock.now(), coordinator_telegram_id=1001
        )
    chat = Chat(Engine(db, clock), USER)
    chat.command("start", invite.code)
    chat.press("Yes")
    chat.press("No")
    assert chat.keys()[-1] == "menu.title"
    return chat


def _store(db: Database, **columns: str) -> None:
    with unit_of_work(db) as uow:
        row = uow.session.exec(
            select(ConversationState).where(ConversationState.chat_id == USER)
        ).one()
        for column, value in columns.items():
            setattr(row, column, value)
        uow.session.add(row)


def test_a_removed_step_resumes_at_the_flow_start_with_a_kind_line(
    joined: Chat, db: Database
) -> None:
    menu = joined.last
    _store(db, step="renamed_long_ago")
    joined.text("ok")
    assert joined.keys() == ["flow.moved_on", "menu.title"]
    joined.press("Help")  # the screen it resumed at works as ever
    assert joined.keys() == ["help.text"]
    _store(db, step="renamed_long_ago")
    joined.press("Help", menu)
    assert joined.keys() == ["flow.moved_on", "menu.title"]


def test_an_unknown_flow_resumes_at_the_menu_with_a_kind_line(joined: Chat, db: Database) -> None:
    _store(db, flow="retired_flow", step="anything")
    joined.text("ok")
    assert joined.keys() == ["flow.moved_on", "menu.title"]


class ProbeStep(StrEnum):
    ASK = "ask"


@dataclass
class ProbeData:
    count: int = 0


class ProbeFlow(TableFlow[ProbeData]):
    name = FlowName.MENU  # any name: the test registers it as "probe"
    steps = ProbeStep
    start = ProbeStep.ASK
    data_type = ProbeData
    table = {ProbeStep.ASK: Step(key="menu.title", buttons=[[("btn.help", "help")]])}


def test_data_that_no_longer_validates_resumes_at_the_start(
    joined: Chat, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = ProbeFlow()
    monkeypatch.setitem(joined.engine.flows, "probe", probe)
    monkeypatch.setitem(registry._FLOWS, "probe", registry.Registered(probe, ProbeStep.ASK))
    _store(db, flow="probe", step="ask", data='{"choices": [], "data": {"count": "many"}}')
    joined.text("ok")
    assert joined.keys() == ["flow.moved_on", "menu.title"]
    with unit_of_work(db) as uow:
        row = uow.states.load(USER)
        assert row is not None and (row.flow, row.step) == ("probe", "ask")
        assert '"data": {}' in row.data  # its fresh data: every field has a default


def test_requests_in_words_open_declared_entries() -> None:
    for kind, (name, step) in free_text.OPENS.items():
        assert registry.get(name).opens_at(step), f"{kind!r} opens {name}.{step}"
