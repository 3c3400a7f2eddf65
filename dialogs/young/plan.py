"""My plan and reviewing it.

Flow ``plan``: step ``show`` (the plan in plain words). Flow ``review``: steps ``item``,
``blocker``, ``wellbeing``, ``changes``, ``contact``, ``send`` (what the team would be
told, with Send / Don't send); the answers so far live in the state's
data, and "Pause" copies them to the plan so a later "Review my plan" resumes there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from dialogs.cases.notify import notify_team, team_chat
from dialogs.cases.person_words import relationship_label
from dialogs.core.context import Context
from dialogs.core.quiet import local_morning
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Open, Rows, Step, TableFlow, To
from dialogs.safety import alerts
from dialogs.texts import GROUP_LANGUAGE, dates, t
from dialogs.young.team_notes import sharing, worker_name
from storage.models import Plan, PlanItem, PlanReview, YoungPerson

PLAN_FLOW = FlowName.PLAN
REVIEW_FLOW = FlowName.REVIEW
MAX_ANSWER = 500
LOW_WELLBEING = 2
NUDGE_HOUR = 10
BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]
STATUS_BUTTONS = [("btn.yes", "yes"), ("btn.sometimes", "sometimes"), ("btn.no", "no")]


def _who(ctx: Context, case: YoungPerson, item: PlanItem) -> str:
    person = ctx.uow.people.get(case, item.person_id) if item.person_id else None
    return person.name if person else ctx.text("plan.nobody")


def _what(item: PlanItem, lang: str) -> str:
    return item.details or t(f"help.kind.{item.kind.value}", lang)


def _day(ctx: Context, plan: Plan) -> str:
    if plan.next_review_at is None:
        return ctx.text("plan.next.none")
    return dates.local(plan.next_review_at, dates.WEEKDAY_DATE, ctx.lang)


def describe_plan(ctx: Context, case: YoungPerson, plan: Plan) -> dict[str, str]:
    """The plan in plain words: items, lead and next review date."""
    lines = [
        ctx.text(
            "plan.item",
            who=_who(ctx, case, item),
            what=_what(item, ctx.lang),
            often=f", {item.how_often}" if item.how_often else "",
        )
        for item in ctx.uow.plans.items(plan)
    ]
    lead = ctx.uow.people.get(case, plan.lead_person_id) if plan.lead_person_id else None
    return {
        "items": "\n".join(lines) or ctx.text("plan.no_items"),
        "lead": f"{lead.name} ({relationship_label(lead, ctx.lang)})"
        if lead
        else ctx.text("plan.lead.none"),
        "next": _day(ctx, plan),
    }


def _plan_or_explain(ctx: Context) -> Plan | None:
    """The young person's plan; without one, say it comes after the family meeting."""
    assert ctx.case is not None
    plan = ctx.uow.plans.for_case(ctx.case)
    if plan is None:
        ctx.say("plan.none")
        ctx.open(FlowName.MENU)
    return plan


def open_plan(ctx: Context) -> None:
    """Show My plan (or say it will come after the family meeting)."""
    if _plan_or_explain(ctx) is None:
        return
    PLAN.enter(ctx, PlanStep.SHOW)


def start_review(ctx: Context) -> None:
    """Begin (or resume) a review of the young person's plan."""
    plan = _plan_or_explain(ctx)
    if plan is None:
        return
    items = [item.id for item in ctx.uow.plans.items(plan)]
    if plan.review_draft:
        data = json.loads(plan.review_draft)
        ctx.preface("review.resume")
    else:
        data = {"plan_id": plan.id, "items": items, "index": 0, "answers": {}}
        ctx.preface("review.intro")
    first = ReviewStep.ITEM if items else ReviewStep.WELLBEING
    ctx.goto(FlowName.REVIEW, str(data.pop("step", first)), data)
    if not REVIEW.fits(ctx):  # a draft paused by older code, at a question since gone
        fresh: dict[str, Any] = {"plan_id": plan.id, "items": items, "index": 0, "answers": {}}
        ctx.goto(FlowName.REVIEW, first, fresh)
    REVIEW.show(ctx)


