"""A coordinator records a young person's plan with /plan <case ref> in a private chat.

Flow ``plan_editor``. Its data always holds ``case_id`` and ``service_id``; every event
checks again that the writer is active staff of that service and that the case is active,
so a stale chat can never change another service's plan. Steps:

- ``overview``: the plan at a glance, with a button per thing to change;
- ``lead``: pick the plan lead from the young person's people (paged), or type a new name;
- ``kind``, ``who``, ``what``, ``often``: one field of a plan item each. ``data["mode"]`` is
  ``add`` (walk every field, keeping a ``draft``, and save the item at the end) or ``edit``
  (change one field of ``data["item_id"]`` straight away, then back to that item);
- ``items`` (the items, paged), ``item`` (one item) and ``remove`` (confirm removing it);
- ``interval``: how often the plan is reviewed; ``first_review``: the next review date.

Each change is saved as it is made, in the update's transaction, and audited as
``plan_edited`` (never with any content). Times are stored in UTC and shown in London time.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dialogs.context import Context
from dialogs.flow import page_buttons
from dialogs.people import MAX_PEOPLE, relationship_label
from dialogs.plan import describe_plan
from dialogs.plan_import import (
    MAX_ITEMS,
    ZONE,
    find_or_add_person,
    parse_interval,
    person_named,
    review_time,
)
from dialogs.texts import dates, t, tn
from dialogs.typed_words import MAX_TEXT
from storage import audit
from storage.models import CaseStatus, HelpKind, Person, Plan, PlanItem, YoungPerson

FLOW = "plan_editor"
PAGE_SIZE = 8
MAX_REFERENCE = 20
IN_BUTTON = 32
MAX_AHEAD_DAYS = 730
ITEM_STEPS = ("kind", "who", "what", "often")
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


def every_label(days: int) -> str:
    """A review interval in words: 1 year, 3 months, 4 weeks or 10 days."""
    for unit, size in (("year", 365), ("month", 30), ("week", 7), ("day", 1)):
        if days % size == 0:
            count = days // size
            return tn(f"plan_editor.every.{unit}", count)
    return str(days)  # pragma: no cover - every whole number divides by 1


def local_day(when: datetime) -> date:
    """The London calendar day of a UTC time."""
    return when.astimezone(ZONE).date()


def day_label(day: date) -> str:
    """A date in words, e.g. Tuesday 1 December 2026."""
    return dates.local(day, dates.WEEKDAY_FULL_DATE)


def review_at(day: date) -> datetime:
    """When a review on a London ``day`` is due, in UTC (plan_import's convention)."""
    return review_time(day).astimezone(UTC)


def _short(text: str, limit: int = IN_BUTTON) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _page_of(data: dict[str, Any], total: int) -> tuple[int, int]:
    """The current page (clamped, and kept in ``data``) and how many pages there are."""
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(0, int(data.get("page", 0))), pages - 1)
    data["page"] = page
    return page, pages


def _nav(page: int, pages: int) -> Rows:
    nav = page_buttons(page, pages)
    return [nav] if nav else []


def _staff_services(ctx: Context) -> set[int]:
    return {member.service_id for member in ctx.staff if member.active}


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
    ctx.goto(FLOW, "overview", {"case_id": case.id, "service_id": case.service_id})
    PlanEditorFlow().show(ctx)


