"""A coordinator records a young person's plan with /plan <case ref> in a private chat.

Flow ``plan_editor``. Its data (:class:`EditorData`) always holds ``case_id`` and
``service_id``; every event checks again that the writer is active staff of that service
and that the case is active, so a stale chat can never change another service's plan.
Steps (:class:`EditorStep`):

- ``overview``: the plan at a glance, with a button per thing to change;
- ``lead``: pick the plan lead from the young person's people (paged), or type a new name;
- ``kind``, ``who``, ``what``, ``often``: one field of a plan item each. ``mode`` is ``add``
  (walk every field, keeping a ``draft``, and save the item at the end) or ``edit`` (change
  one field of ``item_id`` straight away, then back to that item);
- ``items`` (the items, paged), ``item`` (one item) and ``remove`` (confirm removing it);
- ``interval``: how often the plan is reviewed; ``first_review``: the next review date.

Each change is saved as it is made, in the update's transaction, and audited as
``plan_edited`` (never with any content). Times are stored in UTC and shown in London time.
The screens are the member of staff's, in their language.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from dialogs.cases.person_words import relationship_label
from dialogs.core.context import Context
from dialogs.core.flow import page_buttons
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Lead, Step, TableFlow, To
from dialogs.core.typed_words import MAX_TEXT
from dialogs.staff.plan_import import (
    MAX_ITEMS,
    ZONE,
    find_or_add_person,
    parse_interval,
    person_named,
    review_time,
)
from dialogs.texts import DEFAULT_LANGUAGE, dates, t, tn
from dialogs.young.people import MAX_PEOPLE
from storage import audit
from storage.models import CaseStatus, HelpKind, Person, Plan, PlanItem, YoungPerson

FLOW = FlowName.PLAN_EDITOR
PAGE_SIZE = 8
MAX_REFERENCE = 20
IN_BUTTON = 32
MAX_AHEAD_DAYS = 730
OFTEN_CHOICES = ("week", "fortnight", "month", "now_and_then", "when_needed")
INTERVAL_CHOICES = (28, 42, 90, 180, 365)
# Buttons for the first review date: label key -> (months, days) from today.
FIRST_REVIEW_CHOICES: dict[str, tuple[int, int]] = {
    "btn.plan_in_2w": (0, 14),
    "btn.plan_in_1m": (1, 0),
    "btn.plan_in_3m": (3, 0),
    "btn.plan_in_6m": (6, 0),
}
# Why a case that is not active has no plan to edit.
CLOSED_KEYS: dict[CaseStatus, str] = {
    CaseStatus.INVITED: "plan_editor.not_joined",
    CaseStatus.JOINING: "plan_editor.not_joined",
    CaseStatus.DECLINED: "plan_editor.declined",
    CaseStatus.LEFT: "plan_editor.left",
    CaseStatus.UNDER_AGE: "plan_editor.under_age",
}
REFERENCE = re.compile(r"[A-Za-z0-9-]{1,20}")
DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

Rows = list[list[tuple[str, str]]]
DONE = ("btn.plan_done", "done")


# --- pure helpers ----------------------------------------------------------------------------
def clean_text(text: str) -> tuple[str | None, str | None]:
    """Trim typed words; returns (words, None) or (None, error text key)."""
    words = " ".join(text.split())
    if not any(unicodedata.category(ch)[0] in "LN" for ch in words):
        return None, "plan_editor.empty"
    if len(words) > MAX_TEXT:
        return None, "plan_editor.too_long"
    return words, None


def parse_day(text: str) -> date | None:
    """A date typed as DD/MM/YYYY (or with - or .), or as YYYY-MM-DD; None if not a date."""
    words = text.strip()
    if match := DAY_FIRST.fullmatch(words):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DAY.fullmatch(words):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def every_label(days: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A review interval in words, in ``lang``: 1 year, 3 months, 4 weeks or 10 days."""
    for unit, size in (("year", 365), ("month", 30), ("week", 7), ("day", 1)):
        if days % size == 0:
            count = days // size
            return tn(f"plan_editor.every.{unit}", count, lang)
    return str(days)  # pragma: no cover - every whole number divides by 1


def local_day(when: datetime) -> date:
    """The London calendar day of a UTC time."""
    return when.astimezone(ZONE).date()


def day_label(day: date, lang: str) -> str:
    """A date in words, in ``lang``, e.g. Tuesday 1 December 2026."""
    return dates.local(day, dates.WEEKDAY_FULL_DATE, lang)


