"""Under ``/case REF``: who is safe, and the genogram file, for staff of the case's service.

The summary's buttons open the ``case_network`` flow. Its data holds only the case id (and
the person and page on screen); every button press looks the case up again among the
services the writer is active staff of, so a forged or stale screen reaches nothing else.

With sharing off the team sees counts, not names, so neither the people list nor the
genogram is offered: both say why instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from dialogs import gedcom, network_record
from dialogs.context import Context
from dialogs.events import Reply
from dialogs.flow import page_buttons
from dialogs.people import relationship_label
from dialogs.registry import FlowName
from dialogs.table import Do, Lead, Step, TableFlow, To
from dialogs.team_notes import sharing
from storage import audit
from storage.models import CaseStatus, Person, PersonSafety, YoungPerson

FLOW = FlowName.CASE_NETWORK
PAGE_SIZE = 8
NAME_IN_BUTTON = 24
SAFETY_MARK = {
    PersonSafety.SAFE: "✓",
    PersonSafety.NOT_SAFE: "⚠",
    PersonSafety.NOT_SURE: "?",
}
SUMMARY_BUTTONS = [
    [("staff.btn.safety", "people")],
    [("staff.btn.gedcom", "gedcom")],
]


def offer(ctx: Context, case: YoungPerson, key: str, **params: Any) -> None:
    """Show the case summary (``key``) with its buttons: who is safe, the genogram."""
    ctx.forget_state = False  # /case cleared what was under way; this screen is kept
    ctx.goto(FLOW, "summary", {"case": case.id})
    ctx.ask(key, SUMMARY_BUTTONS, **params)


def _case(ctx: Context) -> YoungPerson | None:
    """The case on screen, if the writer is still active staff of its service."""
    assert ctx.state is not None
    case_id = ctx.state.data.get("case")
    if not isinstance(case_id, int):
        return None
    for member in ctx.staff:
        case = ctx.uow.cases.get(member.service_id, case_id)
        if case is not None:
            return case
    return None


def _short(name: str) -> str:
    return name if len(name) <= NAME_IN_BUTTON else name[: NAME_IN_BUTTON - 1] + "…"


def export_document(ctx: Context, case: YoungPerson) -> None:
    """Send the case's genogram as a GEDCOM file (sharing on), or say why not."""
    if case.status == CaseStatus.LEFT:
        ctx.say("geno.staff.gedcom.left", ref=case.reference)
        return
    if not sharing(ctx.uow, case):
        ctx.say("geno.staff.gedcom.private", ref=case.reference)
        return
    people = ctx.uow.people.list(case)
    service = ctx.uow.services.get(case.service_id)
    content = gedcom.write(case, people, ctx.now, service.name if service else "", ctx.lang)
    audit.record(ctx.uow, "gedcom_exported", ctx.now, case=case, staff=ctx.staff)
    ctx.replies.append(
        Reply(
            chat_id=ctx.event.chat_id,
            text=ctx.text("geno.staff.gedcom.sent", ref=case.reference, count=len(people)),
            key="geno.staff.gedcom.sent",
            document=content.encode("utf-8"),
            filename=f"{case.reference}.ged",
        )
    )


class NetworkStep(StrEnum):
    """The summary's buttons (``summary``), a page of the list, one person."""

    SUMMARY = "summary"
    PEOPLE = "people"
    PERSON = "person"


class NetworkData(BaseModel):
    """The case on screen (and the page and person): only ids, never names."""

    case: int = 0
    page: int = 0
    person: int | None = None


CaseHandler = Callable[[Context, NetworkData, str, YoungPerson], None]


def _for_case(handler: CaseHandler) -> Callable[[Context, NetworkData, str], None]:
    """Look the case up again among the writer's services first (gone: say so, forget it)."""

    def run(ctx: Context, data: NetworkData, action: str) -> None:
        case = _case(ctx)
        if case is None:
            ctx.clear()
            ctx.say("staff.case.not_found")
            return
        handler(ctx, data, action, case)

    return run


def _show_for_case(
    shower: Callable[[Context, NetworkData, YoungPerson], None],
) -> Callable[[Context, NetworkData], None]:
    def show(ctx: Context, data: NetworkData) -> None:
        _for_case(lambda c, d, _, case: shower(c, d, case))(ctx, data, "")

    return show


def _show_summary(ctx: Context, data: NetworkData, case: YoungPerson) -> None:
    from dialogs.coordinator import case_summary  # the /case message; coordinator opens us

    case_summary(ctx, case.reference, record=False)  # shown again, not a new view


def _show_people(ctx: Context, data: NetworkData, case: YoungPerson) -> None:
    if not sharing(ctx.uow, case):
        ctx.goto(FLOW, NetworkStep.SUMMARY, {"case": case.id})
        ctx.ask("geno.staff.private", SUMMARY_BUTTONS, ref=case.reference)
        return
    total = ctx.uow.people.count(case)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(0, data.page), pages - 1)
    NETWORK.store(ctx, data.model_copy(update={"page": page}))
    rows: list[list[tuple[str, str]]] = []
    labels: dict[str, str] = {}
    for person in ctx.uow.people.list(case, page * PAGE_SIZE, PAGE_SIZE):
        action = f"person:{person.id}"
        mark = SAFETY_MARK.get(person.safety) if person.safety else None
        text = f"{_short(person.name)} — {relationship_label(person)}"
        labels[f"@{action}"] = f"{mark} {text}" if mark else text
        rows.append([(f"@{action}", action)])
    nav = page_buttons(page, pages)
    if nav:
        rows.append(nav)
    rows.append([("staff.btn.back_case", "summary")])
    key = "geno.staff.people" if total else "geno.staff.people.none"
    ctx.ask(key, rows, labels=labels, ref=case.reference, page=page + 1, pages=pages)