def snooze(ctx: Context, days: int) -> None:
    """Move the next nudge to a morning ``days`` ahead."""
    assert ctx.case is not None
    plan = ctx.uow.plans.for_case(ctx.case)
    if plan is None:
        return
    plan.next_review_at = local_morning(days, ctx.now, NUDGE_HOUR)
    plan.nudges_sent = 0
    plan.last_nudged_at = None
    plan.updated_at = ctx.now
    ctx.uow.tokens.retire(ctx.case.id or 0, "review:", ctx.now)
    when = "review.when.tomorrow" if days == 1 else "review.when.next_week"
    ctx.say("review.snoozed", when=ctx.text(when))


class PlanStep(StrEnum):
    """The My plan flow's one screen."""

    SHOW = "show"


@dataclass
class PlanData:
    """My plan keeps no data of its own (the plan is read afresh each time)."""


PLAN_BUTTONS = [[("btn.review", "review")], BACK_AND_MENU]


def _show_plan(ctx: Context, data: PlanData) -> None:
    """The plan in plain words, with a way to review it (or the menu, with no plan)."""
    plan = _plan_or_explain(ctx)
    if plan is None:
        return
    assert ctx.case is not None
    words = describe_plan(ctx, ctx.case, plan)
    ctx.ask(
        "plan.show",
        PLAN_BUTTONS,
        items=words["items"],
        lead=words["lead"],
        next=words["next"],
    )


def _review(ctx: Context, data: PlanData, action: str) -> None:
    start_review(ctx)


TO_MENU = Open(FlowName.MENU)


class PlanFlow(TableFlow[PlanData]):
    """The My plan screen."""

    name = FlowName.PLAN
    steps = PlanStep
    start = PlanStep.SHOW
    data_type = PlanData
    table = {
        PlanStep.SHOW: Step(
            buttons=PLAN_BUTTONS,
            show=_show_plan,
            leads={
                "review": Do(_review, leads_to=(Open(FlowName.REVIEW, "item"),)),
                "back": TO_MENU,
                "menu": TO_MENU,
            },
        )
    }


PLAN = PlanFlow()


class ReviewStep(StrEnum):
    """The questions of a plan review, in order."""

    ITEM = "item"
    BLOCKER = "blocker"
    WELLBEING = "wellbeing"
    CHANGES = "changes"
    CONTACT = "contact"
    SEND = "send"


class ReviewData(BaseModel):
    """The answers so far (stored as they were given: only the fields set so far)."""

    plan_id: int = 0
    items: list[int] = []
    index: int = 0
    answers: dict[str, dict[str, str]] = {}
    wellbeing: int | None = None
    changes: str | None = None
    wants_contact: bool | None = None


PAUSE_ROW = [("btn.pause", "pause")]


def _item(ctx: Context, data: ReviewData) -> PlanItem | None:
    if data.index >= len(data.items):
        return None
    return ctx.uow.plans.item(data.plan_id, data.items[data.index])


def _to(ctx: Context, step: ReviewStep, data: ReviewData, **changes: Any) -> None:
    REVIEW.go(ctx, step, data.model_copy(update=changes))


def _show_item(ctx: Context, data: ReviewData) -> None:
    assert ctx.case is not None
    item = _item(ctx, data)
    if item is None:
        _to(ctx, ReviewStep.WELLBEING, data)
        return
    ctx.ask(
        "review.item",
        [STATUS_BUTTONS, PAUSE_ROW, BACK_AND_MENU],
        who=_who(ctx, ctx.case, item),
        what=_what(item, ctx.lang),
    )


def _send_screen(ctx: Context, data: ReviewData) -> tuple[Rows, Mapping[str, str]]:
    assert ctx.case is not None and ctx.state is not None
    case = ctx.case
    notes = review_notes(ctx, case, ctx.state.data, bool(data.wants_contact))
    note = "\n\n".join(
        # The team's note, quoted as it will reach them (in the group's language).
        t(key, GROUP_LANGUAGE, ref=case.reference, name=case.first_name or "", **params)
        for key, params in notes
    )
    return SEND_BUTTONS, {"worker": worker_name(ctx.uow, case), "note": note}


