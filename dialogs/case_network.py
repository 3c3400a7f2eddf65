"""Under ``/case REF``: who is safe, and the genogram file, for staff of the case's service.

The summary's buttons open the ``case_network`` flow. Its data holds only the case id (and
the person and page on screen); every button press looks the case up again among the
services the writer is active staff of, so a forged or stale screen reaches nothing else.

With sharing off the team sees counts, not names, so neither the people list nor the
genogram is offered: both say why instead.
"""

from __future__ import annotations

import math
from typing import Any

from dialogs import gedcom, network_record
from dialogs.context import Context
from dialogs.events import Reply
from dialogs.flow import ButtonsOnlyFlow
from dialogs.people import relationship_label
from dialogs.team_notes import sharing
from dialogs.texts import t
from storage import audit
from storage.models import CaseStatus, Person, PersonSafety, YoungPerson

FLOW = "case_network"
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
    content = gedcom.write(case, people, ctx.now, service.name if service else "")
    audit.record(ctx.uow, "gedcom_exported", ctx.now, case=case, staff=ctx.staff)
    ctx.replies.append(
        Reply(
            chat_id=ctx.event.chat_id,
            text=t("geno.staff.gedcom.sent", ref=case.reference, count=len(people)),
            key="geno.staff.gedcom.sent",
            document=content.encode("utf-8"),
            filename=f"{case.reference}.ged",
        )
    )


class CaseNetworkFlow(ButtonsOnlyFlow):
    """Steps: ``summary`` (the /case message's buttons), ``people`` (a page of the list),
    ``person`` (safe / not safe / not sure for one person)."""

    name = FLOW

    def show(self, ctx: Context) -> None:
        """Show the current step (the summary is shown again by /case itself)."""
        assert ctx.state is not None
        case = _case(ctx)
        if case is None:
            ctx.clear()
            ctx.say("staff.case.not_found")
            return
        step = ctx.state.step
        if step == "summary":
            from dialogs.coordinator import case_summary  # coordinator opens this flow

            case_summary(ctx, case.reference, record=False)  # shown again, not a new view
        elif step == "people":
            self._show_people(ctx, case)
        elif step == "person":
            self._show_person(ctx, case)

    def _show_people(self, ctx: Context, case: YoungPerson) -> None:
        assert ctx.state is not None
        if not sharing(ctx.uow, case):
            ctx.goto(FLOW, "summary", {"case": case.id})
            ctx.ask("geno.staff.private", SUMMARY_BUTTONS, ref=case.reference)
            return
        total = ctx.uow.people.count(case)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(max(0, int(ctx.state.data.get("page", 0))), pages - 1)
        ctx.state.data["page"] = page
        rows: list[list[tuple[str, str]]] = []
        labels: dict[str, str] = {}
        for person in ctx.uow.people.list(case, page * PAGE_SIZE, PAGE_SIZE):
            action = f"person:{person.id}"
            mark = SAFETY_MARK.get(person.safety) if person.safety else None
            text = f"{_short(person.name)} — {relationship_label(person)}"
            labels[f"@{action}"] = f"{mark} {text}" if mark else text
            rows.append([(f"@{action}", action)])
        nav = []
        if page > 0:
            nav.append(("btn.prev", "prev"))
        if page < pages - 1:
            nav.append(("btn.next", "next"))
        if nav:
            rows.append(nav)
        rows.append([("staff.btn.back_case", "summary")])
        key = "geno.staff.people" if total else "geno.staff.people.none"
        ctx.ask(key, rows, labels=labels, ref=case.reference, page=page + 1, pages=pages)

    def _person(self, ctx: Context, case: YoungPerson) -> Person | None:
        assert ctx.state is not None
        person_id = ctx.state.data.get("person")
        return ctx.uow.people.get(case, person_id) if isinstance(person_id, int) else None

    def _show_person(self, ctx: Context, case: YoungPerson) -> None:
        assert ctx.state is not None
        person = self._person(ctx, case) if sharing(ctx.uow, case) else None
        if person is None:
            ctx.goto(FLOW, "people", {"case": case.id, "page": ctx.state.data.get("page", 0)})
            self._show_people(ctx, case)
            return
        rows = [[(f"staff.btn.safety.{s.value}", f"set:{s.value}")] for s in PersonSafety]
        rows.append([("staff.btn.safety.clear", "set:none"), ("btn.back", "people")])
        wish = person.wish.value if person.wish else "none"
        ctx.ask(
            "geno.staff.person",
            rows,
            name=person.name,
            relationship=relationship_label(person),
            safety=network_record.staff_safety_label(person.safety),
            wish=t(f"wish.staff.{wish}"),
        )

    def on_choice(self, ctx: Context, action: str) -> None:
        """Act on a button, after checking the case is still the writer's to see."""
        assert ctx.state is not None
        case = _case(ctx)
        if case is None:
            ctx.clear()
            ctx.say("staff.case.not_found")
            return
        data = dict(ctx.state.data)
        page = int(data.get("page", 0))
        if action == "summary":
            ctx.state.step = "summary"
            self.show(ctx)
        elif action == "gedcom":
            export_document(ctx, case)
        elif action in ("people", "prev", "next"):
            page += {"prev": -1, "next": 1}.get(action, 0)
            ctx.goto(FLOW, "people", {"case": case.id, "page": page})
            self.show(ctx)
        elif action.startswith("person:"):
            person_id = int(action.removeprefix("person:"))
            ctx.goto(FLOW, "person", {"case": case.id, "page": page, "person": person_id})
            self.show(ctx)
        elif action.startswith("set:"):
            self._set(ctx, case, action.removeprefix("set:"))

    def _set(self, ctx: Context, case: YoungPerson, value: str) -> None:
        assert ctx.state is not None
        person = self._person(ctx, case) if sharing(ctx.uow, case) else None
        if person is None:
            self.show(ctx)
            return
        person.safety = None if value == "none" else PersonSafety(value)
        person.updated_at = ctx.now
        audit.record(ctx.uow, "person_safety_set", ctx.now, case=case, staff=ctx.staff)
        ctx.say(
            "geno.staff.saved",
            name=person.name,
            safety=network_record.staff_safety_label(person.safety),
        )
        ctx.goto(FLOW, "people", {"case": case.id, "page": ctx.state.data.get("page", 0)})
        self.show(ctx)