def review_at(day: date) -> datetime:
    """When a review on a London ``day`` is due, in UTC (plan_import's convention)."""
    return review_time(day).astimezone(UTC)


def _short(text: str, limit: int = IN_BUTTON) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nav(page: int, pages: int) -> Rows:
    nav = page_buttons(page, pages)
    return [nav] if nav else []


def _staff_services(ctx: Context) -> set[int]:
    return {member.service_id for member in ctx.staff if member.active}


# --- steps and data --------------------------------------------------------------------------
class EditorStep(StrEnum):
    """The editor's screens and questions."""

    OVERVIEW = "overview"
    LEAD = "lead"
    KIND = "kind"
    WHO = "who"
    WHAT = "what"
    OFTEN = "often"
    ITEMS = "items"
    ITEM = "item"
    REMOVE = "remove"
    INTERVAL = "interval"
    FIRST_REVIEW = "first_review"


ITEM_STEPS = (EditorStep.KIND, EditorStep.WHO, EditorStep.WHAT, EditorStep.OFTEN)


class Draft(BaseModel):
    """The fields of an item being added, as far as they have been answered."""

    kind: str | None = None
    who: int | None = None
    what: str | None = None
    often: str | None = None


class EditorData(BaseModel):
    """The case being edited (ids only) and where the editor is: never any words but a draft's."""

    case_id: int = 0
    service_id: int = 0
    mode: Literal["add", "edit"] | None = None
    draft: Draft = Field(default_factory=Draft)
    item_id: int | None = None
    items_page: int = 0
    page: int = 0


# --- entry point -----------------------------------------------------------------------------
def start(ctx: Context, args: str) -> None:
    """Open the plan editor for a case of the coordinator's service."""
    reference = args.strip()
    if not reference:
        ctx.say("plan_editor.usage")
        return
    service_id = (
        ctx.uow.cases.service_of_reference(reference) if REFERENCE.fullmatch(reference) else None
    )
    # Unknown, or another service's: the same answer, so nothing leaks across services.
    case = (
        ctx.uow.cases.by_reference(service_id, reference)
        if service_id is not None and service_id in _staff_services(ctx)
        else None
    )
    if case is None:
        ctx.say("plan_editor.unknown")
        return
    if case.status != CaseStatus.ACTIVE:
        ctx.say(CLOSED_KEYS.get(case.status, "plan_editor.unknown"), ref=case.reference)
        return
    audit.record(ctx.uow, "plan_opened", ctx.now, case=case, staff=ctx.staff)
    assert case.id is not None
    PLAN_EDITOR.go(
        ctx, EditorStep.OVERVIEW, EditorData(case_id=case.id, service_id=case.service_id)
    )


# --- who and what ----------------------------------------------------------------------------
def _case(ctx: Context, data: EditorData) -> YoungPerson | None:
    """The case being edited, checked again on every event (else say why and stop)."""
    case = None
    if data.service_id in _staff_services(ctx):
        case = ctx.uow.cases.get(data.service_id, data.case_id)
    if case is None:
        ctx.clear()
        ctx.say("plan_editor.unknown")
        return None
    if case.status != CaseStatus.ACTIVE:
        ctx.clear()
        ctx.say(CLOSED_KEYS.get(case.status, "plan_editor.unknown"), ref=case.reference)
        return None
    return case


CaseAction = Callable[[Context, EditorData, str, YoungPerson], None]
CaseScreen = Callable[[Context, EditorData, YoungPerson], None]


def _for_case(handler: CaseAction) -> Callable[[Context, EditorData, str], None]:
    """A button or typed words, for the case checked again first."""

    def run(ctx: Context, data: EditorData, said: str) -> None:
        case = _case(ctx, data)
        if case is not None:
            handler(ctx, data, said, case)

    return run


def _shown(screen: CaseScreen) -> Callable[[Context, EditorData], None]:
    """A screen, for the case checked again first."""

    def show(ctx: Context, data: EditorData) -> None:
        case = _case(ctx, data)
        if case is not None:
            screen(ctx, data, case)

    return show


def _plan(ctx: Context, case: YoungPerson) -> Plan:
    """The case's plan, started (with the service's review interval) if it has none."""
    plan = ctx.uow.plans.for_case(case)
    if plan is None:
        service = ctx.uow.services.get(case.service_id)
        every = service.review_every_days if service is not None else 90
        plan = ctx.uow.plans.create(case, every, ctx.now)
        plan.next_review_at = review_at(local_day(ctx.now) + timedelta(days=every))
    return plan


