"""``/case REF``: a case's summary, who is safe, and the genogram file, for staff of its service.

The summary counts people per circle (names too when the young person shares), the plan and
its reviews, and open requests; viewing it is audited. Its buttons open the ``case_network``
flow. Its data holds only the case id (and the person and page on screen); every button press
looks the case up again among the services the writer is active staff of, so a forged or stale
screen reaches nothing else.

With sharing off the team sees counts, not names, so neither the people list nor the
genogram is offered: both say why instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from dialogs.cases import network_record
from dialogs.cases.person_words import close_people_count, relationship_label
from dialogs.core.context import Context
from dialogs.core.events import Reply
from dialogs.core.flow import page_buttons
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Lead, Step, TableFlow, To
from dialogs.staff import gedcom, staff_words
from dialogs.texts import DEFAULT_LANGUAGE, t
from dialogs.young.team_notes import sharing
from storage import audit
from storage.caseload import CaseloadRepo
from storage.lifedates import age_on
from storage.models import (
    CaseStatus,
    ConsentPurpose,
    Person,
    PersonCircle,
    PersonSafety,
    Plan,
    YoungPerson,
)

FLOW = FlowName.CASE_NETWORK
PAGE_SIZE = 8
NAME_IN_BUTTON = 24
SAFETY_MARK = {
    PersonSafety.SAFE: "✓",
    PersonSafety.NOT_SAFE: "⚠",
    PersonSafety.NOT_SURE: "?",
}
NAME_IN_CIRCLE = 24
NAMES_PER_CIRCLE = 8
MAX_REQUESTS_SHOWN = 20
REFERENCE = re.compile(r"^[A-Z0-9-]{1,20}$")
SUMMARY_BUTTONS = [
    [("staff.btn.safety", "people")],
    [("staff.btn.gedcom", "gedcom")],
]


# --- the /case message --------------------------------------------------------------------
def case_summary(ctx: Context, args: str, *, record: bool = True) -> None:
    """Summarise one case of the writer's services; names only if the young person shares.

    ``record``: the view is audited (not when the same summary is only shown again).
    """
    ctx.clear()
    words = args.split()
    if not words:
        ctx.say("staff.case.usage")
        return
    case = find_case(ctx, words[0])
    if case is None:
        # The same answer for a case of another service as for none at all.
        ctx.say("staff.case.not_found")
        return
    assert case.id is not None
    if record:
        audit.record(ctx.uow, "case_viewed", ctx.now, case=case, staff=ctx.staff)
    repo = ctx.uow.caseload
    consents = ctx.uow.consents.current(case)
    shared = consents.get(ConsentPurpose.SHARE) is True
    people = ctx.uow.people.list(case)
    plan = ctx.uow.plans.for_case(case)
    offer(
        ctx,
        case,
        "staff.case.summary",
        head=_head(ctx, case, consents),
        people=_people(people, shared, ctx.lang),
        plan=_plan(ctx, repo, case, plan, shared),
        requests=_requests(repo, case, ctx.lang),
    )


def find_case(ctx: Context, reference: str) -> YoungPerson | None:
    """A case of one of the writer's services by reference (None for any other)."""
    ref = reference.strip().upper()
    if not REFERENCE.fullmatch(ref):
        return None
    for member in ctx.staff:
        case = ctx.uow.cases.by_reference(member.service_id, ref)
        if case is not None:
            return case
    return None


def _head(ctx: Context, case: YoungPerson, consents: dict[ConsentPurpose, bool]) -> str:
    today = ctx.now.astimezone(staff_words.LONDON).date()
    lang = ctx.lang
    age = (
        ctx.text("staff.case.age", age=age_on(case.date_of_birth, today))
        if case.date_of_birth is not None
        else ctx.text("staff.case.age.unknown")
    )
    joined = (
        staff_words.day(case.joined_at, lang) if case.joined_at else ctx.text("staff.when.never")
    )
    return ctx.text(
        "staff.case.head",
        ref=case.reference,
        name=case.first_name or "",
        age=age,
        status=ctx.text(f"staff.status.{case.status.value}"),
        joined=joined,
        last=staff_words.when(case.last_active_at, ctx.now, lang),
        use=staff_words.answer(consents.get(ConsentPurpose.USE), lang),
        share=staff_words.answer(consents.get(ConsentPurpose.SHARE), lang),
        flag=ctx.text("staff.unreachable") if case.unreachable else "",
    )


def _people(people: Sequence[Person], shared: bool, lang: str) -> str:
    """People named per circle: counts, and names too when the young person shares."""
    key = "staff.case.people" if shared or not people else "staff.case.people.private"
    lines = [t(key, lang, count=len(people))]
    circles: list[PersonCircle | None] = [*PersonCircle, None]
    for circle in circles:
        group = [p for p in people if p.circle == circle]
        if not group:
            continue
        label = (
            t(f"circle.{circle.value}", lang) if circle else t("staff.case.circle.unknown", lang)
        )
        if not shared:
            lines.append(t("staff.case.circle", lang, circle=label, count=len(group)))
            continue
        names = [staff_words.short(p.name, NAME_IN_CIRCLE) for p in group[:NAMES_PER_CIRCLE]]
        if len(group) > NAMES_PER_CIRCLE:
            names.append(t("staff.case.more", lang, n=len(group) - NAMES_PER_CIRCLE))
        lines.append(
            t(
                "staff.case.circle.named",
                lang,
                circle=label,
                count=len(group),
                names=", ".join(names),
            )
        )
    if people:
        lines.append(t("staff.case.close", lang, count=close_people_count(people)))
    return "\n".join(lines)


def _plan(
    ctx: Context, repo: CaseloadRepo, case: YoungPerson, plan: Plan | None, shared: bool
) -> str:
    if plan is None:
        return ctx.text("staff.case.plan.none")
    lead = ctx.text("staff.case.lead.none")
    if plan.lead_person_id is not None:
        person = ctx.uow.people.get(case, plan.lead_person_id)
        if person is not None and shared:
            lead = f"{person.name} ({relationship_label(person, ctx.lang)})"
        elif person is not None:
            lead = ctx.text("staff.case.lead.hidden")
    review = repo.last_review(plan)
    if review is None:
        last = ctx.text("staff.case.score.none")
    elif review.wellbeing is None:
        last = ctx.text(
            "staff.case.score.skipped", date=staff_words.day(review.created_at, ctx.lang)
        )
    else:
        day = staff_words.day(review.created_at, ctx.lang)
        last = ctx.text("staff.case.score", score=review.wellbeing, date=day)
    due = staff_words.review(
        True, plan.next_review_at, plan.overdue_since is not None, ctx.now, ctx.lang
    )
    return ctx.text("staff.case.plan", lead=lead, next=due, last=last)


def _requests(repo: CaseloadRepo, case: YoungPerson, lang: str) -> str:
    count = repo.open_request_count(case)
    if count == 0:
        return t("staff.case.requests.none", lang)
    lines = [t("staff.case.requests", lang, count=count)]
    for request in repo.open_requests(case, MAX_REQUESTS_SHOWN):
        lines.append(
            t(
                "staff.case.request",
                lang,
                ref=request.reference,
                category=t(f"staff.category.{request.category.value}", lang),
                status=t(f"staff.request.{request.status.value}", lang),
            )
        )
    return "\n".join(lines)


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
        text = f"{_short(person.name)} — {relationship_label(person, DEFAULT_LANGUAGE)}"
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
        relationship=relationship_label(person, ctx.lang),
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