def _status(ctx: Context, data: ReviewData, action: str) -> None:
    item = _item(ctx, data)
    answers = dict(data.answers)
    answers[str(item.id if item else data.index)] = {"status": action}
    if action == "yes":
        _to(ctx, ReviewStep.ITEM, data, answers=answers, index=data.index + 1)
    else:
        _to(ctx, ReviewStep.BLOCKER, data, answers=answers)


def _next_item(ctx: Context, data: ReviewData, action: str) -> None:
    _to(ctx, ReviewStep.ITEM, data, index=data.index + 1)


def _score(ctx: Context, data: ReviewData, action: str) -> None:
    _to(ctx, ReviewStep.CHANGES, data, wellbeing=int(action.removeprefix("score:")))


def _no_changes(ctx: Context, data: ReviewData, action: str) -> None:
    _to(ctx, ReviewStep.CONTACT, data, changes=None)


def _answer(text: str) -> str:
    return " ".join(text.split())


def _typed(ctx: Context, text: str) -> str | None:
    """A typed answer fit to keep; otherwise the question again (with why)."""
    answer = _answer(text)
    if not answer:
        ctx.say("nudge.unexpected")
        REVIEW.show(ctx)
        return None
    if len(answer) > MAX_ANSWER:
        ctx.say("review.too_long", max=MAX_ANSWER)
        REVIEW.show(ctx)
        return None
    return answer


def _blocker_text(ctx: Context, data: ReviewData, text: str) -> None:
    """What got in the way, kept with the last answer; on to the next item."""
    answer = _typed(ctx, text)
    if answer is None:
        return
    answers = dict(data.answers)
    key = list(answers)[-1]
    answers[key] = {**answers[key], "blocker": answer}
    _to(ctx, ReviewStep.ITEM, data, answers=answers, index=data.index + 1)


def _changes_text(ctx: Context, data: ReviewData, text: str) -> None:
    """Anything they would change; on to whether they'd like contact."""
    answer = _typed(ctx, text)
    if answer is not None:
        _to(ctx, ReviewStep.CONTACT, data, changes=answer)


def _back(ctx: Context, data: ReviewData, action: str) -> None:
    assert ctx.state is not None
    step = ctx.state.step
    if step == ReviewStep.ITEM and data.index == 0:
        open_plan(ctx)
    elif step in (ReviewStep.ITEM, ReviewStep.WELLBEING) and data.items:
        _to(ctx, ReviewStep.ITEM, data, index=max(0, data.index - 1))
    elif step == ReviewStep.BLOCKER:
        _to(ctx, ReviewStep.ITEM, data)
    elif step == ReviewStep.CHANGES:
        _to(ctx, ReviewStep.WELLBEING, data)
    elif step == ReviewStep.CONTACT:
        _to(ctx, ReviewStep.CHANGES, data)
    else:
        open_plan(ctx)


def _pause(ctx: Context, data: ReviewData, action: str) -> None:
    assert ctx.state is not None and ctx.case is not None
    plan = ctx.uow.plans.for_case(ctx.case)
    if plan is not None:
        plan.review_draft = json.dumps({**ctx.state.data, "step": ctx.state.step})
    ctx.say("review.paused")
    ctx.open(FlowName.MENU)


