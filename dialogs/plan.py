"""My plan and reviewing it.

Flow ``plan``: step ``show`` (the plan in plain words). Flow ``review``: steps ``item``,
``blocker``, ``wellbeing``, ``changes``, ``contact``, ``send`` (what the team would be
told, with Send / Don't send); the answers so far live in the state's
data, and "Pause" copies them to the plan so a later "Review my plan" resumes there.
"""

from __future__ import annotations

import json
from typing import Any

from dialogs import menu
from dialogs.context import Context
from dialogs.notify import notify_team, team_chat
from dialogs.people import relationship_label
from dialogs.quiet import local_morning
from dialogs.team_notes import sharing, worker_name
from dialogs.texts import dates, t
from storage.models import Plan, PlanItem, PlanReview, YoungPerson

PLAN_FLOW = "plan"
REVIEW_FLOW = "review"
MAX_ANSWER = 500
LOW_WELLBEING = 2
NUDGE_HOUR = 10
BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]
STATUS_BUTTONS = [("btn.yes", "yes"), ("btn.sometimes", "sometimes"), ("btn.no", "no")]


def _who(ctx: Context, case: YoungPerson, item: PlanItem) -> str:
    person = ctx.uow.people.get(case, item.person_id) if item.person_id else None
    return person.name if person else t("plan.nobody")


def _what(item: PlanItem) -> str:
    return item.details or t(f"help.kind.{item.kind.value}")


def _day(ctx: Context, plan: Plan) -> str:
    if plan.next_review_at is None:
        return t("plan.next.none")
    return dates.local(plan.next_review_at, dates.WEEKDAY_DATE)


def describe_plan(ctx: Context, case: YoungPerson, plan: Plan) -> dict[str, str]:
    """The plan in plain words: items, lead and next review date."""
    lines = [
        t(
            "plan.item",
            who=_who(ctx, case, item),
            what=_what(item),
            often=f", {item.how_often}" if item.how_often else "",
        )
        for item in ctx.uow.plans.items(plan)
    ]
    lead = ctx.uow.people.get(case, plan.lead_person_id) if plan.lead_person_id else None
    return {
        "items": "\n".join(lines) or t("plan.no_items"),
        "lead": f"{lead.name} ({relationship_label(lead)})" if lead else t("plan.lead.none"),
        "next": _day(ctx, plan),
    }


def _plan_or_explain(ctx: Context) -> Plan | None:
    """The young person's plan; without one, say it comes after the family meeting."""
    assert ctx.case is not None
    plan = ctx.uow.plans.for_case(ctx.case)
    if plan is None:
        ctx.say("plan.none")
        menu.open_menu(ctx)
    return plan


def open_plan(ctx: Context) -> None:
    """Show My plan (or say it will come after the family meeting)."""
    if _plan_or_explain(ctx) is None:
        return
    ctx.goto(PLAN_FLOW, "show")
    PlanFlow().show(ctx)


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
    step = str(data.pop("step", "item" if items else "wellbeing"))
    ctx.goto(REVIEW_FLOW, step, data)
    ReviewFlow().show(ctx)


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
    ctx.say("review.snoozed", when=t(when))


class PlanFlow:
    """The My plan screen."""

    name = PLAN_FLOW

    def show(self, ctx: Context) -> None:
        """Show the plan with a way to review it."""
        plan = _plan_or_explain(ctx)
        if plan is None:
            return
        assert ctx.case is not None
        words = describe_plan(ctx, ctx.case, plan)
        ctx.ask(
            "plan.show",
            [[("btn.review", "review")], BACK_AND_MENU],
            items=words["items"],
            lead=words["lead"],
            next=words["next"],
        )

    def on_choice(self, ctx: Context, action: str) -> None:
        """Review, or go back."""
        if action == "review":
            start_review(ctx)
        else:
            menu.open_menu(ctx)

    def on_text(self, ctx: Context, text: str) -> None:
        """Nudge kindly, then show the plan again."""
        ctx.say("nudge.unexpected")
        self.show(ctx)