def _person(ctx: Context, data: NetworkData, case: YoungPerson) -> Person | None:
    if data.person is None or not sharing(ctx.uow, case):
        return None
    return ctx.uow.people.get(case, data.person)


def _show_person(ctx: Context, data: NetworkData, case: YoungPerson) -> None:
    person = _person(ctx, data, case)
    if person is None:
        ctx.goto(FLOW, NetworkStep.PEOPLE, {"case": case.id, "page": data.page})
        _show_people(ctx, NETWORK.data(ctx), case)
        return
    rows = [[(f"staff.btn.safety.{s.value}", f"set:{s.value}")] for s in PersonSafety]
    rows.append([("staff.btn.safety.clear", "set:none"), ("btn.back", "people")])
    wish = person.wish.value if person.wish else "none"
    ctx.ask(
        "geno.staff.person",
        rows,
        name=person.name,
        relationship=relationship_label(person),
        safety=network_record.staff_safety_label(person.safety, ctx.lang),
        wish=ctx.text(f"wish.staff.{wish}"),
    )


def _summary(ctx: Context, data: NetworkData, action: str, case: YoungPerson) -> None:
    assert ctx.state is not None
    ctx.state.step = str(NetworkStep.SUMMARY)  # the same screen: its buttons keep working
    NETWORK.show(ctx)


def _gedcom(ctx: Context, data: NetworkData, action: str, case: YoungPerson) -> None:
    export_document(ctx, case)


def _page(ctx: Context, data: NetworkData, action: str, case: YoungPerson) -> None:
    page = data.page + {"prev": -1, "next": 1}.get(action, 0)
    ctx.goto(FLOW, NetworkStep.PEOPLE, {"case": case.id, "page": page})
    NETWORK.show(ctx)


def _open_person(ctx: Context, data: NetworkData, action: str, case: YoungPerson) -> None:
    person_id = int(action.removeprefix("person:"))
    ctx.goto(FLOW, NetworkStep.PERSON, {"case": case.id, "page": data.page, "person": person_id})
    NETWORK.show(ctx)


def _set(ctx: Context, data: NetworkData, action: str, case: YoungPerson) -> None:
    person = _person(ctx, data, case)
    if person is None:
        NETWORK.show(ctx)
        return
    value = action.removeprefix("set:")
    person.safety = None if value == "none" else PersonSafety(value)
    person.updated_at = ctx.now
    audit.record(ctx.uow, "person_safety_set", ctx.now, case=case, staff=ctx.staff)
    ctx.say(
        "geno.staff.saved",
        name=person.name,
        safety=network_record.staff_safety_label(person.safety, ctx.lang),
    )
    ctx.goto(FLOW, NetworkStep.PEOPLE, {"case": case.id, "page": data.page})
    NETWORK.show(ctx)


TO_PEOPLE = To(NetworkStep.PEOPLE)
PAGE: Do[NetworkData] = Do(_for_case(_page), leads_to=(TO_PEOPLE,))
# Every screen answers every button of the flow, whichever screen offered it.
LEADS: Mapping[str, Lead[NetworkData]] = {
    "summary": Do(_for_case(_summary), leads_to=(To(NetworkStep.SUMMARY),)),
    "gedcom": Do(_for_case(_gedcom)),
    "people": PAGE,
    "prev": PAGE,
    "next": PAGE,
    "person:": Do(_for_case(_open_person), leads_to=(To(NetworkStep.PERSON),)),
    "set:": Do(_for_case(_set), leads_to=(TO_PEOPLE,)),
}


class CaseNetworkFlow(TableFlow[NetworkData]):
    """Who is safe to contact, and the genogram file, under /case."""

    name = FlowName.CASE_NETWORK
    steps = NetworkStep
    start = NetworkStep.SUMMARY
    data_type = NetworkData
    table = {
        NetworkStep.SUMMARY: Step(
            buttons=SUMMARY_BUTTONS,
            show=_show_for_case(_show_summary),
            leads={"people": PAGE, "gedcom": LEADS["gedcom"]},
        ),
        NetworkStep.PEOPLE: Step(
            buttons=[
                [("btn.prev", "prev"), ("btn.next", "next")],
                [("staff.btn.back_case", "summary")],
            ],
            show=_show_for_case(_show_people),
            leads={key: LEADS[key] for key in ("person:", "prev", "next", "summary")},
        ),
        NetworkStep.PERSON: Step(
            buttons=[[("staff.btn.safety.clear", "set:none"), ("btn.back", "people")]],
            show=_show_for_case(_show_person),
            leads={"set:": LEADS["set:"], "people": PAGE},
        ),
    }
    common = LEADS


NETWORK = CaseNetworkFlow()