class PlanEditorFlow:
    """Plan lead, items, review interval and first review date."""

    name = FLOW

    # --- who and what ------------------------------------------------------------------------
    def _case(self, ctx: Context) -> YoungPerson | None:
        """The case being edited, checked again on every event (else say why and stop)."""
        assert ctx.state is not None
        data = ctx.state.data
        service_id = int(data.get("service_id", 0))
        case = None
        if service_id in _staff_services(ctx):
            case = ctx.uow.cases.get(service_id, int(data.get("case_id", 0)))
        if case is None:
            ctx.clear()
            ctx.say("plan_editor.unknown")
            return None
        if case.status != CaseStatus.ACTIVE:
            ctx.clear()
            ctx.say(CLOSED_KEYS.get(case.status, "plan_editor.unknown"), ref=case.reference)
            return None
        return case

    def _plan(self, ctx: Context, case: YoungPerson) -> Plan:
        """The case's plan, started (with the service's review interval) if it has none."""
        plan = ctx.uow.plans.for_case(case)
        if plan is None:
            service = ctx.uow.services.get(case.service_id)
            every = service.review_every_days if service is not None else 90
            plan = ctx.uow.plans.create(case, every, ctx.now)
            plan.next_review_at = review_at(local_day(ctx.now) + timedelta(days=every))
        return plan

    def _changed(self, ctx: Context, case: YoungPerson, plan: Plan) -> None:
        plan.updated_at = ctx.now
        audit.record(ctx.uow, "plan_edited", ctx.now, case=case, staff=ctx.staff)

    def _item(self, ctx: Context, case: YoungPerson) -> tuple[Plan, PlanItem] | None:
        """The item the screen is about, or back to the plan if it was removed."""
        assert ctx.state is not None
        plan = ctx.uow.plans.for_case(case)
        item_id = int(ctx.state.data.get("item_id") or 0)
        item = ctx.uow.plan_editing.item(plan, item_id) if plan else None
        if plan is None or item is None:
            ctx.say("plan_editor.item.gone")
            self._overview(ctx)
            return None
        return plan, item

    def _who(self, ctx: Context, case: YoungPerson, person_id: int | None) -> Person | None:
        return ctx.uow.people.get(case, person_id) if person_id else None

    def _line(self, ctx: Context, case: YoungPerson, item: PlanItem) -> str:
        who = self._who(ctx, case, item.person_id)
        return t(
            "plan_editor.line",
            who=who.name if who else t("plan.nobody"),
            what=item.details or t(f"help.kind.{item.kind.value}"),
            often=f", {item.how_often}" if item.how_often else "",
        )

    # --- moving ------------------------------------------------------------------------------
    def _goto(self, ctx: Context, step: str, **changes: Any) -> None:
        """Move to a step keeping the case (and, unless changed, the other data)."""
        assert ctx.state is not None
        data = {**ctx.state.data, **changes}
        ctx.goto(FLOW, step, data)
        self.show(ctx)

    def _overview(self, ctx: Context) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        ctx.goto(FLOW, "overview", {"case_id": data["case_id"], "service_id": data["service_id"]})
        self.show(ctx)

    def _back_to_item(self, ctx: Context) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        ctx.goto(
            FLOW,
            "item",
            {
                "case_id": data["case_id"],
                "service_id": data["service_id"],
                "item_id": data["item_id"],
                "page": data.get("items_page", 0),
            },
        )
        self.show(ctx)

    # --- showing -----------------------------------------------------------------------------
    def show(self, ctx: Context) -> None:
        """Show the current screen or question."""
        assert ctx.state is not None
        case = self._case(ctx)
        if case is None:
            return
        step = ctx.state.step
        if step == "lead":
            self._show_people(ctx, case, "plan_editor.ask.lead")
        elif step == "kind":
            self._show_kind(ctx)
        elif step == "who":
            self._show_people(ctx, case, "plan_editor.ask.who")
        elif step in ("what", "often"):
            self._show_words(ctx, step)
        elif step == "items":
            self._show_items(ctx, case)
        elif step in ("item", "remove"):
            self._show_item(ctx, case, step)
        elif step == "interval":
            self._show_interval(ctx, case)
        elif step == "first_review":
            self._show_first_review(ctx, case)
        else:
            self._show_overview(ctx, case)

    def _show_overview(self, ctx: Context, case: YoungPerson) -> None:
        plan = ctx.uow.plans.for_case(case)
        name = case.first_name or case.reference
        rows: Rows = [[("btn.plan_lead", "lead")], [("btn.plan_add", "add")]]
        if plan is None:
            service = ctx.uow.services.get(case.service_id)
            every = service.review_every_days if service is not None else 90
            items, lead, next_review = t("plan.no_items"), t("plan.lead.none"), t("plan.next.none")
            ctx.preface("plan_editor.no_plan", name=name)
        else:
            words = describe_plan(ctx, case, plan)
            lead_person = self._who(ctx, case, plan.lead_person_id)
            every, items = plan.review_every_days, words["items"]
            lead = lead_person.name if lead_person else t("plan.lead.none")
            next_review = (
                day_label(local_day(plan.next_review_at))
                if plan.next_review_at
                else t("plan.next.none")
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
            every=every_label(every),
            next=next_review,
        )

    def _show_people(self, ctx: Context, case: YoungPerson, key: str) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        total = ctx.uow.people.count(case)
        page, pages = _page_of(data, total)
        labels: dict[str, str] = {}
        rows: Rows = []
        for person in ctx.uow.people.list(case, page * PAGE_SIZE, PAGE_SIZE):
            action = f"pick:{person.id}"
            labels[f"@{action}"] = _short(
                f"{person.name} — {relationship_label(person)}"
                if person.relationship
                else person.name
            )
            rows.append([(f"@{action}", action)])
        rows += _nav(page, pages)
        if ctx.state.step == "lead":
            plan = ctx.uow.plans.for_case(case)
            if plan is not None and plan.lead_person_id is not None:
                rows.append([("btn.plan_no_lead", "no_lead")])
            rows.append([("btn.back", "overview"), DONE])
        else:
            rows.append([("btn.plan_nobody", "nobody")])
            rows.append([("btn.back", "back"), DONE])
        name = case.first_name or case.reference
        ctx.ask(key if total else f"{key}.empty", rows, labels=labels, name=name)

    def _show_kind(self, ctx: Context) -> None:
        kinds = [(f"help.kind.{kind.value}", f"kind:{kind.value}") for kind in HelpKind]
        rows: Rows = [kinds[i : i + 2] for i in range(0, len(kinds), 2)]
        ctx.ask("plan_editor.ask.kind", [*rows, [("btn.back", "back"), DONE]])

    def _show_words(self, ctx: Context, step: str) -> None:
        assert ctx.state is not None
        editing = ctx.state.data.get("mode") == "edit"
        leave = ("btn.plan_clear", "clear") if editing else ("btn.skip", "skip")
        back: Rows = [[leave], [("btn.back", "back"), DONE]]
        if step == "what":
            ctx.ask("plan_editor.ask.what.edit" if editing else "plan_editor.ask.what", back)
            return
        often = [(f"plan_editor.often.{choice}", f"often:{choice}") for choice in OFTEN_CHOICES]
        rows: Rows = [often[i : i + 2] for i in range(0, len(often), 2)]
        ctx.ask("plan_editor.ask.often", [*rows, *back])

    def _show_items(self, ctx: Context, case: YoungPerson) -> None:
        assert ctx.state is not None
        plan = ctx.uow.plans.for_case(case)
        items = ctx.uow.plans.items(plan) if plan is not None else []
        if not items:
            self._overview(ctx)
            return
        page, pages = _page_of(ctx.state.data, len(items))
        labels: dict[str, str] = {}
        rows: Rows = []
        for item in items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
            action = f"item:{item.id}"
            labels[f"@{action}"] = _short(self._line(ctx, case, item))
            rows.append([(f"@{action}", action)])
        rows += [*_nav(page, pages), [("btn.back", "overview"), DONE]]
        ctx.ask("plan_editor.items", rows, labels=labels)

    def _show_item(self, ctx: Context, case: YoungPerson, step: str) -> None:
        found = self._item(ctx, case)
        if found is None:
            return
        _plan, item = found
        line = self._line(ctx, case, item)
        if step == "remove":
            ctx.ask(
                "plan_editor.remove.ask",
                [[("btn.remove_yes", "remove_yes"), ("btn.remove_no", "remove_no")]],
                line=line,
            )
            return
        who = self._who(ctx, case, item.person_id)
        not_set = t("plan_editor.not_set")
        ctx.ask(
            "plan_editor.item",
            [
                [("btn.plan_edit_kind", "edit:kind"), ("btn.plan_edit_who", "edit:who")],
                [("btn.plan_edit_what", "edit:what"), ("btn.plan_edit_often", "edit:often")],
                [("btn.remove", "remove")],
                [("btn.back", "items"), ("btn.plan_overview", "overview")],
                [DONE],
            ],
            line=line,
            kind=t(f"help.kind.{item.kind.value}"),
            who=who.name if who else t("plan.nobody"),
            what=item.details or not_set,
            often=item.how_often or not_set,
        )

    def _show_interval(self, ctx: Context, case: YoungPerson) -> None:
        plan = ctx.uow.plans.for_case(case)
        service = ctx.uow.services.get(case.service_id)
        current = (
            plan.review_every_days
            if plan is not None
            else (service.review_every_days if service is not None else 90)
        )
        labels = {f"@every:{days}": every_label(days) for days in INTERVAL_CHOICES}
        choices = [(f"@every:{days}", f"every:{days}") for days in INTERVAL_CHOICES]
        rows: Rows = [choices[i : i + 2] for i in range(0, len(choices), 2)]
        rows.append([("btn.back", "overview"), DONE])
        ctx.ask("plan_editor.ask.interval", rows, labels=labels, every=every_label(current))

    def _show_first_review(self, ctx: Context, case: YoungPerson) -> None:
        plan = ctx.uow.plans.for_case(case)
        when = plan.next_review_at if plan is not None else None
        current = day_label(local_day(when)) if when is not None else t("plan.next.none")
        options = [(key, f"in:{key}") for key in FIRST_REVIEW_CHOICES]
        rows: Rows = [options[i : i + 2] for i in range(0, len(options), 2)]
        rows.append([("btn.back", "overview"), DONE])
        ctx.ask("plan_editor.ask.first_review", rows, next=current)

    # --- buttons -----------------------------------------------------------------------------
    def on_choice(self, ctx: Context, action: str) -> None:
        """Act on a button of the current screen."""
        assert ctx.state is not None
        case = self._case(ctx)
        if case is None:
            return
        step = ctx.state.step
        if action == "done":
            self._done(ctx, case)
        elif action == "overview":
            self._overview(ctx)
        elif action in ("prev", "next"):
            page = int(ctx.state.data.get("page", 0)) + (1 if action == "next" else -1)
            self._goto(ctx, step, page=page)
        elif step == "overview":
            self._overview_choice(ctx, case, action)
        elif step == "lead":
            self._lead_choice(ctx, case, action)
        elif step in ITEM_STEPS:
            self._field_choice(ctx, case, step, action)
        elif step == "items" and action.startswith("item:"):
            page = int(ctx.state.data.get("page", 0))
            item_id = int(action.removeprefix("item:"))
            self._goto(ctx, "item", item_id=item_id, items_page=page, page=page)
        elif step == "item":
            self._item_choice(ctx, action)
        elif step == "remove":
            self._remove_choice(ctx, case, action)
        elif step == "interval" and action.startswith("every:"):
            self._save_interval(ctx, case, int(action.removeprefix("every:")))
        elif step == "first_review" and action.startswith("in:"):
            months, days = FIRST_REVIEW_CHOICES[action.removeprefix("in:")]
            today = local_day(ctx.now)
            self._save_first_review(ctx, case, add_months(today, months) + timedelta(days=days))
        else:
            self.show(ctx)

    def _overview_choice(self, ctx: Context, case: YoungPerson, action: str) -> None:
        if action == "add":
            plan = ctx.uow.plans.for_case(case)
            if plan is not None and ctx.uow.plan_editing.count(plan) >= MAX_ITEMS:
                ctx.say("plan_editor.full", max=MAX_ITEMS)
                self.show(ctx)
                return
            self._goto(ctx, "kind", mode="add", draft={}, page=0)
        elif action in ("lead", "items", "interval", "first_review"):
            self._goto(ctx, action, page=0)
        else:
            self.show(ctx)

    def _lead_choice(self, ctx: Context, case: YoungPerson, action: str) -> None:
        if action == "no_lead":
            plan = self._plan(ctx, case)
            plan.lead_person_id = None
            self._changed(ctx, case, plan)
            ctx.say("plan_editor.lead.cleared")
            self._overview(ctx)
        elif action.startswith("pick:"):
            person = ctx.uow.people.get(case, int(action.removeprefix("pick:")))
            if person is None:
                ctx.say("plan_editor.person_gone")
                self.show(ctx)
                return
            self._save_lead(ctx, case, person)

    def _save_lead(self, ctx: Context, case: YoungPerson, person: Person) -> None:
        plan = self._plan(ctx, case)
        plan.lead_person_id = person.id
        self._changed(ctx, case, plan)
        ctx.say("plan_editor.lead.saved", lead=person.name)
        self._overview(ctx)

    def _field_choice(self, ctx: Context, case: YoungPerson, step: str, action: str) -> None:
        assert ctx.state is not None
        if action == "back":
            self._field_back(ctx, step)
        elif step == "kind" and action.startswith("kind:"):
            self._store(ctx, case, "kind", action.removeprefix("kind:"))
        elif step == "who" and action.startswith("pick:"):
            person = ctx.uow.people.get(case, int(action.removeprefix("pick:")))
            if person is None:
                ctx.say("plan_editor.person_gone")
                self.show(ctx)
                return
            self._store(ctx, case, "who", person.id)
        elif step == "who" and action == "nobody":
            self._store(ctx, case, "who", None)
        elif step in ("what", "often") and action in ("skip", "clear"):
            self._store(ctx, case, step, None)
        elif step == "often" and action.startswith("often:"):
            choice = action.removeprefix("often:")
            self._store(ctx, case, "often", t(f"plan_editor.often.{choice}"))
        else:
            self.show(ctx)

    def _field_back(self, ctx: Context, step: str) -> None:
        assert ctx.state is not None
        if ctx.state.data.get("mode") == "edit":
            self._back_to_item(ctx)
        elif step == "kind":
            self._overview(ctx)
        else:
            self._goto(ctx, ITEM_STEPS[ITEM_STEPS.index(step) - 1], page=0)

    def _item_choice(self, ctx: Context, action: str) -> None:
        assert ctx.state is not None
        if action == "items":
            self._goto(ctx, "items", page=int(ctx.state.data.get("items_page", 0)))
        elif action == "remove":
            self._goto(ctx, "remove")
        elif action.startswith("edit:") and action.removeprefix("edit:") in ITEM_STEPS:
            self._goto(ctx, action.removeprefix("edit:"), mode="edit", page=0)
        else:
            self.show(ctx)

    def _remove_choice(self, ctx: Context, case: YoungPerson, action: str) -> None:
        if action != "remove_yes":
            self._back_to_item(ctx)
            return
        found = self._item(ctx, case)
        if found is None:
            return
        plan, item = found
        line = self._line(ctx, case, item)
        ctx.uow.plan_editing.remove(item)
        self._changed(ctx, case, plan)
        ctx.say("plan_editor.removed", line=line)
        self._overview(ctx)

    # --- text --------------------------------------------------------------------------------
    def on_text(self, ctx: Context, text: str) -> None:
        """Names, words, intervals and dates are typed; elsewhere, nudge kindly."""
        assert ctx.state is not None
        case = self._case(ctx)
        if case is None:
            return
        step = ctx.state.step
        if step == "interval":
            days = parse_interval(text)
            if days is None:
                ctx.say("plan_editor.bad_interval")
                self.show(ctx)
            else:
                self._save_interval(ctx, case, days)
            return
        if step == "first_review":
            self._typed_day(ctx, case, text)
            return
        if step not in ("lead", "who", "what", "often"):
            ctx.say("nudge.unexpected")
            self.show(ctx)
            return
        words, error = clean_text(text)
        if words is None:
            ctx.say(error or "plan_editor.empty", max=MAX_TEXT)
            self.show(ctx)
            return
        if step in ("lead", "who"):
            person = self._typed_person(ctx, case, words)
            if person is None:
                return
            if step == "lead":
                self._save_lead(ctx, case, person)
            else:
                self._store(ctx, case, "who", person.id)
        else:
            self._store(ctx, case, step, words)

    def _typed_person(self, ctx: Context, case: YoungPerson, name: str) -> Person | None:
        """One of their people by that name, or a new person (unless their list is full)."""
        if person_named(ctx.uow, case, name) is None and ctx.uow.people.count(case) >= MAX_PEOPLE:
            ctx.say("plan_editor.people_full", name=case.first_name or "", max=MAX_PEOPLE)
            self.show(ctx)
            return None
        return find_or_add_person(ctx.uow, case, name, ctx.now)

    def _typed_day(self, ctx: Context, case: YoungPerson, text: str) -> None:
        day = parse_day(text)
        today = local_day(ctx.now)
        if day is None:
            ctx.say("plan_editor.bad_date")
        elif day <= today:
            ctx.say("plan_editor.past_date")
        elif day > today + timedelta(days=MAX_AHEAD_DAYS):
            ctx.say("plan_editor.far_date")
        else:
            self._save_first_review(ctx, case, day)
            return
        self.show(ctx)

    # --- saving ------------------------------------------------------------------------------
    def _store(self, ctx: Context, case: YoungPerson, step: str, value: Any) -> None:
        """Keep one field: in the draft while adding, on the item straight away when editing."""
        assert ctx.state is not None
        data = ctx.state.data
        if data.get("mode") == "edit":
            self._save_field(ctx, case, step, value)
            return
        draft = {**data.get("draft", {}), step: value}
        if step == "often":
            self._save_new(ctx, case, draft)
        else:
            self._goto(ctx, ITEM_STEPS[ITEM_STEPS.index(step) + 1], draft=draft, page=0)

    def _save_new(self, ctx: Context, case: YoungPerson, draft: dict[str, Any]) -> None:
        plan = self._plan(ctx, case)
        assert plan.id is not None
        editing = ctx.uow.plan_editing
        if editing.count(plan) >= MAX_ITEMS:
            ctx.say("plan_editor.full", max=MAX_ITEMS)
            self._overview(ctx)
            return
        who = self._who(ctx, case, draft.get("who"))
        item = ctx.uow.plans.add_item(
            PlanItem(
                service_id=case.service_id,
                plan_id=plan.id,
                kind=HelpKind(draft.get("kind", HelpKind.TALK.value)),
                person_id=who.id if who else None,
                details=draft.get("what"),
                how_often=draft.get("often"),
                position=editing.next_position(plan),
                created_at=ctx.now,
            )
        )
        self._changed(ctx, case, plan)
        ctx.say("plan_editor.item.added", line=self._line(ctx, case, item))
        self._overview(ctx)

    def _save_field(self, ctx: Context, case: YoungPerson, step: str, value: Any) -> None:
        found = self._item(ctx, case)
        if found is None:
            return
        plan, item = found
        if step == "kind":
            item.kind = HelpKind(value)
        elif step == "who":
            item.person_id = value
        elif step == "what":
            item.details = value
        else:
            item.how_often = value
        ctx.uow.plan_editing.save(item)
        self._changed(ctx, case, plan)
        ctx.say("plan_editor.item.saved")
        self._back_to_item(ctx)

    def _save_interval(self, ctx: Context, case: YoungPerson, days: int) -> None:
        plan = ctx.uow.plans.for_case(case)
        if plan is None:  # a new plan: its first review is one (new) interval from today
            plan = self._plan(ctx, case)
            plan.next_review_at = review_at(local_day(ctx.now) + timedelta(days=days))
        plan.review_every_days = days
        self._changed(ctx, case, plan)
        ctx.say("plan_editor.interval.saved", every=every_label(days))
        self._overview(ctx)

    def _save_first_review(self, ctx: Context, case: YoungPerson, day: date) -> None:
        plan = self._plan(ctx, case)
        plan.next_review_at = review_at(day)
        plan.nudges_sent = 0
        plan.last_nudged_at = None
        plan.overdue_since = None
        self._changed(ctx, case, plan)
        ctx.say("plan_editor.first_review.saved", day=day_label(day))
        self._overview(ctx)

    def _done(self, ctx: Context, case: YoungPerson) -> None:
        assert ctx.state is not None
        if ctx.state.step in ITEM_STEPS and ctx.state.data.get("mode") == "add":
            ctx.say("plan_editor.dropped")
        ctx.clear()
        ctx.say("plan_editor.done", name=case.first_name or case.reference, ref=case.reference)