class ReviewFlow:
    """The questions of a plan review."""

    name = REVIEW_FLOW

    def _item(self, ctx: Context) -> PlanItem | None:
        assert ctx.state is not None
        data = ctx.state.data
        items: list[int] = data["items"]
        index = int(data["index"])
        if index >= len(items):
            return None
        return ctx.uow.plans.item(data["plan_id"], items[index])

    def show(self, ctx: Context) -> None:
        """Ask the current question."""
        assert ctx.state is not None and ctx.case is not None
        step = ctx.state.step
        pause = [("btn.pause", "pause")]
        if step == "item":
            item = self._item(ctx)
            if item is None:
                self._goto(ctx, "wellbeing")
                return
            ctx.ask(
                "review.item",
                [STATUS_BUTTONS, pause, BACK_AND_MENU],
                who=_who(ctx, ctx.case, item),
                what=_what(item),
            )
        elif step == "blocker":
            ctx.ask("review.blocker", [[("btn.skip", "skip")], pause, BACK_AND_MENU])
        elif step == "wellbeing":
            rows = [[(f"wellbeing.{n}", f"score:{n}")] for n in range(5, 0, -1)]
            ctx.ask("review.wellbeing", [*rows, pause, BACK_AND_MENU])
        elif step == "changes":
            ctx.ask("review.changes", [[("btn.skip", "skip")], pause, BACK_AND_MENU])
        elif step == "send":
            ctx.ask(
                "review.send.ask",
                [[("btn.share.send", "send"), ("btn.share.dont", "dont")]],
                worker=worker_name(ctx.uow, ctx.case),
                note=self._preview(ctx, ctx.case),
            )
        else:
            yes_no = [("btn.yes_please", "contact:yes"), ("btn.no_thanks", "contact:no")]
            ctx.ask("review.contact", [yes_no, pause, BACK_AND_MENU])

    def _goto(self, ctx: Context, step: str, **changes: Any) -> None:
        assert ctx.state is not None
        data = {**ctx.state.data, **changes}
        ctx.goto(REVIEW_FLOW, step, data)
        self.show(ctx)

    def on_choice(self, ctx: Context, action: str) -> None:
        """Record an answer and move to the next question."""
        assert ctx.state is not None and ctx.case is not None
        data = ctx.state.data
        step = ctx.state.step
        if step == "send":
            self._send_or_not(ctx, ctx.case, action == "send")
        elif action in ("pause", "menu"):
            self._pause(ctx, ctx.case)
        elif action == "back":
            self._back(ctx)
        elif step == "item" and action in ("yes", "sometimes", "no"):
            item = self._item(ctx)
            answers = dict(data["answers"])
            answers[str(item.id if item else data["index"])] = {"status": action}
            if action == "yes":
                self._goto(ctx, "item", answers=answers, index=int(data["index"]) + 1)
            else:
                self._goto(ctx, "blocker", answers=answers)
        elif step == "blocker" and action == "skip":
            self._goto(ctx, "item", index=int(data["index"]) + 1)
        elif step == "wellbeing" and action.startswith("score:"):
            self._goto(ctx, "changes", wellbeing=int(action.removeprefix("score:")))
        elif step == "changes" and action == "skip":
            self._goto(ctx, "contact", changes=None)
        elif step == "contact" and action.startswith("contact:"):
            self._finish(ctx, ctx.case, action == "contact:yes")

    def on_text(self, ctx: Context, text: str) -> None:
        """Free text answers the 'what got in the way' and 'anything to change' questions."""
        assert ctx.state is not None
        step = ctx.state.step
        answer = " ".join(text.split())
        if step not in ("blocker", "changes") or not answer:
            ctx.say("nudge.unexpected")
            self.show(ctx)
            return
        if len(answer) > MAX_ANSWER:
            ctx.say("review.too_long", max=MAX_ANSWER)
            self.show(ctx)
            return
        data = ctx.state.data
        if step == "blocker":
            answers = dict(data["answers"])
            key = list(answers)[-1]
            answers[key] = {**answers[key], "blocker": answer}
            self._goto(ctx, "item", answers=answers, index=int(data["index"]) + 1)
        else:
            self._goto(ctx, "contact", changes=answer)

    def on_cancel(self, ctx: Context) -> None:
        """/cancel abandons the review: nothing half-done is kept."""
        assert ctx.case is not None and ctx.state is not None
        if ctx.state.step == "send":  # the review is saved; only the note is not sent
            ctx.say("review.done.not_sent", next="")
            return
        plan = ctx.uow.plans.for_case(ctx.case)
        if plan is not None:
            plan.review_draft = None
        ctx.say("review.cancelled")

    def _back(self, ctx: Context) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        step = ctx.state.step
        index = int(data["index"])
        if step == "item" and index == 0:
            open_plan(ctx)
        elif step in ("item", "wellbeing") and data["items"]:
            self._goto(ctx, "item", index=max(0, index - 1))
        elif step == "blocker":
            self._goto(ctx, "item")
        elif step == "changes":
            self._goto(ctx, "wellbeing")
        elif step == "contact":
            self._goto(ctx, "changes")
        else:
            open_plan(ctx)

    def _pause(self, ctx: Context, case: YoungPerson) -> None:
        assert ctx.state is not None
        plan = ctx.uow.plans.for_case(case)
        if plan is not None:
            plan.review_draft = json.dumps({**ctx.state.data, "step": ctx.state.step})
        ctx.say("review.paused")
        menu.open_menu(ctx)

    def _finish(self, ctx: Context, case: YoungPerson, wants_contact: bool) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        plan = ctx.uow.plans.for_case(case)
        if plan is None or plan.id is None or plan.id != data["plan_id"]:
            open_plan(ctx)
            return
        answers: dict[str, dict[str, str]] = data["answers"]
        ctx.uow.plans.add_review(
            PlanReview(
                service_id=plan.service_id,
                plan_id=plan.id,
                answers=json.dumps(answers),
                wellbeing=data.get("wellbeing"),
                comments=data.get("changes"),
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
            menu.open_menu(ctx)
            return
        # Nothing goes to the team before they have seen what it says and said yes.
        self._goto(ctx, "send", wants_contact=wants_contact)

    def _preview(self, ctx: Context, case: YoungPerson) -> str:
        assert ctx.state is not None
        notes = review_notes(ctx, case, ctx.state.data, bool(ctx.state.data.get("wants_contact")))
        return "\n\n".join(
            t(key, ref=case.reference, name=case.first_name or "", **params)
            for key, params in notes
        )

    def _send_or_not(self, ctx: Context, case: YoungPerson, send: bool) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        plan = ctx.uow.plans.for_case(case)
        if plan is None or plan.id != data.get("plan_id"):
            open_plan(ctx)
            return
        if send:
            self._card(ctx, case, plan, data, bool(data.get("wants_contact")))
            ctx.say("review.done", next=_day(ctx, plan))
        else:
            ctx.say("review.done.not_sent", next=_day(ctx, plan))
        menu.open_menu(ctx)

    def _card(
        self,
        ctx: Context,
        case: YoungPerson,
        plan: Plan,
        data: dict[str, Any],
        wants_contact: bool,
    ) -> None:
        talk = None
        if wants_contact and team_chat(ctx.uow, case) is not None:
            # A thread, so the coordinator can answer the review (or its card) from the group.
            from dialogs import alerts

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


def review_notes(
    ctx: Context, case: YoungPerson, data: dict[str, Any], wants_contact: bool
) -> list[tuple[str, dict[str, Any]]]:
    """What a finished review tells the team: (text key, params) of each note.

    With sharing off, only that a review happened and whether they'd like contact: no
    answers, names or words.
    """
    contact = t("choices.yes" if wants_contact else "choices.no")
    if not sharing(ctx.uow, case):
        return [("notify.review.private", {"contact": contact})]
    plan = ctx.uow.plans.for_case(case)
    answers: dict[str, dict[str, str]] = data.get("answers", {})
    missing = []
    for item in ctx.uow.plans.items(plan) if plan is not None else []:
        answer = answers.get(str(item.id), {})
        if answer.get("status") in ("no", "sometimes"):
            label = f"{_what(item)} ({answer['status']})"
            if answer.get("blocker"):
                label += f": {answer['blocker']}"
            missing.append(label)
    score = data.get("wellbeing")
    notes: list[tuple[str, dict[str, Any]]] = [
        (
            "notify.review",
            {
                "score": score if score is not None else "?",
                "low": t("notify.review.low")
                if score is not None and score <= LOW_WELLBEING
                else "",
                "missing": "; ".join(missing) or t("notify.review.none_missing"),
                "contact": contact,
            },
        )
    ]
    if data.get("changes"):
        notes.append(("notify.review.comments", {"comments": data["changes"]}))
    return notes