def _finish(ctx: Context, data: ReviewData, action: str) -> None:
    assert ctx.state is not None and ctx.case is not None
    case, wants_contact = ctx.case, action == "contact:yes"
    plan = ctx.uow.plans.for_case(case)
    if plan is None or plan.id is None or plan.id != data.plan_id:
        open_plan(ctx)
        return
    ctx.uow.plans.add_review(
        PlanReview(
            service_id=plan.service_id,
            plan_id=plan.id,
            answers=json.dumps(data.answers),
            wellbeing=data.wellbeing,
            comments=data.changes,
            wants_contact=wants_contact,
            created_at=ctx.now,
        )
    )
    plan.next_review_at = local_morning(plan.review_every_days, ctx.now, NUDGE_HOUR)
    plan.nudges_sent = 0
    plan.last_nudged_at = None
    plan.overdue_since = None
    plan.review_draft = None
    plan.updated_at = ctx.now
    ctx.uow.tokens.retire(case.id or 0, "review:", ctx.now)
    ctx.audit("plan_reviewed", case)
    if team_chat(ctx.uow, case) is None:
        ctx.say("review.done.kept", next=_day(ctx, plan))
        ctx.open(FlowName.MENU)
        return
    # Nothing goes to the team before they have seen what it says and said yes.
    _to(ctx, ReviewStep.SEND, data, wants_contact=wants_contact)


def _send_or_not(ctx: Context, data: ReviewData, action: str) -> None:
    assert ctx.state is not None and ctx.case is not None
    case = ctx.case
    plan = ctx.uow.plans.for_case(case)
    if plan is None or plan.id != data.plan_id:
        open_plan(ctx)
        return
    if action == "send":
        _card(ctx, case, plan, ctx.state.data, bool(data.wants_contact))
        ctx.say("review.done", next=_day(ctx, plan))
    else:
        ctx.say("review.done.not_sent", next=_day(ctx, plan))
    ctx.open(FlowName.MENU)


def _card(
    ctx: Context,
    case: YoungPerson,
    plan: Plan,
    data: dict[str, Any],
    wants_contact: bool,
) -> None:
    talk = None
    if wants_contact and team_chat(ctx.uow, case) is not None:
        # A thread, so the coordinator can answer the review (or its card) from the group.

        talk = alerts.start_talk(ctx, case, "review")
    for index, (key, params) in enumerate(review_notes(ctx, case, data, wants_contact)):
        notify_team(
            ctx.uow,
            case,
            key,
            f"review:{plan.id}:{ctx.now.isoformat()}:{index}",
            ctx.now,
            relay_to=talk.id if talk is not None and index == 0 else None,
            **params,
        )


TO_PLAN = Open(FlowName.PLAN, "show")
PAUSE: Do[ReviewData] = Do(_pause, leads_to=(TO_MENU,))
SEND_BUTTONS = [[("btn.share.send", "send"), ("btn.share.dont", "dont")]]
SKIP_ROW = [("btn.skip", "skip")]
SCORES = range(5, 0, -1)
# The next item; past the last one, the item screen moves on to wellbeing.
NEXT_ITEM = (To(ReviewStep.ITEM), To(ReviewStep.WELLBEING))


def _back_to(*steps: ReviewStep) -> Do[ReviewData]:
    return Do(_back, leads_to=(TO_PLAN, *(To(step) for step in steps)))