def _changed(ctx: Context, case: YoungPerson, plan: Plan) -> None:
    plan.updated_at = ctx.now
    audit.record(ctx.uow, "plan_edited", ctx.now, case=case, staff=ctx.staff)


def _item(ctx: Context, data: EditorData, case: YoungPerson) -> tuple[Plan, PlanItem] | None:
    """The item the screen is about, or back to the plan if it was removed."""
    plan = ctx.uow.plans.for_case(case)
    item = ctx.uow.plan_editing.item(plan, data.item_id or 0) if plan else None
    if plan is None or item is None:
        ctx.say("plan_editor.item.gone")
        _overview(ctx, data)
        return None
    return plan, item


def _who(ctx: Context, case: YoungPerson, person_id: int | None) -> Person | None:
    return ctx.uow.people.get(case, person_id) if person_id else None


def _what(ctx: Context, item: PlanItem) -> str:
    return item.details or ctx.text(f"help.kind.{item.kind.value}")


def _line(ctx: Context, case: YoungPerson, item: PlanItem) -> str:
    who = _who(ctx, case, item.person_id)
    return ctx.text(
        "plan_editor.line",
        who=who.name if who else ctx.text("plan.nobody"),
        what=_what(ctx, item),
        often=f", {item.how_often}" if item.how_often else "",
    )


def _items_text(ctx: Context, case: YoungPerson, plan: Plan) -> str:
    """The plan's items, one a line, as My plan words them."""
    lines = []
    for item in ctx.uow.plans.items(plan):
        who = _who(ctx, case, item.person_id)
        lines.append(
            ctx.text(
                "plan.item",
                who=who.name if who else ctx.text("plan.nobody"),
                what=_what(ctx, item),
                often=f", {item.how_often}" if item.how_often else "",
            )
        )
    return "\n".join(lines) or ctx.text("plan.no_items")


# --- moving ----------------------------------------------------------------------------------
def _goto(ctx: Context, data: EditorData, step: EditorStep, **changes: Any) -> None:
    """Move to a step keeping the case (and, unless changed, the other data)."""
    PLAN_EDITOR.go(ctx, step, data.model_copy(update=changes))


def _overview(ctx: Context, data: EditorData) -> None:
    fresh = EditorData(case_id=data.case_id, service_id=data.service_id)
    PLAN_EDITOR.go(ctx, EditorStep.OVERVIEW, fresh)


def _back_to_item(ctx: Context, data: EditorData) -> None:
    PLAN_EDITOR.go(
        ctx,
        EditorStep.ITEM,
        EditorData(
            case_id=data.case_id,
            service_id=data.service_id,
            item_id=data.item_id,
            page=data.items_page,
        ),
    )


def _page_of(ctx: Context, data: EditorData, total: int) -> tuple[int, int]:
    """The current page (clamped, and kept in the state) and how many pages there are."""
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(0, data.page), pages - 1)
    PLAN_EDITOR.store(ctx, data.model_copy(update={"page": page}))
    return page, pages


def _step(ctx: Context) -> EditorStep:
    assert ctx.state is not None
    return EditorStep(ctx.state.step)