REVIEW_TABLE: Mapping[StrEnum, Step[ReviewData]] = {
    ReviewStep.ITEM: Step(
        buttons=[STATUS_BUTTONS, PAUSE_ROW, BACK_AND_MENU],
        show=_show_item,
        leads={
            **{
                status: Do(_status, leads_to=(To(ReviewStep.BLOCKER), *NEXT_ITEM))
                for _, status in STATUS_BUTTONS
            },
            "back": _back_to(ReviewStep.ITEM),
        },
    ),
    ReviewStep.BLOCKER: Step(
        key="review.blocker",
        buttons=[SKIP_ROW, PAUSE_ROW, BACK_AND_MENU],
        leads={
            "skip": Do(_next_item, leads_to=NEXT_ITEM),
            "back": _back_to(ReviewStep.ITEM),
        },
        text=_blocker_text,
        text_leads=NEXT_ITEM,
    ),
    ReviewStep.WELLBEING: Step(
        key="review.wellbeing",
        buttons=[*([(f"wellbeing.{n}", f"score:{n}")] for n in SCORES), PAUSE_ROW, BACK_AND_MENU],
        leads={
            **{f"score:{n}": Do(_score, leads_to=(To(ReviewStep.CHANGES),)) for n in SCORES},
            "back": _back_to(ReviewStep.ITEM),
        },
    ),
    ReviewStep.CHANGES: Step(
        key="review.changes",
        buttons=[SKIP_ROW, PAUSE_ROW, BACK_AND_MENU],
        leads={
            "skip": Do(_no_changes, leads_to=(To(ReviewStep.CONTACT),)),
            "back": _back_to(ReviewStep.WELLBEING),
        },
        text=_changes_text,
        text_leads=(To(ReviewStep.CONTACT),),
    ),
    ReviewStep.CONTACT: Step(
        key="review.contact",
        buttons=[
            [("btn.yes_please", "contact:yes"), ("btn.no_thanks", "contact:no")],
            PAUSE_ROW,
            BACK_AND_MENU,
        ],
        leads={
            **{
                answer: Do(_finish, leads_to=(To(ReviewStep.SEND), TO_MENU, TO_PLAN))
                for answer in ("contact:yes", "contact:no")
            },
            "back": _back_to(ReviewStep.CHANGES),
        },
    ),
    ReviewStep.SEND: Step(
        key="review.send.ask",
        buttons=SEND_BUTTONS,
        screen=_send_screen,
        leads={
            "send": Do(_send_or_not, leads_to=(TO_MENU, TO_PLAN)),
            "dont": Do(_send_or_not, leads_to=(TO_MENU, TO_PLAN)),
        },
    ),
}


class ReviewFlow(TableFlow[ReviewData]):
    """The questions of a plan review."""

    name = FlowName.REVIEW
    steps = ReviewStep
    start = ReviewStep.ITEM
    data_type = ReviewData
    table = REVIEW_TABLE
    # Pause (or Menu) keeps the answers so far, from any question but the last.
    common = {"pause": PAUSE, "menu": PAUSE}

    def on_cancel(self, ctx: Context) -> None:
        """/cancel abandons the review: nothing half-done is kept."""
        assert ctx.case is not None and ctx.state is not None
        if ctx.state.step == ReviewStep.SEND:  # the review is saved; only the note is not sent
            ctx.say("review.done.not_sent", next="")
            return
        plan = ctx.uow.plans.for_case(ctx.case)
        if plan is not None:
            plan.review_draft = None
        ctx.say("review.cancelled")


REVIEW = ReviewFlow()


def review_notes(
    ctx: Context, case: YoungPerson, data: dict[str, Any], wants_contact: bool
) -> list[tuple[str, dict[str, Any]]]:
    """What a finished review tells the team: (text key, params) of each note.

    With sharing off, only that a review happened and whether they'd like contact: no
    answers, names or words.
    """
    contact = t("choices.yes" if wants_contact else "choices.no", GROUP_LANGUAGE)
    if not sharing(ctx.uow, case):
        return [("notify.review.private", {"contact": contact})]
    plan = ctx.uow.plans.for_case(case)
    answers: dict[str, dict[str, str]] = data.get("answers", {})
    missing = []
    for item in ctx.uow.plans.items(plan) if plan is not None else []:
        answer = answers.get(str(item.id), {})
        if answer.get("status") in ("no", "sometimes"):
            label = f"{_what(item, GROUP_LANGUAGE)} ({answer['status']})"
            if answer.get("blocker"):
                label += f": {answer['blocker']}"
            missing.append(label)
    score = data.get("wellbeing")
    notes: list[tuple[str, dict[str, Any]]] = [
        (
            "notify.review",
            {
                "score": score if score is not None else "?",
                "low": t("notify.review.low", GROUP_LANGUAGE)
                if score is not None and score <= LOW_WELLBEING
                else "",
                "missing": "; ".join(missing) or t("notify.review.none_missing", GROUP_LANGUAGE),
                "contact": contact,
            },
        )
    ]
    if data.get("changes"):
        notes.append(("notify.review.comments", {"comments": data["changes"]}))
    return notes