# --- showing ---------------------------------------------------------------------------------
def _show_overview(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    plan = ctx.uow.plans.for_case(case)
    name = case.first_name or case.reference
    rows: Rows = [[("btn.plan_lead", "lead")], [("btn.plan_add", "add")]]
    if plan is None:
        service = ctx.uow.services.get(case.service_id)
        every = service.review_every_days if service is not None else 90
        items = ctx.text("plan.no_items")
        lead, next_review = ctx.text("plan.lead.none"), ctx.text("plan.next.none")
        ctx.preface("plan_editor.no_plan", name=name)
    else:
        lead_person = _who(ctx, case, plan.lead_person_id)
        every, items = plan.review_every_days, _items_text(ctx, case, plan)
        lead = lead_person.name if lead_person else ctx.text("plan.lead.none")
        next_review = (
            day_label(local_day(plan.next_review_at), ctx.lang)
            if plan.next_review_at
            else ctx.text("plan.next.none")
        )
        if ctx.uow.plan_editing.count(plan):
            rows.append([("btn.plan_change", "items")])
    rows += [
        [("btn.plan_interval", "interval"), ("btn.plan_first_review", "first_review")],
        [DONE],
    ]
    ctx.ask(
        "plan_editor.overview",
        rows,
        name=name,
        ref=case.reference,
        lead=lead,
        items=items,
        every=every_label(every, ctx.lang),
        next=next_review,
    )


def _show_people(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    lead = _step(ctx) == EditorStep.LEAD
    key = "plan_editor.ask.lead" if lead else "plan_editor.ask.who"
    total = ctx.uow.people.count(case)
    page, pages = _page_of(ctx, data, total)
    labels: dict[str, str] = {}
    rows: Rows = []
    for person in ctx.uow.people.list(case, page * PAGE_SIZE, PAGE_SIZE):
        action = f"pick:{person.id}"
        labels[f"@{action}"] = _short(
            f"{person.name} — {relationship_label(person, ctx.lang)}"
            if person.relationship
            else person.name
        )
        rows.append([(f"@{action}", action)])
    rows += _nav(page, pages)
    if lead:
        plan = ctx.uow.plans.for_case(case)
        if plan is not None and plan.lead_person_id is not None:
            rows.append([("btn.plan_no_lead", "no_lead")])
        rows.append([("btn.back", "overview"), DONE])
    else:
        rows.append([("btn.plan_nobody", "nobody")])
        rows.append([("btn.back", "back"), DONE])
    name = case.first_name or case.reference
    ctx.ask(key if total else f"{key}.empty", rows, labels=labels, name=name)


KIND_BUTTONS: Rows = [
    [(f"help.kind.{kind.value}", f"kind:{kind.value}") for kind in HelpKind][i : i + 2]
    for i in range(0, len(HelpKind), 2)
]


def _show_kind(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    ctx.ask("plan_editor.ask.kind", [*KIND_BUTTONS, [("btn.back", "back"), DONE]])


OFTEN_BUTTONS: Rows = [
    [(f"plan_editor.often.{choice}", f"often:{choice}") for choice in OFTEN_CHOICES][i : i + 2]
    for i in range(0, len(OFTEN_CHOICES), 2)
]


def _show_words(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    editing = data.mode == "edit"
    leave = ("btn.plan_clear", "clear") if editing else ("btn.skip", "skip")
    back: Rows = [[leave], [("btn.back", "back"), DONE]]
    if _step(ctx) == EditorStep.WHAT:
        ctx.ask("plan_editor.ask.what.edit" if editing else "plan_editor.ask.what", back)
        return
    ctx.ask("plan_editor.ask.often", [*OFTEN_BUTTONS, *back])


def _show_items(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    plan = ctx.uow.plans.for_case(case)
    items = ctx.uow.plans.items(plan) if plan is not None else []
    if not items:
        _overview(ctx, data)
        return
    page, pages = _page_of(ctx, data, len(items))
    labels: dict[str, str] = {}
    rows: Rows = []
    for item in items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        action = f"item:{item.id}"
        labels[f"@{action}"] = _short(_line(ctx, case, item))
        rows.append([(f"@{action}", action)])
    rows += [*_nav(page, pages), [("btn.back", "overview"), DONE]]
    ctx.ask("plan_editor.items", rows, labels=labels)


ITEM_BUTTONS: Rows = [
    [("btn.plan_edit_kind", "edit:kind"), ("btn.plan_edit_who", "edit:who")],
    [("btn.plan_edit_what", "edit:what"), ("btn.plan_edit_often", "edit:often")],
    [("btn.remove", "remove")],
    [("btn.back", "items"), ("btn.plan_overview", "overview")],
    [DONE],
]
REMOVE_BUTTONS: Rows = [[("btn.remove_yes", "remove_yes"), ("btn.remove_no", "remove_no")]]


def _show_item(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    found = _item(ctx, data, case)
    if found is None:
        return
    _plan_of_item, item = found
    line = _line(ctx, case, item)
    if _step(ctx) == EditorStep.REMOVE:
        ctx.ask("plan_editor.remove.ask", REMOVE_BUTTONS, line=line)
        return
    who = _who(ctx, case, item.person_id)
    not_set = ctx.text("plan_editor.not_set")
    ctx.ask(
        "plan_editor.item",
        ITEM_BUTTONS,
        line=line,
        kind=ctx.text(f"help.kind.{item.kind.value}"),
        who=who.name if who else ctx.text("plan.nobody"),
        what=item.details or not_set,
        often=item.how_often or not_set,
    )


def _show_interval(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    plan = ctx.uow.plans.for_case(case)
    service = ctx.uow.services.get(case.service_id)
    current = (
        plan.review_every_days
        if plan is not None
        else (service.review_every_days if service is not None else 90)
    )
    labels = {f"@every:{days}": every_label(days, ctx.lang) for days in INTERVAL_CHOICES}
    choices = [(f"@every:{days}", f"every:{days}") for days in INTERVAL_CHOICES]
    rows: Rows = [choices[i : i + 2] for i in range(0, len(choices), 2)]
    rows.append([("btn.back", "overview"), DONE])
    ctx.ask("plan_editor.ask.interval", rows, labels=labels, every=every_label(current, ctx.lang))


def _show_first_review(ctx: Context, data: EditorData, case: YoungPerson) -> None:
    plan = ctx.uow.plans.for_case(case)
    when = plan.next_review_at if plan is not None else None
    current = (
        day_label(local_day(when), ctx.lang) if when is not None else ctx.text("plan.next.none")
    )
    options = [(key, f"in:{key}") for key in FIRST_REVIEW_CHOICES]
    rows: Rows = [options[i : i + 2] for i in range(0, len(options), 2)]
    rows.append([("btn.back", "overview"), DONE])
    ctx.ask("plan_editor.ask.first_review", rows, next=current)


# --- buttons ---------------------------------------------------------------------------------
def _done(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    if _step(ctx) in ITEM_STEPS and data.mode == "add":
        ctx.say("plan_editor.dropped")
    ctx.clear()
    ctx.say("plan_editor.done", name=case.first_name or case.reference, ref=case.reference)


def _to_overview(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _overview(ctx, data)


def _turn_page(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _goto(ctx, data, _step(ctx), page=data.page + (1 if action == "next" else -1))


def _add(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    plan = ctx.uow.plans.for_case(case)
    if plan is not None and ctx.uow.plan_editing.count(plan) >= MAX_ITEMS:
        ctx.say("plan_editor.full", max=MAX_ITEMS)
        PLAN_EDITOR.show(ctx)
        return
    _goto(ctx, data, EditorStep.KIND, mode="add", draft=Draft(), page=0)


def _open(step: EditorStep) -> Do[EditorData]:
    """A button of the overview opening one of its screens (at its first page)."""

    def run(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
        _goto(ctx, data, step, page=0)

    return Do(_for_case(run), leads_to=(To(step),))


def _no_lead(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    plan = _plan(ctx, case)
    plan.lead_person_id = None
    _changed(ctx, case, plan)
    ctx.say("plan_editor.lead.cleared")
    _overview(ctx, data)


def _pick_lead(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    person = ctx.uow.people.get(case, int(action.removeprefix("pick:")))
    if person is None:
        ctx.say("plan_editor.person_gone")
        PLAN_EDITOR.show(ctx)
        return
    _save_lead(ctx, data, case, person)


def _save_lead(ctx: Context, data: EditorData, case: YoungPerson, person: Person) -> None:
    plan = _plan(ctx, case)
    plan.lead_person_id = person.id
    _changed(ctx, case, plan)
    ctx.say("plan_editor.lead.saved", lead=person.name)
    _overview(ctx, data)


def _field_back(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    step = _step(ctx)
    if data.mode == "edit":
        _back_to_item(ctx, data)
    elif step == EditorStep.KIND:
        _overview(ctx, data)
    else:
        _goto(ctx, data, ITEM_STEPS[ITEM_STEPS.index(step) - 1], page=0)


def _pick_kind(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _store(ctx, data, case, EditorStep.KIND, action.removeprefix("kind:"))


def _pick_who(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    person = ctx.uow.people.get(case, int(action.removeprefix("pick:")))
    if person is None:
        ctx.say("plan_editor.person_gone")
        PLAN_EDITOR.show(ctx)
        return
    _store(ctx, data, case, EditorStep.WHO, person.id)


def _nobody(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _store(ctx, data, case, EditorStep.WHO, None)


def _leave_empty(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _store(ctx, data, case, _step(ctx), None)


def _pick_often(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    choice = action.removeprefix("often:")
    # Stored on the plan, which the young person and the team both read: the service's
    # language (English), as words the coordinator typed would be.
    _store(ctx, data, case, EditorStep.OFTEN, t(f"plan_editor.often.{choice}"))


def _open_item(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    item_id = int(action.removeprefix("item:"))
    _goto(ctx, data, EditorStep.ITEM, item_id=item_id, items_page=data.page, page=data.page)


def _to_items(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _goto(ctx, data, EditorStep.ITEMS, page=data.items_page)


def _ask_remove(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _goto(ctx, data, EditorStep.REMOVE)


def _edit(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    field = action.removeprefix("edit:")
    if field not in ITEM_STEPS:
        PLAN_EDITOR.show(ctx)
        return
    _goto(ctx, data, EditorStep(field), mode="edit", page=0)


def _remove(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    found = _item(ctx, data, case)
    if found is None:
        return
    plan, item = found
    line = _line(ctx, case, item)
    ctx.uow.plan_editing.remove(item)
    _changed(ctx, case, plan)
    ctx.say("plan_editor.removed", line=line)
    _overview(ctx, data)


def _keep(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _back_to_item(ctx, data)


def _every(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    _save_interval(ctx, data, case, int(action.removeprefix("every:")))


def _in(ctx: Context, data: EditorData, action: str, case: YoungPerson) -> None:
    months, days = FIRST_REVIEW_CHOICES[action.removeprefix("in:")]
    today = local_day(ctx.now)
    _save_first_review(ctx, data, case, add_months(today, months) + timedelta(days=days))


# --- text ------------------------------------------------------------------------------------
def _typed_interval(ctx: Context, data: EditorData, text: str, case: YoungPerson) -> None:
    days = parse_interval(text)
    if days is None:
        ctx.say("plan_editor.bad_interval")
        PLAN_EDITOR.show(ctx)
    else:
        _save_interval(ctx, data, case, days)


def _typed_day(ctx: Context, data: EditorData, text: str, case: YoungPerson) -> None:
    day = parse_day(text)
    today = local_day(ctx.now)
    if day is None:
        ctx.say("plan_editor.bad_date")
    elif day <= today:
        ctx.say("plan_editor.past_date")
    elif day > today + timedelta(days=MAX_AHEAD_DAYS):
        ctx.say("plan_editor.far_date")
    else:
        _save_first_review(ctx, data, case, day)
        return
    PLAN_EDITOR.show(ctx)


def _typed_words(ctx: Context, data: EditorData, text: str, case: YoungPerson) -> None:
    """A name (the lead, who helps) or words (what, how often), trimmed and checked."""
    step = _step(ctx)
    words, error = clean_text(text)
    if words is None:
        ctx.say(error or "plan_editor.empty", max=MAX_TEXT)
        PLAN_EDITOR.show(ctx)
        return
    if step in (EditorStep.LEAD, EditorStep.WHO):
        person = _typed_person(ctx, case, words)
        if person is None:
            return
        if step == EditorStep.LEAD:
            _save_lead(ctx, data, case, person)
        else:
            _store(ctx, data, case, EditorStep.WHO, person.id)
    else:
        _store(ctx, data, case, step, words)


def _typed_elsewhere(ctx: Context, data: EditorData, text: str, case: YoungPerson) -> None:
    ctx.say("nudge.unexpected")
    PLAN_EDITOR.show(ctx)


def _never(ctx: Context, data: EditorData, text: str) -> bool:
    """A screen of buttons waits for no words (the kind nudge comes from the handler)."""
    return False


def _typed_person(ctx: Context, case: YoungPerson, name: str) -> Person | None:
    """One of their people by that name, or a new person (unless their list is full)."""
    if person_named(ctx.uow, case, name) is None and ctx.uow.people.count(case) >= MAX_PEOPLE:
        ctx.say("plan_editor.people_full", name=case.first_name or "", max=MAX_PEOPLE)
        PLAN_EDITOR.show(ctx)
        return None
    return find_or_add_person(ctx.uow, case, name, ctx.now)


# --- saving ----------------------------------------------------------------------------------
def _store(ctx: Context, data: EditorData, case: YoungPerson, step: EditorStep, value: Any) -> None:
    """Keep one field: in the draft while adding, on the item straight away when editing."""
    if data.mode == "edit":
        _save_field(ctx, data, case, step, value)
        return
    draft = data.draft.model_copy(update={str(step): value})
    if step == EditorStep.OFTEN:
        _save_new(ctx, data, case, draft)
    else:
        _goto(ctx, data, ITEM_STEPS[ITEM_STEPS.index(step) + 1], draft=draft, page=0)


def _save_new(ctx: Context, data: EditorData, case: YoungPerson, draft: Draft) -> None:
    plan = _plan(ctx, case)
    assert plan.id is not None
    editing = ctx.uow.plan_editing
    if editing.count(plan) >= MAX_ITEMS:
        ctx.say("plan_editor.full", max=MAX_ITEMS)
        _overview(ctx, data)
        return
    who = _who(ctx, case, draft.who)
    item = ctx.uow.plans.add_item(
        PlanItem(
            service_id=case.service_id,
            plan_id=plan.id,
            kind=HelpKind(draft.kind or HelpKind.TALK.value),
            person_id=who.id if who else None,
            details=draft.what,
            how_often=draft.often,
            position=editing.next_position(plan),
            created_at=ctx.now,
        )
    )
    _changed(ctx, case, plan)
    ctx.say("plan_editor.item.added", line=_line(ctx, case, item))
    _overview(ctx, data)


def _save_field(
    ctx: Context, data: EditorData, case: YoungPerson, step: EditorStep, value: Any
) -> None:
    found = _item(ctx, data, case)
    if found is None:
        return
    plan, item = found
    if step == EditorStep.KIND:
        item.kind = HelpKind(value)
    elif step == EditorStep.WHO:
        item.person_id = value
    elif step == EditorStep.WHAT:
        item.details = value
    else:
        item.how_often = value
    ctx.uow.plan_editing.save(item)
    _changed(ctx, case, plan)
    ctx.say("plan_editor.item.saved")
    _back_to_item(ctx, data)


def _save_interval(ctx: Context, data: EditorData, case: YoungPerson, days: int) -> None:
    plan = ctx.uow.plans.for_case(case)
    if plan is None:  # a new plan: its first review is one (new) interval from today
        plan = _plan(ctx, case)
        plan.next_review_at = review_at(local_day(ctx.now) + timedelta(days=days))
    plan.review_every_days = days
    _changed(ctx, case, plan)
    ctx.say("plan_editor.interval.saved", every=every_label(days, ctx.lang))
    _overview(ctx, data)


def _save_first_review(ctx: Context, data: EditorData, case: YoungPerson, day: date) -> None:
    plan = _plan(ctx, case)
    plan.next_review_at = review_at(day)
    plan.nudges_sent = 0
    plan.last_nudged_at = None
    plan.overdue_since = None
    _changed(ctx, case, plan)
    ctx.say("plan_editor.first_review.saved", day=day_label(day, ctx.lang))
    _overview(ctx, data)


# --- the step table --------------------------------------------------------------------------
def _do(handler: CaseAction, *leads: EditorStep) -> Do[EditorData]:
    return Do(_for_case(handler), leads_to=tuple(To(step) for step in leads))


TO_OVERVIEW = (EditorStep.OVERVIEW,)
FIELD_BACK = _do(_field_back, EditorStep.OVERVIEW, *ITEM_STEPS, EditorStep.ITEM)
# A field answered: the next field (adding), the item (editing), or the plan (added).
STORED = (*ITEM_STEPS[1:], EditorStep.ITEM, EditorStep.OVERVIEW)
LEAVE_EMPTY = _do(_leave_empty, *STORED)
TYPED_WORDS = (To(EditorStep.OVERVIEW), *(To(step) for step in STORED))
NAV: Rows = [[("btn.prev", "prev"), ("btn.next", "next")]]
# Every screen answers these, whichever screen offered them.
COMMON: Mapping[str, Lead[EditorData]] = {
    "done": _do(_done),
    "overview": _do(_to_overview, *TO_OVERVIEW),
    "prev": _do(_turn_page),
    "next": _do(_turn_page),
}


def _words_step(buttons: Rows, leads: Mapping[str, Lead[EditorData]]) -> Step[EditorData]:
    """A field of an item: picked from buttons or typed."""
    return Step(
        buttons=buttons,
        show=_shown(_show_words),
        leads={"back": FIELD_BACK, **leads},
        text=_for_case(_typed_words),
        text_leads=TYPED_WORDS,
    )


def _buttons_step(
    show: CaseScreen, buttons: Rows, leads: Mapping[str, Lead[EditorData]]
) -> Step[EditorData]:
    """A screen of buttons: typed words get a kind nudge and the screen again."""
    return Step(
        buttons=buttons,
        show=_shown(show),
        leads=leads,
        text=_for_case(_typed_elsewhere),
        takes_text=_never,
    )


WORDS_BUTTONS: Rows = [[("btn.skip", "skip"), ("btn.plan_clear", "clear")], [DONE]]
TABLE: Mapping[StrEnum, Step[EditorData]] = {
    EditorStep.OVERVIEW: _buttons_step(
        _show_overview,
        [
            [("btn.plan_lead", "lead"), ("btn.plan_add", "add"), ("btn.plan_change", "items")],
            [("btn.plan_interval", "interval"), ("btn.plan_first_review", "first_review")],
            [DONE],
        ],
        {
            "add": _do(_add, EditorStep.KIND),
            "lead": _open(EditorStep.LEAD),
            "items": _open(EditorStep.ITEMS),
            "interval": _open(EditorStep.INTERVAL),
            "first_review": _open(EditorStep.FIRST_REVIEW),
        },
    ),
    EditorStep.LEAD: Step(
        buttons=[[("@pick", "pick:"), ("btn.plan_no_lead", "no_lead")], *NAV],
        show=_shown(_show_people),
        leads={"no_lead": _do(_no_lead, *TO_OVERVIEW), "pick:": _do(_pick_lead, *TO_OVERVIEW)},
        text=_for_case(_typed_words),
        text_leads=(To(EditorStep.OVERVIEW),),
    ),
    EditorStep.KIND: _buttons_step(
        _show_kind,
        [*KIND_BUTTONS, [("btn.back", "back"), DONE]],
        {"back": FIELD_BACK, "kind:": _do(_pick_kind, *STORED)},
    ),
    EditorStep.WHO: Step(
        buttons=[[("@pick", "pick:"), ("btn.plan_nobody", "nobody")], *NAV],
        show=_shown(_show_people),
        leads={
            "back": FIELD_BACK,
            "pick:": _do(_pick_who, *STORED),
            "nobody": _do(_nobody, *STORED),
        },
        text=_for_case(_typed_words),
        text_leads=TYPED_WORDS,
    ),
    EditorStep.WHAT: _words_step(WORDS_BUTTONS, {"skip": LEAVE_EMPTY, "clear": LEAVE_EMPTY}),
    EditorStep.OFTEN: _words_step(
        [*OFTEN_BUTTONS, *WORDS_BUTTONS],
        {"skip": LEAVE_EMPTY, "clear": LEAVE_EMPTY, "often:": _do(_pick_often, *STORED)},
    ),
    EditorStep.ITEMS: _buttons_step(
        _show_items,
        [[("@item", "item:")], *NAV, [("btn.back", "overview"), DONE]],
        {"item:": _do(_open_item, EditorStep.ITEM)},
    ),
    EditorStep.ITEM: _buttons_step(
        _show_item,
        ITEM_BUTTONS,
        {
            "items": _do(_to_items, EditorStep.ITEMS),
            "remove": _do(_ask_remove, EditorStep.REMOVE),
            "edit:": _do(_edit, *ITEM_STEPS),
        },
    ),
    EditorStep.REMOVE: _buttons_step(
        _show_item,
        REMOVE_BUTTONS,
        {"remove_yes": _do(_remove, *TO_OVERVIEW), "remove_no": _do(_keep, EditorStep.ITEM)},
    ),
    EditorStep.INTERVAL: Step(
        buttons=[[("@every", "every:")], [("btn.back", "overview"), DONE]],
        show=_shown(_show_interval),
        leads={"every:": _do(_every, *TO_OVERVIEW)},
        text=_for_case(_typed_interval),
        text_leads=(To(EditorStep.OVERVIEW),),
    ),
    EditorStep.FIRST_REVIEW: Step(
        buttons=[[(key, f"in:{key}") for key in FIRST_REVIEW_CHOICES], [DONE]],
        show=_shown(_show_first_review),
        leads={"in:": _do(_in, *TO_OVERVIEW)},
        text=_for_case(_typed_day),
        text_leads=(To(EditorStep.OVERVIEW),),
    ),
}


class PlanEditorFlow(TableFlow[EditorData]):
    """Plan lead, items, review interval and first review date."""

    name = FLOW
    steps = EditorStep
    start = EditorStep.OVERVIEW
    data_type = EditorData
    table = TABLE
    common = COMMON


PLAN_EDITOR = PlanEditorFlow()
